"""Reading the program from the tasks themselves: where each actor's task waits, and on what.

Each task of the day (who it is: :mod:`~burger_tui.sim.program.actors`) is paused in a chain of frames
(:func:`~burger_tui.sim.program.coroutines.walk`): the frames in the restaurant's own code (restaurant.py,
work.py, the clock's driver) say where it is in the story (their source:
:mod:`~burger_tui.sim.program.source`); below them is the machinery (the clock's sleep, the ``_wait``
helper, anyio's and asyncio's Event, a future), which :class:`ProgramReader` tells in words.

Reading never changes the day: it reads frames (``f_lineno``, a few ``f_locals``), task states and the
source files, and calls nothing of the simulation. Asyncio only: that is the dashboard's backend.
"""

from __future__ import annotations

import asyncio
import heapq
from typing import Any

from burger_tui.sim.clock import DUE_TOLERANCE, RealClock, VirtualClock
from burger_tui.sim.program.actors import ACTOR_CODES, Identity, code_of, identify
from burger_tui.sim.program.coroutines import started, walk
from burger_tui.sim.program.snapshot import (
    Actor,
    CoupleGroup,
    Deadline,
    Line,
    Program,
    TaskView,
    WaitKind,
    clock_text,
)
from burger_tui.sim.program.source import line_at
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.virtual_loop import awaited_future
from burger_tui.sim.work import WorkBoard

Waiter = asyncio.Future[Any] | None  # what a task awaits (None: it awaits nothing: ready or running)
NEXT_DEADLINES = 5  # how many of the clock's next wake-ups a program lists
# The restaurant's own code, where a task's place in the story is read: the restaurant and its work board
# (and the clock's driver, an actor itself). Below it, the clock's sleeps, the hand-offs, anyio, asyncio.
_OWN_FILES = frozenset(code_of(f).co_filename for f in (Restaurant.run, WorkBoard.next_job))
# Waiting on the clock: machinery, although it is our own code. The ``sleep_until`` frames hold the deadline.
# (Sets of code objects are kept by ``id``: hashing a code object hashes its bytecode, on the hot path.)
# A VirtualClock's sleeper has no such frame: it awaits the virtual-time loop's future itself, and the clock
# tells its deadline (VirtualClock.sleepers).
_SLEEP_UNTIL = frozenset({id(code_of(RealClock.sleep_until))})
_CLOCK_WAITS = _SLEEP_UNTIL | {id(code_of(RealClock.sleep))}
Sleepers = dict[asyncio.Future[None], float]  # a VirtualClock's sleepers, by future: their deadlines


class Look:
    """One task of the day as read now: plain data, made into a :class:`TaskView` only if it is shown."""

    __slots__ = (
        "asleep_until",
        "identity",
        "kind",
        "known",
        "name",
        "on_event",
        "since",
        "stack",
        "unstarted",
        "waiter",
    )

    def __init__(
        self,
        name: str,
        identity: Identity,
        kind: WaitKind,
        stack: tuple[Line, ...],
        asleep_until: float | None,
        on_event: bool,
        unstarted: bool,
        waiter: Waiter,
    ) -> None:
        self.name = name
        self.identity = identity
        self.kind = kind
        self.stack = stack
        self.asleep_until = asleep_until  # the deadline of a clock sleep, when known
        self.on_event = on_event  # awaits an anyio/asyncio Event (else a bare future: a hand-off)
        self.unstarted = unstarted
        # The future the task awaits (see awaited_future): each wait awaits a new one, so the
        # same one, still pending, means the task has not moved since.
        self.waiter = waiter
        self.since = 0.0  # when this wait began, as first seen
        self.known = False  # False: already under way at the reader's first look

    @property
    def order(self) -> tuple[int, int, int]:
        return self.identity.order

    @property
    def where(self) -> Line | None:
        return self.stack[-1] if self.stack else None

    def same_wait(self, other: Look) -> bool:
        """Whether ``other`` is a later look at this very wait."""
        return (
            self.waiter is other.waiter
            and self.kind is other.kind
            and (self.stack[-1:] or None) == (other.stack[-1:] or None)
        )

    def view(self, now: float, paused: bool) -> TaskView:
        """The frozen view of this task."""
        couple, member, kind = self.identity.couple, self.identity.member, self.kind
        return TaskView(
            name=self.name,
            actor=self.identity.actor,
            kind=kind,
            stack=self.stack,
            machinery=self.words(now, paused),
            wakes_at=self.asleep_until if kind is WaitKind.ASLEEP else None,
            since=self.since,
            since_known=self.known,
            watched=couple is not None and couple.watched,
            couple=None if couple is None else couple.id,
            phase=None if couple is None else couple.phase,
            serving=None if member is None or member.serving is None else member.serving.id,
        )

    def words(self, now: float, paused: bool) -> str:
        """The machinery below the restaurant's code, in words."""
        match self.kind:
            case WaitKind.RUNNING:
                return "running on the thread right now"
            case WaitKind.READY if self.unstarted:
                return "ready to run: about to start"
            case WaitKind.READY:
                return "ready to run: woken, its turn on the thread comes next"
            case WaitKind.ASLEEP:
                return _asleep_words(self.asleep_until, now)
        return _event_words(self.identity.actor, self.on_event, paused)


class ProgramReader:
    """Reads one day's program; remembers since when each task waits where it waits.

    Durations are measured from the first look at a wait: a wait already under way at the reader's first
    look is marked (``since_known`` False). Keep one reader per day and look once per painted frame: a
    task still awaiting the very future it awaited at the last look has not moved, and is not read again.
    """

    def __init__(self, restaurant: Restaurant) -> None:
        self.restaurant = restaurant
        self._known: dict[asyncio.Task[object], Identity | None] = {}
        self._looks: dict[asyncio.Task[object], Look] = {}
        self._looked = False

    def looks(self) -> dict[asyncio.Task[object], Look]:
        """Every task of the day now, by task (in no particular order)."""
        restaurant = self.restaurant
        clock = restaurant.clock
        now = clock.now()
        current = asyncio.current_task()
        sleepers: Sleepers = clock.sleepers() if isinstance(clock, VirtualClock) else {}
        before = self._looks
        known: dict[asyncio.Task[object], Identity | None] = {}
        looks: dict[asyncio.Task[object], Look] = {}
        for task in asyncio.all_tasks():
            identity = self._known[task] if task in self._known else identify(task, restaurant)
            if identity is None:
                if started(task):
                    known[task] = None  # not one of the day's actors: never looked at again
                continue
            known[task] = identity
            waiter: Waiter = awaited_future(task)
            last = before.get(task)
            if last is not None and waiter is not None and last.waiter is waiter and not waiter.done():
                looks[task] = last  # still paused at the same await
                continue
            look = looks[task] = _look(task, identity, waiter, task is current, sleepers)
            if last is not None and last.same_wait(look):
                look.since, look.known = last.since, last.known
            else:
                # A new wait (or a task new since the last look) began at most now; before the first
                # look, who knows when.
                look.since, look.known = now, self._looked or last is not None
        self._known, self._looks, self._looked = known, looks, True
        return looks

    def read(self, *, detail_couples: int = 0, steps: int = 0) -> Program:
        """The program now; the watched couple and the first ``detail_couples`` couples one by one."""
        looks = sorted(self.looks().values(), key=lambda look: look.order)
        return program_of(self.restaurant, looks, detail_couples=detail_couples, steps=steps)


def _look(
    task: asyncio.Task[object], identity: Identity, waiter: Waiter, running: bool, sleepers: Sleepers
) -> Look:
    """Read where ``task`` waits (the hot path: each task that moved, each painted frame)."""
    stack: list[Line] = []
    deadline: float | None = None
    asleep = on_event = created = False
    for frame, fresh in walk(task):
        created = fresh  # at the end, the innermost coroutine's
        code = frame.f_code
        key = id(code)
        if key in _CLOCK_WAITS:
            asleep = True
            if deadline is None and key in _SLEEP_UNTIL:
                deadline = frame.f_locals["deadline"]
        elif code.co_filename in _OWN_FILES or key in ACTOR_CODES:
            stack.append(line_at(code, frame.f_lineno))
        elif code.co_name == "wait" and code.co_qualname == "Event.wait":
            on_event = True
    if waiter is not None and waiter in sleepers:  # asleep on a VirtualClock
        asleep, deadline = True, sleepers[waiter]
    # A task whose chain ends in a coroutine not started yet is about to start (its first step is
    # queued), not waiting on anything.
    if running:
        kind = WaitKind.RUNNING
    elif created or waiter is None or waiter.done():
        kind = WaitKind.READY
    else:
        kind = WaitKind.ASLEEP if asleep else WaitKind.EVENT
    return Look(task.get_name(), identity, kind, tuple(stack), deadline, on_event, created, waiter)


def program_of(
    restaurant: Restaurant, looks: list[Look], *, detail_couples: int = 0, steps: int = 0
) -> Program:
    """The program of ``restaurant`` from its tasks' ``looks`` (in the restaurant's order)."""
    clock = restaurant.clock
    # How long each task has waited, at the time the screen shows (it flows on between instants).
    if isinstance(clock, RealClock):
        now, paused = clock.flowing_now(), clock.paused
    else:
        now, paused = clock.now(), False
    tasks: list[TaskView] = []
    shown: list[TaskView] = []
    # Keyed by the line's identity (one Line object per place, see ``_line``): hashing one is dearer.
    groups: dict[tuple[WaitKind, int], list[Look]] = {}
    counts = dict.fromkeys(WaitKind, 0)
    running: str | None = None
    for look in looks:
        kind = look.kind
        counts[kind] += 1
        if kind is WaitKind.RUNNING:
            running = look.name
        couple = look.identity.couple
        if couple is None:
            tasks.append(look.view(now, paused))
            continue
        groups.setdefault((kind, id(look.where)), []).append(look)
        if couple.watched:
            shown.insert(0, look.view(now, paused))
        elif len(shown) < detail_couples:
            shown.append(look.view(now, paused))
    asleep = [look for look in looks if look.kind is WaitKind.ASLEEP and look.asleep_until is not None]
    soonest = heapq.nsmallest(NEXT_DEADLINES, asleep, key=lambda look: (look.asleep_until, look.order))
    return Program(
        now=now,
        mode=restaurant.mode,
        paused=paused,
        tasks=(*tasks, *shown),
        couples=tuple(
            CoupleGroup(
                members[0].kind,
                members[0].where,
                tuple(look.order[2] for look in members),
                min(look.since for look in members),
            )
            for members in sorted(groups.values(), key=lambda members: _group_order(members[0]))
        ),
        counts=counts,
        deadlines=tuple(Deadline(look.asleep_until or 0.0, look.name) for look in soonest),
        running=running,
        steps=steps,
    )


def _group_order(look: Look) -> tuple[int, int, str]:
    """Groups in the order of the code (the order of a visit), ready ones first."""
    kind, where = look.kind, look.where
    if where is None:
        return (-1, 0, kind.value)
    return (where.first_line, where.line, kind.value)


# -- the machinery in words ------------------------------------------------------------------------------


def _asleep_words(deadline: float | None, now: float) -> str:
    if deadline is None:
        return "asleep on the clock"
    if deadline < now - DUE_TOLERANCE:
        return f"overdue: due at {clock_text(deadline)}, and the one thread has not got round to it"
    return f"asleep on the clock until {clock_text(deadline)}"


def _event_words(actor: Actor, on_event: bool, paused: bool) -> str:
    if actor is Actor.CLOCK:
        if paused:
            return "waiting for an Event: paused, a step wakes the sleepers itself"
        return "waiting for an Event, or the real time of the next deadline"
    if on_event:
        return "waiting for an Event"
    return "waiting for a hand-off: a future another task sets"
