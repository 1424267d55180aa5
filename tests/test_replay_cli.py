"""``burger-tui replay FILE``: a day exported from the dashboard, again on virtual time, the same files.

A day of presses runs on the dashboard's own clock and is exported; ``replay --export`` must write the
very same JSON and CSV. A file that is not such a day is one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from burger_tui.cli import main
from burger_tui.sim.live import DAY_FORMAT, DaySettings
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.presses import a_day_of_presses
from tests.helpers.sim import restaurant_config

PRESSES = [(5.3, "rush"), (2.1, "next_model"), (7.7, "add_order"), (1.0, "toggle_pause"), (3.0, "step")]
PRESSES += [(2.0, "toggle_pause"), (11.0, "faster"), (4.0, "more_cooks"), (30.0, "rush")]


@pytest.fixture(scope="module")
def exported_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JSON of a seeded day of presses, exported as the dashboard's ``e`` does."""
    folder = tmp_path_factory.mktemp("day")
    config = restaurant_config(Mode.CONCURRENT, cooks=2, arrival_rate_per_min=2.0, seed=3)
    run_virtual(a_day_of_presses, DaySettings(config), PRESSES, str(folder))
    (day,) = folder.glob("*.json")
    return day


@pytest.fixture(scope="module")
def a_day_before_anyone_left(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A day exported a couple of minutes in: some couples have their burgers, none has eaten yet."""
    folder = tmp_path_factory.mktemp("early")
    config = restaurant_config(Mode.CONCURRENT, opening_line=5, eat_time="fixed:3600", seed=0)
    run_virtual(a_day_of_presses, DaySettings(config), [(1.0, "rush")], str(folder))
    (day,) = folder.glob("*.json")
    return day


def test_what_no_couple_has_done_yet_has_no_figures(
    a_day_before_anyone_left: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (issue 24): a day exported before anyone left printed "Total visit │ 0.0 │ 0.0 …" (0.0 in
    the JSON too) as if measured, and "served 3 couples in 0.0 simulated hours (81.4/hour)". A wait over no
    couples has no figures (null, "–"), each wait says over how many couples it is, and a day of fewer than
    5 couples served in under 5 minutes has no rate per hour. The table and the JSON say the same."""
    assert main(["replay", str(a_day_before_anyone_left), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    served = report["served"]
    assert served > 0
    assert report["waits"]["total"] == {
        "couples": 0,
        "mean": None,
        "p50": None,
        "p95": None,
        "p99": None,
        "max": None,
    }
    for name in ("line", "kitchen_queue", "order_to_food", "pickup"):  # known with the burgers in hand
        wait = report["waits"][name]
        assert wait["couples"] == served, name
        assert None not in wait.values(), name
    assert report["sim_time_s"] < 3600
    assert report["throughput_per_hour"] is None
    assert main(["replay", str(a_day_before_anyone_left), "--headless"]) == 0
    printed = capsys.readouterr().out
    rows = {cells[0]: cells[1:] for line in printed.splitlines() if len(cells := _cells(line)) == 7}
    assert rows["Total visit"] == ["0", "–", "–", "–", "–", "–"]
    assert rows["Order -> food ready"][0] == str(served)
    assert rows["Order -> food ready"][1] == f"{report['waits']['order_to_food']['mean']:.1f}"
    said = " ".join(printed.split())
    assert f"served {served} couple{'s' if served > 1 else ''} in 0:0" in said
    assert "(under 5 couples and 5 minutes: no rate per hour)" in said
    assert "/hour)" not in said


def _cells(line: str) -> list[str]:
    """A row of a printed table: its cells."""
    return [cell.strip() for cell in line.strip("│ ").split("│")]


def test_replay_writes_the_days_export_again_byte_for_byte(
    exported_day: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", str(exported_day), "--export", f"{tmp_path}/"]) == 0
    again = tmp_path / exported_day.name
    assert again.read_bytes() == exported_day.read_bytes()
    csv = exported_day.with_suffix(".csv")
    assert (tmp_path / csv.name).read_bytes() == csv.read_bytes()
    out, err = capsys.readouterr()
    # The heading names every model of the day, in order (it named the last one only): from concurrent
    # to parallel (next_model), then a cook more.
    heading = " ".join(out.partition("Waits")[0].split())  # as printed, over lines as wide as the terminal
    assert (
        heading.index("Concurrent Burgers (1 cashier, 1 cook)")
        < heading.index("Parallel Burgers (2 cashier-cooks)")
        < heading.index("Parallel Burgers (3 cashier-cooks)")
    )
    assert err == f"burger-tui: exported {again} and {tmp_path / csv.name}\n"


def test_replay_to_an_empty_prefix_is_refused_as_the_other_commands_refuse_it(
    exported_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sixth adversarial pass: ``--export ''`` exported nothing and said nothing (exit 0)."""
    assert main(["replay", str(exported_day), "--export", ""]) == 2
    err = capsys.readouterr().err
    assert err.startswith("burger-tui: error: cannot export to ''")
    assert err.count("\n") == 1


def test_replay_prints_the_days_statistics_as_json(
    exported_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", str(exported_day), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    written = json.loads(exported_day.read_text(encoding="utf-8"))
    del written["day"]
    assert printed == written


def test_replay_at_replays_to_that_instant_and_no_further(
    exported_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--headless --at``: the day as it was at that instant, its later keys not played (the day was still
    concurrent at 0:00:40: the switch came later)."""
    written = json.loads(exported_day.read_text(encoding="utf-8"))
    switched_at = next(c["at_s"] for c in written["day"]["commands"] if c["command"] == "switch_to")
    assert main(["replay", str(exported_day), "--json", "--at", str(switched_at - 1)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["sim_time_s"] == switched_at - 1
    assert printed["mode"] == "concurrent"
    assert printed["config"]["customers"] < written["config"]["customers"]


def _damaged(day: dict[str, object], how: str) -> str:
    """The text of ``day`` damaged ``how``."""
    inner = day["day"]
    assert isinstance(inner, dict)
    match how:
        case "truncated":
            return json.dumps(day)[:200]
        case "no day":
            return json.dumps({key: value for key, value in day.items() if key != "day"})
        case "newer":
            return json.dumps({**day, "day": {**inner, "format": DAY_FORMAT + 1}})
        case "format as text":  # the twelfth adversarial pass: reported as missing
            return json.dumps({**day, "day": {**inner, "format": "1"}})
        case "format as long text":
            return json.dumps({**day, "day": {**inner, "format": "1" * 10_000}})
        case "no format":
            return json.dumps({**day, "day": {key: value for key, value in inner.items() if key != "format"}})
        case "format 0":  # the fourteenth adversarial pass: accepted
            return json.dumps({**day, "day": {**inner, "format": 0}})
        case "an argument where none is taken":  # the fourteenth adversarial pass: a traceback, exit 1
            commands = [{"at_s": 1.0, "command": "add_order", "argument": "parallel"}]
            return json.dumps({**day, "day": {**inner, "commands": commands}})
        case "a model that is none":
            commands = [{"at_s": 1.0, "command": "switch_to", "argument": "x"}]
            return json.dumps({**day, "day": {**inner, "commands": commands}})
        case "an integer past any float":  # the fifteenth adversarial pass: OverflowError, a traceback
            opened = inner["opened_with"]
            assert isinstance(opened, dict)
            return json.dumps({**day, "day": {**inner, "opened_with": {**opened, "walk_time_s": 10**400}}})
        case "unknown command":
            return json.dumps({**day, "day": {**inner, "commands": [{"at_s": 1.0, "command": "explode"}]}})
        case "negative instant":
            return json.dumps({**day, "day": {**inner, "commands": [{"at_s": -1.0, "command": "rush"}]}})
        case "out of order":
            commands = [{"at_s": 9.0, "command": "rush"}, {"at_s": 1.0, "command": "rush"}]
            return json.dumps({**day, "day": {**inner, "commands": commands}})
        case "bad cooks":
            opened = inner["opened_with"]
            assert isinstance(opened, dict)
            return json.dumps({**day, "day": {**inner, "opened_with": {**opened, "cooks": 99}}})
        case "bad distribution":
            opened = inner["opened_with"]
            assert isinstance(opened, dict)
            return json.dumps({**day, "day": {**inner, "opened_with": {**opened, "cook_time": "soon"}}})
        case "a list":
            return "[]"
        case "a million a minute":
            opened = inner["opened_with"]
            assert isinstance(opened, dict)
            return json.dumps(
                {**day, "day": {**inner, "opened_with": {**opened, "arrival_rate_per_min": 1e6}}}
            )
        case "nested too deep":
            return "[" * 100_000 + "]" * 100_000
        case "a seed of 5,000 digits":  # the twelfth adversarial pass: a ValueError's traceback, exit 1
            return json.dumps({**day, "day": {**inner, "seed": 0}}).replace(
                '"seed": 0', '"seed": ' + "9" * 5000
            )
    raise AssertionError(how)


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("truncated", "is not a day's JSON export"),
        ("no day", "no 'day' in it"),
        ("newer", "written by a newer burger-tui"),
        ("format as text", """its 'format' is "1", not a whole number"""),
        ("format as long text", "its 'format' is \"" + "1" * 36 + "..., not a whole number"),
        ("no format", "its 'format' is missing"),
        ("format 0", "its 'format' is 0, which no burger-tui writes"),
        ("an argument where none is taken", 'add_order takes no argument, and has "parallel"'),
        ("a model that is none", 'switch_to has "x", which is not a model (concurrent, parallel or hybrid)'),
        ("an integer past any float", "walk_time_s is not a finite number"),
        ("unknown command", "unknown command 'explode'"),
        ("negative instant", "at_s is negative"),
        ("out of order", "not in the order of their instants"),
        ("bad cooks", "cooks must be between 1 and"),
        ("bad distribution", "unknown distribution"),
        ("a list", "no 'day' in it"),
        ("a million a minute", "a recorded day holds at most 100,000"),
        ("nested too deep", "nested too deep"),
        ("a seed of 5,000 digits", "a number of thousands of digits"),
    ],
)
def test_a_file_that_is_not_a_day_is_one_line_and_exit_2(
    exported_day: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str, says: str
) -> None:
    damaged = tmp_path / "damaged.json"
    damaged.write_text(_damaged(json.loads(exported_day.read_text(encoding="utf-8")), how), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["replay", str(damaged), "--export", f"{tmp_path}/out"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert says in err
    assert not list(tmp_path.glob("out*"))  # nothing written


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["replay", str(tmp_path / "nowhere.json")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "No such file or directory" in err


@pytest.mark.parametrize("path", ["/dev/zero", "fifo", "folder"])
def test_what_is_not_a_file_is_refused_without_reading_or_waiting(
    path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """/dev/zero would be read for ever (memory without bound); a pipe without a writer, waited for ever."""
    if path == "fifo":
        os.mkfifo(tmp_path / "fifo")
    if path == "folder":
        (tmp_path / "folder").mkdir()
    target = path if path.startswith("/") else str(tmp_path / path)
    with pytest.raises(SystemExit) as exit_info:
        main(["replay", target, "--headless"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "it is not a file" in err or "Is a directory" in err
