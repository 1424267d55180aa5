"""The dashboard: the restaurant alive on screen.

Data goes one way. Keys call the commands of :class:`~burger_tui.sim.live.LiveRestaurant` and show
the :class:`~burger_tui.sim.live.Outcome`; the restaurant's events become narration lines as they
happen; one frame timer (30 fps) takes a frozen :class:`~burger_tui.sim.snapshot.DaySnapshot` and
hands it to every panel, which re-renders only if its text changed. While paused the frame timer is
paused too, so a paused restaurant costs nothing. The keys are this screen's bindings: under help,
compare or a dialog they do not fire.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from burger_tui.sim import events as ev
from burger_tui.sim.live import DaySettings, LiveRestaurant, Outcome
from burger_tui.sim.records import CustomerRecorder
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.spool import RecordSpool
from burger_tui.ui.keys import bindings
from burger_tui.ui.narration import clock_text, narrate
from burger_tui.ui.symbols import ASCII, Symbols
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

MIN_WIDTH, MIN_HEIGHT = 60, 20
NARRATION_LINES = 200
BLOCKING_CALL_S = 1.5  # real seconds the `b` and `t` lessons hold the cook
KEYS_QUEUED_IN_A_FREEZE_S = 0.25  # a `b` this soon after a freeze was pressed during it


class DashboardScreen(Screen[None]):
    """The restaurant: street, counter, display, kitchen, tables, stats and the story as it happens."""

    BINDINGS = bindings()
    # Below MIN_WIDTH×MIN_HEIGHT the screen asks to be enlarged instead of drawing a broken layout.
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-short"), (32, "-tall")]

    def __init__(
        self,
        settings: DaySettings,
        *,
        symbols: Symbols,
        time_source: Callable[[], float] = time.monotonic,
        fps: float = 30.0,
        loop_lag_meter: bool = True,
    ) -> None:
        super().__init__()
        self.symbols = symbols
        self.live = LiveRestaurant(
            settings, time_source=time_source, day_listeners=self._day_listeners, on_failure=self._sim_failed
        )
        self._fps = fps
        self._loop_lag_meter = loop_lag_meter  # off in snapshots: it measures real time
        self._untold: list[str] = []  # narration lines since the last frame
        self._blocking = False  # a `b` freeze is under way
        self._block_ended_at = -math.inf  # when the last `b` freeze ended (time.monotonic())
        self._spool: RecordSpool | None = None  # the day's couples, kept on disk for `e`

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        sym = self.symbols
        yield StatusBar(sym)
        with Vertical(id="body"):
            with Horizontal(id="front"):
                yield StreetPanel(sym)
                yield CounterPanel(sym)
                yield DisplayPanel()
            with Horizontal(id="middle"):
                yield KitchenPanel(sym)
                yield TablesPanel(sym)
            with Horizontal(id="bottom"):
                with Vertical(id="gauges"):
                    yield StatsPanel(sym)
                    if self._loop_lag_meter:
                        yield LoopLagMeter(id="loop-lag")
                narration = NarrationLog(NARRATION_LINES, id="narration", classes="panel")
                narration.border_title = "Narration"
                yield narration
        yield Static(f"Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}.", id="too-small")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
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
        self._frame_timer = self.set_interval(1 / self._fps, self._tick)
        self.run_worker(self.live.run(), name="days", exit_on_error=False)
        await self.live.wait_open()
        # The first paint shows the restaurant, not empty panels filled in a timer tick (and a second
        # full-screen render) later.
        self.frame()

    def on_unmount(self) -> None:
        self._close_spool()

    @property
    def too_small(self) -> bool:
        """Whether the terminal is below the minimum size (the screen asks to be enlarged)."""
        return self.has_class("-too-narrow") or self.has_class("-too-short")

    # -- the day ---------------------------------------------------------------------
    def _day_listeners(self, _restaurant: Restaurant) -> Sequence[Listener]:
        """What hears each new day: the narration, and the recorder of its couples for export.

        Called as a day opens, before its first event: the story and the export start afresh.
        """
        self._untold.clear()
        self._narration.clear()
        self._close_spool()
        self._spool = RecordSpool()
        return [self._narrate, CustomerRecorder(sink=self._spool.write_record)]

    @property
    def records_on_disk_bytes(self) -> int:
        """The size of the day's couples kept on disk for export."""
        return 0 if self._spool is None else self._spool.size()

    def _close_spool(self) -> None:
        if self._spool is not None:
            self._spool.close()

    def _narrate(self, event: ev.Event) -> None:
        # Told now, in the event's words; painted with the next frame.
        line = narrate(event)
        if line is not None:
            self._untold.append(self._stamped(event.at, line))

    def _stamped(self, at: float, line: str) -> str:
        if self.symbols is ASCII:  # the story's emoji are decoration: drop them
            line = line.encode("ascii", "ignore").decode().rstrip()
        return f"[dim]{clock_text(at)}[/dim] {line}"

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
        for panel in self._panels:
            panel.show(snapshot)
        if self._untold:
            lines, self._untold = self._untold, []
            for line in lines:
                self._narration.write(line)
        if snapshot.paused:
            self._frame_timer.pause()
        else:
            self._frame_timer.resume()

    def _tick(self) -> None:
        # Under help, compare or a dialog the dashboard is hidden or dimmed, and repainting it would
        # recomposite both screens every frame (a loaded loop: the lag meter rose). The restaurant goes
        # on; the first frame back catches up, narration included.
        if self.is_current:
            self.frame()

    def _show(self, outcome: Outcome) -> None:
        """Show what a key did, at once, even while paused."""
        if outcome.text is not None:
            self.notify(
                outcome.text,
                title=outcome.title,
                severity="warning" if outcome.refused else "information",
                timeout=3 if outcome.title else 2,
            )
        self.frame()

    def tell(self, line: str) -> None:
        """Add a line to the narration, stamped with the restaurant's clock."""
        self._narration.write(self._stamped(self.live.clock.now(), line))

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
        self._show(await self.live.reset())

    # -- actions: other screens and the lessons (imported when first used: not needed for the first frame)
    def action_compare(self) -> None:
        """All three models on the same couples, with the current settings, side by side."""
        from burger_tui.ui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(self.live.config))

    def action_export(self) -> None:
        from burger_tui.export import ExportError, default_prefix, export_run
        from burger_tui.ui.screens.export_dialog import ExportDialog

        def write(prefix: str | None) -> None:
            if prefix is None or self._spool is None:
                return
            try:
                # Those who left (spooled, in order of leaving), then those still inside, by arrival.
                stats = self.live.report().as_dict()
                paths = export_run(prefix, stats, self._spool, self.live.records_inside())
            except ExportError as error:
                self.notify(str(error), title="Export failed", severity="error", timeout=6)
            else:
                self.notify(f"Wrote {paths}", title="Exported", timeout=4)

        self.app.push_screen(ExportDialog(default_prefix(self.live.config.seed)), write)

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

        self.app.push_screen(CleaningScreen())

    def action_help(self) -> None:
        from burger_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.symbols))


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]
