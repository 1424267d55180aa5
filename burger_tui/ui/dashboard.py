"""The dashboard: the restaurant alive on screen.

Data goes one way. Keys call the commands of :class:`~burger_tui.sim.live.LiveRestaurant` and show
the :class:`~burger_tui.sim.live.Outcome`; the restaurant's events become narration lines as they
happen; one frame timer (30 fps) takes a frozen :class:`~burger_tui.sim.snapshot.DaySnapshot` and
hands it to every panel, which re-renders only if its text changed. While paused the frame timer is
paused too, so a paused restaurant costs nothing. The keys are this screen's bindings: under help,
compare or a dialog they do not fire.
"""

from __future__ import annotations

import asyncio
import io
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from burger_tui.sim.live import DaySettings, LiveRestaurant, Outcome
from burger_tui.sim.model import Mode, Phase, Role
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.keys import TARGETS, bindings
from burger_tui.ui.symbols import ASCII, Symbols
from burger_tui.ui.textual_leaks import Footer
from burger_tui.ui.times import clock_text
from burger_tui.ui.toasts import Toasts
from burger_tui.ui.widgets.counter import STATION_WIDTH, CounterPanel
from burger_tui.ui.widgets.display import DisplayPanel
from burger_tui.ui.widgets.kitchen import KitchenPanel
from burger_tui.ui.widgets.loop_lag import LoopLagMeter
from burger_tui.ui.widgets.narration_log import NarrationLog
from burger_tui.ui.widgets.panel import Panel
from burger_tui.ui.widgets.stats_panel import StatsPanel
from burger_tui.ui.widgets.status_bar import StatusBar
from burger_tui.ui.widgets.street import StreetPanel
from burger_tui.ui.widgets.tables import TablesPanel

if TYPE_CHECKING:  # imported where used: the first frame is painted before the day opens
    from burger_tui.sim import events as ev
    from burger_tui.sim.restaurant import Listener, Restaurant
    from burger_tui.spool import RecordSpool
    from burger_tui.ui.widgets.program_view import ProgramView

T = TypeVar("T")

WELCOME = (
    "[b]Welcome to {title}.[/b] [b]O[/b]: a rush walks in. [b]m[/b]: switch the model live and watch "
    "the couples stand or sit. [b]g[/b]: a guided tour. [b]?[/b]: help."
)
MIN_WIDTH, MIN_HEIGHT = 60, 20
TOO_SMALL = f"Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}."
WIDE_FROM = 110  # columns: the wide layout, and a footer with room for every key and the palette's
STATUS_AND_FOOTER = 2  # rows
WARM_UP_AFTER_S = 1.0  # after the first frame: start-up is not delayed
PROGRAM_EVERY_S = 0.5  # real seconds between reads of the program while it runs (it shows whole seconds)
PROGRAM_COUPLES = 2  # couples the program view lists one by one (the others are grouped by their await)
PANEL_FRAME = 4  # a panel's border and padding, in columns
DISPLAY_ROWS, DISPLAY_ROWS_SHORT = 6, 3  # the counter display with its big digits, or one line of numbers
DINING_ROWS, DINING_ROWS_SHORT = 8, 5  # at least two rows of tables (one when short)
FLOOR_ROWS_AT_START = (6, 3)  # the kitchen's and the counter's heights in app.tcss
NARRATION_LINES = 200
BLOCKING_CALL_S = 1.5  # real seconds the `b` and `t` lessons hold the cook
KEYS_QUEUED_IN_A_FREEZE_S = 0.25  # a `b` this soon after a freeze was pressed during it


class Rows(Vertical):
    """The screen's layout, top to bottom: its panels cover it, so it draws nothing (see ``BLANK`` below)."""

    BLANK = True


class Columns(Horizontal):
    """The screen's layout, left to right: its panels cover it, so it draws nothing."""

    BLANK = True


class DashboardScreen(Screen[None]):
    """The restaurant: street, counter, display, kitchen, tables, stats and the story as it happens."""

    # The screen and its layouts are covered by the panels: blank, they are not drawn line by line. On
    # each frame Textual renders whole every widget whose container overlaps what changed (a cook's
    # progress on one row drew the screen's 40 rows, the body's 38, the floor's and the bottom's):
    # blank, that is one blank row repeated. A frame costs a sixth less (120x40, callgrind).
    BLANK = True
    BINDINGS = bindings()
    # Below MIN_WIDTH×MIN_HEIGHT the screen asks to be enlarged instead of drawing a broken layout.
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-narrow"), (WIDE_FROM, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-short"), (32, "-tall")]

    def __init__(
        self,
        settings: DaySettings,
        *,
        symbols: Symbols,
        time_source: Callable[[], float] = time.monotonic,
        fps: float = 30.0,
        loop_lag_meter: bool = True,
        tour: bool = False,
    ) -> None:
        super().__init__()
        self.symbols = symbols
        self.tour_on_start = tour
        self._tour: Worker[None] | None = None
        self.live = LiveRestaurant(
            settings, time_source=time_source, day_listeners=self._day_listeners, on_failure=self._sim_failed
        )
        self._fps = fps
        self._loop_lag_meter = loop_lag_meter  # off in snapshots: it measures real time
        self._untold: list[tuple[float, str]] = []  # narration lines since the last frame, with their time
        self._blocking = False  # a `b` freeze is under way
        self._block_ended_at = -math.inf  # when the last `b` freeze ended (time.monotonic())
        self._spool: RecordSpool | None = None  # the day's couples, kept on disk for `e`
        self._early_actions: list[str] = []  # what keys pressed before the first day opened asked for
        self._too_small_notice: Static | None = None

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        sym = self.symbols
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
                    if self._loop_lag_meter:
                        yield LoopLagMeter(id="loop-lag")
                narration = NarrationLog(NARRATION_LINES, id="narration", classes="panel")
                narration.border_title = "Narration"
                yield narration
        yield Footer(compact=True)  # the notice for a terminal too small is mounted when first needed

    def on_mount(self) -> None:
        self._panels: Sequence[Panel] = [
            self.query_one(StatusBar),
            self.query_one(StreetPanel),
            self.query_one(CounterPanel),
            self.query_one(DisplayPanel),
            self.query_one(KitchenPanel),
            self.query_one(TablesPanel),
            self.query_one(StatsPanel),
        ]
        self._narration = self.query_one(NarrationLog)
        self._program_view: ProgramView | None = None  # mounted the first time p is pressed
        self._program_read_at = -math.inf
        self.toasts = Toasts(self.app)
        self._back = self.query_one("#back")
        self._counter = self.query_one(CounterPanel)
        self._bottom = self.query_one("#bottom")
        self._floor_rows = FLOOR_ROWS_AT_START
        self._frame_timer = self.set_interval(1 / self._fps, self._tick)
        # The first paint shows the restaurant as it opens, not empty panels filled in a timer tick (and
        # a second full-screen render) later. The day itself opens just after that paint: opening it
        # (anyio and the day's modules imported, every actor started) held the first frame ~15 ms.
        self._welcome(self.live.next_day.config.mode, at=0.0)
        self.frame()
        self.call_after_refresh(self._open_the_first_day)

    async def _open_the_first_day(self) -> None:
        self.run_worker(self.live.run(), name="days", exit_on_error=False)
        await self.live.wait_open()
        self._welcome_the_day()  # again: a new day's story starts afresh, at the instant the day opened
        for action in self._early_actions:  # keys pressed before the day opened act now, in order
            await self.run_action(action)
        self._early_actions.clear()
        if self.tour_on_start:
            self.action_tour()
        self.set_timer(WARM_UP_AFTER_S, self._warm_up)

    def _warm_up(self) -> None:
        """Import help and build its text while nothing happens, not when ``?`` is pressed (that held
        the loop ~40 ms more the first time)."""
        from burger_tui.ui.screens.help import help_markup

        help_markup(self.symbols)

    def on_unmount(self) -> None:
        self._close_spool()

    def on_resize(self, event: Resize) -> None:
        # Narrower, the footer's keys do not all fit: the palette's key (ctrl+p, in help) gives them its
        # room, and Textual's footer no longer leaves a stray letter where the two overlapped.
        footer = self.query_one(Footer)
        wide = event.size.width >= WIDE_FROM
        if footer.show_command_palette != wide:
            footer.show_command_palette = wide
            footer.refresh(recompose=True)
        if self.too_small and self._too_small_notice is None:
            # Mounted the first time it is needed: a widget, even hidden, costs ~1 ms before the first
            # frame (mounted, styled, styled again as the screen is shown). The screen's classes show it.
            self._too_small_notice = Static(TOO_SMALL, id="too-small")
            self.mount(self._too_small_notice, before=footer)

    @property
    def too_small(self) -> bool:
        """Whether the terminal is below the minimum size (the screen asks to be enlarged)."""
        return self.has_class("-too-narrow") or self.has_class("-too-short")

    # -- the day ---------------------------------------------------------------------
    def _day_listeners(self, restaurant: Restaurant) -> Sequence[Listener]:
        """What hears each new day: the narration, and the recorder of its couples for export.

        Called as a day opens, before its first event: the story and the export start afresh.
        """
        # Not needed for the first frame, which is painted before the first day opens.
        from burger_tui.sim.records import CustomerRecorder
        from burger_tui.spool import RecordSpool
        from burger_tui.ui.narration import narrate

        def tell(event: ev.Event) -> None:
            # Told now, in the event's words; painted with the next frame.
            line = narrate(event)
            if line is not None:
                self._untold.append((event.at, line))

        self._untold.clear()
        self._narration.clear()
        self._close_spool()
        self._spool = RecordSpool()
        return [tell, CustomerRecorder(sink=self._spool.write_record)]

    @property
    def records_on_disk_bytes(self) -> int:
        """The size of the day's couples kept on disk for export."""
        return 0 if self._spool is None else self._spool.size()

    def _close_spool(self) -> None:
        if self._spool is not None:
            self._spool.close()

    def _write(self, at: float, line: str) -> None:
        if self.symbols is ASCII:  # the story's emoji are decoration: drop them
            line = line.encode("ascii", "ignore").decode().rstrip()
        self._narration.write(line, stamp=f"[dim]{clock_text(at)}[/dim]")

    def _sim_failed(self, error: BaseException) -> None:
        from burger_tui.ui.screens.sim_error import SimErrorScreen  # rare: not imported at start-up

        message = "\n".join(f"{type(e).__name__}: {e}" for e in _leaves(error))
        self._narration.write(f"[b red]The restaurant stopped:[/] {message}")
        self.frame()

        async def after(choice: str | None) -> None:
            if choice == "quit":
                self.app.exit()
            else:
                await self.action_reset()

        self.app.push_screen(SimErrorScreen(message), after)

    # -- frames ----------------------------------------------------------------------
    def frame(self) -> None:
        """Render one frame from a fresh snapshot; panels skip unchanged text."""
        snapshot = self.live.snapshot()
        self._fit_floor(snapshot)
        for panel in self._panels:
            panel.show(snapshot)
        if self._program_view is not None and self._program_view.display:  # read only while looked at
            now = time.monotonic()
            # Its waits are shown in whole seconds: a few looks a second are enough, and each redraws
            # the whole list. Paused (a step, a key), it is read at once.
            if snapshot.paused or now - self._program_read_at >= PROGRAM_EVERY_S:
                self._program_read_at = now
                self._program_view.show(self.live.program(detail_couples=PROGRAM_COUPLES))
        if self._untold:
            lines, self._untold = self._untold, []
            for at, line in lines:
                self._write(at, line)
        if snapshot.paused:
            self._frame_timer.pause()
        else:
            self._frame_timer.resume()

    def _fit_floor(self, snapshot: DaySnapshot) -> None:
        """Give the kitchen and the counter the rows their staff need; the dining room gets the rest.

        Heights change only when the staff do (a switch, a cook more): a re-layout is not cheap.
        """
        floor = self.size.height - STATUS_AND_FOOTER - self._bottom.outer_size.height
        if floor <= 0:
            return
        short = self.has_class("-short")
        cooks = sum(1 for member in snapshot.staff if member.role is Role.COOK)
        at_counter = len(snapshot.staff) - cooks
        columns = max(1, (self.size.width - PANEL_FRAME) // STATION_WIDTH)
        counter_rows = -(-at_counter // columns) + bool(snapshot.couples(Phase.AT_COUNTER)) or 1
        display = DISPLAY_ROWS_SHORT if short else DISPLAY_ROWS
        dining = DINING_ROWS_SHORT if short else DINING_ROWS
        back = max(display, min(1 + max(1, cooks) + 2, floor * 2 // 5))
        counter = max(3, min(counter_rows + 2, floor - back - dining))
        if (back, counter) != self._floor_rows:
            self._floor_rows = (back, counter)
            self._back.styles.height = back
            self._counter.styles.height = counter

    def _tick(self) -> None:
        # Under help, compare or a dialog the dashboard is hidden or dimmed, and repainting it would
        # recomposite both screens every frame (a loaded loop: the lag meter rose). The restaurant goes
        # on; the first frame back catches up, narration included.
        if self.is_current:
            self.frame()

    def _show(self, outcome: Outcome) -> None:
        """Show what a key did, at once, even while paused."""
        if outcome.text is not None:
            self.toasts.show(
                outcome.text,
                kind=outcome.title or outcome.text,
                title=outcome.title,
                severity="warning" if outcome.refused else "information",
                timeout=3 if outcome.title else 2,
            )
        self.frame()

    def _open_paused(self, screen: Screen[T], then: Callable[[T | None], None] | None = None) -> None:
        """Open a dialog over the dashboard with the restaurant paused, resumed when it closes.

        Behind a dialog the dashboard is dimmed and not repainted; a restaurant running on unseen
        would jump when it closes (and look frozen by the cleaning lesson's CPU work, the opposite of
        its point). The dialogs say so.
        """
        resume = not self.live.clock.paused
        if resume:
            self._show(self.live.toggle_pause())

        def closed(result: T | None) -> None:
            if resume and self.live.clock.paused:
                self._show(self.live.toggle_pause())
            if then is not None:
                then(result)

        self.app.push_screen(screen, closed)

    def tell(self, line: str) -> None:
        """Add a line to the narration, stamped with the restaurant's clock."""
        self._write(self.live.clock.now(), line)

    # -- actions: the restaurant's commands ---------------------------------------------
    def action_add_order(self) -> None:
        self._show(self.live.add_order())

    def action_rush(self) -> None:
        self._show(self.live.rush())

    def action_switch_model(self) -> None:
        self._show(self.live.next_model())

    def action_more_cooks(self) -> None:
        self._show(self.live.more_cooks())

    def action_fewer_cooks(self) -> None:
        self._show(self.live.fewer_cooks())

    def action_toggle_pause(self) -> None:
        self._show(self.live.toggle_pause())

    def action_faster(self) -> None:
        self._show(self.live.faster())

    def action_slower(self) -> None:
        self._show(self.live.slower())

    def action_toggle_auto(self) -> None:
        self._show(self.live.toggle_auto())

    async def action_reset(self) -> None:
        outcome = await self.live.reset()
        self._welcome_the_day()
        self._show(outcome)

    def _welcome_the_day(self) -> None:
        self._welcome(self.live.restaurant.mode, at=self.live.clock.now())

    def _welcome(self, mode: Mode, *, at: float) -> None:
        """The day's first line: what to press to see the story."""
        self._write(at, WELCOME.format(title=mode.story_title))

    # -- actions: other screens and the lessons (imported when first used: not needed for the first frame)
    def action_compare(self) -> None:
        """All three models on the same couples, with the current settings, side by side."""
        from burger_tui.ui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(self.live.config))

    def action_export(self) -> None:
        """Export the day: to files the user names, or, served to a browser, as a download (never a path on
        the server a visitor could choose)."""
        if self.app.is_web:
            self._deliver_export()
            return
        from burger_tui.export import ExportError, default_prefix, export_run
        from burger_tui.ui.screens.export_dialog import ExportDialog

        name = default_prefix(self.live.config.seed)

        def write(prefix: str | None) -> None:
            if prefix is None or self._spool is None:
                return
            try:
                # Those who left (spooled, in order of leaving), then those still inside, by arrival.
                stats = self.live.report().as_dict()
                paths = export_run(
                    prefix, stats, self._spool, self.live.records_inside(), name_in_folder=name
                )
            except ExportError as error:
                self.toasts.show(
                    str(error), kind="export", title="Export failed", severity="error", timeout=6
                )
            else:
                self.toasts.show(f"Wrote {paths}", kind="export", title="Exported", timeout=4)

        self._open_paused(ExportDialog(name), write)

    def _deliver_export(self) -> None:
        from burger_tui.export import ExportError, default_prefix, export_archive

        if self._spool is None:
            return
        name = default_prefix(self.live.config.seed)
        try:
            archive = export_archive(
                name, self.live.report().as_dict(), self._spool, self.live.records_inside()
            )
        except ExportError as error:
            self.toasts.show(str(error), kind="export", title="Export failed", severity="error", timeout=6)
            return
        self.app.deliver_binary(io.BytesIO(archive), save_filename=f"{name}.zip", mime_type="application/zip")
        self.toasts.show(
            f"{name}.zip ({name}.json and {name}.csv) goes to your browser's downloads",
            kind="export",
            title="Exported",
            timeout=4,
        )

    async def action_blocking_call(self) -> None:
        """The seed's warning, for real: a blocking call inside ``async def`` freezes everything."""
        from burger_tui.lessons.blocking import blocking_burger, narrate_blocking

        if self._blocking or time.monotonic() - self._block_ended_at < KEYS_QUEUED_IN_A_FREEZE_S:
            # Pressed again during the freeze: the key waited in line and arrives during or just after
            # it. One freeze per press would stack them (b b b froze for 4.5 s); one is the lesson.
            return
        self._blocking = True
        self.tell("[b]The cook makes a blocking call inside async def…[/b]")
        self.frame()
        if self._program_view is not None and self._program_view.display:
            # The one thread is about to be held: say who holds it (after the freeze, the view shows
            # every task that should have woken meanwhile as overdue).
            holder = "the cook's blocking call: time.sleep() inside async def; every other task will be late"
            self._program_view.show(
                replace(self.live.program(detail_couples=PROGRAM_COUPLES), running=holder)
            )
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        await painted.wait()  # the screen shows it before the loop is held (nothing paints during)
        try:
            held = await blocking_burger(BLOCKING_CALL_S)  # holds this app's event loop on purpose
        finally:
            self._blocking = False
            self._block_ended_at = time.monotonic()
        self.tell(narrate_blocking(held))

    def action_threaded_call(self) -> None:
        """The same work done the way the seed recommends: in a thread, awaited."""
        self.tell("[b]The cook does the same work in a thread (anyio.to_thread.run_sync)…[/b]")
        self.run_worker(self._threaded_call(), group="lesson", exclusive=True)

    async def _threaded_call(self) -> None:
        from burger_tui.lessons.blocking import narrate_threaded, threaded_burger

        busy = await threaded_burger(BLOCKING_CALL_S)
        self.tell(narrate_threaded(busy))

    def action_cleaning(self) -> None:
        """Cleaning a house: CPU work by one cleaner, by threads and by processes, measured."""
        from burger_tui.ui.screens.cleaning import CleaningScreen

        self._open_paused(CleaningScreen())

    def action_tour(self) -> None:
        """Play the story by itself; any key takes control back."""
        self._tour = self.run_worker(self._play_tour, name="tour", group="tour", exclusive=True)

    async def _play_tour(self) -> None:
        from burger_tui.sim.tour import TOUR

        for number, stop in enumerate(TOUR, 1):
            for command in stop.commands:
                self._show(command(self.live))
            caption = f"[b]Tour {number}/{len(TOUR)}:[/b] {stop.caption}"
            self.tell(caption)
            self.toasts.show(caption, kind="tour", title="Guided tour (any key takes over)", timeout=20)
            self.frame()
            await self.live.clock.sleep(stop.watch_s)
        self._tour = None
        self.action_compare()

    def on_key(self, event: Key) -> None:
        if not self.live.days and event.key in TARGETS:  # the first day opens just after the first frame
            self._early_actions.append(TARGETS[event.key])
            event.stop()
            event.prevent_default()
            return
        if self._tour is not None and self._tour.is_running:
            self._tour.cancel()
            self._tour = None
            self.toasts.show("Tour stopped: the keys are yours.", kind="tour", timeout=3)

    async def action_toggle_program(self) -> None:
        """Show or hide the program behind the story: the day's tasks and their awaits, live."""
        if self._program_view is None:  # not needed for the first frame: mounted when first asked for
            from burger_tui.ui.widgets.program_view import ProgramView

            self._program_view = ProgramView(id="program")
            await self.query_one("#body").mount(self._program_view, after="#front")
        self.toggle_class("-program")
        self._program_read_at = -math.inf
        self.frame()

    async def action_step(self) -> None:
        """Pause, then run to the next moment a task wakes up (the status line counts the steps)."""
        self._show(await self.live.step())

    def action_help(self) -> None:
        from burger_tui.ui.screens.help import HelpScreen

        self._open_paused(HelpScreen(self.symbols))


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]
