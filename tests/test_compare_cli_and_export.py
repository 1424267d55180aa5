"""``burger-tui compare --json`` contract, agreement with ``simulate``, and ``--export`` files."""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from burger_tui.cli import main
from burger_tui.export import ExportError, RunExport, export_run
from burger_tui.sim.model import Mode
from burger_tui.sim.records import CustomerRecord

OPTIONS = ["--customers", "150", "--seed", "5", "--arrival-rate", "1.5", "--cooks", "3"]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _strip_wall(report: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in report.items() if k != "wall_time_s"}


def test_compare_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "compare", *OPTIONS, "--sweep-customers", "40", "--json")
    assert set(out) == {"config", "models", "histogram_edges_s", "sweep", "verdict", "wall_time_s"}
    assert out["config"]["customers"] == 150  # type: ignore[index]
    assert out["config"]["sweep_customers"] == 40  # type: ignore[index]
    models = out["models"]
    assert isinstance(models, dict)
    assert list(models) == [m.value for m in Mode]
    for name, model in models.items():
        assert {
            "mode", "staff", "served_per_hour", "wait_s", "standing_s", "talking_share",
            "utilization", "offered_load", "histogram", "report",
        } == set(model)  # fmt: skip
        assert model["mode"] == name
        assert set(model["wait_s"]) == {"mean", "p50", "p95", "p99", "max"}
        assert sum(model["histogram"]) == 150
        assert len(model["histogram"]) + 1 == len(out["histogram_edges_s"])  # type: ignore[arg-type]
    sweep = out["sweep"]
    assert isinstance(sweep, list)
    assert len(sweep) == 5 * 3
    assert set(sweep[0]) == {
        "mode", "arrival_rate_per_min", "mean_wait_s", "p95_wait_s", "talking_share", "offered_load",
    }  # fmt: skip
    verdict = out["verdict"]
    assert isinstance(verdict, dict)
    assert {"talking", "standing", "fastest", "overloaded", "sentences", "text"} == set(verdict)
    assert verdict["talking"] in {m.value for m in Mode}
    assert verdict["text"] == " ".join(verdict["sentences"])


def test_compare_agrees_with_simulate(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "compare", *OPTIONS, "--sweep-customers", "0", "--json")
    assert out["sweep"] == []
    for mode in Mode:
        alone = run_json(capsys, "simulate", *OPTIONS, "--mode", mode.value, "--json")
        model = out["models"][mode.value]  # type: ignore[index]
        assert _strip_wall(model["report"]) == _strip_wall(alone)
        assert model["served_per_hour"] == alone["throughput_per_hour"]
        assert model["talking_share"] == alone["talking_share"]


@pytest.mark.skipif(sys.platform != "linux", reason="reads a process's children from /proc")
def test_ctrl_c_stops_compare_and_its_workers_quietly() -> None:
    command = [sys.executable, "-m", "burger_tui", "compare", "--json", "--jobs", "2"]
    command += ["--customers", "1000000", "--sweep-customers", "1000000"]  # minutes of work
    compare = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell gives a command it runs
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal has it
    )
    try:
        _wait_for_a_worker_in_its_day(compare)
        os.killpg(compare.pid, signal.SIGINT)  # Ctrl+C: the whole foreground group gets it
        out, err = compare.communicate(timeout=60)
    finally:
        compare.kill()
    assert (compare.returncode, out, err) == (130, "", "")
    with pytest.raises(ProcessLookupError):  # the worker is gone too
        os.killpg(compare.pid, 0)


def _wait_for_a_worker_in_its_day(command: subprocess.Popen[str]) -> None:
    """Until ``command`` has a worker process that has spent 0.1 s of CPU: in its first day, as the caller
    is in its own (a day of a million couples lasts a minute). Python may lose a Ctrl+C that lands at
    the very start of a day: in ``random.Random``'s constructor, it is only printed as ignored."""
    pid = command.pid
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 60  # a hang guard
    while True:
        assert time.monotonic() < deadline, "no worker process got to work"
        if worker := children.read_text().split():
            # utime and stime, in clock ticks (after the command's name, which is in parentheses).
            fields = Path(f"/proc/{worker[0]}/stat").read_text().rpartition(")")[2].split()
            if (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") >= 0.1:
                return
        # Between two looks, wait on the command itself: it wakes at once if the command ends.
        with contextlib.suppress(subprocess.TimeoutExpired):
            command.wait(timeout=0.01)
        assert command.poll() is None, "compare ended before a worker got to work"


def test_compare_rejects_mode(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--mode", "hybrid"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("command", ["simulate", "compare"])
def test_export_flag_writes_json_and_csv(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = tmp_path / "day"
    out = run_json(capsys, command, *OPTIONS, "--json", "--export", str(prefix))
    assert json.loads((tmp_path / "day.json").read_text()) == out
    with (tmp_path / "day.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    runs = 1 if command == "simulate" else 3
    assert len(rows) == 150 * runs
    assert list(rows[0]) == CustomerRecord.field_names()
    assert sorted(os.listdir(tmp_path)) == ["day.csv", "day.json"]  # no temporary files left


def test_export_flag_to_a_missing_folder_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", "--customers", "5", "--export", str(tmp_path / "nope" / "day")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "does not exist" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["simulate", "compare"])
def test_export_name_too_long_is_one_line_exit_2(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sweep = ["--sweep-customers", "0"] if command == "compare" else []
    prefix = tmp_path / f"burger-day-seed{'9' * 300}"  # the dashboard's old default name, huge seed
    assert main([command, "--customers", "5", *sweep, "--export", str(prefix)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.endswith("File name too long\n")
    assert "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_prefix_with_extension_names_both_files(tmp_path: Path) -> None:
    paths = export_run(tmp_path / "run.json", {"a": 1}, [])
    assert (paths.json.name, paths.csv.name) == ("run.json", "run.csv")


def test_read_only_folder_is_a_clear_error_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: make creating files fail as a read-only folder does
        real_open = os.open

        def refuse(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
            if Path(path).parent == folder:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, mode)

        monkeypatch.setattr(os, "open", refuse)
    else:
        folder.chmod(0o555)
    with pytest.raises(ExportError, match=r"^cannot write .*ro/day\.json: Permission denied$"):
        export_run(folder / "day", {"a": 1}, [])
    folder.chmod(0o755)
    assert os.listdir(folder) == []


def test_disk_full_mid_stream_keeps_the_old_files_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_run(tmp_path / "day", {"old": True}, [])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = 0

    def full(row: object) -> None:
        nonlocal calls
        calls += 1
        if calls > 2:  # the header and one row fit; then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

    def export_onto_a_full_disk() -> None:
        with RunExport(tmp_path / "day") as run:
            monkeypatch.setattr(run, "_writer", type("FullDisk", (), {"writerow": staticmethod(full)})())
            for _ in range(5):
                run.write_record(_record())  # never raises: the run goes on, the error waits for the end
            run.stats = {"new": True}

    with pytest.raises(ExportError, match=r"day\.csv: No space left on device$"):
        export_onto_a_full_disk()  # the error is raised as the export closes
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "day.csv").mkdir()
    with pytest.raises(ExportError, match="a folder of that name is in the way"):
        export_run(tmp_path / "day", {}, [])
    assert sorted(os.listdir(tmp_path)) == ["day.csv"]


def test_a_read_only_export_is_refused_in_one_line_and_kept(tmp_path: Path) -> None:
    paths = export_run(tmp_path / "day", {"old": True}, [])
    paths.csv.chmod(0o444)  # kept on purpose (a rename would replace it even so, and root writes anything)
    before = {p.name: (p.read_bytes(), p.stat().st_mode) for p in tmp_path.iterdir()}
    with pytest.raises(ExportError, match=r"^cannot write .*day\.csv: it is read-only \(make it writable"):
        export_run(tmp_path / "day", {"new": True}, [])
    assert {p.name: (p.read_bytes(), p.stat().st_mode) for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("given", ["runs/", "runs"], ids=["slash", "existing folder"])
def test_export_to_a_folder_writes_inside_it_under_the_days_name(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "runs").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["simulate", "--customers", "5", "--seed", "4", "--export", given]) == 0
    assert sorted(os.listdir(tmp_path)) == ["runs"]
    assert sorted(os.listdir(tmp_path / "runs")) == ["burger-day-seed4.csv", "burger-day-seed4.json"]
    assert "runs/burger-day-seed4.json" in capsys.readouterr().err


def test_compare_exported_to_a_folder_is_named_a_comparison(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tenth adversarial pass: compare's export to a folder took the day's name (burger-day-seed0),
    and replaced the dashboard's export of that day, there before it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "burger-day-seed4.json").write_text("{}")
    assert (
        main(["compare", "--customers", "5", "--sweep-customers", "0", "--seed", "4", "--export", "./"]) == 0
    )
    assert sorted(os.listdir(tmp_path)) == [
        "burger-compare-seed4.csv",
        "burger-compare-seed4.json",
        "burger-day-seed4.json",
    ]
    assert (tmp_path / "burger-day-seed4.json").read_text() == "{}"


def _record() -> CustomerRecord:
    return CustomerRecord("hybrid", 1, 1, "Cook 1", 0, 0, 1, 1, 2, 3, 4, 1, 1, 1, 0.5, 3)
