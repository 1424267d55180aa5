"""The restaurant of the story, every actor a real anyio task.

Actors: the street (arrivals), each couple, the cashier, each cook (or, in parallel mode,
each cashier-cook) and the counter display. They hand work to each other through the
:class:`~burger_tui.sim.work.WorkBoard` and one-shot signals (:mod:`burger_tui.sim.handoff`), and
wait only through the :class:`~burger_tui.sim.clock.Clock`. A couple's task wakes when there is
something for it to do: when its burgers are ready (handed over the counter, or its number on the
display), and, for the couple the narration follows, when it sits down to glance at the display.

Live changes (see README, "Switching models live"): switching the model or the number of cooks
never restarts the day. Staff whose job disappears finish the job in their hands under the
model it started in, then go home; the new model's staff are hired at once and take over the
queues: couples still in line are served the new way, tickets already in the kitchen queue
are cooked by the new cooks (cashier-cooks take them before new orders), couples seated with a
number keep watching the display, and couples standing at the counter get their burgers from
the cashier-cook who took their order.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import deque
from collections.abc import Callable

import anyio
import anyio.abc

from burger_tui.sim import events as ev
from burger_tui.sim.clock import Clock
from burger_tui.sim.handoff import Signal, fire, signal_factory
from burger_tui.sim.model import (
    MAX_COOKS,
    Activity,
    Couple,
    Demand,
    Mode,
    Phase,
    Reorganisation,
    RestaurantConfig,
    Role,
    StaffMember,
    Ticket,
    planned_staff,
    staff_name,
)
from burger_tui.sim.stats import RunStats
from burger_tui.sim.work import WorkBoard

Listener = Callable[[ev.Event], None]

# Enum members read on the hot path, as module globals: on CPython 3.11 ``Phase.EATING`` costs ~45 ns
# (attribute look-up through the enum's metaclass), a global ~4 ns, and a visit reads a dozen.
_ORDERING, _AT_COUNTER, _SEATED, _WALKING, _EATING, _LEFT = (
    Phase.ORDERING,
    Phase.AT_COUNTER,
    Phase.SEATED,
    Phase.WALKING,
    Phase.EATING,
    Phase.LEFT,
)
_TAKING_ORDER, _COOKING, _IDLE = Activity.TAKING_ORDER, Activity.COOKING, Activity.IDLE
_CASHIER = Role.CASHIER


class CounterDisplay:
    """The screen over the counter: cooks post finished orders, it shows their turn numbers.

    Numbers show in the order posted. Posted at one instant, they all show in the display's next
    turn: through the anyio memory object stream it used before (a checkpoint before every receive)
    they showed a turn apart, so only the order of couples woken at one instant can differ from then,
    never a time (the seeded days of tests/sim/test_same_results.py are bit-identical).
    """

    def __init__(self, restaurant: Restaurant) -> None:
        self._restaurant = restaurant
        self._posted: deque[Couple] = deque()
        self._waiting: Signal | None = None  # set while the display waits for a post
        self.numbers: dict[int, Couple] = {}  # turn number -> couple, oldest first

    def post(self, couple: Couple) -> None:
        self._posted.append(couple)
        if self._waiting is not None:
            fire(self._waiting)
            self._waiting = None

    def take(self, turn_number: int) -> None:
        """The couple picked up their burgers: the number goes off the display."""
        del self.numbers[turn_number]

    async def run(self) -> None:
        restaurant = self._restaurant
        new_signal, posted = restaurant.new_signal, self._posted
        while True:
            if not posted:
                self._waiting = waiting = new_signal()
                await waiting
            while posted:
                couple = posted.popleft()
                assert couple.turn_number is not None
                self.numbers[couple.turn_number] = couple
                fire(couple.food_ready)
                if restaurant._listeners:
                    restaurant.emit(ev.NumberShown(restaurant.clock.now(), couple))


class Restaurant:
    """One day of the restaurant. Create it inside the event loop, then ``await tg.start(r.run)``."""

    def __init__(
        self,
        config: RestaurantConfig,
        clock: Clock,
        *,
        auto_arrivals: bool = True,
        max_arrivals: int | None = None,
        follow_couples: bool = False,
    ) -> None:
        self.config = config
        self.clock = clock
        self.mode = config.mode
        self.cooks = config.cooks
        self.auto_arrivals = auto_arrivals
        self.max_arrivals = max_arrivals
        # One-shot hand-offs for the running event loop (bare futures on asyncio).
        self.new_signal: Callable[[], Signal] = signal_factory()
        self.board = WorkBoard(self.new_signal)
        self.display = CounterDisplay(self)
        self.stats = RunStats()
        self.present: dict[int, Couple] = {}  # couples inside, by arrival
        self.staff: list[StaffMember] = []
        # Live switches of the model or the cooks, in order (the day started as ``config``).
        self.reorganisations: list[Reorganisation] = []
        self.closed = anyio.Event()  # set when max_arrivals couples have all left
        self._arrival_rng = random.Random(f"{config.seed}:arrivals")
        self._demand_rng = random.Random(f"{config.seed}:demands")
        # A couple's order, cook and eat times, drawn in this order from the demand stream.
        self._samplers = tuple(
            times.sampler(self._demand_rng)
            for times in (config.order_time, config.cook_time, config.eat_time)
        )
        self._next_couple = 1
        self._next_turn = 1
        self._listeners: list[Listener] = []
        self._auto_on = anyio.Event()
        self._tg: anyio.abc.TaskGroup | None = None
        # The narration follows one couple at a time: the first of the day, then the next to arrive
        # after the one followed leaves.
        self.follow_couples = follow_couples
        self._follow_next = follow_couples
        self.running = False

    # -- observing -----------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe_all(self) -> None:
        """The day is over: nobody is told anything any more."""
        self._listeners.clear()

    @property
    def observed(self) -> bool:
        """Whether anyone listens: events are built only then (a headless run builds none)."""
        return bool(self._listeners)

    def emit(self, event: ev.Event) -> None:
        """Tell every listener that ``event`` happened."""
        for listener in self._listeners:
            listener(event)

    # -- the day -------------------------------------------------------------
    async def run(self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Open the restaurant; runs until cancelled. Errors in any actor end the day."""
        try:
            async with anyio.create_task_group() as tg:
                self._tg = tg
                self.running = True
                tg.start_soon(self.clock.run, name="clock")
                tg.start_soon(self.display.run, name="counter display")
                tg.start_soon(self._street, name="street")
                self._staff_to_plan()
                task_status.started()
        finally:
            # The task group has exited: no actor of this day is alive any more.
            self.running = False

    # -- commands (synchronous: the dashboard's keys call these) -------------
    def add_couple(self, *, watched: bool = False) -> Couple:
        """A couple walks in and joins the cashier line."""
        tg = self._tg or self._require_open()
        watched, self._follow_next = watched or self._follow_next, False
        order_time, cook_time, eat_time = self._samplers
        demand = Demand(
            order_time(), cook_time(), eat_time(), self._demand_rng.uniform(0, self.config.glance_every)
        )
        now = self.clock.now()
        new_signal = self.new_signal
        couple = Couple(
            self._next_couple,
            now,
            demand,
            watched=watched,
            phase_since=now,
            food_ready=new_signal(),
        )
        self._next_couple += 1
        self.present[couple.id] = couple
        self.stats.arrived += 1
        if self._listeners:
            self.emit(ev.CoupleArrived(now, couple))
        self.board.join_line(couple)
        tg.start_soon(self._visit, couple, name=f"couple {couple.id}")
        return couple

    def switch_mode(self, mode: Mode) -> None:
        """Reorganise live; nothing restarts (see the module docstring)."""
        if mode is self.mode:
            return
        old, self.mode = self.mode, mode
        if self._listeners:
            self.emit(ev.ModeChanged(self.clock.now(), old, mode))
        self._note_reorganisation()
        self._staff_to_plan()

    def set_cooks(self, cooks: int) -> None:
        """Cashier-cooks in parallel, cooks in hybrid; concurrent keeps its one cook."""
        if not 1 <= cooks <= MAX_COOKS:
            raise ValueError(f"cooks must be between 1 and {MAX_COOKS}, got {cooks}")
        changed, self.cooks = cooks != self.cooks, cooks
        if changed:
            self._note_reorganisation()
        self._staff_to_plan()

    def set_auto_arrivals(self, on: bool) -> None:
        self.auto_arrivals = on
        if on:
            self._auto_on.set()
        else:
            self._auto_on = anyio.Event()

    def _note_reorganisation(self) -> None:
        """Remember the organisation from now on. Switches at one instant (keys pressed while
        paused) count as one, and none at all if they lead back to where the instant began."""
        now = self.clock.now()
        changes = self.reorganisations
        if changes and changes[-1].at == now:
            changes.pop()
        before = (changes[-1].mode, changes[-1].cooks) if changes else (self.config.mode, self.config.cooks)
        if (self.mode, self.cooks) != before:
            changes.append(Reorganisation(now, self.mode, self.cooks))

    # -- reading ---------------------------------------------------------------
    def planned_staff(self) -> dict[Role, int]:
        """How many of each role the current model employs."""
        return planned_staff(self.mode, self.cooks)

    def utilization(self) -> dict[str, float]:
        """Busy share of on-duty time so far, counting the jobs in progress up to now."""
        now = self.clock.now()
        in_progress = {activity: 0.0 for activity in Activity}
        for member in self.staff:
            in_progress[member.activity] += now - member.job_started_at
        return self.stats.utilization(now, in_progress[Activity.TAKING_ORDER], in_progress[Activity.COOKING])

    def staff_counts(self) -> dict[Role, int]:
        counts = {role: 0 for role in Role}
        for member in self.staff:
            counts[member.role] += 1
        return counts

    # -- actors ----------------------------------------------------------------
    def _follow_the_next_couple(self) -> None:
        """The narration moves on to the first couple in line (their whole wait is ahead), or, with
        nobody in line, to the next couple to walk in."""
        if self.board.line:
            self.board.line[0].watched = True
        else:
            self._follow_next = True

    async def _street(self) -> None:
        """Couples arrive as a Poisson process while automatic arrivals are on."""
        rate_per_s = self.config.arrival_rate_per_min / 60
        # Arrivals are planned from the previous one's planned instant, not from when the street woke:
        # on real time a wake-up comes a little late, and sleeping from there would drift away from
        # the seeded arrival times (``simulate``'s, on virtual time where wake-ups are exact).
        arrival = self.clock.now()
        while self.max_arrivals is None or self.stats.arrived < self.max_arrivals:
            if not self.auto_arrivals:
                await self._auto_on.wait()
                arrival = self.clock.now()
                continue
            arrival += self._arrival_rng.expovariate(rate_per_s)
            await self.clock.sleep_until(arrival)
            if self.auto_arrivals and (self.max_arrivals is None or self.stats.arrived < self.max_arrivals):
                self.add_couple()

    async def _visit(self, couple: Couple) -> None:
        clock = self.clock
        # Followed from the start, the narration tells this couple's every glance at the display. (A
        # couple followed later, from the line, notices its number at the same glance, untold.)
        glancing = couple.watched
        if glancing:
            # The only couples told when their order is taken: their signal is made here, if the order
            # is still to be taken (it is once ordered_at is set: the staff tell at that instant).
            if couple.ordered_at is None:
                couple.order_taken = self.new_signal()
                await couple.order_taken
            if couple.turn_number is not None:
                await self._glance_until_ready(couple)
        # Burgers ready: handed over the counter (standing there, blocked), or the number on the display.
        # (Awaited only if not set yet: a set signal would cost a spare turn of the loop.)
        food_ready = couple.food_ready
        if not food_ready.done():
            await food_ready
        if couple.turn_number is not None:
            if not glancing:
                await self._notice_number(couple)
            couple.move_to(_WALKING, clock.now())
            await clock.sleep(self.config.walk_time)
            self.display.take(couple.turn_number)
        now = clock.now()
        couple.picked_up_at = now
        couple.move_to(_EATING, now)
        self.stats.record_burgers_in_hand(couple)
        if self._listeners:
            self.emit(ev.BurgersInHand(now, couple))
        await clock.sleep(couple.demand.eat_time)
        now = clock.now()
        couple.left_at = now
        couple.move_to(_LEFT, now)
        del self.present[couple.id]
        self.stats.record_departure(couple)
        if couple.watched and self.follow_couples:
            self._follow_the_next_couple()
        if self._listeners:
            self.emit(ev.CoupleLeft(now, couple))
        if self.stats.left == self.max_arrivals:
            self.closed.set()

    async def _glance_until_ready(self, couple: Couple) -> None:
        """Talk at the table; glance at the display every ``glance_every`` s until the number is there."""
        clock = self.clock
        every = self.config.glance_every
        first = couple.phase_since + couple.demand.glance_offset
        # The k-th glance at first + k * every, exactly the instant _notice_number computes (a running
        # sum would drift from it by rounding).
        for glances in itertools.count():
            await clock.sleep_until(first + glances * every)
            ready = couple.food_ready.done()
            if self._listeners:
                self.emit(ev.Glanced(clock.now(), couple, ready))
            if ready:
                return

    async def _notice_number(self, couple: Couple) -> None:
        """The number is on the display: a couple nobody narrates notices it at their next glance.

        Same instants as glancing one by one, without a timer per glance.
        """
        clock = self.clock
        every = self.config.glance_every
        first = couple.phase_since + couple.demand.glance_offset
        glances = max(0, math.ceil((clock.now() - first) / every))
        await clock.sleep_until(first + glances * every)

    async def _work_shift(self, member: StaffMember) -> None:
        clock = self.clock
        try:
            while (job := await self.board.next_job(member, clock.now())) is not None:
                if isinstance(job, Ticket):
                    await self._cook(member, job.couple)
                    self.display.post(job.couple)
                elif member.role is _CASHIER:
                    now = await self._take_order(member, job)
                    self._give_number(member, job, now)
                else:
                    now = await self._take_order(member, job)
                    job.move_to(_AT_COUNTER, now)
                    if job.order_taken is not None:
                        fire(job.order_taken)
                    if self._listeners:
                        self.emit(ev.StandingAtCounter(now, job, member))
                    await self._cook(member, job)
                    if not job.food_ready.done():  # handed over the counter
                        job.food_ready.set_result(None)
        finally:
            self.staff.remove(member)
            self.stats.staff_changed(self.staff_counts(), clock.now())
            if self._listeners:
                self.emit(ev.StaffChanged(clock.now(), member, False))

    # Each job is one coroutine around one sleep (the hot path of a headless run): it returns the time
    # it ended, which its caller reuses (the clock cannot move before the caller's next await). The
    # member's job starts and ends inline (a call less each).
    async def _take_order(self, member: StaffMember, couple: Couple) -> float:
        clock = self.clock
        began = clock.now()
        couple.order_started_at = began
        couple.served_by = member.name
        # Not self.mode: a member sent home by a switch still takes the order they were given before it.
        couple.ordered_under = member.model
        couple.move_to(_ORDERING, began)
        member.activity, member.serving = _TAKING_ORDER, couple
        member.job_started_at, member.job_ends_at = began, began + couple.demand.order_time
        if self._listeners:
            self.emit(ev.OrderStarted(began, couple, member))
        await clock.sleep(couple.demand.order_time)
        member.activity, member.serving = _IDLE, None
        ended = clock.now()
        self.stats.ordering_busy += ended - began
        couple.ordered_at = ended
        return ended

    def _give_number(self, cashier: StaffMember, couple: Couple, now: float) -> None:
        couple.turn_number = self._next_turn
        self._next_turn += 1
        couple.move_to(_SEATED, now)
        self.board.add_ticket(Ticket(couple.turn_number, couple))
        if couple.order_taken is not None:
            fire(couple.order_taken)
        if self._listeners:
            self.emit(ev.NumberGiven(now, couple, cashier))

    async def _cook(self, member: StaffMember, couple: Couple) -> None:
        clock = self.clock
        began = clock.now()
        couple.cook_started_at = began
        member.activity, member.serving = _COOKING, couple
        member.job_started_at, member.job_ends_at = began, began + couple.demand.cook_time
        if self._listeners:
            self.emit(ev.CookingStarted(began, couple, member))
        await clock.sleep(couple.demand.cook_time)
        member.activity, member.serving = _IDLE, None
        ended = clock.now()
        # Not `stats.x += await ...`: that reads x before the await and loses the others' time.
        self.stats.cooking_busy += ended - began
        couple.food_ready_at = ended

    # -- staffing ----------------------------------------------------------------
    def _staff_to_plan(self) -> None:
        """Hire or send home staff until each role matches :meth:`planned_staff`."""
        planned = self.planned_staff()
        for role in Role:
            on_duty = [m for m in self.staff if m.role is role and not m.off_duty]
            extra = len(on_duty) - planned.get(role, 0)
            # Idle staff go home first, then the most recently hired.
            leaving = sorted(on_duty, key=lambda m: (not self.board.is_idle(m), -m.number))
            for member in leaving[: max(0, extra)]:
                self.board.send_home(member)
            for member in on_duty:
                if not member.off_duty:
                    member.model = self.mode
            for _ in range(-extra):
                self._hire(role)

    def _hire(self, role: Role) -> None:
        tg = self._require_open()
        taken = {m.number for m in self.staff if m.role is role}
        number = next(n for n in range(1, len(taken) + 2) if n not in taken)
        name = staff_name(role, number)
        member = StaffMember(name, role, number, self.mode)
        self.staff.append(member)
        self.stats.staff_changed(self.staff_counts(), self.clock.now())
        tg.start_soon(self._work_shift, member, name=name)
        if self._listeners:
            self.emit(ev.StaffChanged(self.clock.now(), member, True))

    def _require_open(self) -> anyio.abc.TaskGroup:
        if self._tg is None:
            raise RuntimeError("the restaurant is not open yet: start Restaurant.run first")
        return self._tg
