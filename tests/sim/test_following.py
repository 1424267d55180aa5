"""The couple the narration follows (*you*) runs the same code as every other couple; following only reads.

Its task awaits what every couple's task awaits (read from the tasks' frames, as the program view and
``trace`` read them); its glances at the display that found no number yet are told from the instants
its task sleeps to (:meth:`Restaurant.tell_glances`), in order of time and once each; and a followed
day gives the same couples, to the last digit, as a day nobody follows.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import anyio
import pytest

from burger_tui.export import export_run
from burger_tui.sim import events as ev
from burger_tui.sim.clock import ManualTimeSource, RealClock
from burger_tui.sim.day import open_day
from burger_tui.sim.headless import RunReport
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.program.snapshot import Step
from burger_tui.sim.program.stepping import DayProgram
from burger_tui.sim.records import CustomerRecord, CustomerRecorder
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import EventLog, busy_config, restaurant_config

COUPLES = 400


def fixed_config(mode: Mode, *, cooks: int = 2) -> RestaurantConfig:
    """Known order, cook and eat times; each couple's glances at the display are its own."""
    return restaurant_config(
        mode, cooks=cooks, order_time="fixed:10", cook_time="fixed:30", eat_time="fixed:60", walk_time=4.0
    )


def stepped_day(mode: Mode, couples: int) -> tuple[list[Step], str | None]:
    """Every step of a followed day of ``couples`` walking in at the opening, until the last leaves; and
    the couple the program marks as followed (★) at the opening."""

    async def day() -> tuple[list[Step], str | None]:
        clock = RealClock(paused=True, time_source=ManualTimeSource())
        async with open_day(
            fixed_config(mode), clock, auto_arrivals=False, follow_couples=True
        ) as restaurant:
            for _ in range(couples):
                restaurant.add_couple()
            program = DayProgram(restaurant)
            steps = [await program.opening()]
            watched = program.program().watched
            while restaurant.present:
                step = await program.step()
                assert step is not None
                steps.append(step)
        return steps, None if watched is None else watched.name

    return run_virtual(day)


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_the_followed_couple_awaits_exactly_what_every_couple_awaits(mode: Mode) -> None:
    steps, followed = stepped_day(mode, couples=3)
    assert followed == "couple 1"
    # For each couple's task, every await it paused at, in order: the functions and the lines of code.
    awaits: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    lines: dict[str, list[tuple[int, ...]]] = defaultdict(list)
    for step in steps:
        for wake in step.wakes:
            if wake.task.startswith("couple "):
                awaits[wake.task].append(tuple(line.function for line in wake.awaits))
                lines[wake.task].append(tuple(line.line for line in wake.awaits))
    assert sorted(awaits) == ["couple 1", "couple 2", "couple 3"]
    assert awaits["couple 1"] == awaits["couple 2"] == awaits["couple 3"]
    assert lines["couple 1"] == lines["couple 2"] == lines["couple 3"]
    # Each of its awaits is in the one visit every couple runs, and it ran to its end.
    assert {stack[0] for stack in awaits["couple 1"][:-1]} == {"Restaurant._visit"}
    assert awaits["couple 1"][-1] == ()


def glances_told(log: EventLog, couple: int) -> list[tuple[float, bool]]:
    return [(e.at, e.ready) for e in log.of(ev.Glanced) if e.couple.id == couple]


def followed_day(
    config: RestaurantConfig, couples: int, *, frame_every: float | None
) -> tuple[EventLog, Restaurant]:
    """A followed day of ``couples`` walking in at the opening, until all have left; ``frame_every``: a
    frame tells the glances between events that often, as the dashboard does."""

    async def day() -> tuple[EventLog, Restaurant]:
        log = EventLog()
        async with (
            open_day(config, listeners=[log], auto_arrivals=False, follow_couples=True) as restaurant,
            anyio.create_task_group() as frames,
        ):
            if frame_every is not None:
                frames.start_soon(_frames, restaurant, frame_every)
            for _ in range(couples):
                restaurant.add_couple()
            while restaurant.present:
                await restaurant.clock.sleep(60)
            frames.cancel_scope.cancel()
        return log, restaurant

    return run_virtual(day)


async def _frames(restaurant: Restaurant, every: float) -> None:
    while True:
        await restaurant.clock.sleep(every)
        restaurant.tell_glances(restaurant.clock.now())


@pytest.mark.parametrize("frame_every", [None, 0.37, 5.0], ids=["events only", "frames", "slow frames"])
def test_the_followed_couples_glances_are_told_once_each_in_order_of_time(frame_every: float | None) -> None:
    config = fixed_config(Mode.CONCURRENT, cooks=1)
    log, restaurant = followed_day(config, couples=3, frame_every=frame_every)
    couple = next(e.couple for e in log.of(ev.CoupleArrived) if e.couple.id == 1)
    assert couple.watched
    assert couple.food_ready_at == 40.0
    # Seated at 10, they glance every 8 s from a moment of their own: each glance before 40 found nothing,
    # the first from 40 on found their number, and they walked to the counter then.
    every = config.glance_every
    before = [(couple.glance(k, every), False) for k in range(6) if couple.glance(k, every) < 40.0]
    seen = couple.next_glance(40.0, every)
    assert glances_told(log, 1) == [*before, (seen, True)]
    assert len(before) >= 3
    assert couple.picked_up_at == seen + config.walk_time
    # Told in order of time among every event of the day, however often a frame tells them.
    times = [e.at for e in log.events]
    assert times == sorted(times)
    # Every couple tells the glance that finds its number; only the followed couple the others.
    assert [e.couple.id for e in log.of(ev.Glanced) if e.ready] == [1, 2, 3]
    assert {e.couple.id for e in log.of(ev.Glanced) if not e.ready} == {1}
    assert restaurant.followed is None  # you left, nobody else walked in: the next to walk in is you


def test_when_you_leave_the_narration_follows_the_first_in_line_or_else_the_next_to_walk_in() -> None:
    # Parallel, one cashier-cook: 40 s a couple. Couple 1 leaves at 100 with couple 4 still in line.
    async def day() -> tuple[list[int], list[int]]:
        async with open_day(
            fixed_config(Mode.PARALLEL, cooks=1), auto_arrivals=False, follow_couples=True
        ) as r:
            couples = [r.add_couple() for _ in range(4)]
            followed = [c.id for c in couples if c.watched]
            await r.clock.sleep(100.5)
            assert r.followed is couples[3]
            assert [c.id for c in r.board.line] == [4]
            while r.present:
                await r.clock.sleep(60)
            assert r.followed is None
            later = r.add_couple()
            return followed, [c.id for c in (*couples, later) if c.watched]

    assert run_virtual(day) == ([1], [1, 4, 5])


def _report_and_records(
    config: RestaurantConfig, *, followed: bool
) -> tuple[dict[str, object], list[CustomerRecord]]:
    """A seeded day of ``COUPLES`` switched once: its ``simulate --json`` report and its couples; followed
    (told every event, glances told every quarter of a second as frames do) or not."""

    async def day() -> tuple[dict[str, object], list[CustomerRecord]]:
        recorder = CustomerRecorder()
        listeners: list[Listener] = [recorder, EventLog()] if followed else [recorder]
        async with (
            open_day(
                config, listeners=listeners, max_arrivals=COUPLES, follow_couples=followed
            ) as restaurant,
            anyio.create_task_group() as frames,
        ):
            if followed:
                frames.start_soon(_frames, restaurant, 0.25)
            await restaurant.clock.sleep(1800)
            restaurant.switch_mode(Mode.PARALLEL if config.mode is not Mode.PARALLEL else Mode.HYBRID)
            await restaurant.closed.wait()
            frames.cancel_scope.cancel()
        return RunReport.of(restaurant, customers=COUPLES, wall_time_s=0.0).as_dict(), recorder.records

    return run_virtual(day)


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_following_couples_changes_nothing(mode: Mode, tmp_path: Path) -> None:
    config = busy_config(mode, seed=21)
    alone = export_run(tmp_path / "alone", *_report_and_records(config, followed=False))
    followed = export_run(tmp_path / "followed", *_report_and_records(config, followed=True))
    assert followed.json.read_bytes() == alone.json.read_bytes()
    assert followed.csv.read_bytes() == alone.csv.read_bytes()
