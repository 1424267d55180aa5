"""The promises to users, as checks on a live restaurant: nobody lost, nobody served twice.

:class:`DayWatcher` listens to one day's events and notes anything that happens twice or out of
order (it never raises inside the simulation: a failing listener would stop the day and hide the
real problem). :func:`check_invariants` compares what it saw with the restaurant's own state;
:func:`check_drained` is what must hold once arrivals are off and enough quiet time has passed.
"""

from __future__ import annotations

from collections import Counter

from burger_tui.sim import events as ev
from burger_tui.sim.model import WAITING_PHASES, Activity, Couple, Mode, Phase, Role, planned_staff
from burger_tui.sim.restaurant import Restaurant


class DayWatcher:
    """A listener: subscribe it to ``restaurant`` before the first couple arrives."""

    def __init__(self, restaurant: Restaurant) -> None:
        self.restaurant = restaurant
        self.couples: dict[int, Couple] = {}
        self.numbers: list[int] = []  # turn numbers in the order they were handed out
        self.served: set[int] = set()
        self.left: set[int] = set()
        self.cooked: Counter[int] = Counter()
        self.modes_seen: set[Mode] = {restaurant.mode}
        self.problems: list[str] = []

    def __call__(self, event: ev.Event) -> None:
        if isinstance(event, ev.ModeChanged):
            self.modes_seen.add(event.new)
            return
        couple = getattr(event, "couple", None)
        if couple is None:
            return
        if isinstance(event, ev.CoupleArrived):
            if couple.id in self.couples:
                self.problems.append(f"couple {couple.id} arrived twice")
            self.couples[couple.id] = couple
        elif isinstance(event, ev.NumberGiven):
            self.numbers.append(couple.turn_number)
        elif isinstance(event, ev.CookingStarted):
            self.cooked[couple.id] += 1
            if self.cooked[couple.id] > 1:
                self.problems.append(f"couple {couple.id} cooked for twice")
        elif isinstance(event, ev.BurgersInHand):
            if couple.id in self.served:
                self.problems.append(f"couple {couple.id} served twice")
            self.served.add(couple.id)
        elif isinstance(event, ev.CoupleLeft):
            if couple.id in self.left:
                self.problems.append(f"couple {couple.id} left twice")
            if couple.id not in self.served:
                self.problems.append(f"couple {couple.id} left without burgers")
            self.left.add(couple.id)


def check_invariants(watcher: DayWatcher) -> None:
    """Everything that must hold at any moment the loop is quiet."""
    r = watcher.restaurant
    assert watcher.problems == []
    stats = r.stats

    # Each arrived couple is in exactly one phase: inside (present) or gone (left), never both.
    arrived = set(watcher.couples)
    assert arrived == set(range(1, stats.arrived + 1))
    present = set(r.present)
    assert present <= arrived
    assert present.isdisjoint(watcher.left)
    assert present | watcher.left == arrived
    for couple_id, couple in r.present.items():
        assert couple is watcher.couples[couple_id]
        served = couple_id in watcher.served
        assert (couple.phase is Phase.EATING) == served, couple
        assert served or couple.phase in WAITING_PHASES, couple
    for couple_id in watcher.left:
        assert watcher.couples[couple_id].phase is Phase.LEFT

    # Counts conserve.
    assert stats.arrived == len(r.present) + stats.left
    assert stats.left == len(watcher.left)
    assert stats.served == len(watcher.served) >= stats.left

    # Turn numbers: handed out 1, 2, 3... with no gap or repeat, each on one couple.
    assert watcher.numbers == list(range(1, len(watcher.numbers) + 1))
    numbered = sorted(
        (c for c in watcher.couples.values() if c.turn_number is not None), key=lambda c: c.turn_number or 0
    )
    assert [c.turn_number for c in numbered] == watcher.numbers
    given_at = [c.ordered_at for c in numbered]
    assert given_at == sorted(given_at)  # type: ignore[type-var]
    if watcher.modes_seen <= {Mode.CONCURRENT, Mode.HYBRID}:
        # One cashier all day: numbers follow the line, which is first come, first served.
        assert [c.id for c in numbered] == sorted(c.id for c in numbered)
    before_a_number = (Phase.IN_LINE, Phase.ORDERING, Phase.AT_COUNTER)
    past_the_cashier = [c for c in watcher.couples.values() if c.phase not in before_a_number]
    if Mode.PARALLEL not in watcher.modes_seen:  # nobody stood at the counter: everyone got a number
        assert all(c.turn_number is not None for c in past_the_cashier)
    if watcher.modes_seen == {Mode.PARALLEL}:  # nobody handed out numbers
        assert numbered == []

    # Where the couples are: every couple at most once, and only where its phase says.
    line = list(r.board.line)
    assert len({c.id for c in line}) == len(line)
    assert all(c.phase is Phase.IN_LINE and c.id in present for c in line)
    tickets = list(r.board.kitchen_queue)
    queued = [t.couple.id for t in tickets]
    assert len(set(queued)) == len(queued)
    for ticket in tickets:
        assert ticket.turn_number == ticket.couple.turn_number
        assert ticket.couple.phase is Phase.SEATED
        assert ticket.couple.id in present
    in_hands = [m.serving.id for m in r.staff if m.serving is not None]
    assert len(set(in_hands)) == len(in_hands)  # no couple served by two staff at once
    cooking = {m.serving.id for m in r.staff if m.serving is not None and m.activity is Activity.COOKING}
    assert cooking.isdisjoint(queued)  # the kitchen queue and the cooks never hold the same order
    assert cooking.isdisjoint(c.id for c in line)
    assert set(in_hands) <= present
    for number, couple in r.display.numbers.items():
        assert couple.turn_number == number
        assert couple.id in present
        assert couple.phase in (Phase.SEATED, Phase.WALKING)
        assert couple.id not in cooking
        assert couple.id not in queued

    # While the day is open, staff on duty match the plan at once (those sent home are only
    # finishing a job); once it is over, nobody is left at work.
    if r.running:
        on_duty = Counter(m.role for m in r.staff if not m.off_duty)
        assert {role: on_duty[role] for role in Role if on_duty[role]} == planned_staff(r.mode, r.cooks)
    else:
        assert r.staff == []


def check_drained(watcher: DayWatcher) -> None:
    """After enough quiet time with arrivals off: everyone served and gone, nothing left over."""
    check_invariants(watcher)
    r = watcher.restaurant
    assert r.present == {}
    assert not r.board.line
    assert not r.board.kitchen_queue
    assert r.display.numbers == {}
    assert r.stats.arrived == r.stats.served == r.stats.left == len(watcher.couples)
    assert watcher.served == watcher.left == set(watcher.couples)
    assert all(m.activity is Activity.IDLE and not m.off_duty for m in r.staff)
