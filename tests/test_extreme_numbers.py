"""Every number ``simulate`` and ``compare`` accept gives a sound result, or is refused up front.

The promise (issue 15): exit 0 with strict JSON (no ``NaN``/``Infinity``) whose numbers are all finite,
or exit 2 with exactly one line on stderr naming the option; never a traceback. The ranges are in
``burger_tui/sim/limits.py``; the extreme values come from both sides of each bound and far beyond.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import random
import re
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from burger_tui.cli import main
from burger_tui.sim.distributions import Distribution, parse_distribution
from burger_tui.sim.limits import (
    MAX_ARRIVAL_RATE_PER_MIN,
    MAX_CUSTOMERS,
    MAX_DURATION_S,
    MAX_SEED,
    MIN_ARRIVAL_RATE_PER_MIN,
    MIN_MEAN_S,
    MIN_SEED,
)
from burger_tui.sim.model import MAX_COOKS, RestaurantConfig

# -- extreme inputs ------------------------------------------------------------------------------------

EDGE_FLOATS = [
    0.0,
    -0.0,
    5e-324,  # the smallest subnormal
    2.2250738585072014e-308,  # the smallest normal
    1e-300,
    1e-7,
    MIN_MEAN_S,
    MIN_ARRIVAL_RATE_PER_MIN / 2,
    MIN_ARRIVAL_RATE_PER_MIN,
    1.0,
    MAX_DURATION_S,
    math.nextafter(MAX_DURATION_S, math.inf),
    MAX_ARRIVAL_RATE_PER_MIN / 1.5,
    MAX_ARRIVAL_RATE_PER_MIN,
    1e300,
    1e307,
    1e308,
    sys.float_info.max,
    -1.0,
    -1e308,
    math.inf,
    -math.inf,
    math.nan,
]
# Texts a float option may be given that float() reads in its own way (or refuses).
ODD_FLOAT_TEXTS = [
    "1e308",
    "1e400",
    "-1e400",
    "-0",
    "+0",
    "nan",
    "-nan",
    "inf",
    "Infinity",
    "1_0",
    " 2 ",
    "",
    "x",
]

float_texts = st.one_of(
    st.sampled_from(EDGE_FLOATS).map(repr),
    st.sampled_from(ODD_FLOAT_TEXTS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=0, max_value=2 * MAX_DURATION_S).map(lambda x: f"{x:g}"),
)
huge_ints = st.sampled_from([MAX_SEED, MAX_SEED + 1, MIN_SEED, MIN_SEED - 1, 10**30, -(10**30), 10**400])
int_texts = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    huge_ints.map(str),
    st.sampled_from(["0", "-0", "1.5", "1e3", "nan", "", "x", "1_000"]),
)


# Values inside a range, its ends included (Hypothesis favours the ends and simple values).
durations_in_range = st.floats(min_value=0, max_value=MAX_DURATION_S).map(repr)
rates_in_range = st.floats(min_value=MIN_ARRIVAL_RATE_PER_MIN, max_value=MAX_ARRIVAL_RATE_PER_MIN).map(repr)


@st.composite
def distributions(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["fixed", "exp", "uniform"]))
    count = 2 if kind == "uniform" else 1
    params = [draw(st.one_of(durations_in_range, float_texts)) for _ in range(count)]
    return ":".join([kind, *params])


# Counts of couples: a few (a run must stay quick), or out of range on either side, or not a count.
small_counts = st.one_of(
    st.integers(min_value=1, max_value=6).map(str),
    st.sampled_from([str(MAX_CUSTOMERS + 1), str(10**400), "-1", "1.5", "1e3", "nan", "inf", "", "x"]),
)


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A ``simulate`` or ``compare`` command line with extreme values; and the options it made extreme."""
    command = draw(st.sampled_from(["simulate", "compare"]))
    options: dict[str, str] = {"--customers": "3"}
    if command == "compare":
        options["--sweep-customers"] = draw(st.sampled_from(["0", "2"]))
    extremes: dict[str, st.SearchStrategy[str]] = {
        "--arrival-rate": st.one_of(rates_in_range, float_texts),
        "--order-time": distributions(),
        "--cook-time": distributions(),
        "--eat-time": distributions(),
        "--customers": small_counts,
        "--cooks": st.one_of(int_texts, st.integers(min_value=1, max_value=MAX_COOKS).map(str)),
        "--seed": int_texts,
    }
    if command == "compare":
        extremes["--sweep-customers"] = st.one_of(st.sampled_from(["0", "1", "3"]), small_counts)
    chosen = draw(st.permutations(sorted(extremes)))[: draw(st.integers(min_value=1, max_value=3))]
    for name in chosen:
        options[name] = draw(extremes[name])
    argv = [command]
    for name, value in options.items():
        argv.append(f"{name}={value}")  # '=' so that a value like '-1' is never read as an option
    if draw(st.booleans()):
        argv.append("--json")
    return argv, chosen


# -- the promise -----------------------------------------------------------------------------------------


def run(argv: list[str]) -> tuple[int, str, str]:
    """``burger-tui ARGV`` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def strict_json(text: str) -> Any:
    """Parse ``text`` as strict JSON: ``NaN``, ``Infinity`` and numbers that overflow are errors."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text}")
    return value


NOT_FINITE_WORD = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


def assert_sound_or_refused(argv: list[str], options: list[str]) -> None:
    code, out, err = run(argv)
    event(f"exit {code}")  # --hypothesis-show-statistics: how many ran, how many were refused
    assert "Traceback" not in err
    if code == 0:
        assert err == ""  # not a terminal: no progress bar, nothing else
        if "--json" in argv:
            assert out.count("\n") == 1
            strict_json(out)  # raises on NaN, Infinity and numbers too large for a float
        else:
            assert out.strip()
            assert not NOT_FINITE_WORD.search(out), out
    else:
        assert code == 2, (argv, err)
        assert out == ""
        assert err.endswith("\n"), err
        assert err.count("\n") == 1, err
        named = re.search(r"argument (--[a-z-]+)", err)
        assert named is not None, err
        assert named.group(1) in options, (options, err)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(command_lines())
def test_every_extreme_number_gives_a_sound_result_or_one_line(line: tuple[list[str], list[str]]) -> None:
    argv, options = line
    assert_sound_or_refused(argv, options)


# -- examples the fuzzing found, and the bounds themselves --------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["simulate", "--arrival-rate", "5e-324", "--customers", "5"], "--arrival-rate"),
        (["simulate", "--cook-time", "fixed:1e308", "--customers", "5"], "--cook-time"),
        (["simulate", "--eat-time", "fixed:1e307", "--customers", "200", "--json"], "--eat-time"),
        (["simulate", "--order-time", "uniform:0:1e308"], "--order-time"),
        (["simulate", "--cook-time", "exp:5e-324"], "--cook-time"),
        (["compare", "--arrival-rate", "1e-320", "--customers", "3"], "--arrival-rate"),
        (["compare", "--eat-time", "fixed:1e307", "--customers", "3"], "--eat-time"),
        (["simulate", "--seed", str(MAX_SEED + 1)], "--seed"),
        (["simulate", "--seed", "9" * 5000], "--seed"),
        (["lesson", "cleaning", "--seed", str(MIN_SEED - 1)], "--seed"),
        # compare's sweep runs 0.5x to 1.5x the rate: a rate at the top is refused before any run ...
        (["compare", "--arrival-rate", str(MAX_ARRIVAL_RATE_PER_MIN), "--customers", "2"], "--arrival-rate"),
        (["compare", "--arrival-rate", str(MIN_ARRIVAL_RATE_PER_MIN), "--customers", "2"], "--arrival-rate"),
    ],
)
def test_what_crashed_before_is_one_line_exit_2(argv: list[str], option: str) -> None:
    code, out, err = run(argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"argument {option}:" in err
    assert "between" in err or "far too large" in err  # it says what is accepted


def test_a_rate_at_the_top_runs_without_the_sweep() -> None:
    """... and runs when the sweep is skipped."""
    argv = ["compare", "--arrival-rate", f"{MAX_ARRIVAL_RATE_PER_MIN:g}", "--customers", "2"]
    code, out, err = run([*argv, "--sweep-customers", "0", "--json"])
    assert (code, err) == (0, "")
    assert strict_json(out)["config"]["arrival_rate_per_min"] == MAX_ARRIVAL_RATE_PER_MIN


@pytest.mark.parametrize(
    "options",
    [
        # The longest days the bounds allow: everything at its maximum, the slowest arrivals.
        [
            "--arrival-rate=0.001",
            f"--order-time=uniform:0:{MAX_DURATION_S!r}",
            f"--cook-time=exp:{MAX_DURATION_S!r}",
            f"--eat-time=fixed:{MAX_DURATION_S!r}",
            "--cooks=1",
        ],
        # The shortest: the fastest arrivals and nothing takes any time.
        ["--arrival-rate=1e6", "--order-time=fixed:0", "--cook-time=exp:1e-6", "--eat-time=fixed:5e-324"],
        ["--arrival-rate=1e6", "--order-time=fixed:-0", "--cook-time=fixed:0", "--eat-time=uniform:0:0"],
    ],
    ids=["longest", "shortest", "instant"],
)
@pytest.mark.parametrize("mode", ["concurrent", "parallel", "hybrid"])
def test_the_bounds_themselves_give_finite_strict_json(options: list[str], mode: str) -> None:
    code, out, err = run(["simulate", f"--mode={mode}", "--customers=40", *options, "--json"])
    assert (code, err) == (0, "")
    report = strict_json(out)
    assert report["served"] == 40
    for wait in report["waits"].values():
        assert 0 <= wait["mean"] <= wait["max"]
    assert 0 <= report["utilization"]["cooks"] <= 1


@pytest.mark.parametrize(
    ("spec", "accepted"),
    [
        ("fixed:0", True),
        ("fixed:-0", True),
        (f"fixed:{MAX_DURATION_S!r}", True),
        (f"fixed:{math.nextafter(MAX_DURATION_S, math.inf)!r}", False),
        (f"exp:{MIN_MEAN_S!r}", True),
        (f"exp:{math.nextafter(MIN_MEAN_S, 0)!r}", False),
        (f"exp:{MAX_DURATION_S!r}", True),
        (f"uniform:0:{MAX_DURATION_S!r}", True),
        ("uniform:5e-324:1", True),
        ("uniform:0:1e308", False),
        ("uniform:-0:-0", True),
    ],
)
def test_distribution_bounds(spec: str, accepted: bool) -> None:
    if accepted:
        distribution = parse_distribution(spec)
        assert 0 <= distribution.sample(random.Random(spec)) < math.inf
    else:
        with pytest.raises(ValueError, match=f"{MAX_DURATION_S:.0f} s"):
            parse_distribution(spec)


def test_minus_zero_reads_as_zero() -> None:
    assert str(parse_distribution("uniform:-0:-0")) == "uniform:0:0"
    assert math.copysign(1, parse_distribution("fixed:-0").a) == 1


def test_the_library_refuses_what_the_command_line_refuses() -> None:
    """One place: RestaurantConfig and Distribution check their own values, whoever makes them."""
    with pytest.raises(ValueError, match="durations must be between 0 and"):
        Distribution("fixed", 1e308)
    with pytest.raises(ValueError, match="exp needs a mean"):
        Distribution("exp", 5e-324)
    for rate in (5e-324, 0.0, math.nan, math.inf, math.nextafter(MAX_ARRIVAL_RATE_PER_MIN, math.inf)):
        with pytest.raises(ValueError, match="arrival rate must be between"):
            RestaurantConfig(arrival_rate_per_min=rate)
    for seed in (MAX_SEED + 1, MIN_SEED - 1, 10**5000):
        with pytest.raises(ValueError, match="seed must be a whole number between"):
            RestaurantConfig(seed=seed)
    with pytest.raises(ValueError, match="glance interval"):
        RestaurantConfig(glance_every=5e-324)
    with pytest.raises(ValueError, match="walk time"):
        RestaurantConfig(walk_time=1e308)
    assert RestaurantConfig(seed=MIN_SEED).seed == MIN_SEED
    assert RestaurantConfig(seed=MAX_SEED, arrival_rate_per_min=MIN_ARRIVAL_RATE_PER_MIN).seed == MAX_SEED


@pytest.mark.parametrize(
    ("seed", "shown"),
    [(MIN_SEED - 1, f"got {MIN_SEED - 1}"), (10**5000, "got a number of about 5000 digits")],
    ids=["just below", "5000 digits"],
)
def test_a_seed_out_of_range_is_shown_not_as_its_bit_count(seed: int, shown: str) -> None:
    """The twelfth adversarial pass: MIN_SEED - 1 was "got a 64-bit one", which a 64-bit seed is not."""
    with pytest.raises(ValueError, match=r"\(a signed 64-bit integer\), got") as refused:
        RestaurantConfig(seed=seed)
    assert str(refused.value).endswith(shown)


# -- end to end, in a real process ---------------------------------------------------------------------------


def run_process(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "burger_tui", *argv], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_real_process_refuses_an_overflowing_time_in_one_line() -> None:
    done = run_process("simulate", "--eat-time", "fixed:1e307", "--customers", "200", "--json")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1
    assert "--eat-time" in done.stderr


def test_a_real_process_at_the_bounds_prints_strict_json() -> None:
    done = run_process(
        "compare",
        "--arrival-rate=0.002",
        f"--cook-time=exp:{MAX_DURATION_S!r}",
        f"--eat-time=fixed:{MAX_DURATION_S!r}",
        "--customers=3",
        "--sweep-customers=2",
        "--json",
    )
    assert (done.returncode, done.stderr) == (0, "")
    comparison = strict_json(done.stdout)
    assert set(comparison["models"]) == {"concurrent", "parallel", "hybrid"}
