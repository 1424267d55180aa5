"""One dashboard day and everything about it, without Textual: the session the screen drives.

:class:`DaySession` is the restaurant's days (:class:`~burger_tui.sim.live.LiveRestaurant`: its commands,
each logged at the instant it took effect) with what a day has besides: the story told as plain lines,
its couples kept on disk for export, the export itself, the guided tour and the lessons' start and end.
Every key, the command palette and the tour call its commands; the screen composes, paints its snapshots
and maps keys. A day is its settings, its seed and its log: :func:`replay` gives the same day again on
virtual time, to the bit.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from burger_tui.sim.live import DAY_COMMANDS, DayLog, DaySettings, Entry, LiveRestaurant, Outcome, Tone
from burger_tui.story import Line, Story

if TYPE_CHECKING:  # imported as the first day opens: the first frame is painted before
    from burger_tui.sim import events as ev
    from burger_tui.sim.lane_view import Mark
    from burger_tui.sim.lanes import LaneRecorder
    from burger_tui.sim.live import ClockFactory, DayListeners
    from burger_tui.sim.restaurant import Listener, Restaurant
    from burger_tui.sim.snapshot import DaySnapshot
    from burger_tui.sim.tour import TourStop
    from burger_tui.spool import RecordSpool

TOUR_TITLE = "Guided tour (any key takes over)"
TOUR_RESUMES = "The tour resumes the restaurant: it plays by itself."
PLAYBACK_TITLE = "A recorded day (a key that changes it takes over)"
PLAYBACK_ENDS = Outcome("The recorded day ends here: the keys are yours.", title=PLAYBACK_TITLE)
REWIND_TITLE = "Back in the day"
FORWARD_TITLE = "Forward in the day"
BACK_AT_THE_NEWEST = Outcome("Back at the day's newest instant: the keys are yours.", title=REWIND_TITLE)
FORKED = Outcome(
    "The keys are yours: the day goes on from here (what came after is gone).", title="A new branch"
)
NOTHING_TO_EXPORT = Outcome(
    "Nothing to export before the day opens.", title="Export failed", tone=Tone.WARNING
)


class Recorded(NamedTuple):
    """A day further on than the instant shown: its log to its newest instant (played from here on at
    each command's instant), that instant, and what is said when the day gets there again."""

    log: DayLog
    until: float
    ends: Outcome


class Playback(NamedTuple):
    """A recorded day to open the dashboard on: its log, the instant it was recorded to, and the instant to
    open it at, paused (``None``: its opening, playing)."""

    log: DayLog
    until: float
    at: float | None = None


class Download(NamedTuple):
    """A file for a browser to save (an export from a served tab)."""

    filename: str
    data: bytes
    mime_type: str


class DaySession(LiveRestaurant):
    """The restaurant's days with their story, their export and their tour.

    Start :meth:`run` in a task as for :class:`LiveRestaurant`. The story of the day is collected as it
    happens and taken with :meth:`take_lines` (the screen writes it with the next frame).
    ``also_listening``: what else hears each day from its first event (the property tests' watchers).
    ``on_failure`` is told, in a line an error, when an actor fails and the day stops (the story says so).
    """

    def __init__(
        self,
        settings: DaySettings,
        *,
        time_source: Callable[[], float] = time.monotonic,
        clock: ClockFactory | None = None,
        on_failure: Callable[[str], None] | None = None,
        also_listening: DayListeners = lambda _restaurant: (),
    ) -> None:
        def failed(error: BaseException) -> None:
            from burger_tui.narration import literal  # not needed for the first frame: see narrate's

            text = failure_text(error)
            self.tell(f"[b red]The restaurant stopped:[/] {literal(text)}")  # an error's words, not markup
            if on_failure is not None:
                on_failure(text)

        super().__init__(
            settings, time_source=time_source, clock=clock, day_listeners=also_listening, on_failure=failed
        )
        self._story = Story()  # told as the day goes, taken by the screen
        self._spool: RecordSpool | None = None  # the day's couples who left, kept on disk for export
        self._recorded: Recorded | None = None  # the day beyond the instant shown (a replay, a rewind)
        self._show_played: Callable[[Outcome], None] = lambda _outcome: None
        self._replaying = False  # a rewind goes through the day again: what it plays is not shown
        self.lanes: LaneRecorder | None = None  # the day's lanes: who ran when
        self._listening: list[Listener] = []  # the day's own listeners (see _own_listeners)
        self._carrying = False  # a jump back: the day's own listeners are carried to the next day
        self.jumps_carried = 0  # jumps back that carried the listeners (the others replayed them)
        self._tour_stop: tuple[int, TourStop] | None = None  # the tour's stop shown, and its number

    # -- the story ------------------------------------------------------------------------
    def _own_listeners(self, restaurant: Restaurant) -> list[Listener]:
        """What hears each new day, from its first event: its by-model statistics, the story, the recorder
        of its couples and its lanes (none on a jump back that carries them: see :meth:`go_to`)."""
        if self._carrying:
            return []
        from burger_tui.narration import narrate
        from burger_tui.sim import events as ev
        from burger_tui.sim.lanes import LaneRecorder
        from burger_tui.sim.records import CustomerRecorder
        from burger_tui.spool import RecordSpool

        story = self._story

        def tell(event: ev.Event) -> None:
            line = narrate(event)
            if line is not None:
                glance = type(event) is ev.Glanced and not event.ready
                story.heard(Line(event.at, line), glance=glance)

        story.clear()
        self.close()
        self._spool = RecordSpool()
        self.lanes = LaneRecorder(restaurant.staff, restaurant.clock.now())
        by_model = super()._own_listeners(restaurant)
        self._listening = [*by_model, tell, CustomerRecorder(sink=self._spool.write_record), self.lanes]
        return self._listening

    def tell(self, text: str) -> None:
        """Add a line to the story, at the time shown now (after your glances at the display up to then)."""
        self._tell_glances()
        self._story.tell(Line(self.shown_time(), text))

    def take_lines(self) -> list[Line]:
        """The story told since the last call, oldest first (up to the time shown now: your glances at the
        display are instants computed, not woken to, and are told here as the time reaches them)."""
        self._tell_glances()
        return self._story.take()

    def _tell_glances(self) -> None:
        """Tell your glances at the display the day has passed (instants computed, not woken to)."""
        if self.days and self.running:
            self.restaurant.tell_glances(self.clock.calm_until())

    def shown_time(self) -> float:
        """Simulated time as the screen shows it now (it flows between the day's instants)."""
        if not self.days:
            return 0.0
        return self.clock.flowing_now()

    @property
    def running(self) -> bool:
        """Whether the day's actors are at work: a day is open and has not failed (nor been closed).

        ``False`` before the first day, after an actor failed (until the reset that opens the next day)
        and once the dashboard is gone: then no task of the day is alive."""
        return bool(self.days) and self.restaurant.running

    def time_moved(self) -> None:
        """Real time moved by itself (a script advanced a manual time source): the day catches up now,
        not at the wake-up its clock had planned on the time source as it was."""
        if self.days:
            self.clock.poke()

    def close(self) -> None:
        """Let the day's couples on disk go (at each new day, and when the dashboard closes)."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    @property
    def records_on_disk_bytes(self) -> int:
        """The size of the day's couples kept on disk for export."""
        return 0 if self._spool is None else self._spool.size()

    # -- export ------------------------------------------------------------------------------
    @property
    def export_name(self) -> str:
        """The name an export of this day is offered under (its seed in it)."""
        from burger_tui.export import default_prefix

        return default_prefix(self.config.seed)

    def _export_stats(self) -> dict[str, object]:
        """The export's JSON: the day's statistics so far, and the day itself (its settings and commands)."""
        return {**self.report().as_dict(), "day": self.log.as_dict()}

    def export_to(self, prefix: str) -> Outcome:
        """Write the day so far to ``prefix``.json and .csv (or into a folder): all or nothing."""
        from burger_tui.export import ExportError, export_run

        spool = self._spool
        if spool is None:
            return Outcome(
                "Nothing to export before the day opens.", title="Export failed", tone=Tone.WARNING
            )
        try:
            # Those who left (spooled, in order of leaving), then those still inside, by arrival.
            paths = export_run(
                prefix, self._export_stats(), spool, self.records_inside(), name_in_folder=self.export_name
            )
        except ExportError as error:
            return Outcome(str(error), title="Export failed", tone=Tone.ERROR)
        return Outcome(str(paths), title="Exported")  # "Exported: day.json and day.csv"

    def export_download(self) -> tuple[Download | None, Outcome]:
        """The day so far as a zip of its .json and .csv, for a browser (``None`` if it failed), and what
        to tell the user."""
        from burger_tui.export import ExportError, export_archive

        spool = self._spool
        if spool is None:
            return None, Outcome(
                "Nothing to export before the day opens.", title="Export failed", tone=Tone.WARNING
            )
        name = self.export_name
        try:
            archive = export_archive(name, self._export_stats(), spool, self.records_inside())
        except ExportError as error:
            return None, Outcome(str(error), title="Export failed", tone=Tone.ERROR)
        told = f"{name}.zip ({name}.json and {name}.csv) goes to your browser's downloads"
        return Download(f"{name}.zip", archive, "application/zip"), Outcome(told, title="Exported")

    # -- the tour ------------------------------------------------------------------------------
    async def play_tour(self, show: Callable[[Outcome], None]) -> None:
        """Play the story by itself, a stop at a time: each stop's commands (``show`` is given what each
        did), its caption (told, and given to ``show``), then a while of simulated time to watch."""
        from burger_tui.sim.tour import TOUR

        if self.snapshot().paused:  # paused, its stops would wait for ever: the tour runs the day
            await self.toggle_pause()
            self.tell(TOUR_RESUMES)
            show(Outcome(TOUR_RESUMES, title="Guided tour"))
        try:
            for number, stop in enumerate(TOUR, 1):
                # The last stop's words are not said of what the next one's commands do.
                self._tour_stop = None
                for command in stop.commands:
                    show(await command(self))
                self._tour_stop = number, stop
                caption = self.tour_caption(self.snapshot())
                assert caption is not None
                self.tell(caption)
                show(Outcome(caption, title=TOUR_TITLE))
                await self.clock.sleep(stop.watch_s)
        finally:
            self._tour_stop = None

    def tour_caption(self, day: DaySnapshot, *, short: bool = False) -> str | None:
        """The caption of the tour's stop shown, said of ``day`` (``short``: in a short terminal's two lines,
        with what the long one's title says), or ``None`` between stops and with no tour."""
        if self._tour_stop is None:
            return None
        from burger_tui.sim.tour import TOUR

        number, stop = self._tour_stop
        if short:
            return f"[b]Tour {number}/{len(TOUR)}[/b] (any key takes over): {stop.short(day)}"
        return f"[b]Tour {number}/{len(TOUR)}:[/b] {stop.caption(day)}"

    # -- a recorded day, played back; going back in a day -------------------------------------
    def play_back(self, log: DayLog, until: float, show: Callable[[Outcome], None]) -> None:
        """Play ``log``'s commands at their instants on this day (opened with ``log``'s settings), each
        shown as it happens, up to ``until`` (where it was recorded to), then say (and tell) that the keys
        are the user's.
        Pause and step are logged, not run: they only changed how the day was shown, and would stop it.
        A command of the user's that changes the day takes over (:meth:`fork`): from there the day forks."""
        self._show_played = show
        self._play(Recorded(log, until, PLAYBACK_ENDS))

    def _play(self, recorded: Recorded) -> None:
        self._recorded = recorded
        clock = self.clock
        for entry in recorded.log.entries:
            played = entry.command in DAY_COMMANDS or entry.command in ("faster", "slower")
            clock.call_at(entry.at, partial(self._apply, entry) if played else partial(self.note, entry))
        clock.call_at(recorded.until, partial(self._reached_the_end, recorded.ends))

    def _apply(self, entry: Entry) -> None:
        outcome = self.apply_now(entry)
        if not self._replaying:
            self._show_played(outcome)

    def _reached_the_end(self, ends: Outcome) -> None:
        self._recorded = None
        assert ends.text is not None
        self.tell(ends.text)
        if not self._replaying:
            self._show_played(ends)

    def fork(self) -> None:
        """A command of the user's changes the day: what was recorded beyond this instant is not played."""
        super().fork()
        if self._recorded is not None:
            self._recorded = None
            self._show_played(FORKED)

    def snapshot(self) -> DaySnapshot:
        """The restaurant now, frozen (see :meth:`LiveRestaurant.snapshot`), with the day's newest instant
        while an earlier one is shown."""
        snapshot = super().snapshot()
        return snapshot if self._recorded is None else snapshot._replace(newest=self._recorded.until)

    async def go_to(self, at: float, show: Callable[[Outcome], None]) -> Outcome:
        """The day at the simulated instant ``at``: back, the day is opened again and replayed to ``at``
        (virtual time: the clock jumps from instant to instant) and paused there, to be looked at; forward,
        the day goes on to it, paused if it was. Either way it is the day as it was (or will be) at ``at``,
        its tasks at rest there.
        The commands beyond ``at`` are played at their instants: each is given to ``show`` as it plays,
        and going back and forth keeps them, until a command of the user's changes the day (:meth:`fork`)."""
        now = await self.settled_instant()
        at = max(at, 0.0)
        back = at < now
        lanes, carried = self.lanes, False  # the lanes before going back: their freezes are kept
        if back:
            carried = await self._reopen_to_go_back(at, now)
        self._show_played = show
        self._replaying = True
        try:
            await self.clock.fast_forward(at)
        finally:
            self._replaying = False
        if carried:
            self._carry_to(self.clock.now())
        elif back and lanes is not None:
            self._keep_freezes(lanes.freezes(self.clock.now()))
        return self._where(self.clock.now(), back=back)

    async def _reopen_to_go_back(self, at: float, now: float) -> bool:
        """Open the day again, paused, to be replayed from its opening to ``at`` (from the newest instant
        ``now``, or the one recorded), its commands played at their instants; whether the day's own
        listeners are carried to ``at`` (:meth:`_carry_to`) rather than hear it replayed."""
        recorded = self._recorded or Recorded(self.log, now, BACK_AT_THE_NEWEST)
        carrying = self._can_carry_to(at)
        if carrying:
            self._tell_glances()  # the story carried has your glances at the display up to now
            self._story.take()  # not shown: the day goes back (lines told replaying it will be)
            self.restaurant.unsubscribe_all()  # what the day does as it closes is not heard
        self._carrying = carrying
        try:
            await self.reopen(recorded.log.settings._replace(speed=self.clock.speed))
        finally:
            self._carrying = False
        self.clock.pause()  # running on, the day would be back where it was in seconds
        self._play(recorded)
        return carrying

    def _can_carry_to(self, at: float) -> bool:
        """Whether a jump back to ``at`` can carry the day's own listeners: each can be as it was then, and
        nobody else listens (the property tests' watchers hear the day replayed)."""
        spool, lanes = self._spool, self.lanes
        return (
            self.running
            and not self._heard_by_others
            and spool is not None
            and spool.error is None
            and lanes is not None
            and lanes.can_go_back_to(at)
            and self._story.can_go_back_to(at)
        )

    def _carry_to(self, at: float) -> None:
        """The day, replayed to ``at`` with nobody listening (no event is even made), is heard from here on
        by its own listeners as they were at ``at`` the first time: cut from what they heard since."""
        assert self._spool is not None
        assert self.lanes is not None
        restaurant = self.restaurant
        restaurant.tell_glances(at)  # counted as told, to nobody yet: the story carried has their lines
        self._by_model.go_back_to(at)
        self._story.go_back_to(at)
        self._spool.go_back_to(at)
        self.lanes.go_back_to(at)
        for listener in self._listening:
            restaurant.subscribe(listener)
        self.jumps_carried += 1

    def _keep_freezes(self, freezes: list[Mark]) -> None:
        """The blocking lesson's freezes up to the instant gone back to, on the replayed day's lanes (the
        lesson is no command of the day: replaying it does not freeze again)."""
        if self.lanes is not None:
            for mark in freezes:
                self.lanes.freeze(mark.at, mark.end)

    def _where(self, at: float, *, back: bool) -> Outcome:
        """Where :meth:`go_to` took the day, in words."""
        from burger_tui.sim.times import clock_text

        title = REWIND_TITLE if back else FORWARD_TITLE
        if self._recorded is None:
            return Outcome(f"{clock_text(at, tenths=False)}: the day's newest instant.", title=title)
        newest = self._recorded.until
        return Outcome(
            f"{clock_text(at, tenths=False)}, the day as it was: {clock_text(newest - at, tenths=False)} "
            f"before its newest instant ({clock_text(newest, tenths=False)}). space plays it on, → and end "
            "go forward; a key that changes the day starts a new branch from here.",
            title=title,
        )

    async def reset(self) -> Outcome:
        """A new day, same seed (see :meth:`LiveRestaurant.reset`): nothing recorded is played on it."""
        self._recorded = None
        return await super().reset()

    # -- the lessons -------------------------------------------------------------------------
    async def blocking_call(self, seconds: float, shown: Callable[[], Awaitable[None]]) -> None:
        """The page's warning, for real: a blocking call inside ``async def`` holds the whole loop. The
        story says so first (``shown`` returns once a screen shows it: nothing is shown during), and
        after, what the day's clock did meanwhile and what came late."""
        from burger_tui.lessons.blocking import blocking_burger, narrate_blocking, who_blocks

        who = who_blocks(self.restaurant.mode)
        self.tell(f"[b]{who.capitalize()} makes a blocking call inside async def…[/b]")
        await shown()
        clock = self.clock
        before = clock.flowing_now()
        held = await blocking_burger(seconds)
        day_seconds = clock.flowing_now() - before
        if self.lanes is not None:
            self.lanes.freeze(before, before + day_seconds)
        late = clock.overdue(before)
        self.tell(narrate_blocking(held, who=who, day_seconds=day_seconds, late=late, paused=clock.paused))

    async def threaded_call(self, seconds: float) -> None:
        """The same work done as the page recommends: in a thread, awaited; the loop stays free."""
        from burger_tui.lessons.blocking import narrate_threaded, threaded_burger, who_blocks

        who = who_blocks(self.restaurant.mode)
        self.tell(f"[b]{who.capitalize()} does the same work in a thread (anyio.to_thread.run_sync)…[/b]")
        busy = await threaded_burger(seconds)
        self.tell(narrate_threaded(busy, who=who))


def failure_text(error: BaseException) -> str:
    """What failed, a line an error (``Type: message``), the errors of a group one by one."""
    if isinstance(error, BaseExceptionGroup):
        return "\n".join(failure_text(inner) for inner in error.exceptions)
    return f"{type(error).__name__}: {error}"


@asynccontextmanager
async def replayed(log: DayLog, *, until: float) -> AsyncIterator[DaySession]:
    """The day of ``log`` again, on virtual time, at the instant ``until``: each command at its instant.

    Run it on the virtual-time loop (:func:`~burger_tui.sim.virtual_loop.run_virtual`). Inside, the day is
    open and at rest at ``until``: its snapshot, report, log and export are the logged day's. Commands of
    real time (pause, speed, step) changed only how the day was shown: they are logged, not run.
    """
    import anyio

    from burger_tui.sim.clock import VirtualClock

    session = DaySession(log.settings, clock=lambda _settings: VirtualClock())
    async with anyio.create_task_group() as days:
        await days.start(session.run)
        for entry in log.entries:
            if entry.at > until:  # replayed to an earlier instant than the day's end (replay --at)
                break
            await session.clock.sleep_until(entry.at)
            if entry.command in DAY_COMMANDS:
                await session.settled_instant()
                session.apply_now(entry)
            else:
                session.note(entry)
        await session.clock.sleep_until(until)
        await session.settled_instant()
        try:
            yield session
        finally:
            session.close()
            days.cancel_scope.cancel()
