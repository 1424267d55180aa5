"""Write a run to disk: statistics as JSON, one CSV row per couple, the pair replaced together.

A path prefix names both files: ``runs/monday`` writes ``runs/monday.json`` and
``runs/monday.csv`` (a prefix ending in ``.json`` or ``.csv`` loses that ending first).

The pair is written all or nothing (:mod:`burger_tui.atomic_files`): a reader sees the old pair or the
new one, never half a file nor a file of each. Every failure is an :class:`ExportError` whose message
is one line for the user; nothing else escapes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from burger_tui.atomic_files import AtomicFiles, WriteError, shown
from burger_tui.sim.records import CustomerRecord
from burger_tui.spool import RecordSpool

SEED_DIGITS_IN_NAME = 20  # any 64-bit seed; a longer one is shortened (file names have a limit)
DEFAULT_NAME = "burger-day"  # the files' name in a folder given as the prefix, when the caller has none

# An export fails as any all-or-nothing write does: ``str(error)`` is a one-line message for the user.
ExportError = WriteError


def default_prefix(seed: int, what: str = "day") -> str:
    """The export name the dashboard offers: ``burger-day-seed7`` (``what``: ``compare`` for a comparison,
    which is not a day); short and stable for any seed.

    A seed longer than :data:`SEED_DIGITS_IN_NAME` digits keeps its first eight digits and gains a
    hash of all of them (``burger-day-seed31415926-1a2b3c4d``): the same seed, the same name.
    """
    digits = str(seed)
    if len(digits) > SEED_DIGITS_IN_NAME:
        digits = f"{digits[:8]}-{hashlib.sha256(digits.encode()).hexdigest()[:8]}"
    return f"burger-{what}-seed{digits}"


@dataclass(frozen=True)
class ExportPaths:
    json: Path
    csv: Path

    @classmethod
    def of(cls, prefix: str | os.PathLike[str], *, name_in_folder: str = DEFAULT_NAME) -> ExportPaths:
        """The pair ``prefix`` names; a folder (``runs/``, or ``runs`` if one) holds ``name_in_folder``."""
        text = os.fspath(prefix)
        if "\0" in text:
            raise ExportError(f"cannot export to {shown(text)}: a file name cannot contain a NUL character")
        expanded = os.path.expanduser(text)  # "~nobody/x" stays as it is (pathlib would raise)
        path = Path(expanded)
        if expanded.endswith(("/", os.sep)) or os.path.isdir(expanded):
            path = path / name_in_folder
        if path.suffix.lower() in (".json", ".csv"):
            path = path.with_suffix("")
        if not path.name or path.name in (".", ".."):
            raise ExportError(f"cannot export to '{shown(text)}': give a file name prefix, e.g. runs/monday")
        return cls(path.with_name(path.name + ".json"), path.with_name(path.name + ".csv"))

    def __str__(self) -> str:
        return f"{shown(self.json)} and {shown(self.csv)}"


class RunExport:
    """Export one run: records stream to the CSV as they come, the statistics are set at the end.

    ``with RunExport(prefix) as export:`` checks both targets and opens both files at once (so a bad
    path fails before a long run starts); :meth:`write_record` is a
    :class:`~burger_tui.sim.records.CustomerRecorder` sink; assign :attr:`stats` before the block
    ends. A clean exit replaces both files; an error (or SIGTERM) discards both.

    A write error while streaming does not stop the run (the simulation never waits for an
    observer): the first one is kept and raised as :class:`ExportError` when the block ends.
    """

    def __init__(self, prefix: str | os.PathLike[str], *, name_in_folder: str = DEFAULT_NAME) -> None:
        self.paths = ExportPaths.of(prefix, name_in_folder=name_in_folder)
        self.stats: dict[str, Any] | None = None
        self.rows = 0
        self._files = AtomicFiles({self.paths.json: None, self.paths.csv: ""})
        self._writer: Any = None  # csv.writer has no public type

    def __enter__(self) -> RunExport:
        self._files.__enter__()
        self._writer = csv.writer(self._files.file(self.paths.csv))
        self._files.guard(self.paths.csv, self._writer.writerow, CustomerRecord.field_names())
        return self

    def write_record(self, record: CustomerRecord) -> None:
        if self._files.error is None:
            self._files.guard(self.paths.csv, self._writer.writerow, record.row())
            self.rows += 1

    def write_spool(self, spool: RecordSpool) -> None:
        """Copy the rows ``spool`` kept: the same CSV writer wrote them, so the text is copied as it is."""
        rows = self._files.file(self.paths.csv)
        try:
            for chunk in spool.text():
                if self._files.error is not None:
                    break
                self._files.guard(self.paths.csv, rows.write, chunk)
        except OSError as error:
            raise ExportError(f"the couples' records could not be kept: {error.strerror or error}") from error
        self.rows += spool.rows

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if kind is None and self.stats is None:
                self._files.fail(ExportError("nothing to export: the run has no statistics"))
            elif kind is None and self._files.error is None:
                self._files.guard(self.paths.json, self._write_json, self.stats)
        finally:
            self._files.__exit__(kind, error, tb)

    def _write_json(self, stats: dict[str, Any]) -> None:
        file = self._files.file(self.paths.json)
        try:
            json.dump(stats, file, indent=2, allow_nan=False)
        except ValueError as error:
            raise _not_json(self.paths.json) from error
        file.write("\n")


def _not_json(path: str | Path) -> ExportError:
    return ExportError(
        f"cannot write {shown(path)}: the statistics hold a number JSON cannot (NaN or infinity)"
    )


def export_run(
    prefix: str | os.PathLike[str],
    stats: dict[str, Any],
    records: Iterable[CustomerRecord] | RecordSpool,
    inside: Iterable[CustomerRecord] = (),
    *,
    name_in_folder: str = DEFAULT_NAME,
) -> ExportPaths:
    """Write ``stats`` as JSON and ``records`` as CSV; return where. Raises only :class:`ExportError`.

    ``inside``: records of the couples still in the restaurant (a mid-day export), written after
    ``records`` (the couples who left, in order of leaving), in the order given (arrival).
    ``name_in_folder``: the files' name when ``prefix`` is a folder.
    """
    with RunExport(prefix, name_in_folder=name_in_folder) as export:
        if isinstance(records, RecordSpool):
            export.write_spool(records)
        else:
            for record in records:
                export.write_record(record)
        for record in inside:
            export.write_record(record)
        export.stats = stats
    return export.paths


def export_archive(
    name: str, stats: dict[str, Any], records: RecordSpool, inside: Iterable[CustomerRecord] = ()
) -> bytes:
    """The same pair as :func:`export_run`, ``NAME.json`` and ``NAME.csv``, as one zip file in memory.

    For a dashboard served to a browser: the day reaches the visitor as one download, and nothing is
    written on the server. Raises only :class:`ExportError`.
    """
    rows = io.StringIO(newline="")
    writer = csv.writer(rows)
    writer.writerow(CustomerRecord.field_names())
    try:
        for chunk in records.text():
            rows.write(chunk)
    except OSError as error:
        raise ExportError(f"the couples' records could not be kept: {error.strerror or error}") from error
    writer.writerows(record.row() for record in inside)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        try:
            zipped.writestr(f"{name}.json", json.dumps(stats, indent=2, allow_nan=False) + "\n")
        except ValueError as error:
            raise _not_json(f"{name}.json") from error
        zipped.writestr(f"{name}.csv", rows.getvalue())
    return archive.getvalue()
