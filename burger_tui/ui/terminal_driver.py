"""Textual's Linux driver, for a terminal that can go away while the app runs (a window closed).

Textual writes the screen from a thread (``WriterThread``) fed by a queue of 30 writes. When the terminal
goes, the thread's next write fails (EIO), the thread ends, and nobody reads its queue again: the app
fills it with its next 30 frames and then blocks putting the 31st, or, on its way out, putting the stop
marker. It never ends, not even on SIGTERM (its loop is blocked): an orphan at 0 % CPU, holding whatever
it had open. The SIGHUP a closed terminal sends ends the app only if it comes before that (the tenth
adversarial pass: 6 of 67 terminals closed while the dashboard was busy, on a loaded machine).

Here the writer writes to a :class:`TerminalOutput`: a failed write is the terminal gone, and ends the app
as that SIGHUP does; what comes after is dropped, so the thread reads its queue to the end, and neither
the app's writes nor its exit wait on it.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from functools import partial
from typing import IO, Any

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

HUNG_UP = 128 + signal.SIGHUP  # the exit code a shell gives a process a closed terminal ended


class TerminalOutput:
    """A terminal's output stream; once a write to it fails (the terminal has gone), ``gone`` is called,
    once, and nothing more is written."""

    def __init__(self, stream: IO[str], gone: Callable[[], object]) -> None:
        self._stream = stream
        self._gone = gone
        self.is_gone = False

    def write(self, text: str) -> None:
        self._do(self._stream.write, text)

    def flush(self) -> None:
        self._do(self._stream.flush)

    def fileno(self) -> int:
        return self._stream.fileno()

    def _do(self, call: Callable[..., object], *args: object) -> None:
        if self.is_gone:
            return
        try:
            call(*args)
        except OSError:
            self.is_gone = True
            self._gone()


class TerminalDriver(LinuxDriver):
    """Textual's Linux driver, writing to a :class:`TerminalOutput` that ends the app when it fails."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        loop = asyncio.get_running_loop()  # Textual makes its driver on the app's loop
        end = partial(app.exit, return_code=HUNG_UP)
        # The stream the driver's writer thread is made with (LinuxDriver.start_application_mode).
        if self._file is not None:
            self._file = TerminalOutput(self._file, gone=partial(loop.call_soon_threadsafe, end))  # type: ignore[assignment]
