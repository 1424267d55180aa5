"""Stepping through a day: to the next moment anything happens, and no further; then who ran, from where.

A step is the clock's own work done by hand: :meth:`~burger_tui.sim.clock.RealClock.step` moves simulated
time to the earliest sleeper's deadline and wakes whoever sleeps until then; those tasks run at the loop's
next turns (and may set others going: the cook sets an Event, the couple wakes), until every task of the
day waits again. Comparing the program before and after tells who ran: a task that ran awaits a new future.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from weakref import WeakKeyDictionary

from burger_tui.sim.clock import DUE_TOLERANCE, RealClock, settle
from burger_tui.sim.program.frames import Look, ProgramReader
from burger_tui.sim.program.snapshot import Program, Step, WaitKind, Wake
from burger_tui.sim.restaurant import Restaurant

# Waits for the loop to be at rest a step may take until every task of the day waits again: one, unless
# the loop never rested (see clock.settle). Beyond this something never waits: the step ends anyway.
MAX_SETTLES = 1_000
Looks = dict[asyncio.Task[object], Look]


class DayProgram:
    """One day's program as somebody watches it: reading it, stepping it, and the latest step.

    The restaurant must run on a :class:`RealClock` to be stepped; reading works on any clock.
    """

    def __init__(self, restaurant: Restaurant) -> None:
        self.restaurant = restaurant
        self.reader = ProgramReader(restaurant)
        self.last_step: Step | None = None

    @property
    def steps(self) -> int:
        """Steps taken this day."""
        clock = self.restaurant.clock
        return clock.steps if isinstance(clock, RealClock) else 0

    def program(self, *, detail_couples: int = 0) -> Program:
        """The program now (see :meth:`ProgramReader.read`), with the latest step."""
        program = self.reader.read(detail_couples=detail_couples, steps=self.steps)
        return program if self.last_step is None else replace(program, step=self.last_step)

    async def settle(self) -> Looks:
        """Let every task of the day that is ready run, until each waits again; the program then."""
        looks = self.reader.looks()
        for _ in range(MAX_SETTLES):
            if not any(look.kind is WaitKind.READY for look in looks.values()):
                break
            # As one of the tasks settling: the clock's driver, settling too, does not take this task's
            # wait for work. (A bare checkpoint did: each of the two waited for the other, until the driver
            # gave up after its thousands of turns, and a step from a running day held the app ~2 s.)
            await settle()
            looks = self.reader.looks()
        return looks

    async def opening(self) -> Step:
        """Step 0: every task of the day starts and runs to its first ``await``."""
        looks = await self.settle()
        now = self.restaurant.clock.now()
        self.last_step = Step(0, now, _wakes({}, looks, now))
        return self.last_step

    async def step(self, *, taken: Callable[[float], None] = lambda _at: None) -> Step | None:
        """Pause (if running) and advance to the next wake-up; ``None`` when nobody sleeps on the clock.
        ``taken`` is told the instant the step is taken at, as the clock moves (where a day's log has it)."""
        clock = self.restaurant.clock
        if not isinstance(clock, RealClock):
            raise TypeError("only a day on a RealClock can be stepped")
        # From rest: tasks set going at this instant (a couple who just walked in) run first, not in the step.
        before = await self.settle()
        start = clock.now()
        at = clock.step()
        if at is None:
            return None
        taken(start)
        after = await self.settle()
        self.last_step = Step(clock.steps, at, _wakes(before, after, at))
        return self.last_step


_days: WeakKeyDictionary[Restaurant, DayProgram] = WeakKeyDictionary()


def day_program(restaurant: Restaurant) -> DayProgram:
    """The :class:`DayProgram` of ``restaurant``'s day: one per day, gone with the day."""
    day = _days.get(restaurant)
    if day is None:
        day = _days[restaurant] = DayProgram(restaurant)
    return day


def _wakes(before: Looks, after: Looks, at: float) -> tuple[Wake, ...]:
    """The tasks that ran between two looks: the clock's wake-ups first (by deadline), then the tasks they
    set going, each group in the restaurant's order (clock, street, display, staff, couples)."""
    ran: list[tuple[tuple[object, ...], Wake]] = []
    for task, now in after.items():
        last = before.get(task)
        if last is not None and last.same_wait(now):
            continue
        ran.append((_turn(last, now, at), _wake(last, now, at)))
    for task, last in before.items():
        if task not in after:
            ran.append((_turn(last, last, at), _wake(last, None, at)))
    return tuple(wake for _, wake in sorted(ran, key=lambda item: item[0]))


def _turn(last: Look | None, now: Look, at: float) -> tuple[object, ...]:
    """When a task ran in a step: woken by the clock (by deadline), or set going by another task."""
    due = None if last is None else last.asleep_until
    if due is not None and due <= at + DUE_TOLERANCE:
        return (0, due, now.order)
    return (1, 0.0, now.order)


def _wake(last: Look | None, now: Look | None, at: float) -> Wake:
    look = now or last
    assert look is not None
    return Wake(
        task=look.name,
        woke_from=() if last is None else last.stack,
        waited="started" if last is None else last.words(at, paused=True),
        awaits=() if now is None else now.stack,
        kind=None if now is None else now.kind,
        waits="finished" if now is None else now.words(at, paused=True),
        until=None if now is None or now.kind is not WaitKind.ASLEEP else now.asleep_until,
    )
