"""A jump back that carries the day's listeners to the instant gone to (the day replayed with nobody
listening) lands where a jump that replays the day to them does: the same snapshot, story, export, by-model
rows and lanes, then and as the day goes on from there.

Each day is played twice with the same steps: once as the dashboard has it (its jumps back carry the
listeners), once with a listener of a test's beside them (then every jump back replays the day to them,
as before), and what each shows is compared at every look."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple
from unittest.mock import patch

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burger_tui.session import DaySession
from burger_tui.sim import events as ev
from burger_tui.sim.clock import settle
from burger_tui.sim.lane_view import LanesView
from burger_tui.sim.lanes import COUPLES_KEPT
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.story import Line
from tests.helpers.sim import restaurant_config


class Look(NamedTuple):
    """What the screen shows of a day, and what it exports."""

    snapshot: DaySnapshot
    lines: list[Line]
    lanes: LanesView
    lanes_kept: int
    export: dict[str, bytes]


class Played(NamedTuple):
    looks: list[Look]
    carried: int  # jumps back that carried the listeners


# A step: a command of the day's, "wait" (simulated seconds at 2x), "back"/"forward" (a jump of that many
# seconds), "freeze" (the blocking lesson) or "look".
Step = tuple[str, float]

COMMANDS = (
    "add_order",
    "rush",
    "next_model",
    "more_cooks",
    "fewer_cooks",
    "toggle_pause",
    "toggle_auto",
    "faster",
    "slower",
    "step",
)


def ignore(_event: ev.Event) -> None:
    """A listener of a test's: it changes nothing, but the day cannot be carried to it."""


async def held_as_told(seconds: float) -> float:
    """The blocking lesson's call, said to hold the loop for ``seconds`` (its story says how long it held:
    the same in both days) without holding it."""
    return seconds


def exported(session: DaySession) -> dict[str, bytes]:
    """The day's export (its .json and .csv), by name."""
    with tempfile.TemporaryDirectory() as folder:
        outcome = session.export_to(f"{folder}/")
        assert outcome.title == "Exported", outcome.text
        return {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}


async def look(session: DaySession) -> Look:
    """The day as the screen shows it now, and its export."""
    await session.settled_instant()
    now = session.shown_time()
    lanes = session.lanes
    assert lanes is not None
    view = lanes.view(0.0, now, now, couples=COUPLES_KEPT)
    return Look(session.snapshot(), session.take_lines(), view, lanes.changes, exported(session))


async def step(session: DaySession, name: str, value: float, looks: list[Look]) -> None:
    if name == "wait":
        await anyio.sleep(value / 2.0)
    elif name in ("back", "forward"):
        delta = -value if name == "back" else value
        await session.go_to(session.shown_time() + delta, lambda _outcome: None)
    elif name == "freeze":
        with patch("burger_tui.lessons.blocking.blocking_burger", held_as_told):
            await session.blocking_call(0.5, settle)
    elif name == "look":
        looks.append(await look(session))
    else:
        await getattr(session, name)()


def play(config: RestaurantConfig, steps: Sequence[Step], *, carried: bool) -> Played:
    """``steps`` on a day of ``config`` at 2x, the dashboard's clock on the virtual loop's time."""

    def also(_restaurant: Restaurant) -> Sequence[Listener]:
        return () if carried else (ignore,)

    async def day() -> Played:
        looks: list[Look] = []
        session = DaySession(
            DaySettings(config, speed=2.0), time_source=asyncio.get_running_loop().time, also_listening=also
        )
        async with anyio.create_task_group() as days:
            await days.start(session.run)
            for name, value in steps:
                await step(session, name, value, looks)
            looks.append(await look(session))
            session.close()
            days.cancel_scope.cancel()
        return Played(looks, session.jumps_carried)

    return run_virtual(day)


def assert_same_day(steps: Sequence[Step], config: RestaurantConfig) -> int:
    """The day of ``steps`` shows the same at every look whichever way it jumps back; the jumps carried."""
    carried = play(config, steps, carried=True)
    replayed = play(config, steps, carried=False)
    assert replayed.carried == 0
    assert len(carried.looks) == len(replayed.looks)
    for fast, full in zip(carried.looks, replayed.looks, strict=True):
        assert fast.snapshot == full.snapshot  # couples, staff, stats, by-model rows
        assert fast.lines == full.lines
        assert fast.export == full.export
        assert fast.lanes == full.lanes
        assert fast.lanes_kept == full.lanes_kept
    return carried.carried


A_BUSY_DAY: list[Step] = [
    ("rush", 0),
    ("wait", 20),
    ("next_model", 0),
    ("wait", 15),
    ("more_cooks", 0),
    ("rush", 0),
    ("wait", 25),
    ("freeze", 0),
    ("wait", 10),
    ("toggle_pause", 0),
    ("next_model", 0),  # at a paused instant: a jump back to it lands after it
    ("fewer_cooks", 0),
    ("toggle_pause", 0),
    ("wait", 40),
    ("rush", 0),
    ("wait", 30),
    ("toggle_pause", 0),
    ("back", 10),
    ("look", 0),
    ("back", 10),
    ("look", 0),
    ("forward", 15),
    ("look", 0),
    ("back", 45),
    ("look", 0),
    ("toggle_pause", 0),  # time runs on from the instant gone back to
    ("wait", 30),
    ("look", 0),
    ("back", 10),
    ("add_order", 0),  # a new branch from there
    ("wait", 20),
    ("look", 0),
]


@pytest.mark.parametrize("mode", list(Mode))
def test_a_carried_jump_lands_on_the_day_a_replayed_one_does_with_switches_cooks_freezes_and_pauses(
    mode: Mode,
) -> None:
    config = restaurant_config(mode, cooks=2, arrival_rate_per_min=6.0, seed=5)
    jumps_back = sum(name == "back" for name, _ in A_BUSY_DAY)
    assert assert_same_day(A_BUSY_DAY, config) == jumps_back


def test_a_jump_of_ten_seconds_in_a_day_of_a_thousand_couples_carries_the_listeners() -> None:
    """The benchmark's jump (``←`` in a day of 1,000 couples) takes the carried way: counted, not timed."""
    config = restaurant_config(Mode.PARALLEL, arrival_rate_per_min=6.0, seed=0)
    steps: list[Step] = [("toggle_pause", 0), ("forward", 10_000), ("back", 10), ("look", 0)]
    played = play(config, steps, carried=True)
    assert played.looks[0].snapshot.stats.arrived > COUPLES_KEPT
    assert played.carried == 1


def test_a_jump_far_back_in_a_long_day_replays_the_day_to_its_listeners() -> None:
    """Far back in a long day, the couples the lanes had then are no longer kept: that jump replays the day
    to them, as ``home`` does there, and lands on the same day."""
    config = restaurant_config(Mode.PARALLEL, arrival_rate_per_min=6.0, seed=0)
    steps: list[Step] = [("toggle_pause", 0), ("forward", 20_000), ("back", 19_900), ("look", 0)]
    assert assert_same_day(steps, config) == 0


STEPS = st.one_of(
    st.tuples(st.sampled_from(COMMANDS), st.just(0.0)),
    st.tuples(st.just("wait"), st.floats(1, 60)),
    st.tuples(st.sampled_from(("back", "forward")), st.floats(0, 90)),
    st.tuples(st.sampled_from(("freeze", "look")), st.just(0.0)),
)


# Whole seconds: many things happen at one instant (a glance as a number shows, a couple leaving as the
# next is served), and couples wait at the door as the day opens.
TIES = {"order_time": "fixed:10", "cook_time": "fixed:30", "eat_time": "fixed:40", "opening_line": 3}


@settings(max_examples=25, deadline=None)
@given(
    mode=st.sampled_from(Mode),
    seed=st.integers(0, 50),
    ties=st.booleans(),
    steps=st.lists(STEPS, min_size=1, max_size=14),
)
def test_any_day_of_commands_and_jumps_looks_the_same_carried_or_replayed(
    mode: Mode, seed: int, ties: bool, steps: list[Step]
) -> None:
    config = restaurant_config(mode, cooks=2, arrival_rate_per_min=4.0, seed=seed, **(TIES if ties else {}))
    assert_same_day([("wait", 30), *steps], config)
