"""Exactly-once: every couple that walks in gets burgers once, is cooked for once, and leaves.

Also while the model and the number of cooks change live at random moments, with couples in
every phase (in line, ordering, seated with a number, standing at the counter, eating).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from burger_tui.sim import events as ev
from burger_tui.sim.model import Couple, Mode, Phase
from burger_tui.sim.restaurant import Restaurant
from tests.helpers.sim import Command, EventLog, busy_config, run_day

commands = st.lists(
    st.tuples(
        st.floats(0, 180, allow_nan=False),
        st.one_of(st.sampled_from(list(Mode)), st.integers(1, 6)),
    ),
    max_size=25,
)


def assert_served_exactly_once(restaurant: Restaurant, log: EventLog) -> None:
    arrived = [c.id for c in log.couples()]
    assert arrived == list(range(1, len(arrived) + 1))
    everyone = Counter({couple_id: 1 for couple_id in arrived})
    assert log.count_per_couple(ev.BurgersInHand) == everyone
    assert log.count_per_couple(ev.CoupleLeft) == everyone
    assert log.count_per_couple(ev.OrderStarted) == everyone
    assert log.count_per_couple(ev.CookingStarted) == everyone

    numbered = Counter({c.id: 1 for c in log.couples() if c.turn_number is not None})
    assert log.count_per_couple(ev.NumberGiven) == numbered
    assert log.count_per_couple(ev.NumberShown) == numbered
    assert log.count_per_couple(ev.StandingAtCounter) == everyone - numbered
    # Turn numbers stay unique and in sequence across every switch.
    given = [e.couple.turn_number for e in log.of(ev.NumberGiven)]
    assert given == list(range(1, len(given) + 1))

    stats = restaurant.stats
    assert stats.arrived == stats.served == stats.left == len(arrived)


def assert_visits_in_order(log: EventLog) -> None:
    """Each couple's timestamps go forward, and cooking is never cut short (nor done twice)."""
    for couple in log.couples():
        assert couple.phase is Phase.LEFT
        times = [
            couple.arrived_at,
            couple.order_started_at,
            couple.ordered_at,
            couple.cook_started_at,
            couple.food_ready_at,
            couple.picked_up_at,
            couple.left_at,
        ]
        assert None not in times, couple
        assert times == sorted(times), couple  # type: ignore[type-var]
        cooked_for = couple.food_ready_at - couple.cook_started_at  # type: ignore[operator]
        assert cooked_for == pytest.approx(couple.demand.cook_time), couple
        waited = couple.picked_up_at - couple.arrived_at  # type: ignore[operator]
        assert 0 <= couple.talking <= waited + 1e-9, couple  # talking is part of the wait


def check_day(restaurant: Restaurant, log: EventLog) -> None:
    assert_served_exactly_once(restaurant, log)
    assert_visits_in_order(log)


@pytest.mark.parametrize("mode", list(Mode))
def test_a_day_without_changes_serves_everyone_once(mode: Mode) -> None:
    restaurant, log = run_day(busy_config(mode, seed=3), [(3600.0, mode)])
    assert len(log.couples()) > 150
    check_day(restaurant, log)


def test_a_storm_of_switches_with_couples_in_every_phase() -> None:
    """A change every 5 to 13 s for nearly two hours; the switches catch couples in every phase."""
    script: list[Command] = []
    models = [Mode.PARALLEL, Mode.HYBRID, Mode.CONCURRENT]
    for i in range(720):
        command: Mode | int = models[i % 3] if i % 2 else 1 + i % 5
        script.append((5.0 + i % 9, command))
    phases_seen: set[Phase] = set()

    present: dict[int, Couple] = {}

    def note_phases(event: ev.Event) -> None:
        if isinstance(event, ev.CoupleArrived):
            present[event.couple.id] = event.couple
        elif isinstance(event, ev.CoupleLeft):
            del present[event.couple.id]
        elif isinstance(event, ev.ModeChanged):
            phases_seen.update(c.phase for c in present.values())

    restaurant, log = run_day(busy_config(Mode.CONCURRENT, seed=5), script, note_phases)
    assert phases_seen >= set(Phase) - {Phase.LEFT}
    assert len(log.of(ev.ModeChanged)) == 360
    check_day(restaurant, log)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(start=st.sampled_from(list(Mode)), script=commands, seed=st.integers(0, 1000))
def test_live_switches_and_cook_changes_lose_nobody(start: Mode, script: list[Command], seed: int) -> None:
    restaurant, log = run_day(busy_config(start, seed), script)
    check_day(restaurant, log)
