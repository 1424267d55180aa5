"""What an export says about a day switched live, and about the couples still inside."""

from __future__ import annotations

import csv
from pathlib import Path

from burger_tui.export import export_run
from burger_tui.sim.day import open_day
from burger_tui.sim.headless import RunReport
from burger_tui.sim.model import Mode, Phase, Reorganisation
from burger_tui.sim.records import CustomerRecord, CustomerRecorder, records_of
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.spool import RecordSpool
from tests.helpers.sim import restaurant_config

COUPLES = 40
SWITCH_AT = 600.0  # simulated seconds: couples have ordered under concurrent by then, others come after


def switched_day(*, until_closed: bool) -> tuple[Restaurant, list[CustomerRecord]]:
    """Concurrent with 3 cooks, switched to parallel (and 2 cashier-cooks) at ``SWITCH_AT``."""
    cfg = restaurant_config(Mode.CONCURRENT, cooks=3, seed=11, arrival_rate_per_min=2.0)
    recorder = CustomerRecorder()

    async def day() -> Restaurant:
        async with open_day(cfg, max_arrivals=COUPLES) as restaurant:
            restaurant.subscribe(recorder)
            await restaurant.clock.sleep(SWITCH_AT)
            restaurant.switch_mode(Mode.PARALLEL)
            restaurant.set_cooks(2)
            if until_closed:
                await restaurant.closed.wait()
            else:
                await restaurant.clock.sleep(300)
        return restaurant

    return run_virtual(day), recorder.records


def test_each_couple_is_labelled_with_the_model_that_took_its_order() -> None:
    _, records = switched_day(until_closed=True)
    assert len(records) == COUPLES
    modes = {record.mode for record in records}
    assert modes == {"concurrent", "parallel"}  # both models served someone
    for record in records:
        assert record.order_started_at is not None
        if record.mode == "concurrent":
            assert record.turn_number is not None
            assert record.served_by == "Cashier"
            assert record.order_started_at < SWITCH_AT
        else:
            assert record.turn_number is None
            assert record.served_by.startswith("Cashier-cook")
            assert record.order_started_at >= SWITCH_AT
    # Some couples who ordered under concurrent left after the switch: the departure is not the label.
    assert any(r.mode == "concurrent" and r.left_at is not None and r.left_at > SWITCH_AT for r in records)


def test_the_report_states_the_current_organisation_and_the_switch() -> None:
    restaurant, _ = switched_day(until_closed=True)
    stats = RunReport.of(restaurant, customers=COUPLES, wall_time_s=0.0).as_dict()
    assert stats["mode"] == "parallel"
    assert (stats["config"]["mode"], stats["config"]["cooks"]) == ("parallel", 2)
    # The staff the day opened with: Concurrent's one cook, though the setting (for the others) was 3.
    assert stats["started_as"] == {
        "mode": "concurrent",
        "staff": {"cashier": 1, "cook": 1},
        "cooks_setting": 3,
    }
    # The model and the cooks changed at the same instant: one switch.
    assert stats["switches"] == [
        {"at_s": SWITCH_AT, "mode": "parallel", "staff": {"cashier-cook": 2}, "cooks_setting": 2}
    ]


def test_switches_at_one_instant_that_lead_back_leave_no_trace() -> None:
    cfg = restaurant_config(Mode.HYBRID, cooks=3)

    async def day() -> Restaurant:
        async with open_day(cfg, max_arrivals=1) as restaurant:
            await restaurant.clock.sleep(10)
            restaurant.set_cooks(4)
            restaurant.set_cooks(3)
            restaurant.switch_mode(Mode.CONCURRENT)
            await restaurant.clock.sleep(10)
            restaurant.switch_mode(Mode.HYBRID)
            restaurant.switch_mode(Mode.CONCURRENT)
        return restaurant

    restaurant = run_virtual(day)
    assert restaurant.reorganisations == [Reorganisation(10.0, Mode.CONCURRENT, 3)]


def test_a_day_without_switches_reports_as_before() -> None:
    cfg = restaurant_config(Mode.HYBRID, cooks=3)

    async def day() -> Restaurant:
        async with open_day(cfg, max_arrivals=3) as restaurant:
            restaurant.set_cooks(3)  # no change
            await restaurant.closed.wait()
        return restaurant

    stats = RunReport.of(run_virtual(day), customers=3, wall_time_s=0.0).as_dict()
    assert "started_as" not in stats
    assert "switches" not in stats
    assert stats["config"] == {**cfg.as_dict(), "customers": 3}


def test_a_mid_day_export_has_a_row_for_every_couple_that_arrived(tmp_path: Path) -> None:
    restaurant, left = switched_day(until_closed=False)
    inside = list(restaurant.present.values())
    assert left  # some have left
    assert inside  # some are still inside
    phases = {couple.phase for couple in inside}
    assert Phase.IN_LINE in phases
    assert phases - {Phase.IN_LINE}
    spool = RecordSpool()
    for record in left:
        spool.write_record(record)
    stats = RunReport.of(restaurant, customers=restaurant.stats.arrived, wall_time_s=0.0).as_dict()
    paths = export_run(tmp_path / "day", stats, spool, records_of(inside))

    rows = list(csv.DictReader(paths.csv.open(newline="")))
    assert len(rows) == restaurant.stats.arrived == len(left) + len(inside)
    assert [int(row["couple"]) for row in rows] == [r.couple for r in left] + [c.id for c in inside]
    for row, couple in zip(rows[len(left) :], inside, strict=True):
        assert row["left_at"] == ""  # still inside
        assert (row["picked_up_at"] == "") == (couple.picked_up_at is None)
        assert (row["wait_s"] == "") == (couple.picked_up_at is None)
        if couple.phase is Phase.IN_LINE:
            assert row["mode"] == row["served_by"] == row["order_started_at"] == ""
        else:
            assert row["mode"] in {"concurrent", "parallel"}
            assert row["served_by"]
