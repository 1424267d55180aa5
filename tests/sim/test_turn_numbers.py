"""Turn numbers: unique, handed out 1, 2, 3... in order of arrival by the one cashier; none in parallel."""

from __future__ import annotations

import functools

import pytest

from burger_tui.sim import events as ev
from burger_tui.sim.model import Mode
from tests.helpers.sim import EventLog, restaurant_config, serve_day

COUPLES = 1_500


@functools.cache
def day_of(mode: Mode) -> EventLog:
    cfg = restaurant_config(
        mode,
        cooks=3,
        arrival_rate_per_min=3.0,  # the cashier (10 s an order) keeps up; a line forms now and then
        order_time="uniform:5:15",
        cook_time="exp:50",
        eat_time="uniform:30:90",
        seed=11,
    )
    log = EventLog()
    serve_day(cfg, COUPLES, log)
    return log


@pytest.fixture(scope="module", params=[Mode.CONCURRENT, Mode.HYBRID], ids=str)
def numbered_day(request: pytest.FixtureRequest) -> EventLog:
    return day_of(request.param)


def test_numbers_are_handed_out_in_order_of_arrival(numbered_day: EventLog) -> None:
    given = [e.couple.turn_number for e in numbered_day.of(ev.NumberGiven)]
    assert given == list(range(1, COUPLES + 1))
    # The one cashier serves the line first come, first served: turn number = arrival order.
    assert [c.turn_number for c in numbered_day.couples()] == [c.id for c in numbered_day.couples()]


def test_some_couples_queued_at_the_cashier(numbered_day: EventLog) -> None:
    # Otherwise "in order of arrival" would be trivially true.
    queued = [c for c in numbered_day.couples() if c.order_started_at != c.arrived_at]
    assert len(queued) > COUPLES // 10


def test_the_kitchen_cooks_in_turn_order(numbered_day: EventLog) -> None:
    started = [e.couple.turn_number for e in numbered_day.of(ev.CookingStarted)]
    assert started == list(range(1, COUPLES + 1))


def test_one_cook_shows_numbers_in_turn_order() -> None:
    shown = [e.couple.turn_number for e in day_of(Mode.CONCURRENT).of(ev.NumberShown)]
    assert shown == list(range(1, COUPLES + 1))


def test_parallel_couples_get_no_turn_number() -> None:
    log = day_of(Mode.PARALLEL)
    assert len(log.couples()) == COUPLES
    assert all(c.turn_number is None for c in log.couples())
    assert log.of(ev.NumberGiven) == []
    assert log.of(ev.NumberShown) == []
    assert len(log.of(ev.StandingAtCounter)) == COUPLES
