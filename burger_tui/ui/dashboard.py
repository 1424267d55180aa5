"""The dashboard: the restaurant alive on screen.

Data goes one way. Keys call the commands of the day's :class:`~burger_tui.session.DaySession` and show
the :class:`~burger_tui.sim.live.Outcome`; a frame timer (30 fps) has the ``Painter`` paint a snapshot
and the story told since (paused, it rests: a paused restaurant costs nothing). The keys are this
screen's bindings: under help, compare or a dialog they do not fire.
"""

from __future__ import annotations

import asyncio
import io
import math
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.content import Content
from textual.events import Key, Resize, ScreenResume
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker

from burger_tui.session import TOUR_TITLE, DaySession, Playback
from burger_tui.sim.live import DONE, DaySettings, Outcome, Tone
from burger_tui.story import STORY_LINES_KEPT
from burger_tui.ui.floor import Columns, Rows
from burger_tui.ui.keys import JUMP_S, KEYS, TARGETS, bindings, welcome
from burger_tui.ui.painter import Painter
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.terminal_sized import TerminalSized
from burger_tui.ui.textual_leaks import let_go
from burger_tui.ui.widgets.counter import CounterPanel
from burger_tui.ui.widgets.display import DisplayPanel
from burger_tui.ui.widgets.kitchen import KitchenPanel
from burger_tui.ui.widgets.loop_lag import LoopLagMeter
from burger_tui.ui.widgets.narration_log import NarrationLog
from burger_tui.ui.widgets.panel import Panel
from burger_tui.ui.widgets.stats_panel import StatsPanel
from burger_tui.ui.widgets.status_bar import StatusBar
from burger_tui.ui.widgets.street import StreetPanel
from burger_tui.ui.widgets.tables import TablesPanel

if TYPE_CHECKING:  # mounted with the first notice; the footer just after the first frame
    from burger_tui.sim.snapshot import DaySnapshot
    from burger_tui.ui.footer import Footer
    from burger_tui.ui.widgets.caption import Caption

T = TypeVar("T")
HELP = "help"  # the name of the app's one help screen
KEY_NAMED = {key.key: f"{key.shown} {key.label.lower()}" for key in KEYS}  # what a spike after it is called

BLOCKING_HOLDER = "a blocking call: time.sleep() inside async def; every other task will be late"
MIN_WIDTH, MIN_HEIGHT = 60, 20
TOO_SMALL = f"Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}."
WIDE_FROM = 110  # columns: the wide layout, and a footer with room for every key and the palette's
TALL_FROM = 32  # rows: below this the short layout (one-line display, compact stats)
WARM_UP_AFTER_S = 1.0  # after the first frame: start-up is not delayed
NARRATION_LINES = STORY_LINES_KEPT
BLOCKING_CALL_S = 1.5  # real seconds the `b` and `t` lessons hold the cook
KEYS_QUEUED_IN_A_FREEZE_S = 0.25  # a `b` this soon after a freeze was pressed during it
NOTICE_S = 4.0  # real seconds a notice stays in the caption (a tour's stays until the next stop)
TOUR_OVER = (
    "The three restaurants on the same couples, side by side. "
    "Esc returns to the restaurant: the keys are yours."
)
TOUR_OVER_S = 15.0  # real seconds the tour's end is said on compare, which opens as it ends


def breakpoint_class(cells: int, breakpoints: list[tuple[int, str]]) -> str:
    """The class of ``breakpoints`` a screen ``cells`` wide (or high) has, as Textual picks it: the last
    breakpoint it reaches."""
    return max((at, name) for at, name in breakpoints if cells >= at)[1]


class DashboardScreen(Screen[None], TerminalSized):
    """The restaurant: street, counter, display, kitchen, tables, stats and the story as it happens."""

    # The screen and its layouts are covered by the panels: blank, they are not drawn line by line. On
    # each frame Textual renders whole every widget whose container overlaps what changed (a cook's
    # progress on one row drew the screen's 40 rows, the body's 38, the floor's and the bottom's):
    # blank, that is one blank row repeated. A frame costs a sixth less (120x40, callgrind).
    BLANK = True
    BINDINGS = bindings()
    # Below MIN_WIDTH×MIN_HEIGHT the screen asks to be enlarged instead of drawing a broken layout.
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-narrow"), (WIDE_FROM, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-short"), (TALL_FROM, "-tall")]

    def __init__(
        self,
        settings: DaySettings,
        *,
        symbols: Symbols,
        time_source: Callable[[], float] = time.monotonic,
        fps: float = 30.0,
        loop_lag_meter: bool = True,
        tour: bool = False,
        playback: Playback | None = None,
        projector: bool = False,
    ) -> None:
        # On a projector (-projector): fewer, larger things, for a room to read from its back.
        super().__init__(classes="-projector" if projector else None)
        self.projector = projector
        self.symbols = symbols
        self.tour_on_start = tour
        self._tour: Worker[None] | None = None
        self._tour_said: str | None = None  # the tour's caption shown (said again as the day changes it)
        self._keys_pressed = 0
        self._tour_key: int | None = None  # which of those keys asked for the tour, until its action runs
        self._playback = playback  # a recorded day, played as it opens
        self.session = DaySession(settings, time_source=time_source, on_failure=self._sim_failed)
        self._fps = fps
        self._loop_lag_meter = loop_lag_meter  # off in snapshots: it measures real time
        self._block_ended_at = -math.inf  # when the last `b` freeze ended (time.monotonic()); inf during one
        self._early_actions: list[str] = []  # what keys pressed before the first day opened asked for
        self._too_small_notice: Static | None = None
        self._jump_to: float | None = None  # where the jump under way (←, →, home) ends
        self._jumps: Worker[None] | None = None
        self._also_painted: list[Panel] = []  # painted each frame besides the floor: the projector's clock
        self._meter: LoopLagMeter | None = None
        self.caption: Caption | None = None  # the notices, mounted with the first
        self._footer: Footer | None = None
        self._shown = False  # the screen has been shown (resumed) once

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The size's classes before the widgets are mounted, each styled with them: Textual adds them as the
        # first resize arrives, in a terminal after the widgets were mounted, and styled them all again.
        width, height = self.app.size
        self.add_class(
            breakpoint_class(width, self.HORIZONTAL_BREAKPOINTS),
            breakpoint_class(height, self.VERTICAL_BREAKPOINTS),
        )
        sym = self.symbols
        if self.projector:
            from burger_tui.ui.widgets.big_clock import BigClock  # Digits: not for a terminal's first frame

            clock = BigClock()
            self._also_painted.append(clock)
            with Columns(id="header"):
                yield clock
                yield StatusBar(sym, projector=True)
                yield from self._loop_lag()
        else:
            yield StatusBar(sym)
        with Rows(id="body"):
            with Columns(id="back"):
                yield KitchenPanel(sym)
                yield DisplayPanel()
            yield CounterPanel(sym)
            with Columns(id="front"):
                yield StreetPanel(sym)
                yield TablesPanel(sym)
            with Columns(id="bottom"):
                with Rows(id="gauges"):
                    yield StatsPanel(sym)
                    if not self.projector:
                        yield from self._loop_lag()
                narration = NarrationLog(NARRATION_LINES, id="narration", classes="panel")
                narration.border_title = "Narration"
                yield narration
        # The footer's row, blank as Textual's footer is in its first frame: the footer comes just after it.
        # (The notice for a terminal too small is mounted when first needed.)
        yield Static(id="footer-row")

    def _loop_lag(self) -> ComposeResult:
        if self._loop_lag_meter:
            yield LoopLagMeter(id="loop-lag")

    def on_mount(self) -> None:
        self._meter = self.query_one(LoopLagMeter) if self._loop_lag_meter else None
        self._note("start-up")
        self.painter = Painter(self, self.session, self.symbols, also=self._also_painted)
        self._frame_timer = self.set_interval(1 / self._fps, self._tick)
        # The first paint shows the restaurant as it opens, not empty panels filled in a timer tick (and
        # a second full-screen render) later. The day itself opens just after that paint: opening it
        # (anyio and the day's modules imported, every actor started) held the first frame ~15 ms.
        self.painter.write(0.0, welcome(self.session.next_day.config.mode))
        self.frame()
        self.call_after_refresh(self._mount_the_footer)
        self.call_after_refresh(self._open_the_first_day)

    async def _mount_the_footer(self) -> None:
        """The footer in place of its row (see :mod:`~burger_tui.ui.footer`), as the first frame is out."""
        from burger_tui.ui.footer import Footer

        if not self.is_attached:  # a signal ended the app with its first frame (MountError, exit 1)
            return
        self._footer = Footer(compact=True)
        self._footer.show_command_palette = self.size.width >= WIDE_FROM  # see on_resize
        row = self.query_one("#footer-row")
        with self.app.batch_update():  # never a frame with both, or neither
            await self.mount(self._footer, before=row)
            await row.remove()
        self.refresh_bindings()  # the keys, for the footer that has just subscribed to them

    def _footer_place(self) -> Widget:
        """The footer, or the row that holds its place until it is mounted (what the caption and the notice
        for a terminal too small go before)."""
        return self._footer if self._footer is not None else self.query_one("#footer-row")

    async def _open_the_first_day(self) -> None:
        self.run_worker(self.session.run(), name="days", exit_on_error=False)
        await self.session.wait_open()
        self._welcome_the_day()  # again: a new day's story starts afresh, at the instant the day opened
        # Keys pressed before the day opened act now, in order. (Held until now, not left to wait for
        # the day in their commands: the app would wait for them, and the day opens after a refresh.)
        for action in self._early_actions:
            await self.run_action(action)
        self._early_actions.clear()
        if self.tour_on_start:
            self.action_tour()
        if (playback := self._playback) is not None:
            self.session.play_back(playback.log, playback.until, self._show_played)
            if (at := playback.at) is not None:
                self.session.clock.pause()  # opened at that instant to be looked at
                self._jump(lambda _now: at)
        self.set_timer(WARM_UP_AFTER_S, self._warm_up)

    def _warm_up(self) -> None:
        """Ready what the first ``?``, ``p`` and ``c`` would make the loop wait for, in a thread: the loop
        keeps its turns while the thread holds the GIL a switch interval at a time."""
        self.run_worker(partial(warm_up, self.symbols), name="warm-up", thread=True, exit_on_error=False)

    def on_unmount(self) -> None:
        self.session.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once the app quits (q came first), the keys behind it act no more: the day is closing, and a
        # command's notice would be mounted on a screen taken down (MountError, exit 1).
        return self.app.return_code is None

    def _note(self, what: str, *, ordinary: bool = True) -> None:
        """Tell the loop-lag meter what the loop is about to do: a spike it makes is named after it."""
        if self._meter is not None:
            self._meter.note(what, ordinary=ordinary)

    def on_resize(self, event: Resize) -> None:
        self._note("resize")
        # Narrower, the footer's keys do not all fit: the palette's key (ctrl+p, in help) gives them its
        # room, and Textual's footer no longer leaves a stray letter where the two overlapped.
        footer = self._footer
        wide = event.size.width >= WIDE_FROM
        if footer is not None and footer.show_command_palette != wide:
            footer.show_command_palette = wide
            footer.refresh(recompose=True)
        if self.too_small and self._too_small_notice is None:
            # Mounted the first time it is needed: a widget, even hidden, costs ~1 ms before the first
            # frame (mounted, styled, styled again as the screen is shown). The screen's classes show it.
            self._too_small_notice = Static(TOO_SMALL, id="too-small")
            self.mount(self._too_small_notice, before=self._footer_place())
        if self.app.screen is self:  # what follows the size (the status bar's form, the floor's rows)
            self.frame()  # at once, even paused

    def on_screen_resume(self, event: ScreenResume) -> None:
        if not self._shown:
            # Shown the first time, the screen's widgets have just been styled as they were mounted, each by
            # the whole stylesheet (app.tcss is read first, and a widget's DEFAULT_CSS styles only itself and
            # what it holds), and the floor painted (on_mount): Textual's resume would style every one of them
            # again (~2 % of the instructions to the first frame), and a frame now would change nothing.
            # Textual runs this handler before its own, the subclass's first.
            event.refresh_styles = False
            self._shown = True
            return
        # Back from help, compare or a dialog: the whole floor is drawn again (a spike that causes is named
        # so), at once: resized meanwhile, or paused, it shows the day as it is now; the story told
        # meanwhile with its newest line in view.
        self._note("redraw")
        self.frame()
        self.query_one(NarrationLog).keep_following()

    @property
    def too_small(self) -> bool:
        """Whether the terminal is below the minimum size (the screen asks to be enlarged)."""
        return self.has_class("-too-narrow") or self.has_class("-too-short")

    # -- the day ---------------------------------------------------------------------
    def _sim_failed(self, message: str) -> None:
        from burger_tui.ui.screens.sim_error import SimErrorScreen  # rare: not imported at start-up

        self.frame()

        async def after(choice: str | None) -> None:
            if choice == "quit":
                self.app.exit()
            else:
                await self.action_reset()

        self.app.push_screen(SimErrorScreen(message), after)

    # -- frames ----------------------------------------------------------------------
    def frame(self) -> None:
        """Paint one frame; while paused the frame timer rests too (a paused restaurant costs nothing)."""
        if not self.is_attached:  # the app is ending (a command's outcome came after a signal): no screen
            return
        snapshot = self.painter.paint()
        if self._tour is not None:
            self._say_the_tour(snapshot)
        if snapshot.paused:
            self._frame_timer.pause()
        else:
            self._frame_timer.resume()

    def _tick(self) -> None:
        # Under help, compare or a dialog the dashboard is hidden or dimmed, and repainting it would
        # recomposite both screens every frame (a loaded loop: the lag meter rose). The restaurant goes
        # on; the first frame back catches up, narration included. (Not ``is_current``: Textual counts
        # the screen under compare as current, and it painted 30 frames a second there.)
        if self.app.screen is self:
            self.frame()

    def _show(self, outcome: Outcome, *, kind: str | None = None, timeout: float | None = NOTICE_S) -> None:
        """Show what a command did, at once, even while paused (``kind``: notices of one kind replace
        each other; by default its title, or its text. ``timeout``: seconds, ``None`` until replaced)."""
        if outcome.text is not None:
            self.notice(
                Content(outcome.text),
                kind=kind or outcome.title or outcome.text,
                title=outcome.title,
                severity=outcome.tone.value,
                timeout=timeout,
            )
        self.frame()

    def notice(
        self,
        message: Content,
        *,
        kind: str,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = NOTICE_S,
    ) -> None:
        """Show ``message`` in the caption beneath the floor (see :class:`Caption`), in place of the notice
        of the same ``kind``. A notice comes: what Textual keeps of widgets gone since is let go, as for its
        own notices (see :mod:`~burger_tui.ui.textual_leaks`)."""
        if not self.is_attached:  # the app is ending (a signal as an export was written): nobody to tell
            return
        let_go(self.app)
        if self.caption is None:  # mounted when first needed: the first frame has no notice
            from burger_tui.ui.widgets.caption import Caption

            self.caption = Caption(id="caption")
            self.mount(self.caption, before=self._footer_place())
        self.caption.show(message, kind=kind, title=title, severity=severity, timeout=timeout)
        # The floor fitted again to the rows the caption leaves it, once laid out (paused, no frame follows).
        self.call_after_refresh(self.frame)

    async def _command(self, command: Callable[[], Awaitable[Outcome]]) -> None:
        await self.jumped()  # a key pressed during a jump acts where the jump lands
        self._show(await command())

    async def _open_paused(self, screen: Screen[T], then: Callable[[T | None], None] | None = None) -> None:
        """Open a dialog over the dashboard with the restaurant paused, resumed when it closes.

        Behind a dialog the dashboard is dimmed and not repainted; a restaurant running on unseen
        would jump when it closes (and look frozen by the cleaning lesson's CPU work, the opposite of
        its point). The dialogs say so.
        """
        resume = not self.session.snapshot().paused
        open_ = True

        async def closed(result: T | None) -> None:
            nonlocal open_
            open_ = False
            if resume and self.session.snapshot().paused:
                await self._command(self.session.toggle_pause)
            if then is not None:
                then(result)

        async def pause_while_open() -> Outcome:
            if open_ and not self.session.snapshot().paused:  # not if it closed before the pause's turn
                return await self.session.toggle_pause()
            return DONE

        # Opened first: the keys typed right after the one that opens it come back (bindings are matched as a
        # key comes back from the focused widget) to the dialog, not to the dashboard, where they ran as
        # commands while the pause was awaited.
        self.app.push_screen(screen, closed)
        if resume:
            await self._command(pause_while_open)

    # -- actions: the restaurant's commands ---------------------------------------------
    async def action_add_order(self) -> None:
        await self._command(self.session.add_order)

    async def action_rush(self) -> None:
        await self._command(self.session.rush)

    async def action_switch_model(self) -> None:
        await self._command(self.session.next_model)

    async def action_more_cooks(self) -> None:
        await self._command(self.session.more_cooks)

    async def action_fewer_cooks(self) -> None:
        await self._command(self.session.fewer_cooks)

    async def action_toggle_pause(self) -> None:
        await self._command(self.session.toggle_pause)

    async def action_faster(self) -> None:
        await self._command(self.session.faster)

    async def action_slower(self) -> None:
        await self._command(self.session.slower)

    async def action_toggle_auto(self) -> None:
        await self._command(self.session.toggle_auto)

    async def action_step(self) -> None:
        """Pause, then run to the next moment a task wakes up (the status line counts the steps)."""
        await self._command(self.session.step)

    async def action_reset(self) -> None:
        await self.jumped()  # as any key: the day a jump under way reopens is the one reset
        outcome = await self.session.reset()
        self._welcome_the_day()
        self._show(outcome)

    async def action_suspend(self) -> None:
        """Back to the shell, as Ctrl+Z is elsewhere: the restaurant waits, paused, until ``fg``."""
        if self.app.is_web:
            self.notice(Content("A browser's tab has no shell to go back to: space pauses."), kind="suspend")
            return
        resume = not self.session.snapshot().paused
        if resume:
            await self._command(self.session.toggle_pause)
        # Textual's SIGTSTP handler runs as this returns: the process stops in it, and goes on after fg.
        self.app.action_suspend_process()
        if self._meter is not None:
            self._meter.measure_from_now()  # the loop was stopped, never late
        self.app.refresh(layout=True)  # the terminal was the shell's meanwhile: all of the screen again
        if resume and self.session.snapshot().paused:
            await self._command(self.session.toggle_pause)

    # -- actions: going back and forth in the day ------------------------------------------
    def action_back(self) -> None:
        self._jump(lambda at: at - JUMP_S)

    def action_forward(self) -> None:
        self._jump(lambda at: at + JUMP_S)

    def action_opening(self) -> None:
        self._jump(lambda _at: 0.0)

    def action_newest(self) -> None:
        newest = self.session.snapshot().newest
        self._jump(lambda at: at if newest is None else newest)

    def _jump(self, where: Callable[[float], float]) -> None:
        """Go to ``where`` of the instant the last jump is headed for (or of the time shown). The jump runs
        beside the keys: presses during it (a held ←) move where it ends, and cost a replay, not one each."""
        self._jump_to = where(self.session.shown_time() if self._jump_to is None else self._jump_to)
        if self._jumps is None:
            self._jumps = self.run_worker(self._jumping(), name="jump", group="jump")

    async def jumped(self) -> None:
        """Until the jump under way (if any) has landed and been painted."""
        if self._jumps is not None:
            await self._jumps.wait()

    async def _jumping(self) -> None:
        try:
            while (at := self._jump_to) is not None:
                await self._go_to(at)
                if self._jump_to == at:
                    self._jump_to = None
        finally:
            self._jumps = None

    async def _go_to(self, at: float) -> None:
        """The day at ``at``: going back replays it there, and its story is the replayed day's."""
        session = self.session
        days = session.days
        self._frame_timer.pause()  # frames of the day on its way there would be untrue, and slow it
        outcome = await session.go_to(at, self._show_played)
        if session.days != days:
            self.painter.forget_story()
        self._show(outcome, kind="rewind")

    def _show_played(self, outcome: Outcome) -> None:
        # The day at its newest instant again (played to it, or a new branch from here): what the last jump
        # said of the day "as it was" is no longer true.
        if self.caption is not None and self.session.snapshot().newest is None:
            self.caption.clear("rewind")
        self._show(outcome, kind="played")

    def _welcome_the_day(self) -> None:
        """The day's first line: what to press to see the story."""
        self.painter.start_day(self.session.shown_time(), welcome(self.session.snapshot().mode))

    # -- actions: other screens and the lessons (imported when first used: not needed for the first frame)
    def action_compare(self) -> None:
        """All three models on the same couples, with the current settings, side by side."""
        from burger_tui.ui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(self.session.config))

    async def action_export(self) -> None:
        """Export the day: to files the user names, or, served to a browser, as a download (never a path on
        the server a visitor could choose)."""
        if self.app.is_web:
            download, outcome = self.session.export_download()
            if download is not None:
                self.app.deliver_binary(
                    io.BytesIO(download.data), save_filename=download.filename, mime_type=download.mime_type
                )
            self._show_export(outcome)
            return
        from burger_tui.ui.screens.export_dialog import ExportDialog

        def write(prefix: str | None) -> None:
            if prefix is not None:
                self._show_export(self.session.export_to(prefix))

        await self._open_paused(ExportDialog(self.session.export_name), write)

    def _show_export(self, outcome: Outcome) -> None:
        self._show(outcome, kind="export", timeout=2 * NOTICE_S if outcome.tone is Tone.ERROR else NOTICE_S)

    async def action_blocking_call(self) -> None:
        """The seed's warning, for real: a blocking call inside ``async def`` freezes everything."""
        if time.monotonic() - self._block_ended_at < KEYS_QUEUED_IN_A_FREEZE_S:
            # Pressed again during the freeze: the key waited in line and arrives during or just after
            # it. One freeze per press would stack them (b b b froze for 4.5 s); one is the lesson.
            return
        self._block_ended_at = math.inf
        self._note("blocking call", ordinary=False)

        async def shown() -> None:
            self.frame()
            if self.painter.program_shown:
                # The one thread is about to be held: say who holds it (after the freeze, the view shows
                # every task that should have woken meanwhile as overdue).
                self.painter.show_program(running=BLOCKING_HOLDER)
            painted = asyncio.Event()
            self.call_after_refresh(painted.set)
            await painted.wait()  # the screen shows it before the loop is held (nothing paints during)

        try:
            await self.session.blocking_call(BLOCKING_CALL_S, shown)  # holds the event loop on purpose
        finally:
            self._block_ended_at = time.monotonic()
        self.frame()  # what it held is told at once, even paused

    def action_threaded_call(self) -> None:
        """The same work done the way the seed recommends: in a thread, awaited."""
        self.run_worker(self._threaded_call(), group="lesson", exclusive=True)

    async def _threaded_call(self) -> None:
        await self.session.threaded_call(BLOCKING_CALL_S)
        self.frame()  # told at once, even paused

    async def action_cleaning(self) -> None:
        """Cleaning a house: CPU work by one cleaner, by threads and by processes, measured."""
        from burger_tui.ui.screens.cleaning import CleaningScreen

        await self._open_paused(CleaningScreen())

    async def action_web_lesson(self) -> None:
        """The web server behind the story: the page's path operations on a real FastAPI server, measured."""
        from burger_tui.ui.screens.web_lesson import WebLessonScreen

        await self._open_paused(WebLessonScreen(symbols=self.symbols))

    def action_tour(self) -> None:
        """Play the story by itself; any key takes control back."""
        asked_by, self._tour_key = self._tour_key, None
        if asked_by is not None and self._keys_pressed > asked_by:  # a key already took over
            self._say_the_tour_stopped()
            return
        self._tour_said = None
        self._tour = self.run_worker(self._play_tour, name="tour", group="tour", exclusive=True)

    async def _play_tour(self) -> None:
        def show(outcome: Outcome) -> None:
            self._note("tour")
            if outcome.title == TOUR_TITLE:  # a stop's caption: said of the day as each frame shows it
                self.frame()
            else:
                self._show(outcome)

        await self.session.play_tour(show)
        self._tour = None
        if self.caption is not None:
            self.caption.clear("tour")
        self.action_compare()
        self.app.notify(TOUR_OVER, title="Tour over", timeout=TOUR_OVER_S)

    def _say_the_tour(self, day: DaySnapshot) -> None:
        """The tour's stop in the caption, said of ``day`` (the frame's), until the next stop: a count it
        gives is the one on the floor beside it. On a short terminal, its short form."""
        short = self.has_class("-short")
        caption = self.session.tour_caption(day, short=short)
        if caption is not None and caption != self._tour_said:
            self._tour_said = caption
            self.notice(
                Content.from_markup(caption), kind="tour", title="" if short else TOUR_TITLE, timeout=None
            )

    def on_key(self, event: Key) -> None:
        self._note(KEY_NAMED.get(event.key, f"key {event.key}"))
        # A key's own handler runs before its action: a key right after g comes before g's tour.
        self._keys_pressed += 1
        if TARGETS.get(event.key) == "tour":
            self._tour_key = self._keys_pressed
        if not self.session.days and event.key in TARGETS:  # the first day opens just after the first frame
            self._early_actions.append(TARGETS[event.key])
            event.stop()
            event.prevent_default()
            return
        if self._tour is not None and self._tour.is_running:
            self._tour.cancel()
            self._tour = None
            self._say_the_tour_stopped()

    def _say_the_tour_stopped(self) -> None:
        self.notice(Content("Tour stopped: the keys are yours."), kind="tour")

    async def action_toggle_program(self) -> None:
        """Show or hide the program behind the story: the day's tasks and their awaits, live."""
        await self.painter.toggle_program(self.query_one("#body"))
        self.frame()

    def action_lanes(self) -> None:
        """Who ran when: a lane per actor, time left to right, following the day."""
        from burger_tui.ui.screens.lanes import LanesScreen

        self.app.push_screen(LanesScreen(self.session, self.symbols, fps=self._fps))

    async def action_help(self) -> None:
        from burger_tui.ui.screens.help import HelpScreen

        # One help screen for the app, kept when it closes: a new one lays out and draws its whole text
        # twice as it first shows (~50 ms of the loop at 160x50); kept, it opens already drawn, at its top.
        if not self.app.is_screen_installed(HELP):
            self.app.install_screen(HelpScreen(self.symbols), HELP)
        await self._open_paused(self.app.get_screen(HELP))


def warm_up(symbols: Symbols) -> None:
    """Import help, the program view and compare, parse help's text, the program view's map of the day's
    awaits and your couple's code, highlighted (Pygments' Python lexer compiled with it): the first ``?``,
    ``p`` and ``c`` held the loop 40, ~100 and ~80 ms more for them (thread time). Compare's plots and table
    cost a process ~4 MB more from here, not only once opened."""
    from burger_tui.sim import clock, restaurant, work
    from burger_tui.sim.program.source import read_ahead
    from burger_tui.ui.screens.compare import CompareScreen  # noqa: F401  (imported: that is the warm-up)
    from burger_tui.ui.screens.help import help_content
    from burger_tui.ui.widgets.program_view import highlighted_function

    help_content(symbols)
    read_ahead(restaurant.__file__, work.__file__, clock.__file__)  # where the day's tasks are paused
    visit = restaurant.Restaurant._visit.__code__  # every couple's task, and so yours, is paused in it
    highlighted_function(visit.co_filename, visit.co_firstlineno)  # Pygments' lexer compiled with it
