"""The blocking-call lesson: measured loop lag, blocking call vs the same work in a thread."""

from __future__ import annotations

import json

import anyio
import pytest

from burger_tui.cli import main
from burger_tui.lessons.blocking import (
    MAX_BLOCK_S,
    blocking_burger,
    narrate_blocking,
    narrate_threaded,
    run_blocking_lesson,
    threaded_burger,
)


def test_headless_json_shows_blocking_lag_far_above_thread_lag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesson", "blocking", "--seconds", "0.3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lesson"] == "blocking"
    blocking, thread = data["blocking"], data["thread"]
    # Coarse direction of the effect: the blocked loop lags by about the whole call, the free one barely.
    assert blocking["max_lag_ms"] >= 0.8 * 300
    assert blocking["max_lag_ms"] > 5 * max(thread["max_lag_ms"], 1.0)
    assert blocking["wakeups_while_cooking"] < thread["wakeups_while_cooking"]
    # The cook was busy for the same time either way.
    assert blocking["cook_seconds"] == pytest.approx(thread["cook_seconds"], abs=0.1)
    assert "thread pool" in data["conclusion"]


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesson", "blocking", "--seconds", "0.1"]) == 0
    out = capsys.readouterr().out
    assert "time.sleep() inside async def" in out
    assert "anyio.to_thread.run_sync" in out


@pytest.mark.parametrize("bad", ["0", "2", "-1", "x", "nan"])
def test_bad_seconds_is_one_line_exit_2(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["lesson", "blocking", "--seconds", bad])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--seconds" in err


def test_missing_lesson_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["lesson"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


async def test_blocking_call_is_bounded() -> None:
    # A runaway request cannot freeze the app for long: the call is clamped to MAX_BLOCK_S.
    assert await blocking_burger(-1) < 0.05
    assert MAX_BLOCK_S <= 1.5


async def test_threaded_burger_lets_other_tasks_run() -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await anyio.sleep(0.01)
            ticks += 1

    async with anyio.create_task_group() as tg:
        tg.start_soon(ticker)
        await threaded_burger(0.2)
        threaded_ticks = ticks
        ticks = 0
        await blocking_burger(0.2)
        blocking_ticks = ticks
        tg.cancel_scope.cancel()
    assert threaded_ticks > 3
    assert blocking_ticks == 0  # nothing else ran while the loop was held


def test_narration_uses_the_measured_time() -> None:
    assert "1.23 s" in narrate_blocking(1.234, who="the cook", day_seconds=4.9, late=2)
    assert "0.50 s" in narrate_threaded(0.5, who="the cook")


async def test_report_round_trips_to_json() -> None:
    report = await run_blocking_lesson(0.05, interval=0.01)
    assert json.loads(json.dumps(report.as_dict()))["seconds"] == 0.05
