"""The dashboard in a real terminal (a pseudo-terminal) ended by a signal gives the terminal back."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.helpers.serving import START_TIMEOUT_S, cmdline, descendants, linux_only, until

ALT_SCREEN_ON, ALT_SCREEN_OFF, CURSOR_SHOWN = b"\x1b[?1049h", b"\x1b[?1049l", b"\x1b[?25h"
FIRST_FRAME = b"Burgers"  # the status bar's model name
ENDED_WITHIN_S = 30.0  # a bound on a hang, not a timing target

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="a POSIX terminal")


def read_until(fd: int, wanted: bytes | None, timeout_s: float) -> bytes:
    """What the terminal showed, until ``wanted`` is in it or the output ends (``b""`` read, or EIO: every
    process with the terminal open is gone; ``None``: until then)."""
    seen = b""
    deadline = time.monotonic() + timeout_s
    while wanted is None or wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"not within {timeout_s:g} s: {wanted!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every process with the terminal open is gone
            break
        if not chunk:
            break
        seen += chunk
    return seen


def until_quiet(fd: int, quiet_s: float = 1.0) -> None:
    """Read the terminal until nothing more comes for ``quiet_s`` (not a timing assertion: a wait until the
    app has stopped writing, bounded by START_TIMEOUT_S)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while select.select([fd], [], [], quiet_s)[0]:
        assert time.monotonic() < deadline, "it never stopped writing"
        os.read(fd, 65536)


def in_a_terminal(*args: str) -> tuple[subprocess.Popen[bytes], int]:
    """``burger-tui ARGS`` in a pseudo-terminal of 120x40, a process group of its own; and the terminal."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    dashboard = subprocess.Popen(
        [sys.executable, "-m", "burger_tui", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(follower)
    return dashboard, leader


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "SIGINT"]
)
def test_kill_or_a_closed_terminal_ends_the_dashboard_as_quit_does(signum: int) -> None:
    """Found by the sixth adversarial pass: ``kill`` (SIGTERM) or a closed terminal (SIGHUP) ended the
    dashboard where it stood, and the terminal stayed in the alternate screen, with the mouse reported
    and no cursor. It ends as ``q`` does: the alternate screen left, the cursor shown, and the exit code
    a shell gives a process the signal ended. (``kill -INT`` ended it with 0: the tenth adversarial pass.)"""
    dashboard, leader = in_a_terminal()
    try:
        shown = read_until(leader, FIRST_FRAME, START_TIMEOUT_S)
        assert ALT_SCREEN_ON in shown
        dashboard.send_signal(signum)
        ending = read_until(leader, CURSOR_SHOWN, ENDED_WITHIN_S)
        assert dashboard.wait(ENDED_WITHIN_S) == 128 + signum
    finally:
        if dashboard.poll() is None:
            dashboard.kill()
            dashboard.wait()
        os.close(leader)
    assert ALT_SCREEN_OFF in ending
    assert b"Traceback" not in ending


@linux_only
def test_a_terminal_closed_during_compare_ends_it_without_a_word() -> None:
    """The eighth adversarial pass: the terminal closed (SIGHUP to its process group) while compare ran.
    Compare's workers died with it, and the app ended with a traceback as it said so (2 of 25). (The pass
    also saw multiprocessing's resource tracker relaunched, with a traceback after the app had ended, 7 of
    7 from an interactive shell; this harness does not meet that: see the next test.)"""
    dashboard, leader = in_a_terminal("--seed", "3")
    try:
        read_until(leader, FIRST_FRAME, START_TIMEOUT_S)
        os.write(leader, b"c")
        until(
            lambda: any(b"resource_tracker" in cmdline(child) for child in descendants(dashboard.pid)),
            "compare's workers started",
            START_TIMEOUT_S,
            lambda: [dashboard.pid],
        )
        os.killpg(dashboard.pid, signal.SIGHUP)
        shown = read_until(leader, None, ENDED_WITHIN_S)  # until nothing has the terminal open
        assert dashboard.wait(ENDED_WITHIN_S) == 128 + signal.SIGHUP
    finally:
        if dashboard.poll() is None:
            dashboard.kill()
            dashboard.wait()
        os.close(leader)
    assert b"Traceback" not in shown
    assert b"resource_tracker" not in shown


@linux_only
def test_the_resource_tracker_compare_starts_is_deaf_to_a_closed_terminal() -> None:
    """The tracker is in the terminal's process group: SIGHUP killed it mid-compare, and multiprocessing
    relaunched it and printed a traceback after the app had ended (the eighth adversarial pass, 7 of 7).
    Started by compare, it has SIGHUP blocked, as Python's own has SIGINT and SIGTERM."""
    started = subprocess.run(
        [
            sys.executable,
            "-c",
            "from multiprocessing import resource_tracker\n"
            "from burger_tui.ui.screens.compare import start_resource_tracker\n"
            "start_resource_tracker()\n"
            "pid = resource_tracker._resource_tracker._pid\n"
            "print(open(f'/proc/{pid}/status').read())",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    blocked = next(line for line in started.stdout.splitlines() if line.startswith("SigBlk:"))
    assert int(blocked.split()[1], 16) & (1 << (signal.SIGHUP - 1))


def test_a_terminal_gone_without_a_sighup_ends_the_dashboard() -> None:
    """The tenth adversarial pass: a terminal closed while the dashboard was busy left it running for ever,
    an orphan deaf to SIGTERM (6 of 67, on a loaded machine). Textual's output thread died on its first
    write to the closed terminal; the app filled its queue of 30 frames and blocked on the 31st, or on the
    stop marker as it ended. The SIGHUP that ends the app came too late. Here none comes (the dashboard has
    no controlling terminal): it ends as a hang-up would, as soon as a write fails."""
    dashboard, leader = in_a_terminal("--seed", "3")
    try:
        read_until(leader, FIRST_FRAME, START_TIMEOUT_S)
        os.close(leader)  # the terminal's window closed: every write to it fails (EIO)
        assert dashboard.wait(ENDED_WITHIN_S) == 128 + signal.SIGHUP
    finally:
        if dashboard.poll() is None:
            dashboard.kill()
            dashboard.wait()


DASHBOARD = f"{sys.executable} -m burger_tui --seed 3"


def a_shell_in_a_small_terminal(*shell_command: str) -> tuple[subprocess.Popen[bytes], int]:
    """A shell that runs the dashboard in a pseudo-terminal too small to draw in (it asks for a larger one,
    and then writes nothing), its session's controlling terminal; and the terminal."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 40, 0, 0))
    shell = subprocess.Popen(
        shell_command,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(follower)
    return shell, leader


def test_a_closed_terminal_ends_a_dashboard_that_writes_nothing_under_a_shell_ignoring_sighup() -> None:
    """The eleventh adversarial pass: a closed terminal sends SIGHUP to its session's leader only, and a
    shell that ignores it (``trap '' HUP``) passes nothing on; a dashboard asking for a larger terminal
    writes nothing, so no write failed either. It ran on for ever, its input thread reading end-of-file at
    half a core. Here the shell waits for it (``; exit $?``: it is not replaced by it, and relays its exit
    code): it ends as a hang-up would."""
    shell, leader = a_shell_in_a_small_terminal("sh", "-c", f"trap '' HUP; {DASHBOARD}; exit $?")
    dashboards: list[int] = []
    try:
        read_until(leader, b"Please enlarge", START_TIMEOUT_S)
        until_quiet(leader)  # its day opened behind the request: it has written all it writes
        dashboards[:] = descendants(shell.pid)
        os.close(leader)  # the terminal's window closed
        assert shell.wait(ENDED_WITHIN_S) == 128 + signal.SIGHUP
    finally:
        for pid in [*dashboards, shell.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shell.wait()


def state(pid: int) -> str:
    """The process's state letter (``T``: stopped), or ``""`` once it has gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


@linux_only
def test_a_stopped_dashboard_sent_sigterm_and_sigcont_by_its_shell_ends() -> None:
    """The thirteenth adversarial pass: Ctrl+Z under a shell that then exited left the dashboard stopped for
    ever, 2 times in 17 (state T, its parent gone). A shell exiting with stopped jobs sends each SIGTERM and
    SIGCONT (bash does); woken, the dashboard took the terminal back from the background, and was stopped at
    that (SIGTTOU) as Textual has it for ``bg``: if the shell had gone by then, nobody could wake it again.
    Here the shell is still there, waiting in ``sleep``: the dashboard must end, not stop again."""
    shell, leader = a_shell_in_a_small_terminal("bash", "--norc", "-c", f"set -m; {DASHBOARD}; sleep 600")
    dashboards: list[int] = []
    try:
        read_until(leader, b"Please enlarge", START_TIMEOUT_S)
        until_quiet(leader)  # the pseudo-terminal's buffer never fills: nobody reads it from here on
        dashboards[:] = [pid for pid in descendants(shell.pid) if b"burger_tui" in cmdline(pid)]
        (dashboard,) = dashboards
        os.write(leader, b"\x1a")  # Ctrl+Z
        until(lambda: state(dashboard) == "T", "stopped by Ctrl+Z", ENDED_WITHIN_S)
        # The shell went on, to its last command (which it runs in its own place: exec).
        until(lambda: b"sleep" in cmdline(shell.pid), "the shell went on", ENDED_WITHIN_S)
        os.killpg(os.getpgid(dashboard), signal.SIGTERM)  # as bash does to its stopped jobs as it exits
        os.killpg(os.getpgid(dashboard), signal.SIGCONT)
        until(lambda: state(dashboard) in ("", "Z"), "ended", ENDED_WITHIN_S)  # Z: sleep does not reap
    finally:
        for pid in [*dashboards, *descendants(shell.pid), shell.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shell.wait()
        os.close(leader)


@linux_only
def test_ctrl_z_under_a_shell_without_job_control_does_not_stop_the_dashboard() -> None:
    """The fifteenth adversarial pass: under ``bash -c 'burger-tui; ...'`` (no job control: the shell just
    waits for it, and no ``fg`` can reach it) Ctrl+Z stopped the dashboard for good, 4 of 4; keys, q too, only
    echoed. It says so instead, and goes on: q still quits."""
    shell, leader = a_shell_in_a_small_terminal("bash", "--norc", "-c", f"{DASHBOARD}; sleep 600")
    dashboards: list[int] = []
    try:
        read_until(leader, b"Please enlarge", START_TIMEOUT_S)
        until_quiet(leader)
        dashboards[:] = [pid for pid in descendants(shell.pid) if b"burger_tui" in cmdline(pid)]
        (dashboard,) = dashboards
        os.write(leader, b"\x1a")  # Ctrl+Z
        until_quiet(leader)  # the app has done with it
        assert state(dashboard) != "T"
        os.write(leader, b"q")
        until(lambda: state(dashboard) in ("", "Z"), "ended by q", ENDED_WITHIN_S)
    finally:
        for pid in [*dashboards, *descendants(shell.pid), shell.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shell.wait()
        os.close(leader)
