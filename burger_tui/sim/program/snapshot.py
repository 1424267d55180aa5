"""A frozen picture of the program at one instant: every actor task of the day and the ``await`` it is at.

Like :class:`~burger_tui.sim.snapshot.DaySnapshot` it holds no live object (no task, frame or couple), so a
view may keep it as long as it likes, and two pictures of an unchanged program compare equal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from burger_tui.sim.model import Mode, Phase
from burger_tui.sim.times import clock_text as clock_text  # a step's time, read from here by its views


class WaitKind(StrEnum):
    """What a task is doing, in the event loop's terms."""

    RUNNING = "running"  # the one thread is running it at this instant
    READY = "ready to run"  # woken (or just started): its turn on the thread comes next
    ASLEEP = "asleep on the clock"  # until a deadline of simulated time
    EVENT = "waiting for an event"  # until another task sets an Event (or sends on a stream)


class Actor(StrEnum):
    """Who a task is in the story."""

    CLOCK = "clock"
    STREET = "street"
    DISPLAY = "counter display"
    STAFF = "staff"
    COUPLE = "couple"


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the restaurant's code where a coroutine is paused."""

    path: str  # the source file
    function: str  # qualified name, e.g. ``Restaurant._visit``
    first_line: int  # where the function starts (its ``def``)
    line: int
    code: str  # the statement up to the end of its ``await``, on one line

    @property
    def file(self) -> str:
        return os.path.basename(self.path)

    @property
    def place(self) -> str:
        """``restaurant.py:241``."""
        return f"{self.file}:{self.line}"

    def __str__(self) -> str:
        return f"{self.place}  {self.code}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "function": self.function, "code": self.code}


@dataclass(frozen=True, slots=True)
class TaskView:
    """One actor task and what it awaits right now."""

    name: str  # the task's name, as the restaurant started it ("couple 3", "Cook 1", "street")
    actor: Actor
    kind: WaitKind
    # The coroutines of the restaurant's own code the task is inside, outermost first: the last one is
    # where it is paused. Below it is the machinery, told in ``machinery``.
    stack: tuple[Line, ...]
    machinery: str  # e.g. "asleep on the clock until 0:03:12", "waiting for an Event"
    wakes_at: float | None  # asleep on the clock: its deadline (simulated seconds), when known
    since: float  # simulated time this wait began (as first seen by the reader)
    since_known: bool  # False: the wait was already under way when the reader first looked
    watched: bool = False  # the couple the narration follows (★)
    couple: int | None = None  # a couple's id
    phase: Phase | None = None  # a couple's phase of the visit
    serving: int | None = None  # staff: the couple in their hands

    @property
    def where(self) -> Line | None:
        """The innermost ``await`` in the restaurant's code the task is paused at."""
        return self.stack[-1] if self.stack else None

    def waited(self, now: float) -> float:
        """Simulated seconds spent in this wait so far."""
        return max(0.0, now - self.since)


@dataclass(frozen=True, slots=True)
class CoupleGroup:
    """The couples paused at the same line in the same way (there may be hundreds of couples)."""

    kind: WaitKind
    where: Line | None
    couples: tuple[int, ...]  # their ids, in order of arrival
    since: float  # when the longest-waiting of them began this wait

    @property
    def count(self) -> int:
        return len(self.couples)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A task asleep on the clock and when it wakes."""

    at: float
    task: str


@dataclass(frozen=True, slots=True)
class Wake:
    """A task that ran during a step: where it was paused before, and where it is paused now."""

    task: str
    woke_from: tuple[Line, ...]  # the stack it was paused in (see TaskView.stack); empty: it started
    waited: str  # how it was waiting (the machinery in words), or "started"
    awaits: tuple[Line, ...]  # the stack it is paused in now; empty: it finished
    kind: WaitKind | None  # how it waits now; None when it finished
    waits: str  # how it waits now, in words, or "finished"
    until: float | None  # asleep on the clock now: its deadline

    @property
    def woke_at(self) -> Line | None:
        """The ``await`` it woke at (None: it started)."""
        return self.woke_from[-1] if self.woke_from else None

    @property
    def paused_at(self) -> Line | None:
        """The ``await`` it is paused at now (None: it finished)."""
        return self.awaits[-1] if self.awaits else None

    def as_dict(self) -> dict[str, object]:
        return {
            "task": self.task,
            "woke_at": _place_dict(self.woke_from),
            "waited": self.waited,
            "awaits": _place_dict(self.awaits),
            "kind": None if self.kind is None else self.kind.value,
            "waits": self.waits,
            "until": self.until,
        }


def _place_dict(stack: tuple[Line, ...]) -> dict[str, object] | None:
    """The innermost line, with the functions it is inside (outermost first)."""
    if not stack:
        return None
    return stack[-1].as_dict() | {"stack": [line.function for line in stack]}


@dataclass(frozen=True, slots=True)
class Step:
    """One step: simulated time moved to ``at`` (the next wake-up) and these tasks ran, in turn."""

    number: int  # 0: the day opening (every task starts); then 1, 2, ...
    at: float
    wakes: tuple[Wake, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.number,
            "at": self.at,
            "time": clock_text(self.at),
            "tasks": [wake.as_dict() for wake in self.wakes],
        }

    def summary(self) -> str:
        """One sentence: who woke, from where, and what it awaits now."""
        if not self.wakes:
            return f"Step {self.number} at {clock_text(self.at)}: nothing ran."
        first = self.wakes[0]
        woke = "started" if first.woke_at is None else f"woke at {first.woke_at}"
        now = "finished" if first.paused_at is None else f"now awaits {first.paused_at} ({first.waits})"
        more = len(self.wakes) - 1
        others = f" {more} more task{'s' if more != 1 else ''} ran." if more else ""
        return f"{clock_text(self.at)}: {first.task} {woke} ({first.waited}); {now}.{others}"


@dataclass(frozen=True, slots=True)
class Program:
    """Every actor task of the day at ``now`` (simulated seconds)."""

    now: float
    mode: Mode
    paused: bool
    # The clock, the street, the display and the staff, then the couples shown one by one (the watched
    # couple first), each in the order the restaurant started them.
    tasks: tuple[TaskView, ...]
    couples: tuple[CoupleGroup, ...]  # every couple inside, grouped by where and how it waits (code order)
    counts: Mapping[WaitKind, int]  # every task of the day, by kind of wait
    deadlines: tuple[Deadline, ...]  # the clock's next wake-ups, soonest first
    running: str | None  # the day's task the thread runs at this instant (usually none: all wait)
    steps: int = 0  # steps taken this day
    step: Step | None = None  # the latest step, if the day has been stepped

    @property
    def total(self) -> int:
        """How many tasks the day has."""
        return sum(self.counts.values())

    @property
    def watched(self) -> TaskView | None:
        """The couple the narration follows (★), if it is inside."""
        return next((task for task in self.tasks if task.watched), None)
