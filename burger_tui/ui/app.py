"""The dashboard: the restaurant alive on screen.

Data goes one way. Keys call commands on the :class:`~burger_tui.sim.restaurant.Restaurant`
(or its clock); the restaurant's events are queued as they happen, and one frame timer (30 fps)
captures a :class:`~burger_tui.ui.scene.Scene` and hands it to every panel, which re-renders only
if its text changed. While paused the frame timer is paused too, so a paused restaurant costs
nothing.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

import anyio
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker

from burger_tui.sim import events as ev
from burger_tui.sim.clock import RealClock
from burger_tui.sim.model import MAX_COOKS, Mode, RestaurantConfig, describe_staff
from burger_tui.sim.records import CustomerRecorder
from burger_tui.sim.restaurant import Restaurant
from burger_tui.spool import RecordSpool
from burger_tui.ui.keys import KEYS, bindings
from burger_tui.ui.narration import clock_text, narrate
from burger_tui.ui.scene import Scene
from burger_tui.ui.symbols import ASCII, EMOJI
from burger_tui.ui.widgets.counter import CounterPanel
from burger_tui.ui.widgets.counter_display import CounterDisplay
from burger_tui.ui.widgets.kitchen import KitchenPanel
from burger_tui.ui.widgets.loop_lag import LoopLagMeter
from burger_tui.ui.widgets.narration_log import NarrationLog
from burger_tui.ui.widgets.stats_panel import StatsPanel
from burger_tui.ui.widgets.status_bar import StatusBar
from burger_tui.ui.widgets.street import StreetPanel
from burger_tui.ui.widgets.tables import TablesPanel

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
RUSH_SIZE = 10
MIN_WIDTH, MIN_HEIGHT = 60, 20
NARRATION_LINES = 200
BLOCKING_CALL_S = 1.5  # real seconds the `b` and `t` lessons hold the cook
KEYS_QUEUED_IN_A_FREEZE_S = 0.25  # a `b` this soon after a freeze was pressed during it
# What the keys do to the restaurant: not from under help, compare or a dialog.
DASHBOARD_ACTIONS = frozenset(key.action for key in KEYS) - {"help", "quit"}


class BurgerApp(App[None]):
    """Concurrent Burgers vs Parallel Burgers, live."""

    CSS_PATH = "app.tcss"
    TITLE = "burger_tui"
    BINDINGS = bindings()
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    def __init__(
        self,
        config: RestaurantConfig | None = None,
        *,
        speed: float = 4.0,
        auto_arrivals: bool = True,
        ascii_only: bool = False,
        time_source: Callable[[], float] = time.monotonic,
        fps: float = 30.0,
        loop_lag_meter: bool = True,
    ) -> None:
        super().__init__()
        self.config = config or RestaurantConfig()
        self.symbols = ASCII if ascii_only else EMOJI
        self._speed = speed
        self._auto_arrivals = auto_arrivals
        self._time_source = time_source
        self._fps = fps
        self._loop_lag_meter = loop_lag_meter  # off in snapshots: it measures real time
        self._pending: list[ev.Event] = []
        self._block_ended_at = -math.inf  # when the last `b` freeze ended (time.monotonic())
        self.clock: RealClock
        self.restaurant: Restaurant
        self._day: Worker[None] | None = None
        self._spool: RecordSpool | None = None  # the day's couples, kept on disk for `e`

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(id="body"):
            with Horizontal(id="front"):
                yield StreetPanel()
                yield CounterPanel()
                yield CounterDisplay()
            with Horizontal(id="middle"):
                yield KitchenPanel()
                yield TablesPanel()
            with Horizontal(id="bottom"):
                with Vertical(id="gauges"):
                    yield StatsPanel()
                    if self._loop_lag_meter:
                        yield LoopLagMeter(id="loop-lag")
                narration = NarrationLog(NARRATION_LINES, id="narration", classes="panel")
                narration.border_title = "Narration"
                yield narration
        yield Static(f"Please enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}.", id="too-small")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self._panels = [
            self.query_one(StatusBar),
            self.query_one(StreetPanel),
            self.query_one(CounterPanel),
            self.query_one(CounterDisplay),
            self.query_one(KitchenPanel),
            self.query_one(TablesPanel),
            self.query_one(StatsPanel),
        ]
        self._narration = self.query_one(NarrationLog)
        self._frame_timer = self.set_interval(1 / self._fps, self._tick)
        self._open_day()
        await self._day_open.wait()
        # The first paint shows the restaurant, not empty panels filled in a timer tick (and a second
        # full-screen render) later.
        self.frame()

    def on_ready(self) -> None:
        """The first frame is painted."""
        if not gc.isenabled():  # the CLI turned the collector off to paint sooner
            # What exists now is nearly all Textual and the screen, which live as long as the app:
            # frozen, later collections (frames make garbage) do not walk it again. (The first day's
            # few objects are frozen too: after `r` they stay, a few kilobytes, once.)
            gc.freeze()
            gc.enable()

    def on_unmount(self) -> None:
        self._close_spool()

    def _close_spool(self) -> None:
        if self._spool is not None:
            self._spool.close()

    def on_resize(self, event: Resize) -> None:
        too_small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.screen.set_class(too_small, "-too-small")

    # -- the day -------------------------------------------------------------------
    def _open_day(self) -> None:
        self.clock = RealClock(self._speed, time_source=self._time_source)
        restaurant = Restaurant(self.config, self.clock, auto_arrivals=self._auto_arrivals)
        self.restaurant = restaurant
        restaurant.subscribe(lambda event: self._on_sim_event(restaurant, event))
        self._close_spool()  # a new day exports only its own couples
        self._spool = RecordSpool()
        restaurant.subscribe(CustomerRecorder(sink=self._spool.write_record))
        restaurant.follow_next_couple()
        self._frame_timer.resume()
        # Keys call the restaurant's commands, which need it open: whoever opens a day awaits this
        # before the app handles the next key (a key right after `r` used to crash the app).
        self._day_open = anyio.Event()
        self._day = self.run_worker(
            self._run_day(restaurant, self._day_open), name="day", group="day", exit_on_error=False
        )

    async def _run_day(self, restaurant: Restaurant, day_open: anyio.Event) -> None:
        try:
            async with anyio.create_task_group() as tg:
                await tg.start(restaurant.run)
                day_open.set()
                if restaurant.auto_arrivals:
                    restaurant.add_couple()  # the screen is never empty: here you come
        except Exception as error:  # an actor failed: show it, never swallow it
            self._sim_failed(error)
        finally:
            day_open.set()

    def _on_sim_event(self, restaurant: Restaurant, event: ev.Event) -> None:
        if restaurant is self.restaurant:
            self._pending.append(event)
            if isinstance(event, ev.CoupleLeft) and event.couple.watched:
                restaurant.follow_next_couple()

    def _sim_failed(self, error: BaseException) -> None:
        from burger_tui.ui.screens.sim_error import SimErrorScreen  # rare: not imported at start-up

        message = "\n".join(f"{type(e).__name__}: {e}" for e in _leaves(error))
        self._narration.write(f"[b red]The restaurant stopped:[/] {message}")
        self.clock.pause()
        self.frame()

        async def after(choice: str | None) -> None:
            if choice == "quit":
                self.exit()
            else:
                await self.action_reset()

        self.push_screen(SimErrorScreen(message), after)

    def frame(self) -> None:
        """Render one frame from a fresh scene; panels skip unchanged text."""
        scene = Scene.capture(self.restaurant, self.clock, self.symbols)
        for panel in self._panels:
            panel.show(scene)
        if self._pending:
            events, self._pending = self._pending, []
            for event in events:
                line = narrate(event)
                if line is not None:
                    if self.symbols is ASCII:  # the story's emoji are decoration: drop them
                        line = line.encode("ascii", "ignore").decode().rstrip()
                    self._narration.write(f"[dim]{clock_text(event.at)}[/dim] {line}")
        if self.clock.paused:
            self._frame_timer.pause()

    def _tick(self) -> None:
        # Under help, compare or a dialog the dashboard is hidden or dimmed, and repainting it would
        # recomposite both screens every frame (a loaded loop: the lag meter rose). The restaurant goes
        # on; the first frame back catches up, narration included.
        if self._on_dashboard():
            self.frame()

    def _on_dashboard(self) -> bool:
        return self.screen is self.screen_stack[0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The dashboard's keys act on the dashboard only, not from under help, compare or a dialog."""
        return action not in DASHBOARD_ACTIONS or self._on_dashboard()

    def _after_command(self) -> None:
        """Show the effect of a key at once, even while paused."""
        self.frame()

    # -- actions (keys, command palette) ---------------------------------------------
    def action_add_order(self) -> None:
        self.restaurant.add_couple()
        self._after_command()

    def action_rush(self) -> None:
        for _ in range(RUSH_SIZE):
            self.restaurant.add_couple()
        self.notify(f"A rush: {RUSH_SIZE} couples walk in.", timeout=2)
        self._after_command()

    def action_switch_model(self) -> None:
        restaurant = self.restaurant
        restaurant.switch_mode(restaurant.mode.next())
        self.config = replace(self.config, mode=restaurant.mode, cooks=restaurant.cooks)
        self.notify(
            f"{restaurant.mode.story_title}: {describe_staff(restaurant.mode, restaurant.cooks)}.",
            title="Model switched live",
            timeout=3,
        )
        self._after_command()

    def action_more_cooks(self) -> None:
        self._change_cooks(+1)

    def action_fewer_cooks(self) -> None:
        self._change_cooks(-1)

    def _change_cooks(self, delta: int) -> None:
        restaurant = self.restaurant
        cooks = restaurant.cooks + delta
        if not 1 <= cooks <= MAX_COOKS:
            self.notify(f"Cooks stay between 1 and {MAX_COOKS}.", severity="warning", timeout=2)
            return
        restaurant.set_cooks(cooks)
        self.config = replace(self.config, cooks=cooks)
        if restaurant.mode is Mode.CONCURRENT:  # elsewhere the status bar shows the new staff
            self.notify(
                f"Concurrent Burgers keeps its one cook; {cooks} apply in parallel and hybrid.", timeout=2
            )
        self._after_command()

    def action_toggle_pause(self) -> None:
        if self.clock.paused:
            self.clock.resume()
            self._frame_timer.resume()
        else:
            self.clock.pause()
        self._after_command()

    def action_faster(self) -> None:
        self._set_speed(min((s for s in SPEEDS if s > self.clock.speed), default=None))

    def action_slower(self) -> None:
        self._set_speed(max((s for s in SPEEDS if s < self.clock.speed), default=None))

    def _set_speed(self, speed: float | None) -> None:
        if speed is None:
            limits = f"{SPEEDS[0]:g}× and {SPEEDS[-1]:g}×"
            self.notify(f"Speed stays between {limits}.", severity="warning", timeout=2)
            return
        self._speed = speed
        self.clock.set_speed(speed)
        self._after_command()

    def action_toggle_auto(self) -> None:
        self._auto_arrivals = not self.restaurant.auto_arrivals
        self.restaurant.set_auto_arrivals(self._auto_arrivals)
        self._after_command()

    async def action_reset(self) -> None:
        if self._day is not None:
            self._day.cancel()
        self._pending.clear()
        self._narration.clear()
        self._open_day()
        await self._day_open.wait()
        self.notify("A new day, same seed.", timeout=2)
        self._after_command()

    # Screens and lessons are imported when first used: they are not needed to paint the first frame.

    def action_compare(self) -> None:
        """All three models on the same couples, with the current settings, side by side."""
        from burger_tui.ui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(replace(self.config, cooks=self.restaurant.cooks)))

    def action_export(self) -> None:
        from burger_tui.export import ExportError, export_run
        from burger_tui.sim.headless import RunReport
        from burger_tui.sim.records import records_of
        from burger_tui.ui.screens.export_dialog import ExportDialog

        def write(prefix: str | None) -> None:
            if prefix is None:
                return
            restaurant = self.restaurant
            report = RunReport.of(restaurant, customers=restaurant.stats.arrived, wall_time_s=0.0)
            try:
                assert self._spool is not None  # a day is open
                # Those who left (spooled, in order of leaving), then those still inside, by arrival.
                inside = records_of(restaurant.present.values())
                paths = export_run(prefix, report.as_dict(), self._spool, inside)
            except ExportError as error:
                self.notify(str(error), title="Export failed", severity="error", timeout=6)
            else:
                self.notify(f"Wrote {paths}", title="Exported", timeout=4)

        self.push_screen(ExportDialog(f"burger-day-seed{self.config.seed}"), write)

    async def action_blocking_call(self) -> None:
        """The seed's warning, for real: a blocking call inside ``async def`` freezes everything."""
        from burger_tui.lessons.blocking import blocking_burger, narrate_blocking

        if time.monotonic() - self._block_ended_at < KEYS_QUEUED_IN_A_FREEZE_S:
            # Pressed again during the freeze: the key waited in line and arrives just after it. One
            # freeze per press would stack them (b b b froze for 4.5 s); one is the lesson.
            return
        self.tell("[b]The cook makes a blocking call inside async def…[/b]")
        self.frame()
        held = await blocking_burger(BLOCKING_CALL_S)  # holds this app's event loop on purpose
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

        self.push_screen(CleaningScreen())

    def tell(self, line: str) -> None:
        """Add a line to the narration, stamped with the restaurant's clock."""
        self._narration.write(f"[dim]{clock_text(self.clock.now())}[/dim] {line}")

    def action_help(self) -> None:
        from burger_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.symbols))

    # -- command palette ---------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key in KEYS:
            if key.action != "quit" and screen is self.screen_stack[0]:
                yield SystemCommand(key.help, f"key: {key.shown}", getattr(self, f"action_{key.action}"))


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]
