"""The people and things of the story: couples, turn numbers, staff, and the settings of a day."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from burger_tui.sim.distributions import Distribution, exact, parse_distribution
from burger_tui.sim.limits import (
    MAX_ARRIVAL_RATE_PER_MIN,
    MAX_DURATION_S,
    MAX_OPENING_LINE,
    MAX_SEED,
    MIN_ARRIVAL_RATE_PER_MIN,
    MIN_MEAN_S,
    MIN_SEED,
)

if TYPE_CHECKING:  # the hand-offs need anyio: not imported for the dashboard's first frame
    from burger_tui.sim.handoff import Signal

MAX_COOKS = 32


class SettingError(ValueError):
    """A setting of a day outside what it accepts: ``accepts`` says what that is, and the message adds
    the value given. The command line quotes the text typed instead (a value can read as another:
    ``1e-400`` is 0)."""

    def __init__(self, accepts: str, given: object) -> None:
        super().__init__(f"{accepts}, got {given}")
        self.accepts = accepts


def _shown_seed(seed: int) -> str:
    """``seed`` for a message; one too long to quote by its size (str() refuses past 4,300 digits)."""
    if seed.bit_length() <= 128:  # up to 39 digits
        return str(seed)
    return f"a number of about {seed.bit_length() * math.log10(2):.0f} digits"


class Mode(StrEnum):
    """How the restaurant is organised."""

    CONCURRENT = "concurrent"  # one cashier hands out turn numbers, one cook
    PARALLEL = "parallel"  # N cashier-cooks; the couple stands at the counter
    HYBRID = "hybrid"  # one cashier hands out turn numbers, N cooks

    @property
    def story_title(self) -> str:
        """The story's name for the model: ``'Concurrent Burgers'``..."""
        return {
            Mode.CONCURRENT: "Concurrent Burgers",
            Mode.PARALLEL: "Parallel Burgers",
            Mode.HYBRID: "Hybrid Burgers",
        }[self]

    def next(self) -> Mode:
        """The next model in the toggle cycle: concurrent -> parallel -> hybrid -> concurrent."""
        members = list(Mode)
        return members[(members.index(self) + 1) % len(members)]


class Phase(StrEnum):
    """Where a couple is in its visit; each couple is in exactly one phase."""

    IN_LINE = "in line"  # waiting to order, standing
    ORDERING = "ordering"  # at the cashier
    AT_COUNTER = "at counter"  # parallel: standing, blocked, until the cashier-cook hands the burgers
    SEATED = "seated"  # concurrent/hybrid: at a table with a turn number, talking
    WALKING = "walking"  # saw their number, walking to the counter
    EATING = "eating"
    LEFT = "left"


WAITING_PHASES = (Phase.IN_LINE, Phase.ORDERING, Phase.AT_COUNTER, Phase.SEATED, Phase.WALKING)


class Role(StrEnum):
    CASHIER = "cashier"
    COOK = "cook"
    CASHIER_COOK = "cashier-cook"

    @property
    def label(self) -> str:
        """The role capitalised, as staff names begin: ``'Cashier-cook'``."""
        return self.value.capitalize()


class Activity(StrEnum):
    IDLE = "idle"
    TAKING_ORDER = "taking order"
    COOKING = "cooking"


def planned_staff(mode: Mode, cooks: int) -> dict[Role, int]:
    """How many of each role a model employs with a staff budget of ``cooks``."""
    if mode is Mode.PARALLEL:
        return {Role.CASHIER_COOK: cooks}
    return {Role.CASHIER: 1, Role.COOK: 1 if mode is Mode.CONCURRENT else cooks}


def staff_name(role: Role, number: int) -> str:
    """What the screen calls a member of staff: ``'Cashier'``, ``'Cook 2'``, ``'Cashier-cook 8'``."""
    return "Cashier" if role is Role.CASHIER and number == 1 else f"{role.label} {number}"


def organisation_dict(mode: Mode, cooks: int) -> dict[str, object]:
    """A model as the JSON records it: the staff it employs (Concurrent's one cook whatever the setting), and
    the setting of cooks, which Parallel and Hybrid employ. (``cooks`` alone said 8 of Concurrent's one.)"""
    staff = {str(role): count for role, count in planned_staff(mode, cooks).items()}
    return {"mode": str(mode), "staff": staff, "cooks_setting": cooks}


def describe_staff(mode: Mode, cooks: int) -> str:
    """``'1 cashier, 1 cook'``, ``'8 cashier-cooks'``..."""
    return ", ".join(
        f"{count} {role.value}{'s' if count != 1 else ''}"
        for role, count in planned_staff(mode, cooks).items()
    )


@dataclass(frozen=True, slots=True)
class RestaurantConfig:
    """The settings of a day. Times are distributions in simulated seconds."""

    mode: Mode = Mode.CONCURRENT
    cooks: int = 8  # cashier-cooks in parallel, cooks in hybrid; concurrent always has one cook
    arrival_rate_per_min: float = 1.0  # Poisson arrivals while automatic arrivals are on
    order_time: Distribution = field(default_factory=lambda: parse_distribution("uniform:10:20"))
    cook_time: Distribution = field(default_factory=lambda: parse_distribution("exp:45"))
    eat_time: Distribution = field(default_factory=lambda: parse_distribution("uniform:60:120"))
    glance_every: float = 8.0  # seconds between glances at the counter display
    walk_time: float = 4.0  # seconds from the table to the counter
    seed: int = 0
    opening_line: int = 0  # couples at the door as the day opens, in line before the stream's first

    def __post_init__(self) -> None:
        """Refuse values outside :mod:`burger_tui.sim.limits` (NaN fails every comparison): a day on
        accepted values never computes an infinite or NaN time, sum or mean."""
        if not 1 <= self.cooks <= MAX_COOKS:
            raise SettingError(f"cooks must be between 1 and {MAX_COOKS}", self.cooks)
        if not MIN_ARRIVAL_RATE_PER_MIN <= self.arrival_rate_per_min <= MAX_ARRIVAL_RATE_PER_MIN:
            raise SettingError(
                f"arrival rate must be between {MIN_ARRIVAL_RATE_PER_MIN:g} and "
                f"{MAX_ARRIVAL_RATE_PER_MIN:.0f} couples per minute",
                exact(self.arrival_rate_per_min),
            )
        if not MIN_MEAN_S <= self.glance_every <= MAX_DURATION_S:
            raise SettingError(
                f"glance interval must be between {MIN_MEAN_S:g} and {MAX_DURATION_S:.0f} s",
                exact(self.glance_every),
            )
        if not 0 <= self.walk_time <= MAX_DURATION_S:
            raise SettingError(
                f"walk time must be between 0 and {MAX_DURATION_S:.0f} s", exact(self.walk_time)
            )
        if not 0 <= self.opening_line <= MAX_OPENING_LINE:
            raise SettingError(
                f"the opening line must be between 0 and {MAX_OPENING_LINE:,} couples", self.opening_line
            )
        if not MIN_SEED <= self.seed <= MAX_SEED:
            raise SettingError(
                f"seed must be a whole number between {MIN_SEED} and {MAX_SEED} (a signed 64-bit integer)",
                _shown_seed(self.seed),
            )

    def as_dict(self) -> dict[str, object]:
        """The settings as ``simulate --json`` reports them."""
        return {
            "mode": str(self.mode),
            "cooks": self.cooks,
            "arrival_rate_per_min": self.arrival_rate_per_min,
            "order_time": str(self.order_time),
            "cook_time": str(self.cook_time),
            "eat_time": str(self.eat_time),
            "glance_every_s": self.glance_every,
            "walk_time_s": self.walk_time,
            "seed": self.seed,
            "opening_line": self.opening_line,
        }


class Reorganisation(NamedTuple):
    """A live switch: from ``at`` (simulated seconds) on, the day ran ``mode`` with a budget of ``cooks``."""

    at: float
    mode: Mode
    cooks: int

    def as_dict(self) -> dict[str, object]:
        """The switch as ``simulate --json`` reports it."""
        return {"at_s": self.at, **organisation_dict(self.mode, self.cooks)}


class Demand(NamedTuple):
    """What a couple will need, drawn once on arrival so every model sees the same couples."""

    order_time: float
    cook_time: float
    eat_time: float
    glance_offset: float  # when, within each glance interval, this couple looks up


@dataclass(slots=True, eq=False)
class Couple:
    """You and your crush. Times are simulated seconds; ``None`` until it happens."""

    id: int
    arrived_at: float
    demand: Demand
    watched: bool = False  # the narration follows this couple glance by glance
    phase: Phase = Phase.IN_LINE
    phase_since: float = 0.0
    turn_number: int | None = None  # given by the cashier (concurrent, hybrid)
    table: int | None = None  # where they sit (the lowest free one: see Restaurant); kept after they leave
    served_by: str | None = None
    ordered_under: Mode | None = None  # the model of the staff member who took the order
    order_started_at: float | None = None
    ordered_at: float | None = None
    cook_started_at: float | None = None
    food_ready_at: float | None = None
    picked_up_at: float | None = None
    left_at: float | None = None
    talking: float = 0.0  # seconds spent at a table talking while waiting (set when they stop)
    # Set once by the staff when the burgers are the couple's (see :mod:`burger_tui.sim.handoff`).
    food_ready: Signal = field(kw_only=True)

    def move_to(self, phase: Phase, now: float) -> None:
        """The couple is in ``phase`` from ``now`` on."""
        self.phase = phase
        self.phase_since = now

    def glance(self, k: int, every: float) -> float:
        """When the couple, seated with a turn number, looks at the display for the ``k``-th time.

        They sit down as their order is taken and look up every ``every`` seconds, at a moment of
        their own within each interval (``demand.glance_offset``), from k = 0 on.
        """
        assert self.ordered_at is not None, "a couple glances at the display once seated"
        return self.ordered_at + self.demand.glance_offset + k * every

    def next_glance(self, now: float, every: float) -> float:
        """Their first glance at the display at ``now`` or later: when they see a number shown ``now``."""
        first = self.glance(0, every)
        return first + max(0, math.ceil((now - first) / every)) * every

    @property
    def label(self) -> str:
        """``'#12'`` once they have a turn number, else ``'couple 24'``."""
        return f"#{self.turn_number}" if self.turn_number is not None else f"couple {self.id}"


class Ticket(NamedTuple):
    """An order in the kitchen queue: the couple's turn number."""

    turn_number: int
    couple: Couple


@dataclass(slots=True, eq=False)
class StaffMember:
    """A cashier, a cook or (parallel) a cashier-cook."""

    name: str
    role: Role
    number: int
    # Whose staff they are: the model running when they were hired or at the last switch that kept them
    # on duty. A couple counts for the model of the member who takes their order (``ordered_under``).
    model: Mode
    activity: Activity = Activity.IDLE
    serving: Couple | None = None
    job_started_at: float = 0.0
    job_ends_at: float = 0.0
    off_duty: bool = False  # told to go home: finishes the job in hand, takes no new one

    def start_job(self, activity: Activity, couple: Couple, now: float, seconds: float) -> None:
        """Start working for ``couple`` at ``now``, a job of ``seconds`` (the progress bar's span)."""
        self.activity = activity
        self.serving = couple
        self.job_started_at = now
        self.job_ends_at = now + seconds

    def end_job(self) -> None:
        """The job in hand is done: free for the next."""
        self.activity = Activity.IDLE
        self.serving = None

    def progress(self, now: float) -> float:
        """Fraction of the current job done, 0..1 (for progress bars)."""
        if self.activity is Activity.IDLE:
            return 0.0
        span = self.job_ends_at - self.job_started_at
        return 1.0 if span <= 0 else min(1.0, max(0.0, (now - self.job_started_at) / span))
