"""The restaurant of the story, every actor a real anyio task.

Actors: the street (arrivals), each couple, the cashier, each cook (or, in parallel mode,
each cashier-cook) and the counter display. They hand work to each other through the
:class:`~burger_tui.sim.work.WorkBoard` and one-shot signals (:mod:`burger_tui.sim.handoff`), and
wait only through the :class:`~burger_tui.sim.clock.Clock`. Every couple runs the same code
(:meth:`Restaurant._visit`), and its task wakes only when there is something for it to do: when its
burgers are handed over the counter, or at the glance at the display that finds its number.

The narration follows one couple at a time (*you*): it reads what happens and never changes it. The
glances that find no number yet change nothing, so no task wakes for them: the narration is told them
from the same instants the couple's task sleeps to (:meth:`Restaurant.tell_glances`).

Live changes (see README, "Switching models live"): switching the model or the number of cooks
never restarts the day. Staff whose job disappears finish the job in their hands under the
model it started in, then go home; the new model's staff are hired at once and take over the
queues: couples still in line are served the new way, tickets already in the kitchen queue
are cooked by the new cooks (cashier-cooks take them before new orders), couples seated with a
number keep watching the display, and couples standing at the counter get their burgers from
the cashier-cook who took their order.

How this code keeps a day of 100,000 couples fast without hiding the story: docs/how-it-stays-fast.md.
"""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Callable
from heapq import heappop, heappush

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


class CounterDisplay:
    """The screen over the counter: cooks post finished orders, it shows their turn numbers.

    Numbers show in the order posted; those posted at one instant all show in the display's next turn.
    """

    def __init__(self, restaurant: Restaurant) -> None:
        self._restaurant = restaurant
        self._posted: deque[Couple] = deque()
        self._waiting: Signal | None = None  # set while the display waits for a post
        self.numbers: dict[int, Couple] = {}  # turn number -> couple, oldest first

    def post(self, couple: Couple) -> None:
        """A cook posts a finished order: its number shows at the display's next turn."""
        self._posted.append(couple)
        if self._waiting is not None:
            fire(self._waiting)
            self._waiting = None

    def take(self, turn_number: int) -> None:
        """The couple picked up their burgers: the number goes off the display."""
        del self.numbers[turn_number]

    async def run(self) -> None:
        """Show each number posted, in order, and tell its couple their burgers are ready."""
        restaurant = self._restaurant
        while True:
            if not self._posted:
                waiting = restaurant.new_signal()
                self._waiting = waiting
                await waiting
            while self._posted:
                couple = self._posted.popleft()
                assert couple.turn_number is not None
                self.numbers[couple.turn_number] = couple
                fire(couple.food_ready)
                if restaurant.observed:
                    restaurant.emit(ev.NumberShown(restaurant.clock.now(), couple))


class Restaurant:
    """One day of the restaurant. Create it inside the event loop, then ``await tg.start(r.run)``.

    ``follow_couples``: the narration follows one couple at a time (:attr:`followed`), the first of
    the day, then, as each leaves, the first in line or else the next to walk in.
    """

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
        # The dining room's two-seat tables (table 0 is the first), as many as the day ever needed at once:
        # those left by their couples, a heap (the lowest first), and those never laid yet. Seating a couple
        # and freeing their table cost O(log tables), no scan: both are on every couple's way.
        self._free_tables: list[int] = []
        self._new_tables = itertools.count()
        self.stats = RunStats()
        self.present: dict[int, Couple] = {}  # couples inside, by arrival
        self.staff: list[StaffMember] = []
        # Live switches of the model or the cooks, in order (the day started as ``config``).
        self.reorganisations: list[Reorganisation] = []
        self.closed = anyio.Event()  # set when max_arrivals couples have all left
        self._arrival_rng = random.Random(f"{config.seed}:arrivals")
        self._demand_rng = random.Random(f"{config.seed}:demands")
        self._order_time = config.order_time.sampler(self._demand_rng)
        self._cook_time = config.cook_time.sampler(self._demand_rng)
        self._eat_time = config.eat_time.sampler(self._demand_rng)
        self._next_couple = 1
        self._next_turn = 1
        self._listeners: list[Listener] = []
        self._auto_on = anyio.Event()
        self._tg: anyio.abc.TaskGroup | None = None
        self.followed: Couple | None = None  # the couple the narration follows, while inside
        self._follow_next = follow_couples  # follow the next couple to walk in
        self._yous = 0  # couples followed so far: each after the first is told who "you" are now
        self._glances_told = 0  # the followed couple's glances told so far (see tell_glances)
        self.running = False

    # -- observing -----------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Tell ``listener`` every event from now on (see :mod:`burger_tui.sim.events`)."""
        self._listeners.append(listener)

    def unsubscribe_all(self) -> None:
        """The day is over: nobody is told anything any more."""
        self._listeners.clear()

    @property
    def observed(self) -> bool:
        """Whether anyone listens: events are built only then (a headless run builds none)."""
        return bool(self._listeners)

    def emit(self, event: ev.Event) -> None:
        """Tell every listener that ``event`` happened (the followed couple's glances before it first)."""
        self.tell_glances(event.at)
        self._tell(event)

    def tell_glances(self, until: float) -> None:
        """Tell the listeners the followed couple's glances at the display before ``until`` that found
        no number yet, those not told already.

        A couple's task sleeps from its order to the glance that finds its number (:meth:`_visit`); the
        glances before it are the same instants (:meth:`Couple.glance`), told here in order of time:
        before each event, and between events by whoever shows the day as it runs (once a frame).
        """
        couple = self.followed
        if couple is None or couple.turn_number is None:
            return  # nobody followed, or not seated with a number
        # The number showed as the cook finished; a glance at that instant sees it.
        before = until if couple.food_ready_at is None else min(until, couple.food_ready_at)
        every = self.config.glance_every
        while (at := couple.glance(self._glances_told, every)) < before:
            self._glances_told += 1
            self._tell(ev.Glanced(at, couple, ready=False))

    def _tell(self, event: ev.Event) -> None:
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
    def add_couple(self) -> Couple:
        """A couple walks in and joins the cashier line."""
        tg = self._require_open()
        now = self.clock.now()
        couple = Couple(
            self._next_couple, now, self._draw_demand(), phase_since=now, food_ready=self.new_signal()
        )
        self._next_couple += 1
        if self._follow_next:
            self._follow(couple)
        self.present[couple.id] = couple
        self.stats.arrived += 1
        if self._listeners:
            self.emit(ev.CoupleArrived(now, couple, len(self.board.line), couple.watched and self._yous > 1))
        self.board.join_line(couple)
        tg.start_soon(self._visit, couple, name=f"couple {couple.id}")
        return couple

    def switch_mode(self, mode: Mode) -> None:
        """Reorganise live; nothing restarts (see the module docstring)."""
        if mode is self.mode:
            return
        old = self.mode
        self.mode = mode
        if self._listeners:
            self.emit(ev.ModeChanged(self.clock.now(), old, mode, self.cooks))
        self._note_reorganisation()
        now = self.clock.now()
        # The busy shares are of the model running now since it started: keys pressed at one paused
        # instant that lead back (m m m) leave its stretch as it was.
        before = next((c.mode for c in reversed(self.reorganisations) if c.at < now), self.config.mode)
        if mode is before:
            self.stats.back_to_stretch_before(now)
        else:
            self.stats.start_stretch(now, *self._in_progress(now))
        self._staff_to_plan()

    def set_cooks(self, cooks: int) -> None:
        """Cashier-cooks in parallel, cooks in hybrid; concurrent keeps its one cook."""
        if not 1 <= cooks <= MAX_COOKS:
            raise ValueError(f"cooks must be between 1 and {MAX_COOKS}, got {cooks}")
        if cooks != self.cooks:
            self.cooks = cooks
            self._note_reorganisation()
        self._staff_to_plan()

    def set_auto_arrivals(self, on: bool) -> None:
        """Couples walk in by themselves (a Poisson stream) or only when added."""
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

    def utilization(self, now: float | None = None) -> dict[str, float]:
        """Busy share of on-duty time so far, counting the jobs in progress up to ``now`` (by default the
        day's instant; a screen gives the time it shows, which flows on between instants)."""
        if now is None:
            now = self.clock.now()
        return self.stats.utilization(now, *self._in_progress(now))

    def stretch_utilization(self, now: float) -> dict[str, float]:
        """As :meth:`utilization`, since the running model started (the screen's busy shares)."""
        return self.stats.stretch_utilization(now, *self._in_progress(now))

    def _in_progress(self, now: float) -> tuple[float, float]:
        """The seconds already spent, by ``now``, on the orders and the burgers in hand."""
        in_progress = {activity: 0.0 for activity in Activity}
        for member in self.staff:
            in_progress[member.activity] += now - member.job_started_at
        return in_progress[Activity.TAKING_ORDER], in_progress[Activity.COOKING]

    def staff_counts(self) -> dict[Role, int]:
        """How many of each role work now, counting those sent home who are finishing their last job."""
        counts = {role: 0 for role in Role}
        for member in self.staff:
            counts[member.role] += 1
        return counts

    # -- the narration's couple -------------------------------------------------
    def _follow(self, couple: Couple) -> None:
        """The narration follows ``couple`` from now on: *you*."""
        couple.watched = True
        self.followed = couple
        self._follow_next = False
        self._glances_told = 0
        self._yous += 1

    def _follow_the_next_couple(self) -> None:
        """The narration moves on to the first couple in line (their whole wait is ahead: told by
        :class:`~burger_tui.sim.events.Followed`), or, with nobody in line, to the next couple to walk in
        (told by their :class:`~burger_tui.sim.events.CoupleArrived`'s ``new_you``)."""
        self.followed = None
        if self.board.line:
            self._follow(self.board.line[0])
        else:
            self._follow_next = True

    # -- actors ----------------------------------------------------------------
    def _draw_demand(self) -> Demand:
        """What the next couple will need: order, cook and eat times, and when they glance up (drawn
        in this order from the demand stream, so every model sees the same couples)."""
        return Demand(
            self._order_time(),
            self._cook_time(),
            self._eat_time(),
            self._demand_rng.uniform(0, self.config.glance_every),
        )

    def _open_the_doors(self) -> None:
        """The couples waiting at the door (``config.opening_line``) walk in as the day opens, in the order
        they came; the story follows the last of them ("you stand in line while the cashier takes the
        orders from the people in front of you")."""
        count = self.config.opening_line
        if self.max_arrivals is not None:
            count = min(count, self.max_arrivals)
        follow = self._follow_next
        for number in range(1, count + 1):
            self._follow_next = follow and number == count
            self.add_couple()

    async def _street(self) -> None:
        """The couples at the door walk in as the street's first step (whoever listens to the day hears
        them: it subscribed as the day opened), then couples arrive as a Poisson process while automatic
        arrivals are on."""
        self._open_the_doors()
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
        """A couple's visit: the same code for every couple, the one the narration follows included.

        Standing in line and ordering ask nothing of the couple's task (the staff come to them: see
        :meth:`_work_shift`); it waits until the burgers are theirs, then they eat and leave.
        """
        clock = self.clock
        # Burgers ready: handed over the counter (standing there, blocked), or our number on the display.
        await couple.food_ready
        if couple.turn_number is not None:
            # Talking at our table, we check the display from time to time: we see our number at the
            # first glance after it shows, and walk to the counter.
            await clock.sleep_until(couple.next_glance(clock.now(), self.config.glance_every))
            now = clock.now()
            couple.talking = now - couple.phase_since  # since they sat down
            if self._listeners:
                self.emit(ev.Glanced(now, couple, ready=True))
            couple.move_to(Phase.WALKING, now)
            await clock.sleep(self.config.walk_time)
            self.display.take(couple.turn_number)
        now = clock.now()
        couple.picked_up_at = now
        table = couple.table
        if table is None:  # stood at the counter (parallel): they sit down to eat
            table = couple.table = self._lowest_free_table()
        couple.move_to(Phase.EATING, now)
        self.stats.record_burgers_in_hand(couple)
        if self._listeners:
            self.emit(ev.BurgersInHand(now, couple))
        await clock.sleep(couple.demand.eat_time)
        now = clock.now()
        couple.left_at = now
        couple.move_to(Phase.LEFT, now)
        heappush(self._free_tables, table)  # free for the next couple
        del self.present[couple.id]
        self.stats.record_departure(couple)
        moves_on = couple is self.followed
        if moves_on:
            self._follow_the_next_couple()
        if self._listeners:
            self.emit(ev.CoupleLeft(now, couple))
            if moves_on and self.followed is not None:  # a couple in line: the story says who you are now
                self.emit(ev.Followed(now, self.followed))
        if self.stats.left == self.max_arrivals:
            self.closed.set()

    async def _work_shift(self, member: StaffMember) -> None:
        """Take the next job handed over, do it, and again, until sent home."""
        clock = self.clock
        try:
            while (job := await self.board.next_job(member, clock.now())) is not None:
                if isinstance(job, Ticket):
                    await self._cook(member, job.couple)
                    self.display.post(job.couple)
                elif member.role is Role.CASHIER:
                    ordered = await self._take_order(member, job)
                    self._give_number(member, job, ordered)
                else:  # a cashier-cook: no numbers, the couple stands at the counter while they cook
                    ordered = await self._take_order(member, job)
                    job.move_to(Phase.AT_COUNTER, ordered)
                    if self._listeners:
                        self.emit(ev.StandingAtCounter(ordered, job, member))
                    await self._cook(member, job)
                    fire(job.food_ready)  # handed over the counter
        finally:
            self.staff.remove(member)
            self.stats.staff_changed(self.staff_counts(), clock.now())
            if self._listeners:
                self.emit(ev.StaffChanged(clock.now(), member, False))

    async def _take_order(self, member: StaffMember, couple: Couple) -> float:
        """Take ``couple``'s order; returns the instant it is taken."""
        clock = self.clock
        began = clock.now()
        couple.order_started_at = began
        couple.served_by = member.name
        # Not self.mode: a member sent home by a switch still takes the order they were given before it.
        couple.ordered_under = member.model
        couple.move_to(Phase.ORDERING, began)
        member.start_job(Activity.TAKING_ORDER, couple, began, couple.demand.order_time)
        if self._listeners:
            self.emit(ev.OrderStarted(began, couple, member))
        await clock.sleep(couple.demand.order_time)
        member.end_job()
        ended = clock.now()
        self.stats.ordering_busy += ended - began
        couple.ordered_at = ended
        return ended

    def _give_number(self, cashier: StaffMember, couple: Couple, now: float) -> None:
        """The cashier gives the couple a turn number and the kitchen a ticket; the couple sits down at the
        lowest free table."""
        couple.turn_number = self._next_turn
        self._next_turn += 1
        couple.table = self._lowest_free_table()
        couple.move_to(Phase.SEATED, now)
        self.board.add_ticket(Ticket(couple.turn_number, couple))
        if self._listeners:
            self.emit(ev.NumberGiven(now, couple, cashier))

    def _lowest_free_table(self) -> int:
        """Where a couple sits down: theirs until they leave (:meth:`_visit` frees it)."""
        free = self._free_tables
        # A table left by its couple is lower than any never laid; none left, one more is laid.
        return heappop(free) if free else next(self._new_tables)

    async def _cook(self, member: StaffMember, couple: Couple) -> None:
        """Cook ``couple``'s burgers."""
        clock = self.clock
        began = clock.now()
        couple.cook_started_at = began
        member.start_job(Activity.COOKING, couple, began, couple.demand.cook_time)
        if self._listeners:
            self.emit(ev.CookingStarted(began, couple, member))
        await clock.sleep(couple.demand.cook_time)
        member.end_job()
        ended = clock.now()
        # Not `stats.x += await ...`: that reads x before the await and loses the others' time.
        self.stats.cooking_busy += ended - began
        couple.food_ready_at = ended

    # -- staffing ----------------------------------------------------------------
    def _staff_to_plan(self) -> None:
        """Hire or send home staff until each role matches :meth:`planned_staff`.

        The names a learner follows stay across a switch: the highest numbers go home (the idle at once,
        the busy after the job in hand), and where staff are short, those of the role still finishing
        their last job stay on before anyone new is hired (``Cook 1`` is still the cook after m m m).
        """
        planned = self.planned_staff()
        for role in Role:
            members = sorted((m for m in self.staff if m.role is role), key=lambda m: m.number)
            on_duty = [m for m in members if not m.off_duty]
            wanted = planned.get(role, 0)
            for member in on_duty[wanted:]:
                self.board.send_home(member)
            finishing = [m for m in members if m.off_duty and m.activity is not Activity.IDLE]
            staying = finishing[: max(0, wanted - len(on_duty))]
            for member in staying:
                member.off_duty = False  # its shift goes on after the job in hand
            for member in [*on_duty[:wanted], *staying]:
                member.model = self.mode
            for _ in range(wanted - len(on_duty) - len(staying)):
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
