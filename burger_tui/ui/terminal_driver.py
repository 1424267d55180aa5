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

An app that writes nothing (asking for a larger terminal) does not find out that way, and the SIGHUP goes
to the terminal's session leader only: a shell that ignores it (``trap '' HUP``) does not pass it on. The
app ran on for ever, Textual's input thread reading end-of-file on the hung-up terminal at half a core
(the eleventh adversarial pass). A :class:`HangUpWatch` waits for the hang-up itself, at no cost until then.

Suspended (Ctrl+Z), the app is woken by SIGCONT, and Textual then takes the terminal back, or, if it is not
in the foreground (``bg``), stops again until ``fg``. But a shell that exits with stopped jobs sends them
SIGTERM and SIGCONT (bash does): stopped again, the dashboard was left stopped for ever once the shell had
gone, an orphan nobody could bring back (the thirteenth pass: 2 of 17). Woken with a signal that ends it,
or with no shell left to bring it to the foreground, it ends instead.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import IO, Any

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

from burger_tui.ui.app import ENDING_SIGNALS

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


class HangUpWatch:
    """A thread that waits for the terminal ``fd`` to hang up (its window closed), then calls ``gone``."""

    def __init__(self, fd: int, gone: Callable[[], object]) -> None:
        self._fd = fd
        self._gone = gone
        self._wake, self._waker = os.pipe()  # stop() writes to it: the thread's poll returns
        self._thread = threading.Thread(target=self._watch, name="terminal hang-up watch", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        poll = select.poll()
        poll.register(self._fd, 0)  # no events asked: poll tells only a hang-up or an error
        poll.register(self._wake, select.POLLIN)
        told = dict(poll.poll())
        if told.get(self._fd, 0) & (select.POLLHUP | select.POLLERR) and self._wake not in told:
            self._gone()

    def stop(self) -> None:
        """End the thread (if the terminal has not hung up) and close its pipe."""
        os.write(self._waker, b"\0")
        self._thread.join()
        os.close(self._wake)
        os.close(self._waker)


def nobody_brings_back(fd: int) -> bool:
    """Whether a process not in the foreground of terminal ``fd`` will never be: the terminal has hung up,
    or its process group is orphaned (its parent, the shell that would ``fg`` it, has gone)."""
    try:
        if os.tcgetpgrp(fd) == os.getpgrp():
            return False
        return os.getsid(os.getppid()) != os.getsid(0)
    except OSError:  # the terminal has hung up; the parent has just gone
        return True


def under_job_control() -> bool:
    """Whether a shell runs this process as a job it can bring back with ``fg``: in a process group of its
    own, in the shell's session. Not under ``bash -c 'burger-tui; …'`` (no job control: the shell just
    waits, and a stopped dashboard stayed stopped for ever, the fifteenth adversarial pass), nor as a
    terminal's first process (tmux new-session burger-tui)."""
    try:
        parent = os.getppid()
        return os.getpgrp() != os.getpgid(parent) and os.getsid(parent) == os.getsid(0)
    except OSError:  # the parent has just gone
        return False


class TerminalDriver(LinuxDriver):
    """Textual's Linux driver, writing to a :class:`TerminalOutput` that ends the app when it fails, and
    ending it when the terminal hangs up (:class:`HangUpWatch`)."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self._hang_up_watch: HangUpWatch | None = None
        self._ended_while_stopped = False
        # The stream the driver's writer thread is made with (LinuxDriver.start_application_mode).
        if self._file is not None:
            self._file = TerminalOutput(self._file, gone=self._hung_up)  # type: ignore[assignment]

    def _hung_up(self) -> None:
        """The terminal has gone (called from the writer's or the watch's thread): the app ends."""
        with suppress(RuntimeError):  # the app's loop (Driver's _loop) has closed: the app has ended already
            self._loop.call_soon_threadsafe(partial(self._app.exit, return_code=HUNG_UP))

    @property
    def can_suspend(self) -> bool:
        """Textual's, and only under a shell's job control (:func:`under_job_control`)."""
        return super().can_suspend and under_job_control()

    def _sigtstp_application(self, *_: object) -> None:
        """Textual's: stop (Ctrl+Z). The signals that end the app are noted as they come meanwhile: Python
        runs its handlers in the order of their numbers, so such a signal sent with the SIGCONT that wakes
        the app is known before :meth:`_sigcont_application` runs."""
        self._ended_while_stopped = False
        handlers = {signum: signal.getsignal(signum) for signum in ENDING_SIGNALS}
        for signum, handler in handlers.items():
            if callable(handler):  # the event loop's (Python's own part does nothing: the loop is told apart)
                signal.signal(signum, partial(self._noted, handler))
        try:
            super()._sigtstp_application()
        finally:
            for signum, handler in handlers.items():
                if callable(handler):
                    signal.signal(signum, handler)

    def _noted(self, handler: Callable[[int, Any], object], signum: int, frame: Any) -> None:
        self._ended_while_stopped = True
        handler(signum, frame)

    def _sigcont_application(self, *_: object) -> None:
        """Textual's: back from Ctrl+Z, unless the app is ending or nobody will bring it to the foreground.
        Then it ends, giving back the terminal from the background (it would stop at that, SIGTTOU)."""
        if not self._ended_while_stopped and not nobody_brings_back(self.fileno):
            super()._sigcont_application()
            return
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        signal.signal(signal.SIGTTIN, signal.SIG_IGN)
        if not self._ended_while_stopped:
            self._hung_up()

    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]  # Textual leaves it untyped
        self._hang_up_watch = HangUpWatch(self.fileno, self._hung_up)

    def stop_application_mode(self) -> None:
        # Also as the app is suspended (Ctrl+Z): start_application_mode watches again as it resumes.
        if self._hang_up_watch is not None:
            self._hang_up_watch.stop()
            self._hang_up_watch = None
        super().stop_application_mode()
