"""Who ran when: a day's events as lanes, one per actor, each a run of (start, end, state) in simulated
seconds.

A :class:`LaneRecorder` listens to a day, as :class:`~burger_tui.sim.records.CustomerRecorder` does, and
:meth:`LaneRecorder.view` gives a frozen :class:`~burger_tui.sim.lane_view.LanesView` of any stretch of it:
reading changes neither the day nor the recorder.

The lanes: the street (the instants couples walk in), the cashier or each cashier-cook, each cook, the
counter display (the instants numbers show), the couple the story follows (*you*: one couple, then the
next as each leaves, each change kept with the couple's number) and the other couples. Staff are asleep
on the clock while they take an order or cook, and wait for a hand-off between jobs; a couple is in line,
ordering, standing blocked at the counter (parallel), talking at a table (suspended until their number
shows), walking to the counter, eating. Live switches, staff coming and going and the blocking lesson's
freeze are marks; during a freeze the cook's lane says it held the one thread.

Memory is bounded on a day of any length. The staff, the street, the display and *you* keep each change
in 9 bytes (a time and a state) and the instants of arrivals, numbers and jobs in 8 (about 6 of them a
couple), :data:`CHANGES_KEPT` in all at most: beyond that the older half of the time kept is forgotten
(``kept_from`` says from when the lanes are whole). The other couples' lanes are kept for the last
:data:`COUPLES_KEPT` to walk in (about 600 bytes each). Together under 3 MB, however long the day
(``tests/sim/test_lanes.py`` doubles a long day's couples: the lanes' memory stays where it was).

A jump back in the day needs the lanes as they were at an earlier instant: :meth:`LaneRecorder.go_back_to`
cuts them there (what came later is gone, what ended later is undone), as long as nothing was forgotten
(a day's first ~28,000 couples: about 7 changes each) and the couples then are kept: those who made room
for the last :data:`COUPLES_KEPT` are kept :data:`COUPLES_KEPT_FOR_A_JUMP` more. For it the lanes keep who
was followed when and whose job each was (8 bytes a job): with those couples, about 0.6 MB more.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from burger_tui.sim import events as ev
from burger_tui.sim.lane_view import (
    Kind,
    Lane,
    LanesView,
    Mark,
    MarkKind,
    NewYou,
    Span,
    State,
    Track,
    between,
    overlaid,
)
from burger_tui.sim.model import Couple, Phase, Role, StaffMember

CHANGES_KEPT = 200_000
COUPLES_KEPT = 1_000
COUPLES_KEPT_FOR_A_JUMP = 250  # the couples who made room for the last COUPLES_KEPT: a jump back finds them

_OF_PHASE = {
    Phase.IN_LINE: State.IN_LINE,
    Phase.ORDERING: State.ORDERING,
    Phase.AT_COUNTER: State.STANDING,
    Phase.SEATED: State.TALKING,
    Phase.WALKING: State.WALKING,
    Phase.EATING: State.EATING,
    Phase.LEFT: State.OFF,
}
_ROLE_ORDER = {Role.CASHIER: 0, Role.CASHIER_COOK: 1, Role.COOK: 2}  # lanes: the counter, then the kitchen


class _Staff:
    __slots__ = ("jobs", "label", "order", "role", "served", "serving", "track")

    def __init__(self, member: StaffMember) -> None:
        self.label = member.name
        self.role = member.role
        self.order = (_ROLE_ORDER[member.role], member.number)
        self.track = Track()
        self.jobs = array("d")  # the instants each job began: back-to-back jobs are one span of the track
        self.served = array("q")  # whose job each was
        self.serving = 0  # the couple whose job is in hand (couples are numbered from 1)

    def go_back_to(self, at: float) -> None:
        """The lane as it was at the instant ``at`` (its track, its jobs and the job in hand then)."""
        self.track.forget_after(at)
        jobs = bisect_right(self.jobs, at)
        del self.jobs[jobs:], self.served[jobs:]
        busy = self.track.state_at(at) in (State.ORDERING, State.COOKING)
        self.serving = self.served[-1] if busy else 0  # the job begun last, not done then


class _Couple:
    __slots__ = ("arrived", "left", "track", "you_from")

    def __init__(self, at: float) -> None:
        self.arrived = at
        self.left: float | None = None
        self.track = Track()
        self.you_from: float | None = None  # from then shown in the lane of *you*, not among the others

    def go_back_to(self, at: float) -> None:
        """The couple's lane as it was at the instant ``at`` (they arrived by then)."""
        self.track.forget_after(at)
        if self.left is not None and self.left > at:
            self.left = None
        if self.you_from is not None and self.you_from > at:
            self.you_from = None


class LaneRecorder:
    """Listens to a day and keeps its lanes, in bounded memory (see the module's docstring).

    ``staff`` on duty when it starts listening (a day's opening staff are hired before anyone listens)
    wait for a hand-off from ``at`` on."""

    def __init__(
        self,
        staff: Iterable[StaffMember] = (),
        at: float = 0.0,
        *,
        changes_kept: int = CHANGES_KEPT,
        couples_kept: int = COUPLES_KEPT,
    ) -> None:
        self._changes_kept, self._couples_kept = changes_kept, couples_kept
        self.changes = 0  # kept now: the compact lanes' changes, their instants and the marks
        self.version = 0  # moves whenever the lanes do: a reader's cache compares it
        self.kept_from = self._opened = at
        self._now = at
        self._street = array("d")  # the instants couples walked in
        self._shown = array("d")  # the instants numbers showed on the display
        self._display = Track()
        self._you = Track()
        self._you_are = 0  # the couple followed now
        self._you_were_at = array("d")  # when each couple followed became *you*, and who
        self._you_were = array("q")
        self._new_you_at = array("d")  # of those, when the story went on with another couple, and whom
        self._new_you = array("q")
        self._staff: dict[str, _Staff] = {}
        self._couples: dict[int, _Couple] = {}  # the last ones to walk in, in order of arrival
        self._made_room: deque[tuple[int, _Couple]] = deque(maxlen=COUPLES_KEPT_FOR_A_JUMP)  # the ones before
        self._cooking: dict[int, str] = {}  # couple -> who cooks their burgers
        self._marks: list[Mark] = []  # switches, staff joining and leaving: the day's events
        self._freezes: list[Mark] = []  # the blocking lesson's (no event of the day: a jump back keeps them)
        self.changes += self._display.set(at, State.WAITING)
        for member in staff:
            self._on_duty(member, at)
        # What each kind of event does to the lanes, found by its type: a day's every event comes here (a
        # match statement's isinstance tests took twice as long).
        self._handlers: dict[type[ev.Event], Callable[[Any], None]] = {
            ev.CoupleArrived: self._arrived,
            ev.Followed: self._followed,
            ev.OrderStarted: self._order_started,
            ev.NumberGiven: self._ordered,
            ev.StandingAtCounter: self._ordered,
            ev.CookingStarted: self._cooking_started,
            ev.NumberShown: self._food_ready,
            ev.Glanced: self._glanced,
            ev.BurgersInHand: self._food_ready,
            ev.CoupleLeft: self._left,
            ev.ModeChanged: self._switched,
            ev.StaffChanged: self._staff_changed,
        }

    def __call__(self, event: ev.Event) -> None:
        handler = self._handlers.get(type(event))
        if handler is None:
            return
        handler(event)
        self._now = event.at
        self.version += 1
        if self.changes > self._changes_kept:
            self._forget()

    def freeze(self, start: float, end: float) -> None:
        """The blocking lesson held the one thread from ``start`` to ``end`` (simulated time as shown)."""
        self._freezes.append(Mark(start, MarkKind.FREEZE, "a blocking call", end))
        self.changes += 1
        self.version += 1

    def freezes(self, until: float) -> list[Mark]:
        """The blocking lesson's freezes that began by ``until``."""
        return [mark for mark in self._freezes if mark.at <= until]

    # -- reading -------------------------------------------------------------------------
    def view(self, start: float, end: float, now: float, *, couples: int) -> LanesView:
        """The lanes from ``start`` to ``end`` (cut at ``now``) with at most ``couples`` other couples (those
        there longest then, in order of arrival). Staff off duty all the while have no lane."""
        end = min(end, now)
        every = sorted([*self._marks, *self._freezes], key=lambda m: m.at)  # the freezes after a tie
        marks = tuple(m for m in every if m.at < end and m.end >= start)
        holders = {id(s): m for m in marks if m.kind is MarkKind.FREEZE and (s := self._holder(m.at))}
        lanes = [Lane("street", Kind.STREET, (), between(self._street, start, end))]
        for member in sorted(self._staff.values(), key=lambda s: s.order):
            spans = member.track.spans(start, end)
            if (freeze := holders.get(id(member))) is not None:
                spans = overlaid(spans, max(freeze.at, start), min(freeze.end, end), State.HOLDING)
            if spans:
                lanes.append(Lane(member.label, Kind.STAFF, tuple(spans), between(member.jobs, start, end)))
        shown = between(self._shown, start, end)
        lanes.append(Lane("counter display", Kind.DISPLAY, _spans(self._display, start, end), shown))
        lanes.append(Lane("you", Kind.YOU, _spans(self._you, start, end)))
        for number, couple in self._others(start, end, couples):
            lanes.append(Lane(f"couple {number}", Kind.COUPLE, _spans(couple.track, start, end)))
        first, last = bisect_left(self._new_you_at, start), bisect_left(self._new_you_at, end)
        new_you = tuple(map(NewYou, self._new_you_at[first:last], self._new_you[first:last]))
        return LanesView(start, end, now, self.kept_from, tuple(lanes), marks, new_you)

    def _holder(self, at: float) -> _Staff | None:
        """Who held the one thread in a freeze at ``at``: the cook the lesson names (the first cook on
        duty, or in parallel the first cashier-cook)."""
        cooks = [s for s in self._staff.values() if s.role is not Role.CASHIER and s.track.state_at(at)]
        return min(cooks, key=lambda s: (s.role is not Role.COOK, s.order), default=None)

    def _others(self, start: float, end: float, most: int) -> list[tuple[int, _Couple]]:
        def there(couple: _Couple) -> float:
            left = end if couple.left is None else couple.left
            return min(left, end) - max(couple.arrived, start)

        overlapping = [(n, c) for n, c in self._couples.items() if c.you_from is None and there(c) > 0]
        longest = sorted(overlapping, key=lambda item: (-there(item[1]), item[0]))[:most]
        return sorted(longest, key=lambda item: item[0])

    # -- the events --------------------------------------------------------------------------
    def _arrived(self, event: ev.CoupleArrived) -> None:
        couple, at = event.couple, event.at
        self._street.append(at)
        self.changes += 1
        self._couples[couple.id] = _Couple(at)
        if len(self._couples) > self._couples_kept:
            oldest = next(iter(self._couples))
            self._made_room.append((oldest, self._couples.pop(oldest)))
        if couple.watched:
            self._follow(couple, at, new=event.new_you)
        self._couple_is(couple, at, State.IN_LINE)

    def _followed(self, event: ev.Followed) -> None:
        self._follow(event.couple, event.at, new=True)

    def _follow(self, couple: Couple, at: float, *, new: bool) -> None:
        """From ``at`` the story follows ``couple``: ``new``, in place of another (not the day's first)."""
        self._you_are = couple.id
        self._you_were_at.append(at)
        self._you_were.append(couple.id)
        if new:
            self._new_you_at.append(at)
            self._new_you.append(couple.id)
        if (kept := self._couples.get(couple.id)) is not None and kept.you_from is None:
            kept.you_from = at
        self.changes += self._you.set(at, _OF_PHASE[couple.phase])

    def _order_started(self, event: ev.OrderStarted) -> None:
        self._staff_does(event.staff, event.at, State.ORDERING, event.couple.id)
        self._couple_is(event.couple, event.at, State.ORDERING)

    def _ordered(self, event: ev.NumberGiven | ev.StandingAtCounter) -> None:
        self._job_done(event.staff.name, event.couple.id, event.at)
        seated = isinstance(event, ev.NumberGiven)
        self._couple_is(event.couple, event.at, State.TALKING if seated else State.STANDING)

    def _cooking_started(self, event: ev.CookingStarted) -> None:
        self._cooking[event.couple.id] = event.staff.name
        self._staff_does(event.staff, event.at, State.COOKING, event.couple.id)

    def _food_ready(self, event: ev.NumberShown | ev.BurgersInHand) -> None:
        """Burgers ready: their cook is done (the display shows the number, or the cashier-cook hands them
        over the counter), and, in hand, the couple eats."""
        couple = event.couple
        cook = self._cooking.pop(couple.id, None)
        if cook is not None:
            ready = event.at if couple.food_ready_at is None else couple.food_ready_at
            self._job_done(cook, couple.id, ready)
        if isinstance(event, ev.NumberShown):
            self._shown.append(event.at)
            self.changes += 1
        else:
            self._couple_is(couple, event.at, State.EATING)

    def _glanced(self, event: ev.Glanced) -> None:
        if event.ready:  # their number: they walk to the counter (a glance that found none changes nothing)
            self._couple_is(event.couple, event.at, State.WALKING)

    def _left(self, event: ev.CoupleLeft) -> None:
        self._couple_is(event.couple, event.at, State.OFF)
        if (kept := self._couples.get(event.couple.id)) is not None:
            kept.left = event.at

    def _switched(self, event: ev.ModeChanged) -> None:
        self._mark(Mark(event.at, MarkKind.SWITCH, event.new.story_title, event.at))

    def _staff_changed(self, event: ev.StaffChanged) -> None:
        member, at = event.staff, event.at
        if event.joined:
            self._on_duty(member, at)
        else:  # gone home: what they were doing ends here (the display may tell their last burger after)
            lane = self._staff[member.name]
            lane.serving = 0
            self.changes += lane.track.set(at, State.OFF)
        self._mark(Mark(at, MarkKind.JOINED if event.joined else MarkKind.LEFT, member.name, at))

    # -- keeping them --------------------------------------------------------------------------
    def _on_duty(self, member: StaffMember, at: float) -> _Staff:
        lane = self._staff.setdefault(member.name, _Staff(member))
        lane.serving = 0
        self.changes += lane.track.set(at, State.WAITING)
        return lane

    def _staff_does(self, member: StaffMember, at: float, state: State, couple: int) -> None:
        lane = self._staff.get(member.name) or self._on_duty(member, at)
        lane.serving = couple
        lane.jobs.append(at)
        lane.served.append(couple)
        self.changes += 1 + lane.track.set(at, state)

    def _job_done(self, name: str, couple: int, at: float) -> None:
        lane = self._staff[name]  # who started the job
        if lane.serving == couple:  # not on the next job already, started at this same instant
            lane.serving = 0
            self.changes += lane.track.set(at, State.WAITING)

    def _couple_is(self, couple: Couple, at: float, state: State) -> None:
        if (kept := self._couples.get(couple.id)) is not None:
            kept.track.set(at, state)
        if couple.id == self._you_are:
            self.changes += self._you.set(at, state)

    def _mark(self, mark: Mark) -> None:
        self._marks.append(mark)
        self.changes += 1

    def _forget(self) -> None:
        """Forget the older half of the time kept, until the compact lanes are within their budget."""
        while self.changes > self._changes_kept and self.kept_from < self._now:
            cut = self.kept_from = (self.kept_from + self._now) / 2
            tracks = [self._display, self._you, *(s.track for s in self._staff.values())]
            gone = sum(track.forget_before(cut) for track in tracks)
            for instants in (self._street, self._shown, *(s.jobs for s in self._staff.values())):
                before = bisect_left(instants, cut)
                del instants[:before]
                gone += before
            for lane in self._staff.values():
                del lane.served[: len(lane.served) - len(lane.jobs)]
            followed = bisect_left(self._you_were_at, cut)
            del self._you_were_at[:followed], self._you_were[:followed]
            new = bisect_left(self._new_you_at, cut)
            del self._new_you_at[:new], self._new_you[:new]
            kept = [m for m in self._marks if m.end >= cut]
            freezes = [m for m in self._freezes if m.end >= cut]
            gone += len(self._marks) - len(kept) + len(self._freezes) - len(freezes)
            self._marks, self._freezes = kept, freezes
            self.changes -= gone

    # -- going back ------------------------------------------------------------------------------
    def can_go_back_to(self, at: float) -> bool:
        """Whether the lanes kept can be cut to the instant ``at`` (:meth:`go_back_to`): nothing was
        forgotten, and the couples the lanes had then are all here."""
        there = min(self._couples_kept, len(self._couples_at(at)))
        return self.kept_from == self._opened and there == min(
            self._couples_kept, bisect_right(self._street, at)
        )

    def go_back_to(self, at: float) -> None:
        """The lanes as they were at the instant ``at`` of the day (every event at it told), as a day
        replayed to ``at`` would have them; see :meth:`can_go_back_to`."""
        assert self.can_go_back_to(at)
        there = self._couples_at(at)
        made_room = len(there) - min(len(there), self._couples_kept)
        self._made_room = deque(there[:made_room], maxlen=COUPLES_KEPT_FOR_A_JUMP)
        self._couples = dict(there[made_room:])
        for couple in self._couples.values():
            couple.go_back_to(at)
        self._staff = {name: lane for name, lane in self._staff.items() if lane.track.starts[0] <= at}
        for lane in self._staff.values():
            lane.go_back_to(at)
        self._cooking = {
            lane.serving: name
            for name, lane in self._staff.items()
            if lane.track.state_at(at) is State.COOKING
        }
        followed = bisect_right(self._you_were_at, at)
        del self._you_were_at[followed:], self._you_were[followed:]
        self._you_are = self._you_were[-1] if followed else 0
        new = bisect_right(self._new_you_at, at)
        del self._new_you_at[new:], self._new_you[new:]
        self._you.forget_after(at)
        for instants in (self._street, self._shown):
            del instants[bisect_right(instants, at) :]
        self._marks = [m for m in self._marks if m.at <= at]
        self._freezes = self.freezes(at)
        self._now = min(self._now, at)
        self.changes = self._count()
        self.version += 1

    def _couples_at(self, at: float) -> list[tuple[int, _Couple]]:
        """The couples kept who had arrived by ``at``, in order of arrival (the last of them are those a day
        replayed to ``at`` keeps)."""
        return [item for item in (*self._made_room, *self._couples.items()) if item[1].arrived <= at]

    def _count(self) -> int:
        """The changes kept (see :attr:`changes`), counted."""
        tracks = [self._display, self._you, *(s.track for s in self._staff.values())]
        instants = [self._street, self._shown, *(s.jobs for s in self._staff.values())]
        return sum(map(len, [*(t.starts for t in tracks), *instants])) + len(self._marks) + len(self._freezes)


def _spans(track: Track, start: float, end: float) -> tuple[Span, ...]:
    return tuple(track.spans(start, end))
