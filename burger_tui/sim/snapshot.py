"""A frozen picture of the restaurant at one instant, for whoever wants to look (the dashboard).

Looking never changes what is looked at: :meth:`DaySnapshot.of` only reads the restaurant, so the
same seed gives the same numbers however often somebody takes a snapshot. The snapshot holds no live
simulation object either: a panel can keep it as long as it likes.

A snapshot is taken every frame, and between two frames most couples have not changed: each view
that would be equal to the last snapshot's is that same object (kept beside the restaurant, never in
it). Building a view costs more than comparing one, and a panel can tell "unchanged" by identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple
from weakref import WeakKeyDictionary

from burger_tui.sim.model import Activity, Mode, Phase, Role, planned_staff, staff_name

if TYPE_CHECKING:  # the dashboard's first frame is a snapshot taken before the day opens: it needs neither
    from burger_tui.sim.by_model import ModelRow
    from burger_tui.sim.live import DaySettings
    from burger_tui.sim.restaurant import Restaurant

SHOWN_PHASES = tuple(phase for phase in Phase if phase is not Phase.LEFT)
# The waits measured for every couple (sim/stats.py), and shown: here, so that the snapshot of a day not yet
# open (the dashboard's first frame) needs not the statistics themselves.
WAIT_NAMES = ("line", "kitchen_queue", "order_to_food", "pickup", "total")


class Glances(NamedTuple):
    """A seated couple looks up at the display at ``first``, then every ``every`` seconds (simulated).

    Each look is an instant here: how long one shows is the screen's business.
    """

    first: float
    every: float


# The views are NamedTuples: a frozen dataclass costs ~0.4 ms to create on CPython 3.11 (the dashboard's
# start-up) and more to make per couple each frame.
class CoupleView(NamedTuple):
    """A couple inside the restaurant."""

    id: int
    phase: Phase
    phase_since: float  # when the couple entered ``phase``
    arrived_at: float
    turn_number: int | None
    table: int | None  # the table they sit at (seated by the restaurant): the restaurant's, never a screen's
    served_by: str | None
    watched: bool  # the narration follows this couple: *you*
    glances: Glances | None  # seated: when it looks up at the display


class StaffView(NamedTuple):
    """A member of staff and the job in their hands."""

    name: str
    role: Role
    number: int  # of the role: ``Cook 3`` is the third cook
    activity: Activity
    serving: CoupleView | None
    progress: float  # of the job in hand, 0..1
    off_duty: bool  # sent home: finishes the job in hand, takes no new one


class TicketView(NamedTuple):
    """An order waiting in the kitchen queue."""

    turn_number: int
    couple: CoupleView


@dataclass(frozen=True, slots=True)
class WaitView:  # not a NamedTuple: its field ``count`` would hide tuple.count
    count: int
    mean: float
    p95: float


class StatsView(NamedTuple):
    """The day's statistics so far (see ``RunStats``)."""

    arrived: int
    served: int
    left: int
    throughput_per_hour: float | None  # None until it says something (see ``RunStats.throughput_per_hour``)
    talking_share: float | None  # None while nobody has waited (see ``RunStats.talking_share``)
    waits: Mapping[str, WaitView]
    utilization: Mapping[str, float]  # "cashier", "cooks": busy share of on-duty time since ``busy_since``
    shared_roles: (
        bool  # a cashier-cook was on duty since then: the shares are of who took orders and who cooked
    )
    busy_since: float  # when the running model started (the opening, or the last switch of model)
    recent_visits: tuple[float, ...]  # the last visits' lengths, oldest first


class DaySnapshot(NamedTuple):
    """The whole restaurant at ``now`` (simulated seconds)."""

    now: float
    mode: Mode
    cooks: int
    speed: float
    paused: bool
    auto_arrivals: bool
    staff: tuple[StaffView, ...]
    line: tuple[CoupleView, ...]  # in the order the cashier will serve them
    kitchen_queue: tuple[TicketView, ...]
    display_numbers: tuple[int, ...]  # ready turn numbers, oldest first
    by_phase: Mapping[Phase, tuple[CoupleView, ...]]  # by arrival (the line: by cashier order)
    stats: StatsView
    by_model: tuple[ModelRow, ...] = ()  # each model's couples so far (if a ModelStats listens)
    newest: float | None = None  # the day's newest instant, when this is an earlier one (a rewind)

    def couples(self, phase: Phase) -> tuple[CoupleView, ...]:
        return self.by_phase[phase]

    @classmethod
    def of(
        cls,
        restaurant: Restaurant,
        *,
        speed: float = 1.0,
        paused: bool = False,
        by_model: tuple[ModelRow, ...] = (),
        now: float | None = None,
    ) -> DaySnapshot:
        """Read ``restaurant`` now; ``speed`` and ``paused`` are its clock's (real time only). ``now``: the
        time to show work in progress at (a real clock's flowing time), by default the day's own."""
        if now is None:
            now = restaurant.clock.now()
        last = _last_views.get(restaurant)
        if last is None:
            last = _last_views[restaurant] = _LastViews()
        views, by_phase = _couple_views(restaurant, last)
        staff = tuple(
            StaffView(
                member.name,
                member.role,
                member.number,
                member.activity,
                None if member.serving is None else views.get(member.serving.id),
                member.progress(now),
                member.off_duty,
            )
            for member in restaurant.staff
        )
        return cls(
            now=now,
            mode=restaurant.mode,
            cooks=restaurant.cooks,
            speed=speed,
            paused=paused,
            auto_arrivals=restaurant.auto_arrivals,
            staff=staff,
            line=by_phase[Phase.IN_LINE],
            kitchen_queue=_ticket_views(restaurant, views, last),
            display_numbers=tuple(restaurant.display.numbers),
            by_phase=by_phase,
            stats=_stats_view(restaurant, now, last),
            by_model=by_model,
        )


# What a couple's view is made of, but its glances (which follow from it: see _couple_views).
_STATE = attrgetter(
    "id", "phase", "phase_since", "arrived_at", "turn_number", "table", "served_by", "watched"
)
_ID = attrgetter("id")


class _LastViews:
    """What the last snapshot of one restaurant built, to be reused where nothing changed.

    Plain values only, no simulation object: nothing here keeps a couple (or the day) alive.
    """

    __slots__ = (
        "by_phase",
        "couples",
        "line",
        "recent_visits",
        "states",
        "tickets",
        "waits",
        "waits_of",
    )

    def __init__(self) -> None:
        self.states: list[tuple[object, ...]] = []  # each couple's ``_STATE``, by arrival
        self.line: list[int] = []  # the couples in line, in the cashier's order
        self.couples: dict[int, CoupleView] = {}  # by arrival, like ``Restaurant.present``
        self.by_phase: dict[Phase, tuple[CoupleView, ...]] = {phase: () for phase in SHOWN_PHASES}
        self.tickets: dict[int, TicketView] = {}  # by turn number
        self.waits: Mapping[str, WaitView] = {}
        self.waits_of: tuple[int, ...] = ()  # the count of each wait the views were built at
        self.recent_visits: tuple[float, ...] = ()


# Beside each restaurant, not in it: taking a snapshot changes nothing in the simulation. A day's
# views go with its restaurant.
_last_views: WeakKeyDictionary[Restaurant, _LastViews] = WeakKeyDictionary()


def _couple_views(
    restaurant: Restaurant, last: _LastViews
) -> tuple[dict[int, CoupleView], dict[Phase, tuple[CoupleView, ...]]]:
    """A view of each couple inside, and the views by phase (the line in the cashier's order).

    Every frame reads every couple, so the common case is read in bulk: when nobody moved since
    the last look, the last views are this look's.
    """
    every = restaurant.config.glance_every
    states = list(map(_STATE, restaurant.present.values()))
    line = list(map(_ID, restaurant.board.line))
    if states == last.states and line == last.line:
        return last.couples, last.by_phase
    views: dict[int, CoupleView] = {}
    phases: dict[Phase, list[CoupleView]] = {phase: [] for phase in SHOWN_PHASES}
    for couple, state in zip(restaurant.present.values(), states, strict=True):
        view = last.couples.get(couple.id)
        # A view is its couple's state, then its glances (CoupleView's fields are in _STATE's order):
        # those follow from the state (when it sat down; its offset and the day's interval never change).
        if view is None or view[:-1] != state:
            seated = couple.phase is Phase.SEATED
            glances = Glances(couple.phase_since + couple.demand.glance_offset, every) if seated else None
            view = CoupleView._make((*state, glances))
        views[couple.id] = view
        phases[couple.phase].append(view)
    by_phase = {phase: tuple(found) for phase, found in phases.items()}
    by_phase[Phase.IN_LINE] = tuple(map(views.__getitem__, line))
    last.states, last.line, last.couples, last.by_phase = states, line, views, by_phase
    return views, by_phase


def _ticket_views(
    restaurant: Restaurant, views: Mapping[int, CoupleView], last: _LastViews
) -> tuple[TicketView, ...]:
    """The kitchen queue; a ticket's view is the last one's while its couple's view is."""
    tickets: list[TicketView] = []
    for ticket in restaurant.board.kitchen_queue:
        couple = views[ticket.couple.id]
        view = last.tickets.get(ticket.turn_number)
        if view is None or view.couple is not couple:
            view = TicketView(ticket.turn_number, couple)
        tickets.append(view)
    last.tickets = {view.turn_number: view for view in tickets}
    return tuple(tickets)


def _stats_view(restaurant: Restaurant, now: float, last: _LastViews) -> StatsView:
    stats = restaurant.stats
    waits = stats.waits
    # A wait's mean and percentile change only when a value is added, and each adds to its count.
    counts = tuple(w.count for w in waits.values())
    if counts != last.waits_of:
        last.waits_of = counts
        last.waits = {name: WaitView(w.count, w.mean, w.quantile(0.95)) for name, w in waits.items()}
        last.recent_visits = tuple(waits["total"].recent)
    return StatsView(
        arrived=stats.arrived,
        served=stats.served,
        left=stats.left,
        throughput_per_hour=stats.throughput_per_hour(now),
        talking_share=stats.talking_share,
        waits=last.waits,
        utilization=restaurant.stretch_utilization(now),
        shared_roles=stats.stretch_on_duty(now)[Role.CASHIER_COOK] > 0,
        busy_since=stats.stretch_since,
        recent_visits=last.recent_visits,
    )


def opening_snapshot(settings: DaySettings) -> DaySnapshot:
    """The restaurant of ``settings`` as it opens: the staff idle at their stations, nobody inside.

    What the dashboard paints first, a moment before the day itself opens (the same picture as the
    open day's first snapshot, tested): opening a day starts anyio's event loop backend and every actor,
    which would hold the first frame back.
    """
    config = settings.config
    nobody = WaitView(0, 0.0, 0.0)
    return DaySnapshot(
        now=0.0,
        mode=config.mode,
        cooks=config.cooks,
        speed=settings.speed,
        paused=False,
        auto_arrivals=settings.auto_arrivals,
        staff=tuple(
            StaffView(staff_name(role, number), role, number, Activity.IDLE, None, 0.0, False)
            for role, count in planned_staff(config.mode, config.cooks).items()
            for number in range(1, count + 1)
        ),
        line=(),
        kitchen_queue=(),
        display_numbers=(),
        by_phase={phase: () for phase in SHOWN_PHASES},
        stats=StatsView(
            arrived=0,
            served=0,
            left=0,
            throughput_per_hour=None,
            talking_share=None,
            waits=dict.fromkeys(WAIT_NAMES, nobody),
            utilization={"cashier": 0.0, "cooks": 0.0},
            shared_roles=False,
            busy_since=0.0,
            recent_visits=(),
        ),
    )
