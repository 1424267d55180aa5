"""Ctrl+C anywhere in a day on virtual time ends the run in ``KeyboardInterrupt``, and says nothing else.

The signal is raised at the N-th Python call of a small day, for N every few calls from the loop's
making to its closing: the moments a key lands at. asyncio's Runner on its own lost some (the day took
its cancellation for its own and ended normally: ``compare`` printed its result, exit code 0) and made
noise at others (a loop half made, a task never awaited, "Exception ignored")."""

from __future__ import annotations

import gc
import signal
import sys
import warnings
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from burger_tui.sim import ctrl_c
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode, RestaurantConfig

COUPLES = 10
EVERY = 13  # calls between two moments tried: a day of ten couples makes a few thousand


def day_with_ctrl_c_at_call(mode: Mode, call: int) -> tuple[str, int]:
    """Run the day, Ctrl+C at its ``call``-th Python call (if it makes that many); how it ended and how
    many calls it made."""
    calls = 0

    def count(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1
            if calls == call:
                signal.raise_signal(signal.SIGINT)

    profile: Callable[..., Any] = count
    sys.setprofile(profile)
    try:
        with ctrl_c.ctrl_c_noted():  # as the command line runs its days
            run_simulation(RestaurantConfig(mode=mode, seed=3), COUPLES, None, [])
            ctrl_c.raise_if_ctrl_c_was_pressed()  # as it does before it prints
        ended = "served"
    except KeyboardInterrupt:
        ended = "interrupted"
    finally:
        sys.setprofile(None)
        # What an interrupted day left (its exception's frames hold its tasks) goes now, not during the next
        # day: a command stops at its first Ctrl+C, so no day of its runs beside such leftovers.
        gc.collect()
    return ended, calls


@pytest.mark.skipif(not hasattr(signal, "raise_signal"), reason="no signals to raise")
@pytest.mark.parametrize("mode", list(Mode), ids=[mode.value for mode in Mode])
def test_a_ctrl_c_anywhere_in_a_day_ends_it_in_keyboard_interrupt(
    mode: Mode, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Python's own: the CLI's case
    dropped: list[str] = []  # "Exception ignored in ...": raised in a finaliser, and so lost
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: dropped.append(repr(unraisable.object)))
    _ended, calls = day_with_ctrl_c_at_call(mode, 0)
    lost = []
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        for call in range(1, calls, EVERY):
            ended, made = day_with_ctrl_c_at_call(mode, call)
            if (
                ended != "interrupted" and made >= call
            ):  # made fewer: its day ended first (they vary a little)
                lost.append(call)
    assert lost == [], f"Ctrl+C at these calls of {calls} ended the day as if not pressed"
    assert [str(warning.message) for warning in warned] == []
    assert dropped == []
    assert capfd.readouterr().err == ""
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # given back


def test_a_run_outside_the_main_thread_leaves_sigint_alone() -> None:
    """A thread (the dashboard's compare screen) gets no signals: nothing to note, nothing to change."""
    import threading

    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(ctrl_c.ctrl_c_noted().__enter__()))
    thread.start()
    thread.join()
    assert seen == [None]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
