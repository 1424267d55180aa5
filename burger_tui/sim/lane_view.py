"""What a lane is: the states an actor can be in, a lane's spans, the marks, the frozen view of a stretch of
the day, and the compact track a recorder keeps them in (see :mod:`burger_tui.sim.lanes`)."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from enum import IntEnum
from typing import NamedTuple


class State(IntEnum):
    """What an actor is doing (the value is what a track stores: one byte)."""

    OFF = 0  # not there: off duty, not arrived yet, or gone
    WAITING = 1  # staff between jobs: waiting for a hand-off
    ORDERING = 2  # taking an order (staff, asleep on the clock) or giving it (the couple)
    COOKING = 3  # asleep on the clock
    HOLDING = 4  # the blocking lesson: the cook holds the one thread, nobody else runs
    IN_LINE = 5
    STANDING = 6  # parallel: at the counter, blocked until the cashier-cook hands the burgers
    TALKING = 7  # at a table with a number: the couple's task suspended until their number shows
    WALKING = 8  # to the counter, their number seen
    EATING = 9


class Kind(IntEnum):
    """Whose lane it is, in the order lanes are shown."""

    STREET = 0
    STAFF = 1
    DISPLAY = 2
    YOU = 3
    COUPLE = 4


class Span(NamedTuple):
    start: float
    end: float
    state: State


class Lane(NamedTuple):
    """One actor over a stretch of the day: its spans (never ``OFF``) and its instants (arrivals, numbers)."""

    label: str
    kind: Kind
    spans: tuple[Span, ...]
    instants: tuple[float, ...] = ()


class MarkKind(IntEnum):
    SWITCH = 0  # the model switched live
    JOINED = 1  # a member of staff started a shift
    LEFT = 2  # ... or ended one
    FREEZE = 3  # the blocking lesson held the one thread


class Mark(NamedTuple):
    """Something that happened to the whole day at ``at`` (a freeze lasts until ``end``)."""

    at: float
    kind: MarkKind
    text: str
    end: float


class NewYou(NamedTuple):
    """At ``at`` the story follows another couple: "You are now couple ``couple``" (the lane of *you*
    goes on with them)."""

    at: float
    couple: int


class LanesView(NamedTuple):
    """The lanes from ``start`` to ``end`` (no further than ``now``), frozen."""

    start: float
    end: float
    now: float
    kept_from: float  # before this the lanes were forgotten (a long day): they are whole from here on
    lanes: tuple[Lane, ...]
    marks: tuple[Mark, ...]
    new_you: tuple[NewYou, ...] = ()  # each change of *you* in the stretch (the day's first is none)


class Track:
    """One actor's states, compactly: ``states[i]`` from ``starts[i]`` to ``starts[i + 1]`` (the last: on)."""

    __slots__ = ("starts", "states")

    def __init__(self) -> None:
        self.starts = array("d")
        self.states = array("B")

    def set(self, at: float, state: State) -> int:
        """From ``at`` on the actor is in ``state``; returns how many changes that adds (-1, 0 or 1).

        Changes at one instant make one: what an actor passes through within an instant takes no time."""
        starts, states = self.starts, self.states
        if states and states[-1] == state:
            return 0
        if starts and starts[-1] == at:
            states[-1] = state
            if len(states) > 1 and states[-2] == state:  # back to what it was at the instant before
                del starts[-1], states[-1]
                return -1
            return 0
        starts.append(at)
        states.append(state)
        return 1

    def state_at(self, at: float) -> State:
        """The state in effect at ``at`` (``OFF`` before the first change kept)."""
        i = bisect_right(self.starts, at) - 1
        return State(self.states[i]) if i >= 0 else State.OFF

    def spans(self, start: float, end: float) -> list[Span]:
        """The spans overlapping ``start`` to ``end``, cut to them; ``OFF`` left out."""
        starts, states = self.starts, self.states
        found = []
        for i in range(max(0, bisect_right(starts, start) - 1), bisect_left(starts, end)):
            begins = max(starts[i], start)
            ends = min(starts[i + 1], end) if i + 1 < len(starts) else end
            if states[i] and ends > begins:
                found.append(Span(begins, ends, State(states[i])))
        return found

    def forget_after(self, at: float) -> None:
        """Forget the changes after ``at``: the track as it was then (changes at ``at`` kept)."""
        kept = bisect_right(self.starts, at)
        del self.starts[kept:], self.states[kept:]

    def forget_before(self, at: float) -> int:
        """Forget the changes before the one in effect at ``at``; returns how many went."""
        gone = max(0, bisect_right(self.starts, at) - 1)
        del self.starts[:gone], self.states[:gone]
        return gone


def overlaid(spans: list[Span], start: float, end: float, state: State) -> list[Span]:
    """``spans`` with ``state`` from ``start`` to ``end`` over whatever they said then."""
    if end <= start:
        return spans
    cut = [Span(s.start, min(s.end, start), s.state) for s in spans if s.start < start]
    cut.append(Span(start, end, state))
    cut += [Span(max(s.start, end), s.end, s.state) for s in spans if s.end > end]
    return cut


def between(instants: array[float], start: float, end: float) -> tuple[float, ...]:
    """The instants from ``start`` up to ``end`` (``instants`` in order)."""
    return tuple(instants[bisect_left(instants, start) : bisect_left(instants, end)])
