"""What happens in the restaurant, as small typed events for observers (the dashboard's narration).

The simulation never waits for an observer: listeners are plain callables run at the moment of the
event and must only record it (the dashboard notes the line to narrate and repaints once per frame).
A listener never calls back into the simulation. Events are built only when somebody listens.

Events are never compared (``eq=False``): nothing needs it, and the generated ``__eq__`` and
``__hash__`` of a dozen classes cost the dashboard's start-up about 5 ms.
"""

from __future__ import annotations

from dataclasses import dataclass

from burger_tui.sim.model import Couple, Mode, StaffMember


@dataclass(frozen=True, slots=True, eq=False)
class Event:
    at: float  # simulated seconds


@dataclass(frozen=True, slots=True, eq=False)
class CoupleArrived(Event):
    couple: Couple
    ahead: int = 0  # couples in line before them as they walk in
    # The story follows them from now on: "you" left with nobody in line, and they walked in next. (Not
    # the day's first "you": that one needs no introduction.)
    new_you: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Followed(Event):
    """The story follows ``couple`` from now on (*you*): the couple it followed left, and this one was
    first in line. (One who walks in next is introduced by its arrival: ``CoupleArrived.new_you``.)"""

    couple: Couple


@dataclass(frozen=True, slots=True, eq=False)
class JobStarted(Event):
    """A member of staff starts working for a couple."""

    couple: Couple
    staff: StaffMember


@dataclass(frozen=True, slots=True, eq=False)
class OrderStarted(JobStarted):
    """A cashier (or cashier-cook) starts taking the couple's order."""


@dataclass(frozen=True, slots=True, eq=False)
class NumberGiven(Event):
    """Concurrent/hybrid: the cashier hands a turn number; the couple goes to sit."""

    couple: Couple
    staff: StaffMember


@dataclass(frozen=True, slots=True, eq=False)
class StandingAtCounter(Event):
    """Parallel: the order is taken and the couple must stand and wait for their cashier-cook."""

    couple: Couple
    staff: StaffMember


@dataclass(frozen=True, slots=True, eq=False)
class CookingStarted(JobStarted):
    """A cook (or cashier-cook) starts cooking the couple's burgers."""


@dataclass(frozen=True, slots=True, eq=False)
class NumberShown(Event):
    """A finished order's turn number appears on the counter display."""

    couple: Couple


@dataclass(frozen=True, slots=True, eq=False)
class Glanced(Event):
    """A couple looks at the display: ``ready``, it sees its number (every couple, as it happens); not
    ``ready``, a glance that found none, told only for the followed couple (``Restaurant.tell_glances``)."""

    couple: Couple
    ready: bool


@dataclass(frozen=True, slots=True, eq=False)
class BurgersInHand(Event):
    couple: Couple


@dataclass(frozen=True, slots=True, eq=False)
class CoupleLeft(Event):
    couple: Couple


@dataclass(frozen=True, slots=True, eq=False)
class ModeChanged(Event):
    old: Mode
    new: Mode
    cooks: int  # the staff budget the new model works with (cashier-cooks in parallel, cooks in hybrid)


@dataclass(frozen=True, slots=True, eq=False)
class StaffChanged(Event):
    """Someone started or ended a shift."""

    staff: StaffMember
    joined: bool
