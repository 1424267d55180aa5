"""A real terminal for the UI benchmarks: a tmux session running one process, read like a user would.

The process is the pane's own process (started with ``exec``), so its pid is the pane's pid and its
CPU and memory can be read from ``/proc``. Every session is killed on exit, whatever happened.
"""

from __future__ import annotations

import itertools
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

WIDTH, HEIGHT = 160, 50
ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BURGER_TUI = str(VENV_BIN / "burger-tui")
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_sessions = itertools.count()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime (fields 14, 15)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs: a process that has ended but is not yet reaped (a zombie) has not. The
    tmux server reaps its panes' processes; once, busy, it left one a zombie for minutes, and a benchmark
    waiting for the dashboard to quit waited with it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def python_command(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def showing(text: str) -> Callable[[str], bool]:
    """A condition for ``Terminal.wait_for``: the screen shows ``text``."""
    return lambda screen: text in screen


@contextmanager
def tmux_server() -> Iterator[None]:
    """Keep the tmux server up between the benchmarks' sessions.

    A server exits with its last session; a session started in that moment met the dying server and
    failed ("server exited unexpectedly"), which ended a run. One idle session holds the server.
    """
    with Terminal(["sleep", "infinity"]):
        yield


class Terminal:
    """``command`` running alone in a detached ``WIDTH``×``HEIGHT`` tmux session."""

    def __init__(self, command: Sequence[str], *, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.name = f"burger-bench-{os.getpid()}-{next(_sessions)}"
        self.started = time.perf_counter()
        subprocess.run(
            [
                "tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                "-c", str(ROOT), f"exec {shlex.join(command)}",
            ],
            check=True,
        )  # fmt: skip
        output = self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}")
        self.pid = int(output.strip())

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout

    def screen(self, first: int | None = None, last: int | None = None) -> str:
        """The visible screen as text (or only lines ``first``..``last``)."""
        lines = [] if first is None else ["-S", str(first), "-E", str(last if last is not None else first)]
        return self._tmux("capture-pane", "-p", "-t", self.name, *lines)

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def wait_for(
        self,
        seen: Callable[[str], bool],
        *,
        timeout: float = 20.0,
        first: int | None = None,
        poll: float = 0.001,
        since: float | None = None,
    ) -> float:
        """Poll the screen until ``seen(text)``; seconds since ``since`` (default: this terminal started)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if seen(self.screen(first)):
                return time.perf_counter() - (self.started if since is None else since)
            time.sleep(poll)
        raise TimeoutError(f"{self.name}: screen never matched within {timeout:g} s:\n{self.screen()}")

    def resize(self, width: int, height: int) -> None:
        """The terminal becomes ``width``×``height``, as a user dragging its window would make it."""
        self._tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def wait_exit(self, timeout: float = 20.0) -> None:
        """Wait until the command has ended (after a quit key, say)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not _running(self.pid):
                return
            time.sleep(0.01)
        raise TimeoutError(f"{self.name}: the command did not end within {timeout:g} s:\n{self.screen()}")

    def cpu_percent(self, seconds: float) -> float:
        """CPU of the process over the next ``seconds``, in % of one core."""
        before, started = cpu_seconds(self.pid), time.perf_counter()
        time.sleep(seconds)
        return 100 * (cpu_seconds(self.pid) - before) / (time.perf_counter() - started)

    def rss_mb(self) -> float:
        return rss_mb(self.pid)
