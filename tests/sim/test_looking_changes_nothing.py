"""Looking never changes what is looked at: the same seeded day gives byte-identical exports whether
or not somebody takes a snapshot of it every simulated second (as the dashboard does each frame)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest

from burger_tui.export import export_run
from burger_tui.sim.day import open_day
from burger_tui.sim.headless import RunReport
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.records import CustomerRecorder
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import busy_config

COUPLES = 400
SNAPSHOT_EVERY_S = 0.937  # about every second, at instants that are not round numbers (as frames are)


async def _look_every_second(restaurant: Restaurant, seen: list[DaySnapshot]) -> None:
    while True:
        seen.append(DaySnapshot.of(restaurant))
        await restaurant.clock.sleep(SNAPSHOT_EVERY_S)


def _day(config: RestaurantConfig, *, looking: bool) -> tuple[dict[str, Any], list[Any], int]:
    """A seeded day of ``COUPLES``: its ``simulate --json`` report, its couples, and snapshots taken."""

    async def day() -> tuple[dict[str, Any], list[Any], int]:
        recorder = CustomerRecorder()
        seen: list[DaySnapshot] = []
        async with (
            open_day(config, listeners=[recorder], max_arrivals=COUPLES) as restaurant,
            anyio.create_task_group() as tg,
        ):
            if looking:
                tg.start_soon(_look_every_second, restaurant, seen)
            # Switch live twice: staff on duty change, which is where looking used to write.
            await restaurant.clock.sleep(1800)
            restaurant.switch_mode(Mode.PARALLEL)
            await restaurant.clock.sleep(1800)
            restaurant.set_cooks(5)
            await restaurant.closed.wait()
            tg.cancel_scope.cancel()
        report = RunReport.of(restaurant, customers=COUPLES, wall_time_s=0.0).as_dict()
        return report, recorder.records, len(seen)

    return run_virtual(day)


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_snapshots_every_second_leave_the_export_byte_identical(mode: Mode, tmp_path: Path) -> None:
    config = busy_config(mode, seed=42)
    blind_report, blind_records, _ = _day(config, looking=False)
    seen_report, seen_records, snapshots = _day(config, looking=True)
    assert snapshots > 3600  # somebody really looked, thousands of times

    blind = export_run(tmp_path / "blind", blind_report, blind_records)
    seen = export_run(tmp_path / "seen", seen_report, seen_records)
    assert seen.json.read_bytes() == blind.json.read_bytes()
    assert seen.csv.read_bytes() == blind.csv.read_bytes()
    # The utilisation printed by simulate --json, to the last digit (it used to differ in the last ones).
    assert json.dumps(seen_report["utilization"]) == json.dumps(blind_report["utilization"])


def test_a_snapshot_reads_the_same_twice_and_holds_no_live_object() -> None:
    async def day() -> tuple[DaySnapshot, DaySnapshot]:
        async with open_day(busy_config(Mode.HYBRID, seed=1)) as restaurant:
            await restaurant.clock.sleep(900)
            return DaySnapshot.of(restaurant), DaySnapshot.of(restaurant)

    first, second = run_virtual(day)
    assert first == second
    assert first.stats.arrived > 10
    assert first.staff
    with pytest.raises(AttributeError):
        first.now = 0.0  # type: ignore[misc]  # frozen
