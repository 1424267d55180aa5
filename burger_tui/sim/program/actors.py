"""Who a task is: the actor of the day it runs (the clock, the street, the display, a member of staff, a
couple), read once from the function its coroutines pass through and that function's arguments.

A task of the day is an asyncio task whose coroutine chain passes through one of the restaurant's actor
functions (``Restaurant._visit`` for a couple, ``_work_shift`` for staff, ...); who it is never changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FunctionType

from burger_tui.sim.clock import RealClock, VirtualClock
from burger_tui.sim.model import Couple, Role, StaffMember
from burger_tui.sim.program.coroutines import walk
from burger_tui.sim.program.snapshot import Actor
from burger_tui.sim.restaurant import CounterDisplay, Restaurant


def code_of(function: Callable[..., object]) -> CodeType:
    """The code a frame of ``function`` runs (frames name their code, not their function)."""
    assert isinstance(function, FunctionType)
    return function.__code__


# The function each actor's task runs: a task whose coroutine chain passes through one of these is an actor.
# (Kept by the code object's ``id``: hashing a code object hashes its bytecode, on the hot path.)
ACTOR_CODES: dict[int, Actor] = {
    id(code_of(RealClock.run)): Actor.CLOCK,
    id(code_of(VirtualClock.run)): Actor.CLOCK,
    id(code_of(Restaurant._street)): Actor.STREET,
    id(code_of(CounterDisplay.run)): Actor.DISPLAY,
    id(code_of(Restaurant._work_shift)): Actor.STAFF,
    id(code_of(Restaurant._visit)): Actor.COUPLE,
}
_ORDER = {actor: rank for rank, actor in enumerate(Actor)}
_ROLE_ORDER = {role: rank for rank, role in enumerate(Role)}


@dataclass(slots=True)
class Identity:
    """A task of the day, as identified once (who it is does not change)."""

    actor: Actor
    order: tuple[int, int, int]  # the restaurant's order: actor, then role and number, or the couple's id
    couple: Couple | None = None
    member: StaffMember | None = None


def identify(task: asyncio.Task[object], restaurant: Restaurant) -> Identity | None:
    """Who ``task`` is in ``restaurant``'s day, or ``None`` when it is not one of its actors."""
    for frame, _created in walk(task):
        actor = ACTOR_CODES.get(id(frame.f_code))
        if actor is None:
            continue
        local = frame.f_locals
        owner = local.get("self")
        if actor is Actor.CLOCK:
            return Identity(actor, (_ORDER[actor], 0, 0)) if owner is restaurant.clock else None
        if actor is Actor.DISPLAY:
            return Identity(actor, (_ORDER[actor], 0, 0)) if owner is restaurant.display else None
        if owner is not restaurant:
            return None
        if actor is Actor.COUPLE:
            couple: Couple = local["couple"]
            return Identity(actor, (_ORDER[actor], 0, couple.id), couple=couple)
        if actor is Actor.STAFF:
            member: StaffMember = local["member"]
            return Identity(actor, (_ORDER[actor], _ROLE_ORDER[member.role], member.number), member=member)
        return Identity(actor, (_ORDER[actor], 0, 0))
    return None
