"""Exports under failure: every file-system call failing in turn, signals, and names that cannot be.

The fault injector counts every call an export makes to the file system (``os`` functions and the
text file's ``write``/``flush``/``close``) and fails call number ``k``, for every ``k``: once (a
transient error) or from then on (the disk went away). After each, the pair of files is either
the old one byte for byte or the new one, and no hidden temporary file is left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

import pytest

from burger_tui import atomic_files
from burger_tui.export import ExportError, ExportPaths, RunExport, default_prefix, export_run
from burger_tui.sim.records import CustomerRecord
from burger_tui.spool import RecordSpool

OS_CALLS = (
    "open", "close", "fsync", "replace", "rename", "unlink", "lstat", "stat", "fstat",
    "readlink", "symlink", "read", "pread", "write", "fchmod", "link",
)  # fmt: skip
FILE_CALLS = ("write", "flush", "close")
OLD = {"day.json": b'{"old": true}\n', "day.csv": b"old,csv\r\n1,2\r\n"}
OLD_MODE = 0o640  # not what a new file gets: a file put back must get its own mode back
STATS = {"served": 3, "mean": 1.5}


def _record(couple: int) -> CustomerRecord:
    return CustomerRecord("hybrid", couple, couple, "Cuisinière 1", 0, 0, 1, 1, 2, 3, 4, 1, 1, 1, 0.5, 3)


RECORDS = [_record(n) for n in range(1, 4)]


class Fault(Exception):
    """Marks the injector's own errors apart from an export's."""


class Injector:
    """Counts file-system calls; call number ``k`` fails if ``fails(k)``."""

    def __init__(self, fails: Callable[[int], bool] = lambda k: False) -> None:
        self.fails = fails
        self.calls: list[str] = []
        self.failed: list[str] = []

    def step(self, name: str) -> None:
        self.calls.append(name)
        if self.fails(len(self.calls) - 1):
            self.failed.append(name)
            code = errno.ENOSPC if name.endswith(("write", "flush", "fsync", "close")) else errno.EIO
            raise OSError(code, f"{os.strerror(code)} (injected in {name})")

    @contextmanager
    def active(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        with monkeypatch.context() as patch:
            for name in OS_CALLS:
                patch.setattr(os, name, self._wrap(f"os.{name}", getattr(os, name)))
            real_open = open

            def text_file(*args: Any, **kwargs: Any) -> FaultyFile:
                return FaultyFile(real_open(*args, **kwargs), self)

            patch.setattr(atomic_files, "open", text_file, raising=False)
            yield

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                self.step(name)
            except OSError:
                if name == "os.close":
                    real(*args, **kwargs)  # as a real close does: closed, and the error reported
                raise
            return real(*args, **kwargs)

        return call


class FaultyFile:
    """A text file whose write, flush and close are counted (and can fail) like ``os`` calls."""

    def __init__(self, file: IO[str], injector: Injector) -> None:
        self._file = file
        self._injector = injector

    def write(self, text: str) -> int:
        self._injector.step("file.write")
        return self._file.write(text)

    def flush(self) -> None:
        self._injector.step("file.flush")
        self._file.flush()

    def close(self) -> None:
        try:
            self._injector.step("file.close")
        except OSError:
            self._file.close()  # as a real close does: the file is closed, the error is reported
            raise
        self._file.close()

    def fileno(self) -> int:
        return self._file.fileno()

    @property
    def closed(self) -> bool:
        return self._file.closed


@dataclass(frozen=True)
class Scenario:
    """What is in the folder before the export, and what the export is given."""

    name: str
    old: dict[str, bytes]
    spool: bool = False
    link: bool = False  # day.json is a symbolic link to another file

    def prepare(self, folder: Path) -> None:
        folder.mkdir()
        for name, data in self.old.items():
            target = folder / name
            if self.link and name == "day.json":
                target = folder / "elsewhere.json"
                (folder / name).symlink_to(target.name)
            target.write_bytes(data)
            target.chmod(OLD_MODE)

    def records(self) -> list[CustomerRecord] | RecordSpool:
        """What the export copies; made before any fault (the spool's own file is not the export's)."""
        if not self.spool:
            return RECORDS
        spool = RecordSpool()
        for record in RECORDS:
            spool.write_record(record)
        return spool


SCENARIOS = [
    Scenario("both old", OLD),
    Scenario("no old", {}),
    Scenario("old json only", {"day.json": OLD["day.json"]}),
    Scenario("old csv only", {"day.csv": OLD["day.csv"]}),
    Scenario("spooled rows", OLD, spool=True),
    Scenario("json is a link", OLD, link=True),
]


def listing(folder: Path) -> dict[str, tuple[bytes, int | str]]:
    """Every entry: its bytes and mode, or for a link its bytes (followed) and where it points."""
    entries: dict[str, tuple[bytes, int | str]] = {}
    for path in folder.iterdir():
        if path.is_symlink():
            entries[path.name] = (path.read_bytes(), os.readlink(path))
        else:
            entries[path.name] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
    return entries


def pair(entries: dict[str, tuple[bytes, int | str]]) -> tuple[bytes | None, bytes | None]:
    return (
        entries["day.json"][0] if "day.json" in entries else None,
        entries["day.csv"][0] if "day.csv" in entries else None,
    )


@dataclass
class Tally:
    cases: int = 0
    succeeded: int = 0
    kept_old: int = 0
    said_torn: int = 0
    temp_left: int = 0


def run_case(
    scenario: Scenario, folder: Path, monkeypatch: pytest.MonkeyPatch, fails: Callable[[int], bool]
) -> tuple[Injector, ExportError | None]:
    scenario.prepare(folder)
    records = scenario.records()
    injector = Injector(fails)
    try:
        with injector.active(monkeypatch):
            export_run(folder / "day", STATS, records)
    except ExportError as error:
        return injector, error
    finally:
        if isinstance(records, RecordSpool):
            records.close()
    return injector, None


def fault_plans(
    mode: str, scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: list[str]
) -> list[tuple[str, Callable[[int], bool]]]:
    """``once``: step k fails; ``from``: step k and every later one; ``rollback``: the CSV's
    rename fails, then step k of what follows (putting the old JSON back) fails too."""
    if mode == "once":
        return [(f"step {k} ({steps[k]})", frozenset({k}).__contains__) for k in range(len(steps))]
    if mode == "from":
        return [(f"steps {k}+ ({steps[k]})", k.__le__) for k in range(len(steps))]
    second_rename = len(steps) - 1 - steps[::-1].index("os.replace")
    probe, error = run_case(
        scenario, tmp_path / "probe", monkeypatch, frozenset({second_rename}).__contains__
    )
    assert error is not None
    assert probe.failed == ["os.replace"]
    rollback = range(second_rename + 1, len(probe.calls))
    assert rollback, "the old JSON is put back with file-system calls"
    return [
        (f"CSV rename and step {k} ({probe.calls[k]})", frozenset({second_rename, k}).__contains__)
        for k in rollback
    ]


def outcomes(scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> Tally:
    """Run the scenario under every fault plan of ``mode``; check the folder after each; count outcomes."""
    scenario.prepare(tmp_path / "before")
    before = listing(tmp_path / "before")
    counter, error = run_case(scenario, tmp_path / "clean", monkeypatch, lambda k: False)
    assert error is None
    after = listing(tmp_path / "clean")
    assert pair(after) != pair(before)
    assert None not in pair(after)
    tally = Tally()
    for n, (plan, fails) in enumerate(fault_plans(mode, scenario, tmp_path, monkeypatch, counter.calls)):
        injector, error = run_case(scenario, tmp_path / f"{mode}-{n}", monkeypatch, fails)
        where = f"{scenario.name}: {plan} failed: {error}"
        assert injector.failed, where
        entries = listing(tmp_path / f"{mode}-{n}")
        tally.cases += 1
        if error is None:
            assert entries == after, where  # success means both new, and nothing else left
            tally.succeeded += 1
            continue
        assert "\n" not in str(error), where
        if pair(entries) == pair(before):
            tally.kept_old += 1
        else:
            assert mode != "once", where  # a single failure never tears the pair
            assert "do not belong together" in str(error), where  # and the user is told
            tally.said_torn += 1
            entries = {name: entry for name, entry in entries.items() if name in before}
        left = entries.keys() - before.keys()
        if left:  # a temporary file stays only where the disk refused to remove it
            assert "os.unlink" in injector.failed, where
            assert all(name.startswith(".") for name in left), where
            tally.temp_left += 1
            continue
        if pair(entries) == pair(before):
            assert entries == before, where  # the old files byte for byte, with their modes
    return tally


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_a_single_failure_at_any_step_replaces_both_files_or_neither(
    scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tally = outcomes(scenario, tmp_path, monkeypatch, "once")
    assert tally.cases > 20
    assert tally.kept_old > 0
    assert tally.said_torn == tally.temp_left == 0
    print(f"{scenario.name}: {tally}")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_a_lasting_failure_from_any_step_never_tears_the_pair_silently(
    scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tally = outcomes(scenario, tmp_path, monkeypatch, "from")
    assert tally.cases > 20
    assert tally.kept_old > 0
    print(f"{scenario.name}: {tally}")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_a_failure_while_putting_the_old_json_back_is_reported(
    scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tally = outcomes(scenario, tmp_path, monkeypatch, "rollback")
    assert tally.cases > 0
    assert tally.succeeded == 0
    print(f"{scenario.name}: {tally}")


# --- Signals -------------------------------------------------------------------------------------


class Stopped(BaseException):
    """What the test's own SIGTERM handler raises, to see that it was called."""


def old_pair(folder: Path) -> dict[str, bytes]:
    folder.mkdir(exist_ok=True)
    for name, data in OLD.items():
        (folder / name).write_bytes(data)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("old", [True, False], ids=["old files", "no old files"])
def test_sigterm_during_a_long_export_removes_its_temp_files(old: bool, tmp_path: Path) -> None:
    before = old_pair(tmp_path) if old else {}
    command = [sys.executable, "-m", "burger_tui", "simulate", "--customers", "2000000"]
    process = subprocess.Popen(
        [*command, "--export", str(tmp_path / "day")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60  # a hang guard, not a speed claim
        while not any(p.name.endswith(".tmp") and p.stat().st_size for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline, "no export under way"
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.02)  # wakes at once if the process ends: no sleep
            assert process.poll() is None, "no export under way"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)  # a hang guard only: how fast it ends is not the claim
    finally:
        process.kill()
    # It died of the signal (not after finishing the export, which would exit 0 and leave new files).
    assert process.returncode == -signal.SIGTERM  # it died of the signal, as without an export
    assert b"Traceback" not in err
    assert contents(tmp_path) == before  # the old files untouched and no temporary file


def test_sigterm_while_renaming_waits_until_the_pair_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_pair(tmp_path)
    calls: list[int] = []

    def previous(signum: int, frame: FrameType | None) -> None:
        calls.append(signum)
        raise Stopped

    real_replace = os.replace

    def replace(source: Path, target: Path) -> None:
        if not calls and Path(target).name == "day.json":
            signal.raise_signal(signal.SIGTERM)  # between the two renames
        real_replace(source, target)

    old_handler = signal.signal(signal.SIGTERM, previous)
    try:
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(Stopped):
            export_run(tmp_path / "day", STATS, RECORDS)
        assert signal.getsignal(signal.SIGTERM) is previous  # put back before it was called
    finally:
        signal.signal(signal.SIGTERM, old_handler)
    assert calls == [signal.SIGTERM]
    new = contents(tmp_path)
    assert sorted(new) == ["day.csv", "day.json"]
    assert new["day.json"] != OLD["day.json"]
    assert new["day.csv"] != OLD["day.csv"]  # both new: the signal waited for the second rename


def test_sigterm_while_writing_discards_the_export_then_calls_the_previous_handler(
    tmp_path: Path,
) -> None:
    before = old_pair(tmp_path)
    calls: list[int] = []

    def previous(signum: int, frame: FrameType | None) -> None:
        calls.append(signum)  # a handler that lets the program go on

    def records() -> Iterator[CustomerRecord]:
        yield RECORDS[0]
        signal.raise_signal(signal.SIGTERM)
        yield RECORDS[1]

    old_handler = signal.signal(signal.SIGTERM, previous)
    try:
        with pytest.raises(ExportError, match=r"^interrupted by a signal: nothing was written$"):
            export_run(tmp_path / "day", STATS, records())
        assert signal.getsignal(signal.SIGTERM) is previous
    finally:
        signal.signal(signal.SIGTERM, old_handler)
    assert calls == [signal.SIGTERM]
    assert contents(tmp_path) == before


def test_the_handler_is_there_only_while_an_export_is_open(tmp_path: Path) -> None:
    default = signal.getsignal(signal.SIGTERM)
    with RunExport(tmp_path / "day") as run:
        assert signal.getsignal(signal.SIGTERM) != default
        run.stats = STATS
    assert signal.getsignal(signal.SIGTERM) == default

    old_handler = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:  # an ignored signal stays ignored: it cannot end the export
        with RunExport(tmp_path / "ignored") as run:
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
            run.stats = STATS
    finally:
        signal.signal(signal.SIGTERM, old_handler)


def test_an_export_in_another_thread_leaves_signals_alone(tmp_path: Path) -> None:
    default = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def export_in_thread() -> None:
        with RunExport(tmp_path / "day") as run:
            seen.append(signal.getsignal(signal.SIGTERM))
            run.stats = STATS

    thread = threading.Thread(target=export_in_thread)
    thread.start()
    thread.join()
    assert seen == [default]
    assert sorted(os.listdir(tmp_path)) == ["day.csv", "day.json"]


# --- Names and folders that cannot be ------------------------------------------------------------


def assert_one_line(error: pytest.ExceptionInfo[ExportError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    assert len(message) < 200
    return message


def test_a_name_too_long_for_the_file_system_is_one_short_line(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as error:
        export_run(tmp_path / f"burger-day-seed{'9' * 300}", STATS, RECORDS)  # old default, huge seed
    assert assert_one_line(error).endswith(": File name too long")
    assert os.listdir(tmp_path) == []


def test_a_name_just_within_the_limit_still_gets_a_temporary_file(tmp_path: Path) -> None:
    name = "d" * (os.pathconf(tmp_path, "PC_NAME_MAX") - len(".json"))
    paths = export_run(tmp_path / name, STATS, RECORDS)
    assert sorted(os.listdir(tmp_path)) == sorted([paths.csv.name, paths.json.name])


def test_the_default_name_is_short_for_any_seed(tmp_path: Path) -> None:
    assert default_prefix(7) == "burger-day-seed7"
    assert default_prefix(2**64) == "burger-day-seed18446744073709551616"
    huge = 10**300 + 12345
    assert default_prefix(huge) == default_prefix(huge)  # stable: the same day, the same name
    assert default_prefix(huge) != default_prefix(huge + 1)
    assert default_prefix(huge).startswith("burger-day-seed10000000-")
    assert len(default_prefix(huge)) < 40
    export_run(tmp_path / default_prefix(-huge), STATS, RECORDS)
    assert len(os.listdir(tmp_path)) == 2


def test_a_folder_that_cannot_be_searched_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    real_lstat = os.lstat

    def lstat(path: str | os.PathLike[str], **kwargs: Any) -> os.stat_result:
        if Path(path).parent == folder:  # as for a folder without x permission (root may search any)
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_lstat(path, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    with pytest.raises(ExportError, match=r"^cannot write .*locked/day\.json: Permission denied$"):
        RunExport(folder / "day").__enter__()
    monkeypatch.undo()
    assert os.listdir(folder) == []


def test_an_old_json_that_cannot_be_read_is_left_with_its_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = old_pair(tmp_path)
    real_open = os.open

    def refuse_to_read(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if Path(path).name == "day.json" and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse_to_read)
    with pytest.raises(ExportError, match=r"^cannot replace .*day\.json: Permission denied$"):
        export_run(tmp_path / "day", STATS, RECORDS)  # it could not be put back: replace neither
    assert contents(tmp_path) == before


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("file/day", r"^cannot write .*file/day\.json: .*file is not a folder$"),
        ("missing/day", r"^cannot write .*missing/day\.json: the folder .*missing does not exist$"),
        ("fifo", r"^cannot write .*fifo\.json: it exists and is not a regular file$"),
        ("nul\0day", r"^cannot export to .*nul\\x00day: a file name cannot contain a NUL character$"),
        ("line\nbreak/day", r"^cannot write .*line\\nbreak/day\.json: the folder .*line\\nbreak does not"),
    ],
    ids=["not a folder", "missing folder", "fifo in the way", "NUL", "newline"],
)
def test_a_target_that_cannot_be_is_one_line(prefix: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "file").touch()
    os.mkfifo(tmp_path / "fifo.json")
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(ExportError, match=message) as error:
        export_run(tmp_path / prefix, STATS, RECORDS)
    assert_one_line(error)
    assert sorted(os.listdir(tmp_path)) == before


@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf")])
def test_statistics_json_cannot_hold_fail_the_export(number: float, tmp_path: Path) -> None:
    before = old_pair(tmp_path)
    with pytest.raises(ExportError, match=r"day\.json: the statistics hold a number JSON cannot"):
        export_run(tmp_path / "day", {"wait_s": {"mean": number}}, RECORDS)
    assert contents(tmp_path) == before


def test_paths_in_messages_are_shortened_and_escaped() -> None:
    shown = str(ExportPaths.of("runs/" + "x" * 500 + "\t"))
    assert "\t" not in shown
    assert "\\t" in shown
    assert len(shown) < 250
