"""The restaurant as the dashboard runs it: days that can start over, every user action, and its log.

Each user action (a key, the command palette, the tour, a property test, a replayed log) is a plain
method of :class:`LiveRestaurant` with its rules and limits, returning an :class:`Outcome` the UI can
show. A command takes effect at a well-defined instant: once the day is at rest (every task waits and
every wake-up due has happened; see :meth:`~burger_tui.sim.clock.RealClock.settled_instant`), and the
day's log records it there. Nothing here knows about Textual. :meth:`LiveRestaurant.run` is the single
owner of the days: it opens one with :func:`~burger_tui.sim.day.open_day`, and on
:meth:`LiveRestaurant.reset` closes it and opens the next (same seed, the model, cooks, speed and
arrivals of the moment).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec

from burger_tui.sim.limits import DEFAULT_SPEED
from burger_tui.sim.limits import SPEEDS as SPEEDS  # the ladder of `faster` and `slower`
from burger_tui.sim.model import (
    MAX_COOKS,
    Mode,
    RestaurantConfig,
    describe_staff,
)
from burger_tui.sim.snapshot import DaySnapshot

if TYPE_CHECKING:  # imported where used: the first frame, painted before the day opens, needs none
    import anyio
    import anyio.abc

    from burger_tui.sim.by_model import ModelStats
    from burger_tui.sim.clock import Clock, RealClock
    from burger_tui.sim.headless import RunReport
    from burger_tui.sim.program.snapshot import Program
    from burger_tui.sim.records import CustomerRecord
    from burger_tui.sim.restaurant import Listener, Restaurant

    DayListeners = Callable[[Restaurant], Sequence[Listener]]
    FailureHandler = Callable[[BaseException], None]
    ClockFactory = Callable[["DaySettings"], Clock]

RUSH_SIZE = 10
# Couples inside at once that keys may bring: a held `O` (30 rushes a second) or a script must not grow a
# day without end (a couple is a task and its records, ~10 kB): the dashboard stays well under 150 MB.
MAX_COUPLES_INSIDE = 3_000
STREET_START_TURNS = 10  # loop turns at most for the opening street task to go to sleep


class Tone(StrEnum):
    INFO = "information"
    WARNING = "warning"  # refused: a limit was reached
    ERROR = "error"  # tried and failed (an export the disk refused)


class Outcome(NamedTuple):  # NamedTuples here: made at start-up, where a dataclass costs ~0.4 ms
    """What a command did, for the user. ``text`` is ``None`` when the screen shows it by itself."""

    text: str | None = None
    title: str = ""
    tone: Tone = Tone.INFO
    partly: bool = False  # a warning, yet done in part (a rush only some of whom fit)

    @property
    def refused(self) -> bool:
        """Nothing was done: a limit was reached."""
        return self.tone is Tone.WARNING and not self.partly


DONE = Outcome()


class DaySettings(NamedTuple):
    """What a day opens with."""

    config: RestaurantConfig
    speed: float = DEFAULT_SPEED
    auto_arrivals: bool = True


class Entry(NamedTuple):
    """One command of a day's log: the instant it took effect, its name (a :class:`LiveRestaurant`
    method) and its argument (``switch_to``'s model), if any."""

    at: float
    command: str
    argument: str = ""


DAY_FORMAT = 1  # of DayLog.as_dict: a reader of an older format refuses a newer one


class DayLog(NamedTuple):
    """A day, replayable: what it opened with (its seed among its settings) and its commands in order."""

    settings: DaySettings
    entries: tuple[Entry, ...]

    def as_dict(self) -> dict[str, object]:
        """For an export: the settings, then each command as ``{"at_s", "command"[, "argument"]}``."""
        settings = self.settings
        return {
            "format": DAY_FORMAT,
            "opened_with": {
                **settings.config.as_dict(),
                "speed": settings.speed,
                "auto_arrivals": settings.auto_arrivals,
            },
            "commands": [
                {
                    "at_s": entry.at,
                    "command": entry.command,
                    **({"argument": entry.argument} if entry.argument else {}),
                }
                for entry in self.entries
            ],
        }


P = ParamSpec("P")
# What each command does, by its name in a day's log (``command`` fills it): a logged command applied again
# at its instant (apply_now), as a replay does.
_BODIES: dict[str, Callable[..., Outcome]] = {}


def command(
    body: Callable[Concatenate[LiveRestaurant, P], Outcome],
) -> Callable[Concatenate[LiveRestaurant, P], Coroutine[Any, Any, Outcome]]:
    """A user action: ``body`` runs once the day is at rest at the instant real time has reached, and is
    logged there under its name (with its argument's value: ``switch_to``'s model) unless refused."""

    _BODIES[body.__name__] = body

    @functools.wraps(body)
    async def at_rest(live: LiveRestaurant, /, *args: P.args, **kwargs: P.kwargs) -> Outcome:
        at = await live.settled_instant()
        if body.__name__ in DAY_COMMANDS:
            live.fork()
        argument = "".join(str(getattr(value, "value", value)) for value in (*args, *kwargs.values()))
        return live._logged(at, body.__name__, body(live, *args, **kwargs), argument)

    return at_rest


class LiveRestaurant:
    """Days of the restaurant on real time, one after another, and the commands that act on them.

    Start :meth:`run` in a task (``await tg.start(live.run)`` returns once the first day is open);
    every command needs an open day. ``day_listeners`` is called as each day opens, before its first
    couple, and gives the listeners that hear it until it closes; ``on_failure`` is told when an
    actor fails and the day stops (the next :meth:`reset` opens a new one).
    """

    def __init__(
        self,
        settings: DaySettings,
        *,
        time_source: Callable[[], float] = time.monotonic,
        clock: ClockFactory | None = None,
        day_listeners: DayListeners = lambda _restaurant: (),
        on_failure: FailureHandler | None = None,
    ) -> None:
        self._next_day = settings
        self._time_source = time_source
        self._clock_factory = clock  # default: a RealClock on time_source
        self._log: list[Entry] = []
        self.day_listeners = day_listeners
        self._on_failure = on_failure
        # anyio is imported as the first day opens: the dashboard's first frame, painted just before,
        # does not wait for it. So the events are made then too (see _opening).
        self._opened: anyio.Event | None = None
        self._close: anyio.Event
        self.days = 0  # days opened so far
        self.restaurant: Restaurant
        self.clock: RealClock  # or what ``clock`` made: commands of real time need a RealClock
        self._by_model: ModelStats  # each day's
        self._heard_by_others = False  # the day open now has listeners besides its own (day_listeners)

    # -- the days ------------------------------------------------------------
    async def run(self, *, task_status: anyio.abc.TaskStatus[None] | None = None) -> None:
        """Open a day, and a new one after each reset; runs until cancelled."""
        import anyio

        from burger_tui.sim.clock import RealClock
        from burger_tui.sim.day import open_day

        while True:
            settings = self._next_day
            self._close = anyio.Event()
            self._opened_with, self._log = settings, []
            made = self._clock_factory
            clock: Clock = (
                RealClock(settings.speed, time_source=self._time_source) if made is None else made(settings)
            )

            def listening(restaurant: Restaurant) -> list[Listener]:
                own = self._own_listeners(restaurant)
                others = list(self.day_listeners(restaurant))
                self._heard_by_others = bool(others)
                return [*own, *others]

            try:
                async with open_day(
                    settings.config,
                    clock,
                    listeners_of=listening,
                    auto_arrivals=settings.auto_arrivals,
                    follow_couples=True,
                ) as restaurant:
                    self.restaurant, self.clock = restaurant, clock  # type: ignore[assignment]
                    self.days += 1
                    if settings.auto_arrivals and not settings.config.opening_line:
                        await self._open_as_the_first_couple_walks_in()
                    self._opening().set()
                    if self.days == 1 and task_status is not None:
                        task_status.started()
                    await self._close.wait()
            except Exception as error:  # an actor failed: the day is over, say so and wait for a reset
                if isinstance(clock, RealClock):
                    clock.pause()
                self._opening().set()
                if self.days == 1 and task_status is not None:
                    task_status.started()
                if self._on_failure is not None:
                    self._on_failure(error)
                await self._close.wait()

    def _own_listeners(self, _restaurant: Restaurant) -> list[Listener]:
        """What of the restaurant's own hears each new day, from its first event: its by-model statistics."""
        from burger_tui.sim.by_model import ModelStats

        self._by_model = ModelStats()
        return [self._by_model]

    async def _open_as_the_first_couple_walks_in(self) -> None:
        """Skip the empty minutes before the seeded stream's first couple arrives: the screen opens with
        them walking in, and with the same couples at the same times as ``simulate``."""
        import anyio.lowlevel

        from burger_tui.sim.clock import RealClock

        if not isinstance(self.clock, RealClock):
            return  # virtual time jumps there by itself
        for _ in range(STREET_START_TURNS):
            if self.clock.sleeping:
                break
            await anyio.lowlevel.checkpoint()  # the street task starts and sleeps until the arrival
        self.clock.skip_to_next_wakeup()

    async def wait_open(self) -> None:
        """Until a day is open (or its opening failed): commands need one."""
        await self._opening().wait()

    def _opening(self) -> anyio.Event:
        """The event of the next day's opening, set as it opens (made on first use, in the event loop)."""
        if self._opened is None:
            import anyio

            self._opened = anyio.Event()
        return self._opened

    async def reset(self) -> Outcome:
        """A new day, same seed, with the model, cooks, speed and arrivals of this moment."""
        await self.wait_open()
        restaurant, clock = self.restaurant, self.clock
        await self.reopen(
            DaySettings(
                replace(restaurant.config, mode=restaurant.mode, cooks=restaurant.cooks),
                speed=clock.speed,
                auto_arrivals=restaurant.auto_arrivals,
            )
        )
        return Outcome("A new day, same seed.")

    async def reopen(self, settings: DaySettings) -> None:
        """Close the day and open one with ``settings``; returns once it is open (a key right after
        reaches the new day, never a closed one)."""
        await self.wait_open()
        self._next_day = settings
        self._opened = None  # the new day's
        self._forget_calls()  # a task still settling the closing day's clock makes none into the next
        self._close.set()
        await self.wait_open()

    def fork(self) -> None:
        """A command of the user's is about to change the day: the commands of a recorded day not played
        yet will not be (from here, the day is another)."""
        self._forget_calls()

    def _forget_calls(self) -> None:
        """Forget the recorded commands the day's clock has still to play."""
        from burger_tui.sim.clock import RealClock

        if self.days and isinstance(self.clock, RealClock):  # a virtual day plays no recorded commands
            self.clock.cancel_calls()

    @property
    def log(self) -> DayLog:
        """The day so far as its settings and its commands: replayed, the same day to the bit."""
        return DayLog(self._opened_with, tuple(self._log))

    def note(self, entry: Entry) -> None:
        """Log ``entry`` as it is, without acting on it: a replay's commands of real time (pause, speed,
        step), kept so that the replayed day's log is the day's log."""
        self._log.append(entry)

    def apply_now(self, entry: Entry) -> Outcome:
        """Run the logged command of ``entry`` at the instant the clock is at (its own, in a replay), and log
        it there. The day must be at rest: a replay calls it after waiting for the instant."""
        arguments = (Mode(entry.argument),) if entry.argument else ()  # switch_to's model
        outcome = _BODIES[entry.command](self, *arguments)
        return self._logged(self.clock.now(), entry.command, outcome, entry.argument)

    async def settled_instant(self) -> float:
        """Wait for the day to be at rest at the instant real time has reached; that instant (where a
        command takes effect: see :func:`command`). A day that closes meanwhile (a reset, a jump back: its
        clock settles on its own instants) is not the one: the next is waited for, once open, at rest."""
        while True:
            await self.wait_open()
            opened = self._opened
            at = await self.clock.settled_instant()
            if self._opened is opened:  # no reopen began meanwhile: ``at`` is the open day's instant
                return at

    def _logged(self, at: float, command: str, outcome: Outcome, argument: str = "") -> Outcome:
        """Log ``command`` at ``at`` unless it was refused (a refusal changes nothing: a replay of the
        same day is refused the same, and a held key at a limit does not grow the log)."""
        if not outcome.refused:
            self._log.append(Entry(at, command, argument))
        return outcome

    @property
    def next_day(self) -> DaySettings:
        """What the next day opens with (before the first: the settings given)."""
        return self._next_day

    @property
    def config(self) -> RestaurantConfig:
        """The day's settings as they are now (after live switches; before the first day: as it opens)."""
        if not self.days:
            return self._next_day.config
        restaurant = self.restaurant
        return replace(restaurant.config, mode=restaurant.mode, cooks=restaurant.cooks)

    def snapshot(self) -> DaySnapshot:
        """The restaurant now, frozen; taking it changes nothing. Before the first day opens: the
        restaurant as it will open (see :func:`~burger_tui.sim.snapshot.opening_snapshot`)."""
        if not self.days:
            from burger_tui.sim.snapshot import opening_snapshot

            return opening_snapshot(self._next_day)
        clock = self.clock
        rows = self._by_model.rows()
        return DaySnapshot.of(
            self.restaurant, speed=clock.speed, paused=clock.paused, by_model=rows, now=clock.flowing_now()
        )

    def report(self) -> RunReport:
        """The day's statistics so far, in the shape of ``simulate --json``."""
        from burger_tui.sim.headless import RunReport

        restaurant = self.restaurant
        return RunReport.of(restaurant, customers=restaurant.stats.arrived, wall_time_s=0.0)

    def records_inside(self) -> list[CustomerRecord]:
        """A partial record of every couple still inside, by arrival (those who left were recorded)."""
        from burger_tui.sim.records import records_of

        return records_of(self.restaurant.present.values())

    # -- the commands (each at a settled instant, logged: see command) ------------------------
    @command
    def add_order(self) -> Outcome:
        """A couple walks in, if there is room (:data:`MAX_COUPLES_INSIDE`)."""
        if full := self._full():
            return full
        self.restaurant.add_couple()
        return DONE

    @command
    def rush(self) -> Outcome:
        """A rush of :data:`RUSH_SIZE` couples, as many of them as there is room for."""
        if full := self._full():
            return full
        room = MAX_COUPLES_INSIDE - len(self.restaurant.present)
        for _ in range(min(RUSH_SIZE, room)):
            self.restaurant.add_couple()
        if room < RUSH_SIZE:
            return Outcome(
                f"A rush, but only {room} of {RUSH_SIZE} couples fit: "
                f"the restaurant holds {MAX_COUPLES_INSIDE:,}.",
                tone=Tone.WARNING,
                partly=True,
            )
        return Outcome(f"A rush: {RUSH_SIZE} couples walk in.")

    def _full(self) -> Outcome | None:
        """The refusal when no couple more fits, or ``None``."""
        if len(self.restaurant.present) < MAX_COUPLES_INSIDE:
            return None
        return Outcome(
            f"The restaurant is full ({MAX_COUPLES_INSIDE:,} couples inside): wait for some to leave.",
            tone=Tone.WARNING,
        )

    async def next_model(self) -> Outcome:
        """Switch live: concurrent -> parallel -> hybrid -> concurrent."""
        await self.wait_open()
        return await self.switch_to(self.restaurant.mode.next())

    @command
    def switch_to(self, mode: Mode) -> Outcome:
        """Switch live to ``mode`` (the tour starts from Concurrent Burgers)."""
        restaurant = self.restaurant
        if restaurant.mode is mode:
            return DONE
        restaurant.switch_mode(mode)
        return Outcome(
            f"{mode.story_title}: {describe_staff(mode, restaurant.cooks)}.", title="Model switched live"
        )

    @command
    def more_cooks(self) -> Outcome:
        return self._change_cooks(+1)

    @command
    def fewer_cooks(self) -> Outcome:
        return self._change_cooks(-1)

    def _change_cooks(self, delta: int) -> Outcome:
        restaurant = self.restaurant
        cooks = restaurant.cooks + delta
        if not 1 <= cooks <= MAX_COOKS:
            return Outcome(f"Cooks stay between 1 and {MAX_COOKS}.", tone=Tone.WARNING)
        restaurant.set_cooks(cooks)
        if restaurant.mode is Mode.CONCURRENT:
            return Outcome(f"Concurrent Burgers keeps its one cook; {cooks} apply in parallel and hybrid.")
        return DONE  # the status bar shows the new staff

    @command
    def toggle_auto(self) -> Outcome:
        restaurant = self.restaurant
        restaurant.set_auto_arrivals(not restaurant.auto_arrivals)
        return DONE

    # -- commands of real time: how fast the day is shown, not what happens in it -----------
    @command
    def toggle_pause(self) -> Outcome:
        clock = self.clock
        if clock.paused:
            clock.resume()
        else:
            clock.pause()
        return DONE

    @command
    def faster(self) -> Outcome:
        return self._set_speed(min((s for s in SPEEDS if s > self.clock.speed), default=None))

    @command
    def slower(self) -> Outcome:
        return self._set_speed(max((s for s in SPEEDS if s < self.clock.speed), default=None))

    def _set_speed(self, speed: float | None) -> Outcome:
        if speed is None:
            return Outcome(f"Speed stays between {SPEEDS[0]:g}× and {SPEEDS[-1]:g}×.", tone=Tone.WARNING)
        self.clock.set_speed(speed)
        return DONE

    # -- the program behind the story ----------------------------------------------
    def program(self, *, detail_couples: int = 0) -> Program:
        """The day's actor tasks now, each with the ``await`` it is paused at (read from their coroutine
        frames), the watched couple and the first ``detail_couples`` couples one by one, and the latest
        step. Reading changes nothing; look once per painted frame, and only while the view is shown."""
        from burger_tui.sim.program.stepping import day_program  # not needed for the first frame

        return day_program(self.restaurant).program(detail_couples=detail_couples)

    async def step(self) -> Outcome:
        """Pause (if running), then advance to the next moment anything happens (the next task wake-up)
        and no further; the woken tasks run until every task waits again, and the day stays paused. The
        outcome says which task woke, where it was paused and what it awaits now."""
        from burger_tui.sim.program.stepping import day_program

        await self.settled_instant()
        opened = self._opened

        def taken(at: float) -> None:
            # Logged as the clock moves, before the woken tasks run: a command played or pressed meanwhile
            # comes after it. Not if its day closed since: that clock is no longer the open day's.
            if self._opened is opened:
                self._log.append(Entry(at, "step"))

        step = await day_program(self.restaurant).step(taken=taken)
        if step is None:
            return Outcome(
                "Nobody is asleep on the clock: nothing happens until a couple walks in.",
                tone=Tone.WARNING,
            )
        return Outcome(step.summary(), title=f"Step {step.number}")


# The commands that change what happens in a day, by their names in its log: what a replay runs. The
# others (pause, speed, step) change only how fast real time shows the day.
DAY_COMMANDS = frozenset({"add_order", "rush", "switch_to", "more_cooks", "fewer_cooks", "toggle_auto"})
REAL_TIME_COMMANDS = frozenset({"toggle_pause", "faster", "slower", "step"})
