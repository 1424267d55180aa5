"""The dashboard in a real terminal (a pseudo-terminal) ended by a signal gives the terminal back."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

from tests.helpers.serving import START_TIMEOUT_S

ALT_SCREEN_ON, ALT_SCREEN_OFF, CURSOR_SHOWN = b"\x1b[?1049h", b"\x1b[?1049l", b"\x1b[?25h"
FIRST_FRAME = b"Burgers"  # the status bar's model name
ENDED_WITHIN_S = 30.0  # a bound on a hang, not a timing target

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="a POSIX terminal")


def read_until(fd: int, wanted: bytes, timeout_s: float) -> bytes:
    """What the terminal showed, until ``wanted`` is in it or the output ends (``b""`` read, or EIO)."""
    seen = b""
    deadline = time.monotonic() + timeout_s
    while wanted not in seen:
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


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_kill_or_a_closed_terminal_ends_the_dashboard_as_quit_does(signum: int) -> None:
    """Found by the sixth adversarial pass: ``kill`` (SIGTERM) or a closed terminal (SIGHUP) ended the
    dashboard where it stood, and the terminal stayed in the alternate screen, with the mouse reported
    and no cursor. It ends as ``q`` does: the alternate screen left, the cursor shown, and the exit code
    a shell gives a process the signal ended."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    dashboard = subprocess.Popen(
        [sys.executable, "-m", "burger_tui"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
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
