"""Notices never schedule a timer with a negative delay, whatever happens between Textual's two reads.

Textual's toast rack skips a notice whose time has run out, then makes its toast, which reads the time
left again for its timer. A Textual timer with a negative interval never returns (``Timer._run`` spins on
it, the app frozen at 100 % CPU: issue 25). Between the two reads the main thread can lose the GIL to a
worker thread (compare's, the cleaning lesson's) for a switch interval or more; here the wall clock that
Textual's notices read jumps at that moment instead.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import textual.notifications
from textual.notifications import Notification
from textual.timer import Timer
from textual.widgets._toast import Toast

from burger_tui.ui.screens.help import HelpScreen
from burger_tui.ui.toasts import MIN_TOAST_S, Notice
from tests.helpers.driving import make_app

SIZE = (120, 40)
GIL_TURN_S = 0.010  # another thread's turn with the GIL: a 5 ms switch interval, and some
LEFT_S = 0.004  # what the notice has left when the rack checks it


class WallClock:
    """``time.time`` as Textual's notices read it: it moves when the test says."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> WallClock:
    clock = WallClock()
    monkeypatch.setattr(textual.notifications, "time", clock)
    return clock


@pytest.fixture
def timers(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The interval of every Textual timer made; a negative one fails the test instead of freezing it."""
    intervals: list[float] = []
    make = Timer.__init__

    def checked(self: Timer, event_target: Any, interval: float, **kwargs: Any) -> None:
        make(self, event_target, interval, **kwargs)
        intervals.append(interval)
        # Raised before the timer starts: the test fails instead of hanging.
        assert interval >= 0, f"a timer of {interval:.4f} s: Textual's Timer._run would spin on it forever"

    monkeypatch.setattr(Timer, "__init__", checked)
    return intervals


async def test_a_notice_that_runs_out_as_a_screen_opens_gets_no_negative_timer(
    wall: WallClock, timers: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen that opens puts every notice up again on its own toast rack (help here; compare, where the
    freeze was seen, the same way)."""
    make_toast = Toast.__init__
    made: list[Toast] = []

    def preempted(self: Toast, notification: Notification) -> None:
        wall.now += GIL_TURN_S  # between the rack's check and the toast's own read of the time left
        make_toast(self, notification)
        made.append(self)

    monkeypatch.setattr(Toast, "__init__", preempted)
    app, _ = make_app(speed=16.0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # Pilot hides toasts by default
        await app.dashboard.session.wait_open()
        app.notify("Saved screenshot", timeout=3)  # Textual's own notice (the dashboard's are its caption)
        await pilot.pause()
        (notice,) = app._notifications
        wall.now = notice.raised_at + notice.timeout - LEFT_S
        made.clear()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        (toast,) = made  # the notice, put up again on help's own rack
        assert toast._notification is notice
        assert toast._timeout == MIN_TOAST_S  # up a moment, then gone
        assert min(timers) >= 0
        assert list(app._notifications) == []  # its time is over: Textual forgets it
        assert app.is_running


async def test_textuals_own_notices_get_the_same_guard() -> None:
    """Textual notifies too (a screenshot from the palette, ``Widget.notify``): through the app's notify."""
    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.notify("Saved screenshot", title="Screenshot")
        await pilot.pause()
        (notice,) = app._notifications
        assert isinstance(notice, Notice)
        assert notice.timeout == app.NOTIFICATION_TIMEOUT
        assert (notice.title, notice.message) == ("Screenshot", "Saved screenshot")
