"""``burger-tui trace``: the steps of a small seeded day, the same for a seed, text or strict JSON."""

from __future__ import annotations

import inspect
import json
import math

import pytest

from burger_tui.cli import main
from burger_tui.sim.program import DEFAULT_TRACE_CUSTOMERS
from burger_tui.sim.restaurant import Restaurant


def trace(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["trace", *argv]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def street_sleep() -> str:
    """``restaurant.py:N`` of the street's sleep between arrivals, N computed from the code."""
    lines, first = inspect.getsourcelines(Restaurant._street)
    (line,) = [first + i for i, text in enumerate(lines) if "await self.clock.sleep" in text]
    return f"restaurant.py:{line}"


def test_trace_is_the_same_for_a_seed_and_another_for_another_seed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = trace(capsys, "--seed", "5", "--json")
    assert trace(capsys, "--seed", "5", "--json") == first
    assert trace(capsys, "--seed", "6", "--json") != first
    assert trace(capsys, "--seed", "5") == trace(capsys, "--seed", "5")


@pytest.mark.parametrize("mode", ["concurrent", "parallel", "hybrid"])
def test_json_is_one_strict_array_of_steps_in_time_order(
    mode: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = trace(capsys, "--mode", mode, "--json")
    assert out.count("\n") == 1

    def finite(text: str) -> float:
        value = float(text)
        assert math.isfinite(value), text
        return value

    steps = json.loads(
        out, parse_constant=lambda name: pytest.fail(f"not strict JSON: {name}"), parse_float=finite
    )
    assert [step["step"] for step in steps] == list(range(len(steps)))
    times = [step["at"] for step in steps]
    assert times == sorted(times)
    assert times[0] == 0
    assert all(step["tasks"] for step in steps)  # a step wakes somebody
    started = [task["task"] for step in steps for task in step["tasks"] if task["woke_at"] is None]
    finished = [task["task"] for step in steps for task in step["tasks"] if task["awaits"] is None]
    couples = [f"couple {n}" for n in range(1, DEFAULT_TRACE_CUSTOMERS + 1)]
    assert [name for name in started if name.startswith("couple")] == couples
    assert [name for name in finished if name.startswith("couple")] == couples  # the day ends when they leave
    assert {"clock", "street", "counter display"} <= set(started)


def test_text_shows_each_task_waking_at_the_line_of_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    out = trace(capsys, "--customers", "1", "--seed", "3")
    assert out.startswith("Concurrent Burgers · 1 couple · seed 3 · 1 cashier, 1 cook\n")
    assert "step 0 · 0:00:00 · the day opens: every task starts" in out
    # The street sleeps between arrivals, wakes there and (one couple: the last) finishes.
    started = f"street          started\n                  awaits  {street_sleep()}"
    assert f"{started}  await self.clock.sleep_until(" in out
    assert f"street          woke at {street_sleep()}" in out
    assert out.count("  couple 1        started") == 1
    assert "finished" in out.rsplit("step ", 1)[1]  # the last step: the couple leaves


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--customers", "0"], "--customers"),
        (["--customers", "101"], "--customers"),
        (["--customers", "many"], "--customers"),
        (["--mode", "serial"], "--mode"),
        (["--seed", "1.5"], "--seed"),
        (["--seed", str(2**63)], "--seed"),
        (["--cooks", "0"], "--cooks"),
        (["--arrival-rate", "3"], "--arrival-rate"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["trace", *argv])
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert option in err
    assert "Traceback" not in err
    assert err.startswith(("burger-tui trace: error:", "burger-tui: error: unrecognized arguments"))
