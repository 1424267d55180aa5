"""Write a run to disk: statistics as JSON, one CSV row per couple, both atomically.

A path prefix names both files: ``runs/monday`` writes ``runs/monday.json`` and
``runs/monday.csv`` (a prefix ending in ``.json`` or ``.csv`` loses that ending first).

Atomic: each file is written to a hidden temporary file in the same folder and renamed over the
target only when complete (``os.replace``), so a reader never sees half a file and a failed
write leaves nothing behind. Both are renamed only after both are complete. Every failure
(missing or read-only folder, disk full, a folder in the way) is an :class:`ExportError` whose
message is one line for the user; nothing else escapes.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from burger_tui.sim.records import CustomerRecord
from burger_tui.spool import RecordSpool


class ExportError(Exception):
    """A write failed; ``str(error)`` is a one-line message to show the user."""


@dataclass(frozen=True)
class ExportPaths:
    json: Path
    csv: Path

    @classmethod
    def of(cls, prefix: str | os.PathLike[str]) -> ExportPaths:
        path = Path(prefix).expanduser()
        if path.suffix.lower() in (".json", ".csv"):
            path = path.with_suffix("")
        if not path.name or path.name in (".", ".."):
            raise ExportError(f"cannot export to {str(prefix)!r}: give a file name prefix, e.g. runs/monday")
        return cls(path.with_name(path.name + ".json"), path.with_name(path.name + ".csv"))

    def __str__(self) -> str:
        return f"{self.json} and {self.csv}"


def _reason(error: OSError, path: Path) -> str:
    folder = path.parent
    if isinstance(error, FileNotFoundError) and not folder.is_dir():
        return f"the folder {folder} does not exist"
    if isinstance(error, IsADirectoryError) or path.is_dir():
        return "a folder of that name is in the way"
    return error.strerror or str(error)


def _failure(error: OSError, path: Path) -> ExportError:
    return ExportError(f"cannot write {path}: {_reason(error, path)}")


@contextmanager
def atomic_file(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """Yield a text file that becomes ``path`` only when the ``with`` block ends without error.

    The temporary file sits next to ``path`` (a rename is atomic only within one file system)
    and is created with the usual permissions (0666 minus the umask), like any new file.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise _failure(error, path) from error
    try:
        with open(fd, "w", encoding="utf-8", newline=newline) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _failure(error, path) from error
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


class RunExport:
    """Export one run: records stream to the CSV as they come, the statistics are set at the end.

    ``with RunExport(prefix) as export:`` opens both temporary files at once (so a bad path fails
    before a long run starts); :meth:`write_record` is a
    :class:`~burger_tui.sim.records.CustomerRecorder` sink; assign :attr:`stats` before the block
    ends. A clean exit renames both files into place; an error discards both.

    A write error while streaming does not stop the run (the simulation never waits for an
    observer): the first one is kept and raised as :class:`ExportError` when the block ends.
    """

    def __init__(self, prefix: str | os.PathLike[str]) -> None:
        self.paths = ExportPaths.of(prefix)
        self.stats: dict[str, Any] | None = None
        self.rows = 0
        self._files = ExitStack()
        self._json: IO[str] | None = None
        self._csv: IO[str] | None = None
        self._writer: Any = None  # csv.writer has no public type
        self._error: ExportError | None = None

    def __enter__(self) -> RunExport:
        for path in (self.paths.json, self.paths.csv):
            if path.is_dir():  # checked first: a failed rename must not leave one file of the two
                raise ExportError(f"cannot write {path}: a folder of that name is in the way")
        with ExitStack() as files:
            self._json = files.enter_context(atomic_file(self.paths.json))
            self._csv = files.enter_context(atomic_file(self.paths.csv, newline=""))
            self._writer = csv.writer(self._csv)
            self._files = files.pop_all()
        self._guard(self.paths.csv, self._writer.writerow, CustomerRecord.field_names())
        return self

    def write_record(self, record: CustomerRecord) -> None:
        if self._error is None:
            self._guard(self.paths.csv, self._writer.writerow, record.row())
            self.rows += 1

    def write_spool(self, spool: RecordSpool) -> None:
        """Copy the rows ``spool`` kept: the same CSV writer wrote them, so the text is copied as it is."""
        assert self._csv is not None
        try:
            for chunk in spool.text():
                self._guard(self.paths.csv, self._csv.write, chunk)
        except OSError as error:
            raise ExportError(f"the couples' records could not be kept: {error.strerror or error}") from error
        self.rows += spool.rows

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None and self._error is None:
            if self.stats is None:
                self._error = ExportError("nothing to export: the run has no statistics")
            else:
                self._guard(self.paths.json, self._write_json, self.stats)
        if kind is None and self._error is None:
            self._files.close()  # renames both into place; a failed rename raises ExportError
            return
        failure = error if error is not None else self._error
        assert failure is not None
        self._files.__exit__(type(failure), failure, failure.__traceback__)  # discards both
        if error is None:
            raise failure

    def _write_json(self, stats: dict[str, Any]) -> None:
        assert self._json is not None
        json.dump(stats, self._json, indent=2)
        self._json.write("\n")

    def _guard(self, path: Path, write: Callable[[Any], object], value: Any) -> None:
        try:
            write(value)
        except OSError as error:
            self._error = self._error or _failure(error, path)


def export_run(
    prefix: str | os.PathLike[str],
    stats: dict[str, Any],
    records: Iterable[CustomerRecord] | RecordSpool,
    inside: Iterable[CustomerRecord] = (),
) -> ExportPaths:
    """Write ``stats`` as JSON and ``records`` as CSV; return where. Raises only :class:`ExportError`.

    ``inside``: records of the couples still in the restaurant (a mid-day export), written after
    ``records`` (the couples who left, in order of leaving), in the order given (arrival).
    """
    with RunExport(prefix) as export:
        if isinstance(records, RecordSpool):
            export.write_spool(records)
        else:
            for record in records:
                export.write_record(record)
        for record in inside:
            export.write_record(record)
        export.stats = stats
    return export.paths
