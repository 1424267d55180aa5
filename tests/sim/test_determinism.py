"""Determinism: one seed, one day. Same seed => the same report (but the wall time); seeds differ."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.records import CustomerRecorder
from tests.helpers.sim import busy_config, restaurant_config, run_day

COUPLES = 500


def base_config(mode: Mode, seed: int = 7) -> RestaurantConfig:
    return restaurant_config(mode, cooks=4, arrival_rate_per_min=2.5, cook_time="exp:60", seed=seed)


def report_json(cfg: RestaurantConfig) -> str:
    report: dict[str, Any] = run_simulation(cfg, COUPLES).as_dict()
    del report["wall_time_s"]
    return json.dumps(report, sort_keys=True)


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_same_seed_same_report(mode: Mode) -> None:
    assert report_json(base_config(mode)) == report_json(base_config(mode))


def test_different_seeds_differ() -> None:
    first, second = (json.loads(report_json(base_config(Mode.HYBRID, seed))) for seed in (7, 8))
    assert first["config"]["seed"] != second["config"]["seed"]
    assert first["sim_time_s"] != second["sim_time_s"]
    assert first["waits"]["total"] != second["waits"]["total"]


def test_every_model_sees_the_same_couples() -> None:
    """The couples' arrivals and needs depend on the seed only, not on the model."""

    def couples(mode: Mode) -> list[tuple[float, ...]]:
        recorder = CustomerRecorder()
        run_simulation(base_config(mode), COUPLES, listeners=[recorder])
        return sorted(
            (r.couple, r.arrived_at, r.order_time, r.cook_time, r.eat_time) for r in recorder.records
        )

    concurrent = couples(Mode.CONCURRENT)
    assert len(concurrent) == COUPLES
    assert couples(Mode.PARALLEL) == concurrent
    assert couples(Mode.HYBRID) == concurrent


def test_live_switches_replay_identically() -> None:
    script: list[tuple[float, Mode | int]] = [
        (40.0, Mode.PARALLEL),
        (13.5, 5),
        (70.0, Mode.HYBRID),
        (1.0, 2),
        (30.0, Mode.CONCURRENT),
        (25.0, Mode.PARALLEL),
    ]

    def replay() -> list[tuple[str, float, int | None]]:
        _, log = run_day(busy_config(Mode.CONCURRENT, seed=21), script)
        return [(type(e).__name__, e.at, _couple_id(e)) for e in log.events]

    first = replay()
    assert len(first) > 150
    assert replay() == first


def _couple_id(event: object) -> int | None:
    couple = getattr(event, "couple", None)
    return None if couple is None else int(couple.id)


def test_config_is_part_of_the_report() -> None:
    cfg = dataclasses.replace(base_config(Mode.PARALLEL), seed=99)
    report = json.loads(report_json(cfg))
    assert report["mode"] == "parallel"
    assert report["config"]["seed"] == 99
    assert report["config"]["customers"] == COUPLES
    assert report["served"] == COUPLES
