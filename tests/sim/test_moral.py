"""The comparison's verdict is the story's moral, not a race: every claim it makes is checked against the
numbers of the comparison it was made from, over days of every load (light, the defaults, each model
overloaded at its own station, all of them at once)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from burger_tui.compare_pool import compare
from burger_tui.sim.compare import Comparison, ModelResult
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode
from burger_tui.sim.moral import CLEAR_MARGIN, bottleneck
from tests.helpers.sim import restaurant_config

DAYS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "light work": {"cook_time": "exp:5"},
    "cleaning a house": {"cooks": 16, "cook_time": "exp:300", "arrival_rate_per_min": 2.0},
    "a rush for one cook": {"arrival_rate_per_min": 1.5},
    "one cashier-cook": {
        "cooks": 1,
        "order_time": "uniform:20:40",
        "cook_time": "exp:30",
        "arrival_rate_per_min": 1.2,
    },
    "one cashier for long orders": {"order_time": "uniform:50:70", "arrival_rate_per_min": 1.2},
    "nobody keeps up": {"cooks": 1, "arrival_rate_per_min": 3.0},
}
TITLES = {mode.story_title: mode for mode in Mode}


@pytest.fixture(scope="module")
def days() -> dict[str, Comparison]:
    return {
        name: compare(restaurant_config(seed=7, **overrides), 300, sweep_factors=())
        for name, overrides in DAYS.items()
    }


@pytest.fixture(params=list(DAYS))
def day(request: pytest.FixtureRequest, days: dict[str, Comparison]) -> Comparison:
    return days[request.param]


def _keeps_up(model: ModelResult) -> bool:
    return model.offered_load < 1


def _model(day: Comparison, title: str) -> ModelResult:
    return day.model(TITLES[title])


def test_no_restaurant_wins_a_race(day: Comparison) -> None:
    """'Wins' only ever names an idea of the story (concurrency where there is waiting, parallelism where
    there is work), never a model over another."""
    text = day.verdict.text
    assert "on time" not in text
    for title in TITLES:
        assert f"{title} wins" not in text
    for sentence in day.verdict.sentences:
        if "wins" in sentence:
            assert sentence.startswith(
                ("Where there is waiting, concurrency wins:", "Where there is work, parallelism wins:")
            ), sentence


def test_an_overloaded_model_is_said_to_be_and_why(day: Comparison) -> None:
    """Every model given more work than its staff can do (offered load of 1 or more), and only those, is
    called overloaded, with its busiest station and the work the arrivals bring it."""
    sentences = day.verdict.sentences
    for model in day.models:
        said = [s for s in sentences if s.startswith(f"{model.mode.story_title} is overloaded")]
        assert len(said) == (0 if _keeps_up(model) else 1), (model.mode, sentences)
        assert (model.mode in day.verdict.overloaded) is (not _keeps_up(model))
        if said:
            station = bottleneck(model.report.config)
            assert station.staff in said[0]
            assert f"{station.load * 60:.0f} s of {station.work} a minute" in said[0]
            assert f"offered load {model.offered_load:.2f}" in said[0]


def test_concurrency_wins_only_where_couples_talk_instead_of_standing(day: Comparison) -> None:
    said = [s for s in day.verdict.sentences if s.startswith("Where there is waiting")]
    if not said:
        assert not any(_keeps_up(m) and m.talking_share > 0 for m in day.models)
        return
    found = re.match(
        r"Where there is waiting, concurrency wins: in (\w+ Burgers) couples talk for (\d+)%", said[0]
    )
    assert found, said[0]
    talking = _model(day, found[1])
    assert _keeps_up(talking)
    assert talking.talking_share > 0
    assert int(found[2]) == round(100 * talking.talking_share)
    assert f"of their {talking.wait['mean']:.0f} s wait" in said[0]
    # the most talking of the restaurants that keep up
    assert talking.talking_share == max(m.talking_share for m in day.models if _keeps_up(m))
    stands = re.search(r"; in (\w+ Burgers) they stand (\d+) s each", said[0])
    if stands:
        standing = _model(day, stands[1])
        assert int(stands[2]) == round(standing.standing_s)
        assert standing.standing_s == max(m.standing_s for m in day.models)
        assert said[0].endswith(", in silence.") is (standing.talking_share == 0)


def test_parallelism_wins_only_where_more_cooks_shorten_the_wait(day: Comparison) -> None:
    one = day.model(Mode.CONCURRENT)
    sentences = day.verdict.sentences
    wins = [s for s in sentences if s.startswith("Where there is work, parallelism wins")]
    light = [s for s in sentences if s.startswith("Here the work is light")]
    assert len(wins) + len(light) <= 1
    if day.config.cooks == 1:
        assert not wins
        assert not light
        assert any("no parallelism to gain" in s for s in sentences)
        return
    if wins:
        # Each number names its model, and the one cook is Concurrent's.
        found = re.search(r"in (\w+ Burgers), (\d+) (cook|cashier-cook)s.* serve in a mean (\d+) s", wins[0])
        assert found, wins[0]
        many = _model(day, found[1])
        assert _keeps_up(many)
        assert int(found[2]) == day.config.cooks
        assert (found[3] == "cashier-cook") is (many.mode is Mode.PARALLEL)
        assert int(found[4]) == round(many.wait["mean"])
        ones = re.search(r"in (\w+ Burgers), one cook", wins[0])
        assert ones, wins[0]
        assert _model(day, ones[1]) is one
        if _keeps_up(one):
            assert wins[0].endswith(f"in {one.wait['mean']:.0f} s.")
        assert not _keeps_up(one) or many.wait["mean"] <= (1 - CLEAR_MARGIN) * one.wait["mean"]
        assert ("cannot keep up" in wins[0]) is (not _keeps_up(one))
    if light:
        hybrid = day.model(Mode.HYBRID)
        assert _keeps_up(one)
        assert _keeps_up(hybrid)
        assert hybrid.wait["mean"] > (1 - CLEAR_MARGIN) * one.wait["mean"]
        assert f"busy {one.report.utilization['cooks']:.0%}" in light[0]
        said = re.search(
            r"in (\w+ Burgers) one cook keeps up.*in (\w+ Burgers) .*\((\d+) s against (\d+) s\)", light[0]
        )
        assert said, light[0]
        many = _model(day, said[2])
        assert (_model(day, said[1]), int(said[3]), int(said[4])) == (
            one,
            round(many.wait["mean"]),
            round(one.wait["mean"]),
        )


def test_both_together_only_where_hybrid_keeps_up_and_its_couples_talk(day: Comparison) -> None:
    hybrid = day.model(Mode.HYBRID)
    said = [s for s in day.verdict.sentences if s.startswith("Both together")]
    expected = _keeps_up(hybrid) and hybrid.talking_share > 0 and day.config.cooks > 1
    assert bool(said) is expected
    if said:
        assert f"in {hybrid.wait['mean']:.0f} s" in said[0]
        assert f"talk for {hybrid.talking_share:.0%} of it" in said[0]
        fastest = min((m for m in day.models if _keeps_up(m)), key=lambda m: m.wait["mean"])
        if "as quick as" in said[0]:
            assert hybrid.wait["mean"] <= (1 + CLEAR_MARGIN) * fastest.wait["mean"]


def test_the_days_cover_every_kind_of_verdict(days: dict[str, Comparison]) -> None:
    """The loads above reach every sentence the verdict has (so the checks above check something)."""
    kinds = (
        "Where there is waiting",
        "Where there is work",
        "Here the work is light",
        "With one cook in every restaurant",
        "Both together",
        "No restaurant that keeps up",
        "No restaurant keeps up",
    )
    said = [sentence for day in days.values() for sentence in day.verdict.sentences]
    for kind in kinds:
        assert any(sentence.startswith(kind) for sentence in said), kind
    assert all(any(f"{title} is overloaded" in s for s in said) for title in TITLES)


def test_the_bottleneck_is_the_busiest_station() -> None:
    """The offered load is the share of time the busiest station would work: for a model that keeps up,
    what it measures."""
    for mode in Mode:
        config = restaurant_config(mode, cooks=4, arrival_rate_per_min=0.8, cook_time="exp:45", seed=5)
        busy = run_simulation(config, 2000).utilization
        station = bottleneck(config)
        measured = busy["cashier"] if station.work == "taking orders" else busy["cooks"]
        if mode is Mode.PARALLEL:  # a cashier-cook's time goes to both
            measured = busy["cashier"] + busy["cooks"]
        assert measured == pytest.approx(station.load, rel=0.1)
