"""The application: its options, its screens, themes and the command palette.

The restaurant itself is :class:`~burger_tui.ui.dashboard.DashboardScreen`; help, compare, export
and the lessons are screens over it.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from burger_tui.session import Playback
from burger_tui.sim.limits import DEFAULT_SPEED
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.dashboard import DashboardScreen
from burger_tui.ui.keys import EVERY_SCREEN, KEYS
from burger_tui.ui.parsed_css import KeptCss, KeptStylesheet, theme_key
from burger_tui.ui.symbols import ASCII, COLOURS, EMOJI
from burger_tui.ui.textual_leaks import let_go
from burger_tui.ui.toasts import notify
from burger_tui.ui.typed_ahead import TypedAhead

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.command import CommandListItem, Provider
    from textual.widget import AwaitMount

# Until the first frame is out, a thread waiting for the GIL gets it within this: Textual's output thread
# writes the first frame while the main thread goes on (the first resize, the day opening), instead of
# waiting for two default switch intervals (5 ms each: one to take the frame, one to flush it).
START_SWITCH_INTERVAL_S = 0.0005
# The dashboard's frames a second: in a terminal, and in a browser tab (textual-serve). A served tab's frame
# crosses a websocket and is drawn by the browser, and a classroom's tabs share one machine: 30 tabs at 30
# fps kept 2 cores busy and a key waited up to 0.8 s for its frame (p99). At 12 the bars and the clock still
# move smoothly, and a key's frame is painted at once as in a terminal: it does not wait for the next tick.
FPS, SERVED_FPS = 30.0, 12.0
# `kill`, a terminal closed (or a served tab's process stopped: see serve.py), and `kill -INT` (Ctrl+C in the
# dashboard's terminal is a key, in raw mode: this one comes from another program).
ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class BurgerApp(App[None]):
    """Concurrent Burgers vs Parallel Burgers, live."""

    CSS_PATH = "app.tcss"
    TITLE = "burger_tui"
    # Ctrl+Z over any screen, as the key arrives: a priority binding, or a modal screen's (the export dialog,
    # a lesson, the palette) would end the search for it, and a text box take it as undo. It was bound on the
    # dashboard only, and did nothing elsewhere (the eleventh to thirteenth adversarial passes).
    BINDINGS = [Binding(k.key, k.target, show=False, priority=True) for k in KEYS if k.key in EVERY_SCREEN]

    def __init__(
        self,
        config: RestaurantConfig | None = None,
        *,
        speed: float = DEFAULT_SPEED,
        auto_arrivals: bool = True,
        ascii_only: bool = False,
        time_source: Callable[[], float] = time.monotonic,
        fps: float | None = None,
        loop_lag_meter: bool = True,
        tour: bool = False,
        playback: Playback | None = None,
        projector: bool = False,
        kept_css: Path | None = None,
    ) -> None:
        """``kept_css``: a file where the stylesheet is kept as made, for the next start (see
        :mod:`~burger_tui.ui.parsed_css`)."""
        # Read before Textual's own __init__, which asks for the theme's variables (get_css_variables).
        self._kept_css = None if kept_css is None else KeptCss(kept_css)
        super().__init__()
        if self._kept_css is not None:
            self.stylesheet = KeptStylesheet.instead_of(self.stylesheet, self._kept_css)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(START_SWITCH_INTERVAL_S)  # until on_ready
        self.symbols = ASCII if ascii_only else EMOJI
        if fps is None:  # Textual has picked its driver: the terminal's, or the browser's
            fps = SERVED_FPS if _in_a_browser(self.driver_class) else FPS
        self.fps = fps
        """Frames a second the dashboard is drawn at (unless paused)."""
        self._typed_ahead = TypedAhead(self)
        self.dashboard = DashboardScreen(
            DaySettings(config or RestaurantConfig(), speed=speed, auto_arrivals=auto_arrivals),
            symbols=self.symbols,
            time_source=time_source,
            fps=fps,
            loop_lag_meter=loop_lag_meter,
            tour=tour,
            playback=playback,
            projector=projector,
        )

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes one at a time, in turn (see :mod:`~burger_tui.ui.typed_ahead`)."""
        if self._typed_ahead.its_turn(event):
            await super().on_event(event)
            self._typed_ahead.handled(event)

    @property
    def keys_held(self) -> bool:
        """Whether keys typed ahead are still to be handed on (see :mod:`~burger_tui.ui.typed_ahead`)."""
        return self._typed_ahead.holding

    def get_default_screen(self) -> Screen[None]:
        return self.dashboard

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; on Linux, one that a closed terminal cannot leave running
        (see :mod:`~burger_tui.ui.terminal_driver`)."""
        driver = super().get_driver_class()
        linux = sys.modules.get("textual.drivers.linux_driver")  # imported if Textual picked it
        if linux is not None and driver is linux.LinuxDriver:
            from burger_tui.ui.terminal_driver import TerminalDriver

            return TerminalDriver
        return driver

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The states' colours (``$standing``...: see ``COLOURS``) in every theme that has none of its own."""
        return {**super().get_theme_variable_defaults(), **COLOURS}

    def on_mount(self) -> None:
        """The terminal is the app's (before the first frame)."""
        if not self.is_headless:
            self._end_as_quit_on(ENDING_SIGNALS)

    def on_ready(self) -> None:
        """The first frame is painted."""
        sys.setswitchinterval(self._switch_interval)
        if isinstance(self.stylesheet, KeptStylesheet):
            self.stylesheet.keep(self._theme_key())  # what this start made, the next finds ready
        if not gc.isenabled():  # the CLI turned the collector off to paint sooner
            # What exists now is nearly all Textual and the screen, which live as long as the app:
            # frozen, later collections (frames make garbage) do not walk it again. (The first day's
            # few objects are frozen too: after `r` they stay, a few kilobytes, once.)
            gc.freeze()
            gc.enable()

    def _end_as_quit_on(self, signals: Iterable[int]) -> None:
        """These signals end the app as ``q`` does, so that Textual gives the terminal back. By their default
        action the process died with the alternate screen, the mouse reporting and a hidden cursor left on
        (the sixth adversarial pass). The exit code is the one a shell gives a process the signal ended."""
        loop = asyncio.get_running_loop()
        for signum in signals:
            with suppress(NotImplementedError):  # Windows' event loops have no signal handlers
                loop.add_signal_handler(signum, partial(self.exit, return_code=128 + signum))

    def get_css_variables(self) -> dict[str, str]:
        """Textual's, or those kept for the same theme (see :mod:`~burger_tui.ui.parsed_css`)."""
        variables = None if self._kept_css is None else self._kept_css.variables_for(self._theme_key())
        if variables is None:
            return super().get_css_variables()
        self.theme_variables = variables  # as Textual's own does
        return variables

    def _theme_key(self) -> str:
        """What the theme's variables depend on (see :func:`~burger_tui.ui.parsed_css.theme_key`)."""
        return theme_key(self.current_theme, self.get_theme_variable_defaults())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice, Textual's own too (the palette's screenshot...), as a toast whose timer is never
        negative (see :class:`~burger_tui.ui.toasts.Notice`)."""
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        notify(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _refresh_notifications(self) -> None:
        """Textual's: put the notices up again on the current screen (a notice comes or goes, a screen
        comes back); first, let go of what Textual keeps of the widgets gone meanwhile (issue 25)."""
        self.call_later(let_go, self)  # before the toast rack's show, which super() queues
        super()._refresh_notifications()

    def action_suspend_process(self) -> None:
        """Textual's: the process stops until ``fg``; where no shell would bring it back (see
        :func:`~burger_tui.ui.terminal_driver.under_job_control`), a word instead of a stop for ever."""
        if self._driver is not None and not self._driver.can_suspend:
            said = "No shell here would bring the dashboard back (fg): space pauses."
            self.dashboard.notice(Content(said), kind="suspend")
            return
        super().action_suspend_process()

    async def action_suspend(self) -> None:
        """Back to the shell, the restaurant paused until ``fg``, whichever screen is on top."""
        await self.dashboard.action_suspend()

    def action_command_palette(self) -> None:
        """Textual's palette, as :class:`~burger_tui.ui.palette.OnceCommandPalette`; one at a time.

        None if a palette is anywhere in the stack (a dialog may come over it: the day's error). Textual's
        own gives its palette a fixed id: ctrl+p as one was being removed (no longer in the stack, still
        the app's) pushed a second with the same id (``DuplicateIds``: the app ended). Ours have none, as
        Textual's theme picker has none."""
        from textual.command import CommandPalette

        from burger_tui.ui.palette import OnceCommandPalette  # first used after the first frame

        open_ = any(isinstance(screen, CommandPalette) for screen in self.screen_stack)
        if self.use_command_palette and not open_:
            self.push_screen(OnceCommandPalette())

    def pop_screen(self) -> AwaitComplete:
        """Textual's; a palette popped ends its searches first (see
        :meth:`~burger_tui.ui.palette.OnceCommandPalette.leave`), whoever pops it."""
        from burger_tui.ui.palette import OnceCommandPalette

        if len(self.screen_stack) > 1 and isinstance(self.screen, OnceCommandPalette):
            self.screen.leave()
        return super().pop_screen()

    def search_commands(
        self, commands: Sequence[CommandListItem], placeholder: str = "Search for commands…"
    ) -> AwaitMount:
        """Textual's, in :class:`~burger_tui.ui.palette.OnceCommandPalette`."""
        from textual.command import SimpleProvider

        from burger_tui.ui.palette import OnceCommandPalette

        # The provider itself, as Textual's search_commands passes it: it is callable, returning itself.
        provider: Callable[[], type[Provider]] = SimpleProvider(self.screen, list(commands))  # type: ignore[assignment]
        return self.push_screen(OnceCommandPalette(providers=[provider], placeholder=placeholder))

    def search_themes(self) -> None:
        """Textual's theme picker (the palette's "Theme", ``action_change_theme``), in
        :class:`~burger_tui.ui.palette.OnceCommandPalette`."""
        from textual.theme import ThemeProvider

        from burger_tui.ui.palette import OnceCommandPalette

        self.push_screen(OnceCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: Textual's own commands (themes...), and the dashboard's keys over the dashboard."""
        yield from super().get_system_commands(screen)
        if screen is self.dashboard:
            for key in KEYS:
                if key.action != "quit":
                    action = getattr(screen, f"action_{key.action}")
                    yield SystemCommand(key.help, f"key: {key.shown}", action)


def _in_a_browser(driver: type[Driver]) -> bool:
    """Whether Textual draws the app in a web browser (textual-serve's tabs), through ``driver``.

    Textual has imported its web driver if it picked it (from ``TEXTUAL_DRIVER``): a terminal's start-up
    does not import it (~5 ms) just to find out it is not in a browser."""
    web = sys.modules.get("textual.drivers.web_driver")
    return web is not None and issubclass(driver, web.WebDriver)
