"""Simulated time is written one way: the dashboard's clock (whole seconds), a step (tenths), a wait and a
span between two shown times all round as one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from burger_tui.sim.program.snapshot import clock_text as step_time
from burger_tui.sim.times import clock_text, duration_text, short_duration_text, span_text, whole_seconds
from burger_tui.ui.times import clock_text as dashboard_clock


@pytest.mark.parametrize(
    ("seconds", "with_tenths", "whole"),
    [
        (0.0, "0:00:00", "0:00:00"),
        (2.3, "0:00:02.3", "0:00:02"),  # 2.3 * 10 is 22.999...: rounded, not cut to 2.2
        (59.94, "0:00:59.9", "0:00:59"),
        (59.96, "0:01:00", "0:01:00"),  # the step and the clock show the same second
        (3723.0, "1:02:03", "1:02:03"),
        (36_000.5, "10:00:00.5", "10:00:00"),
    ],
)
def test_the_clock_and_a_step_show_the_same_second(seconds: float, with_tenths: str, whole: str) -> None:
    assert clock_text(seconds) == step_time(seconds) == with_tenths
    assert clock_text(seconds, tenths=False) == dashboard_clock(seconds) == whole


@pytest.mark.parametrize(
    ("seconds", "words", "short"),
    [(0.0, "0s", "0s"), (59.94, "59s", "59s"), (59.96, "1m00s", "1m00"), (105.94, "1m45s", "1m45")],
)
def test_a_wait_rounds_as_the_clock_does(seconds: float, words: str, short: str) -> None:
    """A mean, a p95 and the clock show the same second for the same time (a p95 of 1m45 once sat beside
    a wait of 1m46s: two roundings)."""
    assert duration_text(seconds) == words
    assert duration_text(-0.3) == "0s"  # never a negative wait
    assert short_duration_text(seconds) == short
    assert (
        clock_text(seconds, tenths=False)
        == f"0:{whole_seconds(seconds) // 60:02d}:{whole_seconds(seconds) % 60:02d}"
    )


@given(st.floats(0, 10_000, allow_nan=False), st.floats(0, 600, allow_nan=False))
def test_a_span_agrees_with_the_two_times_shown(start: float, length: float) -> None:
    """ "Burgers in hand after 4s" beside 0:00:50 and 0:00:54, never 0:00:50 and 0:00:55."""
    end = start + length
    shown = [clock_text(t, tenths=False).split(":") for t in (start, end)]
    seconds = [int(h) * 3600 + int(m) * 60 + int(s) for h, m, s in shown]
    assert span_text(start, end) == duration_text(seconds[1] - seconds[0])
