"""Reading the program from the tasks themselves: each actor's coroutine frames, walked through ``cr_await``.

A task of the day is an asyncio task whose coroutine chain passes through one of the restaurant's actor
functions (``Restaurant._visit`` for a couple, ``_work_shift`` for staff, ...). Walking the chain from the
task's coroutine down each ``cr_await`` gives the frames it is paused in, outermost first: the frames in the
restaurant's own code (restaurant.py, work.py, the clock's driver) say where it is in the story; below
them is the machinery (the clock's sleep, the ``_wait`` helper, anyio's and asyncio's Event, a future),
which :class:`ProgramReader` tells in words.

Reading never changes the day: it reads frames (``f_lineno``, a few ``f_locals``), task states and the
source files, and calls nothing of the simulation. Asyncio only: that is the dashboard's backend.
"""

from __future__ import annotations

import ast
import asyncio
import heapq
import inspect
import linecache
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType, CoroutineType, FrameType, FunctionType, GeneratorType
from typing import Any

from burger_tui.sim.clock import DUE_TOLERANCE, RealClock, VirtualClock
from burger_tui.sim.model import Couple, Role, StaffMember
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
from burger_tui.sim.restaurant import CounterDisplay, Restaurant
from burger_tui.sim.work import WorkBoard

Waiter = asyncio.Future[Any] | None  # what a task awaits (None: it awaits nothing: ready or running)
NEXT_DEADLINES = 5  # how many of the clock's next wake-ups a program lists
_COMMENT = re.compile(r"\s+#\s.*$")  # an inline comment after the code (PEP 8: two spaces, #, a space)


def _code(function: Callable[..., object]) -> CodeType:
    assert isinstance(function, FunctionType)
    return function.__code__


# The function each actor's task runs: a task whose coroutine chain passes through one of these is an actor.
_ACTORS: dict[CodeType, Actor] = {
    _code(RealClock.run): Actor.CLOCK,
    _code(VirtualClock.run): Actor.CLOCK,
    _code(Restaurant._street): Actor.STREET,
    _code(CounterDisplay.run): Actor.DISPLAY,
    _code(Restaurant._work_shift): Actor.STAFF,
    _code(Restaurant._visit): Actor.COUPLE,
}
_ORDER = {actor: rank for rank, actor in enumerate(Actor)}
_ROLE_ORDER = {role: rank for rank, role in enumerate(Role)}
# The restaurant's own code, where a task's place in the story is read: the restaurant and its work board
# (and the clock's driver, an actor itself). Below it, the clock's sleeps, the hand-offs, anyio, asyncio.
_OWN_FILES = frozenset(_code(f).co_filename for f in (Restaurant.run, WorkBoard.next_job))
# Waiting on the clock: machinery, although it is our own code. The ``sleep_until`` frames hold the deadline.
# (Sets of code objects are kept by ``id``: hashing a code object hashes its bytecode, on the hot path.)
_SLEEP_UNTIL = frozenset(id(_code(f)) for f in (RealClock.sleep_until, VirtualClock.sleep_until))
_CLOCK_WAITS = _SLEEP_UNTIL | {id(_code(RealClock.sleep)), id(_code(VirtualClock.sleep))}
_ACTOR_IDS = {id(code): actor for code, actor in _ACTORS.items()}


@dataclass(slots=True)
class _Known:
    """A task of the day, as identified once (who it is does not change)."""

    actor: Actor
    order: tuple[int, int, int]  # the restaurant's order: actor, then role and number, or the couple's id
    couple: Couple | None = None
    member: StaffMember | None = None


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
        identity: _Known,
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
        # The future the task awaits (asyncio's own ``_fut_waiter``): each wait awaits a new one, so the
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
        self._known: dict[asyncio.Task[object], _Known | None] = {}
        self._looks: dict[asyncio.Task[object], Look] = {}
        self._looked = False

    def looks(self) -> dict[asyncio.Task[object], Look]:
        """Every task of the day now, by task (in no particular order)."""
        restaurant = self.restaurant
        now = restaurant.clock.now()
        current = asyncio.current_task()
        before = self._looks
        known: dict[asyncio.Task[object], _Known | None] = {}
        looks: dict[asyncio.Task[object], Look] = {}
        for task in asyncio.all_tasks():
            identity = self._known[task] if task in self._known else _identify(task, restaurant)
            if identity is None:
                if _started(task):
                    known[task] = None  # not one of the day's actors: never looked at again
                continue
            known[task] = identity
            waiter: Waiter = getattr(task, "_fut_waiter", None)  # what asyncio shows in a task's repr
            last = before.get(task)
            if last is not None and waiter is not None and last.waiter is waiter and not waiter.done():
                looks[task] = last  # still paused at the same await
                continue
            look = looks[task] = _look(task, identity, waiter, task is current)
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


def _look(task: asyncio.Task[object], identity: _Known, waiter: Waiter, running: bool) -> Look:
    """Read ``task``'s frames (the hot path: each task that moved, each frame): ``_frames``, inlined."""
    stack: list[Line] = []
    deadline: float | None = None
    asleep = on_event = created = False
    obj: object = task.get_coro()
    while True:
        if isinstance(obj, CoroutineType):
            frame, inner = obj.cr_frame, obj.cr_await
            created = not (obj.cr_suspended or obj.cr_running)
        elif isinstance(obj, GeneratorType):  # a generator-based coroutine (asyncio's sleep(0))
            frame, inner = obj.gi_frame, obj.gi_yieldfrom
            created = not (obj.gi_suspended or obj.gi_running)
        else:
            break
        if frame is None:
            break
        code = frame.f_code
        key = id(code)
        if key in _CLOCK_WAITS:
            asleep = True
            if deadline is None and key in _SLEEP_UNTIL:
                deadline = frame.f_locals["deadline"]
        elif code.co_filename in _OWN_FILES or key in _ACTOR_IDS:
            stack.append(_line(code, frame.f_lineno))
        elif code.co_name == "wait" and code.co_qualname == "Event.wait":
            on_event = True
        if created and key not in _ACTOR_IDS:
            inner = getattr(frame.f_locals.get("self"), "_coro", None)  # see ``_frames``
        obj = inner
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
    now = clock.now()
    paused = isinstance(clock, RealClock) and clock.paused
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


# -- who a task is ---------------------------------------------------------------------------------------


def _frames(task: asyncio.Task[object]) -> Iterator[tuple[FrameType, bool]]:
    """The frames of the coroutines ``task`` is inside, outermost first, each with whether its coroutine
    has not started yet (a task not started: its actor's frame is found through anyio's task handle, in
    which anyio wraps the actor)."""
    obj: object = task.get_coro()
    while True:
        if isinstance(obj, CoroutineType):
            frame, inner = obj.cr_frame, obj.cr_await
            created = inspect.getcoroutinestate(obj) == inspect.CORO_CREATED
        elif isinstance(obj, GeneratorType):  # a generator-based coroutine (asyncio's sleep(0))
            frame, inner = obj.gi_frame, obj.gi_yieldfrom
            created = inspect.getgeneratorstate(obj) == inspect.GEN_CREATED
        else:
            return
        if frame is None:
            return
        yield frame, created
        if created and id(frame.f_code) not in _ACTOR_IDS:
            inner = getattr(frame.f_locals.get("self"), "_coro", None)
        obj = inner


def _started(task: asyncio.Task[object]) -> bool:
    coro = task.get_coro()
    return not (isinstance(coro, CoroutineType) and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED)


def _identify(task: asyncio.Task[object], restaurant: Restaurant) -> _Known | None:
    """Who ``task`` is in ``restaurant``'s day, or ``None`` when it is not one of its actors."""
    for frame, _ in _frames(task):
        actor = _ACTOR_IDS.get(id(frame.f_code))
        if actor is None:
            continue
        local = frame.f_locals
        owner = local.get("self")
        if actor is Actor.CLOCK:
            return _Known(actor, (_ORDER[actor], 0, 0)) if owner is restaurant.clock else None
        if actor is Actor.DISPLAY:
            return _Known(actor, (_ORDER[actor], 0, 0)) if owner is restaurant.display else None
        if owner is not restaurant:
            return None
        if actor is Actor.COUPLE:
            couple: Couple = local["couple"]
            return _Known(actor, (_ORDER[actor], 0, couple.id), couple=couple)
        if actor is Actor.STAFF:
            member: StaffMember = local["member"]
            return _Known(actor, (_ORDER[actor], _ROLE_ORDER[member.role], member.number), member=member)
        return _Known(actor, (_ORDER[actor], 0, 0))
    return None


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


# -- the source ----------------------------------------------------------------------------------------


def _line(code: CodeType, line: int) -> Line:
    """The :class:`Line` of ``code`` at ``line``, made once (kept with its code, so the ``id`` stays its)."""
    known = _LINES.get((id(code), line))
    if known is not None:
        return known[1]
    first, last = _statements(code.co_filename).get(line, (line, line))
    text = " ".join(
        _COMMENT.sub("", linecache.getline(code.co_filename, n)).strip() for n in range(first, last + 1)
    )
    text = re.sub(r"([(\[]) ", r"\1", re.sub(r",? ([)\]])", r"\1", text))  # a call cut over lines
    made = _LINES[id(code), line] = (
        code,
        Line(code.co_filename, code.co_qualname, code.co_firstlineno, line, text),
    )
    return made[1]


_LINES: dict[tuple[int, int], tuple[CodeType, Line]] = {}


@lru_cache(maxsize=16)
def _statements(path: str) -> dict[int, tuple[int, int]]:
    """For each line of an ``await`` in ``path``: the lines of its statement, up to the ``await``'s end.

    ``busy = await self._job(`` spans three lines; a paused frame names the first, the view shows all.
    """
    spans: dict[int, tuple[int, int]] = {}

    def visit(node: ast.AST, statement: ast.stmt | None) -> None:
        for child in ast.iter_child_nodes(node):
            inside = child if isinstance(child, ast.stmt) else statement
            if isinstance(child, ast.Await) and inside is not None:
                end = child.end_lineno or child.lineno
                for line in range(child.lineno, end + 1):
                    spans.setdefault(line, (min(inside.lineno, child.lineno), end))
            visit(child, inside)

    visit(ast.parse("".join(linecache.getlines(path))), None)
    return spans


@lru_cache(maxsize=32)
def function_source(path: str, first_line: int) -> tuple[str, ...]:
    """The lines of the function that starts at ``first_line`` of ``path`` (its decorators aside)."""
    lines = linecache.getlines(path)
    return tuple(line.rstrip("\n") for line in inspect.getblock(lines[first_line - 1 :]))
