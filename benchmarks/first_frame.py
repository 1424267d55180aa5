"""Start-up in instructions: ``python -m benchmarks.first_frame dashboard|bare`` starts the app and exits at
once when its first frame is written, so that callgrind counts the instructions to the first frame.

Unlike a time, the count does not change with what else the machine is doing. The app draws through
Textual's web driver at the start-up benchmark's terminal size (it writes every frame to stdout: no
terminal needed; its stdin must be a pipe). The frame counted is the one that shows the dashboard's status
bar, or the bare app's line, as the timed benchmark waits for in the terminal. The dashboard is started
by ``burger-tui``'s own ``main``, as the command does.

``python -m benchmarks.first_frame keep`` starts the dashboard once, as a user's first start: it runs on to
its ``on_ready``, which keeps the stylesheet as parsed (``burger_tui/ui/parsed_css.py``) for the starts
after it, as Python keeps bytecode caches.
"""

from __future__ import annotations

import os
import sys

from benchmarks.terminal import HEIGHT, WIDTH

# Read by Textual when it is imported: set before anything imports it.
os.environ.update(
    TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
    TEXTUAL_COLOR_SYSTEM="truecolor",
    COLUMNS=str(WIDTH),
    ROWS=str(HEIGHT),
)

SHOWN = {"dashboard": "burger_tui", "bare": "reference app ready"}  # what the first frame shows


def exit_at_first_frame(shown: str) -> None:
    """End the process as soon as a frame showing ``shown`` has been written."""
    from textual.drivers.web_driver import WebDriver

    write = WebDriver.write

    def write_then_exit(self: WebDriver, data: str) -> None:
        write(self, data)
        if shown in data:
            os._exit(0)  # nothing after the first frame is counted: no shutdown, no exit handlers

    WebDriver.write = write_then_exit  # type: ignore[method-assign]


NO_FRAME = 3  # the exit code when the app ended without its first frame


def exit_when_ready() -> None:
    """End the process once the dashboard has handled its ``Ready`` (the first frame is out)."""
    from burger_tui.ui.app import BurgerApp

    ready = BurgerApp.on_ready

    def ready_then_exit(self: BurgerApp) -> None:
        ready(self)
        os._exit(0)

    BurgerApp.on_ready = ready_then_exit  # type: ignore[method-assign]


def main(app: str) -> int:
    if app == "keep":
        exit_when_ready()
        app = "dashboard"
    else:
        exit_at_first_frame(SHOWN[app])
    if app == "dashboard":
        from burger_tui.cli import main as burger_tui

        burger_tui(["--no-auto", "--seed", "0"])
    else:
        from benchmarks.reference_apps import BareApp

        BareApp().run()
    return NO_FRAME


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
