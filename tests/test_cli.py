"""``burger-tui simulate``: the --json contract, one-line errors with exit code 2, clean pipes."""

from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from burger_tui import progress
from burger_tui.cli import build_parser, main
from burger_tui.cli.parser import dashboard_parser, the_opening_line
from burger_tui.report import WAIT_LABELS, print_report
from burger_tui.sim.headless import RunReport
from burger_tui.sim.limits import DEFAULT_OPENING_LINE
from burger_tui.sim.model import RestaurantConfig
from burger_tui.sim.stats import RATE_FROM_COUPLES, RATE_FROM_S
from burger_tui.ui.symbols import ASCII
from tests.helpers.driving import apps_opened

GOOD = ["--customers", "300", "--arrival-rate", "1.5", "--cooks", "3", "--seed", "4"]
WAIT_KEYS = {"couples", "mean", "p50", "p95", "p99", "max"}


def test_json_is_one_object_with_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--mode", "hybrid", *GOOD, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # stderr is not a terminal here: no progress bar
    assert out.endswith("\n")
    assert out.count("\n") == 1
    report = json.loads(out)
    assert set(report) == {
        "mode",
        "config",
        "served",
        "sim_time_s",
        "throughput_per_hour",
        "waits",
        "utilization",
        "talking_share",
        "wall_time_s",
    }
    assert report["mode"] == "hybrid"
    assert report["config"]["customers"] == 300
    assert report["config"]["seed"] == 4
    assert report["config"]["cooks"] == 3
    assert report["served"] == 300
    assert set(report["waits"]) == {"line", "kitchen_queue", "order_to_food", "pickup", "total"}
    for name, wait in report["waits"].items():
        assert set(wait) == WAIT_KEYS, name
        assert all(math.isfinite(v) and v >= 0 for v in wait.values()), name
    assert set(report["utilization"]) == {"cashier", "cooks"}
    assert all(0 <= v <= 1 for v in report["utilization"].values())
    assert 0 <= report["talking_share"] <= 1
    assert report["sim_time_s"] > 0
    assert report["throughput_per_hour"] > 0


@pytest.mark.parametrize(
    "day",
    [
        [
            "--customers",
            "3",
            "--arrival-rate",
            "6",
            "--eat-time",
            "fixed:30",
            "--cook-time",
            "fixed:20",
        ],  # 2 min
        ["--customers", "3", "--arrival-rate", "1.5"],  # 3 couples in 5 minutes and more
        ["--customers", "300", "--arrival-rate", "1.5"],  # a few hours
    ],
    ids=["two minutes", "three couples", "hours"],
)
def test_a_rate_per_hour_needs_a_few_couples_or_minutes(
    capsys: pytest.CaptureFixture[str], day: list[str]
) -> None:
    """Regression (issue 24): a day of two minutes said "served 3 couples in 0.0 simulated hours (81.4/hour)".
    A rate per hour is given once it says something, by the screen's rule (5 couples served or 5 minutes of
    the day: the screen and the file say one rate); before, the table says why there is none."""
    options = [*day, "--seed", "4"]
    assert main(["simulate", *options, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert main(["simulate", *options]) == 0
    said = " ".join(capsys.readouterr().out.split())
    if report["served"] < RATE_FROM_COUPLES and report["sim_time_s"] < RATE_FROM_S:
        assert report["throughput_per_hour"] is None
        assert f"served {report['served']} couples in 0:0" in said
        assert "(under 5 couples and 5 minutes: no rate per hour)" in said
    else:
        assert report["throughput_per_hour"] == pytest.approx(report["served"] / report["sim_time_s"] * 3600)
        assert f"({report['throughput_per_hour']:.1f}/hour)" in said
    assert "simulated hours" not in said


def test_json_with_the_same_seed_is_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    reports = []
    for _ in range(2):
        assert main(["simulate", *GOOD, "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        del report["wall_time_s"]
        reports.append(report)
    assert reports[0] == reports[1]


def test_the_table_is_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", *GOOD]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.strip()
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


BAD = [
    (["--arrival-rate", "-1"], "--arrival-rate"),
    (["--arrival-rate", "0"], "--arrival-rate"),
    (["--arrival-rate", "nan"], "--arrival-rate"),
    (["--arrival-rate", "inf"], "--arrival-rate"),
    (["--arrival-rate=-inf"], "--arrival-rate"),
    (["--arrival-rate", ""], "--arrival-rate"),
    (["--arrival-rate", "fast"], "--arrival-rate"),
    (["--order-time", "normal:3"], "--order-time"),
    (["--cook-time", ""], "--cook-time"),
    (["--cook-time", "exp:-5"], "--cook-time"),
    (["--eat-time", "fixed:nan"], "--eat-time"),
    (["--eat-time", "uniform:9:1"], "--eat-time"),
    (["--cooks", "0"], "--cooks"),
    (["--cooks", "-2"], "--cooks"),
    (["--cooks", "two"], "--cooks"),
    (["--cooks", "1000"], "--cooks"),
    (["--customers", "ten"], "--customers"),
    (["--customers", "1.5"], "--customers"),
    (["--customers", "0"], "--customers"),
    (["--customers", ""], "--customers"),
    (["--customers", "nan"], "--customers"),
    (["--customers"], "--customers"),
    (["--mode", "sequential"], "--mode"),
    (["--mode", ""], "--mode"),
    (["--seed", "x"], "--seed"),
    (["--seed", ""], "--seed"),
    (["--bogus"], "--bogus"),
]


@pytest.mark.parametrize(("argv", "names"), BAD, ids=[" ".join(a) or "empty" for a, _ in BAD])
def test_bad_arguments_exit_2_with_one_line(
    argv: list[str], names: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["simulate", *argv, "--json"])
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n"), err
    assert err.count("\n") == 1, err
    assert names in err
    assert "Traceback" not in err


def _one_line_usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What ``argv`` printed, once checked to be a usage error: exit 2 and one line on stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


@pytest.mark.parametrize(
    ("argv", "owners"),
    [
        (["--customers", "10"], "simulate, compare, trace and narrate"),
        (["--mode", "parallel", "--export=day"], "simulate, compare and replay"),
        (["--sweep-customers", "5"], "compare"),
        (["--port", "8001"], "lesson web and serve"),
    ],
)
def test_a_command_option_without_its_command_names_the_command(
    argv: list[str], owners: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _one_line_usage_error(argv, capsys)
    option = argv[-2] if not argv[-1].startswith("--") else argv[-1].partition("=")[0]
    assert f"{option} is an option of {owners}" in err
    first = re.split(", | and ", owners)[0]  # a command may be two words: lesson web
    assert f"burger-tui {first} {option}" in err


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "burger_tui", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("argv", [(), ("tour",)], ids=["dashboard", "tour"])
def test_the_dashboard_without_a_terminal_for_its_keys_is_one_line_and_exit_2(argv: tuple[str, ...]) -> None:
    """The twelfth adversarial pass: ``burger-tui < /dev/null`` ran at a whole core until a signal ended it
    (Textual's input thread read end-of-file for ever), with nothing to say why."""
    done = subprocess.run(
        [sys.executable, "-m", "burger_tui", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "stdin is not one" in done.stderr
    assert done.stdout == ""


def test_subprocess_json_keeps_the_pipe_clean() -> None:
    done = run_cli("simulate", *GOOD, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["served"] == 300


def test_subprocess_bad_argument_is_one_line_no_traceback() -> None:
    done = run_cli("simulate", "--arrival-rate", "-3", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert "--arrival-rate" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_option_of_a_lesson_names_the_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--rooms", "3"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--rooms is an option of lesson cleaning, not of the dashboard" in err
    assert "burger-tui lesson cleaning --rooms ..." in err
    with pytest.raises(SystemExit):
        main(["--json"])
    assert (
        "--json is an option of simulate, compare, trace, lesson blocking, lesson cleaning, lesson web "
        "and replay" in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("argv", "option", "command"),
    [
        (["--mode", "parallel", "simulate", "--customers", "10"], "--mode", "simulate"),
        (["--seed=5", "compare"], "--seed", "compare"),
        (["--cooks", "3", "trace"], "--cooks", "trace"),
    ],
)
def test_an_option_the_command_has_too_written_before_it_is_refused_not_ignored(
    argv: list[str], option: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``burger-tui --mode parallel simulate`` ran concurrent: simulate's own --mode default won, silently
    (found by the adversarial pass). The dashboard's options before serve, tour or replay stay theirs."""
    err = _one_line_usage_error(argv, capsys)
    assert f"{option} is an option of {command} too" in err
    assert f"burger-tui {command} {option} ..." in err


def test_every_command_has_all_its_options_without_being_named() -> None:
    parser = build_parser()
    assert {"--customers", "--arrival-rate", "--export", "--mode"} <= parser.commands["simulate"].options
    assert {"--sweep-customers", "--customers"} <= parser.commands["compare"].options
    assert "--mode" not in parser.commands["compare"].options
    lessons = parser.commands["lesson"].commands
    assert {"--rooms", "--workers", "--room-size", "--seed"} <= lessons["cleaning"].options
    assert {"--port", "--host"} <= parser.commands["serve"].options


# Modules that neither --help nor the dashboard's start may import: the lessons' (and anyio's
# threads and processes with them), the headless runners, JSON, Rich, Textual.
HEAVY = (
    "textual",
    "rich",
    "json",
    "anyio.to_thread",
    "anyio.to_process",
    "burger_tui.lessons.blocking",
    "burger_tui.lessons.cleaning",
    "burger_tui.sim.compare",
    "burger_tui.sim.headless",
    "burger_tui.export",
    "burger_tui.report",
    "burger_tui.progress",
)


def test_help_imports_nothing_heavy() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "burger_tui", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "simulate" in done.stdout
    imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "burger_tui.cli" in imported
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_tables_never_print_nan() -> None:
    nan = math.nan
    report = RunReport(
        config=RestaurantConfig(),
        customers=1,
        served=1,
        sim_time_s=nan,
        throughput_per_hour=math.inf,
        waits={name: {**dict.fromkeys(WAIT_KEYS, nan), "couples": 1} for name in WAIT_LABELS},
        utilization={"cashier": nan, "cooks": -math.inf},
        talking_share=nan,
        wall_time_s=0.5,
    )
    console = Console(file=io.StringIO(), width=200)
    print_report(report, console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "n/a" in text
    assert not re.search(r"\b(nan|inf)\b", text, re.IGNORECASE), text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_one_progress_bar_for_runs_and_lesson_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.0)
    with progress.stderr_progress("Cleaning") as bar:
        assert bar is not None
        bar(2, 6, "Cleaning: 1 cleaner")
        bar(6, 6)
        bar(1, 6, "Cleaning: 4 threads")  # the next stage starts over
    drawn = terminal.getvalue()
    assert "Cleaning: 1 cleaner" in drawn
    assert "2/6" in drawn
    assert "Cleaning: 4 threads" in drawn
    assert "1/6" in drawn


def test_no_progress_bar_into_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress.stderr_progress("Serving couples") as bar:
        assert bar is None


def test_lesson_json_is_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesson", "blocking", "--seconds", "0.05", "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    report = json.loads(out, parse_constant=lambda name: pytest.fail(f"not strict JSON: {name}"))
    assert report["lesson"] == "blocking"
    assert report["seconds"] == 0.05


def test_tour_opens_the_dashboard_with_the_tour_playing_and_the_options_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened = apps_opened(monkeypatch)
    assert main(["--seed", "5", "--ascii", "tour"]) == 0
    assert main(["tour", "--seed", "5", "--ascii"]) == 0  # after it too (the sixth adversarial pass)
    assert main(["--seed", "5"]) == 0
    before, after, plain = opened
    for app in (before, after):
        assert app.dashboard.tour_on_start
        assert app.dashboard.session.next_day.config.seed == 5
        assert app.symbols is ASCII
    assert not plain.dashboard.tour_on_start


@pytest.mark.parametrize(
    "command",
    [
        ["trace"],
        ["trace", "--json"],
        ["simulate", "--customers", "50"],
        ["simulate", "--customers", "50", "--json"],
        ["narrate", "--fast", "--customers", "2"],
        ["--version"],
    ],
    ids=" ".join,
)
def test_a_reader_that_went_away_ends_every_format_the_same_quiet_way(command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # gone before the first write: every write meets the broken pipe
    # stdout buffered as in a user's shell (this machine sets PYTHONUNBUFFERED): what is still in the buffer
    # when the command ends meets the gone reader too.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "burger_tui", *command],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            env=environment,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, b"")


@pytest.mark.parametrize(
    "command",
    [
        ["simulate", "--customers", "50"],
        ["simulate", "--customers", "50", "--json"],
        ["compare", "--customers", "20", "--sweep-customers", "0", "--jobs", "1"],
        ["compare", "--customers", "20", "--sweep-customers", "0", "--jobs", "1", "--json"],
        ["trace"],
        ["trace", "--json"],
        ["narrate", "--fast", "--customers", "2"],
        ["--version"],
        ["--help"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_a_full_disk_ends_every_format_with_one_line_and_exit_1(command: list[str], buffered: bool) -> None:
    # Buffered, a short output meets the full disk at the last flush; unbuffered, at its first write.
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    if not buffered:
        environment["PYTHONUNBUFFERED"] = "1"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "burger_tui", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            env=environment,
            text=True,
        )
    assert (done.returncode, done.stderr) == (
        1,
        "burger-tui: cannot write the output: No space left on device\n",
    )


@pytest.mark.parametrize(
    ("argv", "quoted"),
    [
        (["simulate", "--cook-time", "uniform:3:2.9999999"], "'uniform:3:2.9999999'"),
        (["simulate", "--cook-time", "fixed:86400.0001"], "'fixed:86400.0001'"),
        (["simulate", "--arrival-rate", "1000000.5"], "got '1000000.5'"),
        # The twelfth adversarial pass: the value read was quoted, not the text typed (exp:0, got 0),
        # and a seed out of range said "got a 65-bit one".
        (["simulate", "--cook-time", "exp:1e-400"], "--cook-time: 'exp:1e-400': exp needs a mean above zero"),
        (["simulate", "--arrival-rate", "1e-400"], "couples per minute, got '1e-400'"),
        (
            ["simulate", "--seed", "-9223372036854775809"],
            "--seed: seed must be a whole number between -9223372036854775808 and 9223372036854775807 "
            "(a signed 64-bit integer), got '-9223372036854775809'",
        ),
        (["simulate", "--seed", "1" + "0" * 100], "got '1" + "0" * 36 + "...'"),
        (["simulate", "--cooks", "0099"], "cooks must be between 1 and 32, got '0099'"),
        (
            ["compare", "--arrival-rate", "666667"],
            "between 0.002 and 666666.66 couples per minute, got 666667",
        ),
    ],
)
def test_an_error_quotes_the_value_as_typed_and_a_bound_it_accepts(
    argv: list[str], quoted: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quoted in _one_line_usage_error(argv, capsys)


def run_with_closed(fd: int, argv: list[str]) -> subprocess.CompletedProcess[bytes]:
    """``burger-tui ARGV`` started with stdout (1) or stderr (2) closed; the other one read."""
    return subprocess.run(
        [sys.executable, "-m", "burger_tui", *argv],
        stdout=subprocess.PIPE if fd == 2 else subprocess.DEVNULL,
        stderr=subprocess.PIPE if fd == 1 else subprocess.DEVNULL,
        preexec_fn=lambda: os.close(fd),
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--customers", "20"],
        ["simulate", "--customers", "20", "--json"],
        ["trace", "--customers", "2", "--json"],
        ["lesson", "blocking", "--json"],
        ["narrate", "--fast", "--customers", "2"],
        ["--version"],
    ],
    ids=" ".join,
)
def test_started_with_stdout_closed_a_command_ends_quietly(argv: list[str]) -> None:
    """``burger-tui simulate >&-``: Python has no sys.stdout; nothing to print to is no error, in every
    output format (the JSON and the version wrote to None: a traceback, found by the adversarial pass)."""
    done = run_with_closed(1, argv)
    assert (done.returncode, done.stderr) == (0, b"")


@pytest.mark.parametrize(
    ("argv", "code"),
    [(["simulate", "--customers", "20", "--json"], 0), (["simulate", "--customers", "-1"], 2)],
    ids=["runs", "refused"],
)
def test_started_with_stderr_closed_a_command_still_runs_and_exits_as_it_would(
    argv: list[str], code: int
) -> None:
    """``2>&-``: the progress bar asked a missing stderr whether it was a terminal (a traceback, exit 1; found
    by the second adversarial pass). What it would say goes nowhere; the output and the exit code stay."""
    done = run_with_closed(2, argv)
    assert done.returncode == code
    if code == 0:
        assert json.loads(done.stdout)["served"] == 20


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        ([], DEFAULT_OPENING_LINE),
        (["--no-auto"], 0),
        (["--opening-line", "2"], 2),
        (["--no-auto", "--opening-line", "3"], 3),
    ],
)
def test_the_dashboard_opens_with_a_line_at_the_door_unless_it_starts_empty(
    argv: list[str], line: int
) -> None:
    assert the_opening_line(dashboard_parser().parse_args(argv)) == line
    assert build_parser().parse_args(["simulate"]).opening_line == 0  # simulate's numbers: the stream's alone


def test_ctrl_c_during_the_import_of_the_command_line_is_exit_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The twelfth adversarial pass: Ctrl+C within ~0.1 s of the start printed a KeyboardInterrupt
    traceback of Python's import machinery, before ``main`` (which catches it) had started. The entry point
    catches it around that import; here the import itself raises it, as a Ctrl+C there does."""
    import builtins

    from burger_tui.__main__ import run

    real_import = builtins.__import__

    def interrupted(name: str, *args: object, **kwargs: object) -> object:
        if name == "burger_tui.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", interrupted)
    assert run() == 130
    assert capsys.readouterr() == ("", "")


def test_the_entry_point_is_the_one_that_catches_ctrl_c_during_imports() -> None:
    """``burger-tui`` and ``python -m burger_tui`` both start at ``run``, whose code for Ctrl+C, written out
    before any import, is the command line's."""
    import tomllib
    from pathlib import Path

    from burger_tui import __main__
    from burger_tui.cli.exits import EXIT_INTERRUPTED

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["burger-tui"] == "burger_tui.__main__:run"
    assert __main__.EXIT_INTERRUPTED == EXIT_INTERRUPTED


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["replay", ""], "argument FILE: the path is empty"),  # said "cannot read : Is a directory"
        (["timeline", ""], "argument FILE: the path is empty"),
        (["simulate", "--export", "-"], "argument --export: '-' names no files"),  # wrote -.json and -.csv
        (["replay", "day.json", "--export", "-"], "argument --export: '-' names no files"),
    ],
)
def test_paths_that_name_no_file_are_refused_in_one_line(
    argv: list[str],
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The fourteenth adversarial pass: an empty day file's path and ``--export -`` were taken as paths."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert says in err
    assert list(tmp_path.iterdir()) == []
