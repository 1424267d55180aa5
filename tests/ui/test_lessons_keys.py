"""The seed's other lessons in the running dashboard: b blocks the loop for real, t does not."""

from __future__ import annotations

import subprocess
import sys

from burger_tui.ui.dashboard import BLOCKING_CALL_S
from burger_tui.ui.screens.cleaning import CleaningScreen
from burger_tui.ui.widgets.loop_lag import LoopLagMeter
from tests.helpers.driving import dashboard, make_app, narration_text, resize
from tests.helpers.meter import Ticks

SIZE = (120, 40)


async def test_b_freezes_the_loop_and_the_meter_shows_the_spike() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        # Both keys in the queue at once, as when a user presses b again during the freeze (Pilot.press
        # would wait for the first to finish, however long that takes on a loaded machine).
        meter = app.query_one(LoopLagMeter)
        ticks = Ticks(meter)
        app.simulate_key("b")
        app.simulate_key("b")
        # The freeze is real (BLOCKING_CALL_S of a held loop): it is the lesson. The meter's ticks stop
        # during it; tick by tick afterwards until it is told (a loaded machine takes its time).
        await ticks.until(lambda: "held everyone for" in narration_text(app))
        await pilot.pause()  # the second key handled (a second freeze would happen here, and be told)
        await ticks.wait(1)  # the meter's next tick sees the stall
        assert meter.max_lag_ms > BLOCKING_CALL_S * 1000 * 0.8
        assert narration_text(app).count("held everyone for") == 1  # one freeze, not two stacked
        # The meter names it, and it stands out (an ordinary action's spike would not).
        assert meter.max_cause is not None
        assert meter.max_cause.what == "blocking call"
        assert meter.shown[0].endswith("blocking call")
        assert meter.has_class("-spike")


async def test_the_meter_is_told_what_each_ordinary_action_asks_of_the_loop() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        meter = app.query_one(LoopLagMeter)

        def told() -> str:
            return meter._noted[-1].what

        await pilot.press("m")
        assert told() == "m model"
        await pilot.press("p")
        assert told() == "p program"
        await resize(pilot, 100, 30)
        assert told() == "resize"
        await pilot.press("question_mark")
        await pilot.press("escape")
        assert told() == "redraw"  # back from help: the whole floor drawn again
        assert all(cause.ordinary for cause in meter._noted)


async def test_t_does_the_work_in_a_thread_and_the_loop_keeps_running() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        meter = app.query_one(LoopLagMeter)
        ticks = Ticks(meter)
        await ticks.wait(2)  # past the app's start
        # Only the lesson's lag counts, not the app's start on a busy machine: a window of zeros.
        meter.samples.extend([0.0] * (meter.samples.maxlen or 0))
        await pilot.press("t")
        # Only the lesson's worker: the day's own worker runs until the app quits.
        lesson = [worker for worker in app.workers if worker.group == "lesson"]
        await app.workers.wait_for_complete(lesson)
        await ticks.wait(1)
        await pilot.pause()  # the narration of the finished work
        assert max(meter.samples) > 0  # the meter kept measuring during the work
        assert meter.max_lag_ms < BLOCKING_CALL_S * 1000 / 3
        assert "in a worker thread" in narration_text(app)


async def test_h_opens_the_cleaning_lesson_and_escape_closes_it() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, CleaningScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, CleaningScreen)


WARMED = """\
import sys
from pygments.lexers.python import PythonLexer
from burger_tui.sim.program import source
from burger_tui.ui.dashboard import warm_up
from burger_tui.ui.symbols import EMOJI

def ready():
    return (
        "burger_tui.ui.screens.compare" in sys.modules,
        "burger_tui.ui.widgets.program_view" in sys.modules,
        "_tokens" in PythonLexer.__dict__,
        source._statements.cache_info().currsize,
    )

print(ready())
warm_up(EMOJI)
print(ready())
"""


def test_the_warm_up_readies_what_the_first_p_and_c_would_hold_the_loop_for() -> None:
    """In a thread after the first frame (where the loop keeps its turns): imported, the Python lexer built,
    the day's awaits mapped. A fresh interpreter: nothing of it was there before."""
    done = subprocess.run(
        [sys.executable, "-c", WARMED], capture_output=True, text=True, check=True, timeout=60
    )
    before, after = done.stdout.splitlines()
    assert before == "(False, False, False, 0)"
    assert after == "(True, True, True, 3)"
