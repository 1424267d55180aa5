"""Write a run to disk: statistics as JSON, one CSV row per couple, the pair replaced together.

A path prefix names both files: ``runs/monday`` writes ``runs/monday.json`` and
``runs/monday.csv`` (a prefix ending in ``.json`` or ``.csv`` loses that ending first).

Atomic: each file is written to a hidden temporary file in the same folder and renamed over the
target only when both are complete (``os.replace``), so a reader never sees half a file. The pair
is replaced together or not at all: the old JSON stays open while the two renames happen, and if
the CSV cannot be renamed after the JSON was, the old JSON is put back. SIGTERM and SIGHUP while an
export is open remove its temporary files before the process ends (see :class:`_Interruptions`).
Every failure (name too long, missing or read-only folder, disk full, a folder in the way) is an
:class:`ExportError` whose message is one line for the user; nothing else escapes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
import signal
import stat
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, Any

from burger_tui.sim.records import CustomerRecord
from burger_tui.spool import RecordSpool

SEED_DIGITS_IN_NAME = 20  # any 64-bit seed; a longer one is shortened (file names have a limit)
TEMP_NAME_BYTES = 100  # of the target's name kept in a temporary file's name, which adds ~14
SHOWN_PATH_CHARS = 100  # longer paths are shortened in messages (a name too long is one)
COPY_CHUNK = 1 << 16
_WRITABLE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
DEFAULT_NAME = "burger-day"  # the files' name in a folder given as the prefix, when the caller has none


class ExportError(Exception):
    """A write failed; ``str(error)`` is a one-line message to show the user."""


def default_prefix(seed: int) -> str:
    """The export name the dashboard offers: ``burger-day-seed7``; short and stable for any seed.

    A seed longer than :data:`SEED_DIGITS_IN_NAME` digits keeps its first eight digits and gains a
    hash of all of them (``burger-day-seed31415926-1a2b3c4d``): the same seed, the same name.
    """
    digits = str(seed)
    if len(digits) <= SEED_DIGITS_IN_NAME:
        return f"burger-day-seed{digits}"
    return f"burger-day-seed{digits[:8]}-{hashlib.sha256(digits.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class ExportPaths:
    json: Path
    csv: Path

    @classmethod
    def of(cls, prefix: str | os.PathLike[str], *, name_in_folder: str = DEFAULT_NAME) -> ExportPaths:
        """The pair ``prefix`` names; a folder (``runs/``, or ``runs`` if one) holds ``name_in_folder``."""
        text = os.fspath(prefix)
        if "\0" in text:
            raise ExportError(f"cannot export to {_shown(text)}: a file name cannot contain a NUL character")
        expanded = os.path.expanduser(text)  # "~nobody/x" stays as it is (pathlib would raise)
        path = Path(expanded)
        if expanded.endswith(("/", os.sep)) or os.path.isdir(expanded):
            path = path / name_in_folder
        if path.suffix.lower() in (".json", ".csv"):
            path = path.with_suffix("")
        if not path.name or path.name in (".", ".."):
            raise ExportError(f"cannot export to '{_shown(text)}': give a file name prefix, e.g. runs/monday")
        return cls(path.with_name(path.name + ".json"), path.with_name(path.name + ".csv"))

    def __str__(self) -> str:
        return f"{_shown(self.json)} and {_shown(self.csv)}"


def _shown(path: str | Path) -> str:
    """``path`` for a one-line message: control characters escaped, a very long one shortened."""
    text = str(path)
    if not text.isprintable():
        text = text.encode("unicode_escape", "backslashreplace").decode("ascii")
    if len(text) > SHOWN_PATH_CHARS:
        text = f"{text[: SHOWN_PATH_CHARS - 30]}...{text[-27:]}"
    return text


def _reason(error: OSError, path: Path) -> str:
    folder = path.parent
    if isinstance(error, FileNotFoundError | NotADirectoryError) and not os.path.isdir(folder):
        if os.path.lexists(folder):
            return f"{_shown(folder)} is not a folder"
        return f"the folder {_shown(folder)} does not exist"
    if isinstance(error, IsADirectoryError) or os.path.isdir(path):
        return "a folder of that name is in the way"
    return error.strerror or str(error)


def _failure(error: OSError, path: Path) -> ExportError:
    return ExportError(f"cannot write {_shown(path)}: {_reason(error, path)}")


def _check_target(path: Path) -> None:
    """Fail now, before a long run, if ``path`` could never be replaced (and say why)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError as error:
        if not os.path.isdir(path.parent):
            raise _failure(error, path) from error
        return
    except OSError as error:  # name too long, a folder we may not search, ...
        raise _failure(error, path) from error
    if stat.S_ISDIR(mode):
        raise ExportError(f"cannot write {_shown(path)}: a folder of that name is in the way")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise ExportError(f"cannot write {_shown(path)}: it exists and is not a regular file")
    if stat.S_ISREG(mode) and (not mode & _WRITABLE or not os.access(path, os.W_OK)):
        # A rename would replace it all the same (only the folder's rights count, and root may write
        # anything): a file someone made read-only is one they meant to keep.
        raise ExportError(f"cannot write {_shown(path)}: it is read-only (make it writable to replace it)")


def _temp_path(path: Path) -> Path:
    """A new hidden name next to ``path`` (a rename is atomic only within one file system).

    Only the first :data:`TEMP_NAME_BYTES` bytes of the target's name are kept, so a target whose
    name is just within the file system's limit still gets a temporary name within it.
    """
    name = path.name
    while len(os.fsencode(name)) > TEMP_NAME_BYTES:
        name = name[:-1]
    return path.with_name(f".{name}.{secrets.token_hex(4)}.tmp")


def _replace(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as error:
        raise _failure(error, target) from error


class _Kept:
    """What is at a path before it is replaced, kept so that it can be put back.

    A regular file stays open (its data lives on after the rename), a symbolic link is kept as
    its text; nothing there is remembered as nothing.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._link: str | None = None
        try:
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                self._link = os.readlink(path)
            elif stat.S_ISREG(mode):
                self._fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            else:
                raise ExportError(f"cannot write {_shown(path)}: it exists and is not a regular file")
        except FileNotFoundError:
            pass
        except OSError as error:  # e.g. a file we may replace but not read: it could not be put back
            raise ExportError(f"cannot replace {_shown(path)}: {_reason(error, path)}") from error
        self.existed = self._fd is not None or self._link is not None

    def restore(self) -> None:
        """Put the old file (or link, or nothing) back at the path; raises ``OSError``."""
        if not self.existed:
            os.unlink(self.path)
            return
        temp = _temp_path(self.path)
        try:
            if self._link is not None:
                os.symlink(self._link, temp)
            else:
                assert self._fd is not None
                self._copy_to(temp, self._fd)
            os.replace(temp, self.path)
        except BaseException:
            _unlink_quietly(temp)
            raise

    @staticmethod
    def _copy_to(temp: Path, source: int) -> None:
        target = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            offset = 0
            while chunk := os.pread(source, COPY_CHUNK, offset):
                offset += len(chunk)
                while chunk:
                    chunk = chunk[os.write(target, chunk) :]
            os.fchmod(target, stat.S_IMODE(os.fstat(source).st_mode))
            os.fsync(target)
        finally:
            os.close(target)

    def close(self) -> None:
        if self._fd is not None:
            with suppress(OSError):  # only read: closing it can lose nothing
                os.close(self._fd)
            self._fd = None


def _unlink_quietly(path: Path) -> None:
    """Remove a temporary file on a path that is already failing: a second error must not hide the first."""
    with suppress(OSError):
        os.unlink(path)


_Handler = Callable[[int, FrameType | None], Any] | int | None
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class _Interruptions:
    """While an export is open, SIGTERM (and SIGHUP) remove its temporary files first.

    A handler is installed for the duration (main thread only: Python runs handlers there). On the
    signal it removes the files, puts the previous handler back and delivers the signal to it:
    by default the process then dies of the signal as it would have anyway (exit status 143 in a
    shell). It does not raise ``SystemExit`` to unwind: raised inside the simulation's event loop
    machinery that leaves the loop broken (a spurious deadlock) or prints tracebacks of its tasks.
    Inside :meth:`held` (creating the files, the two renames) the signal waits until the block
    ends, so the pair is never left half replaced. A signal ignored, or handled outside Python,
    is left alone.
    """

    def __init__(self, discard: Callable[[], None]) -> None:
        self._discard = discard
        self._previous: dict[int, _Handler] = {}
        self._holding = False
        self._pending: int | None = None

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in _SIGNALS:
            previous = signal.getsignal(signum)
            if previous is not None and previous != signal.SIG_IGN:
                signal.signal(signum, self._handle)
                self._previous[signum] = previous

    def restore(self) -> None:
        for signum, previous in self._previous.items():
            if signal.getsignal(signum) == self._handle:  # unless someone replaced ours meanwhile
                signal.signal(signum, previous)
        self._previous.clear()

    @contextmanager
    def held(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            if self._pending is not None:
                self._handle(self._pending, None)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._holding:
            self._pending = signum
            return
        self._pending = None
        previous = self._previous.get(signum, signal.SIG_DFL)
        self._discard()
        self.restore()
        if previous == signal.SIG_DFL:
            signal.raise_signal(signum)  # the default action, now that our files are gone
        elif callable(previous):
            previous(signum, frame)


class RunExport:
    """Export one run: records stream to the CSV as they come, the statistics are set at the end.

    ``with RunExport(prefix) as export:`` checks both targets and opens both temporary files at
    once (so a bad path fails before a long run starts); :meth:`write_record` is a
    :class:`~burger_tui.sim.records.CustomerRecorder` sink; assign :attr:`stats` before the block
    ends. A clean exit replaces both files; an error (or SIGTERM) discards both.

    A write error while streaming does not stop the run (the simulation never waits for an
    observer): the first one is kept and raised as :class:`ExportError` when the block ends.
    """

    def __init__(self, prefix: str | os.PathLike[str], *, name_in_folder: str = DEFAULT_NAME) -> None:
        self.paths = ExportPaths.of(prefix, name_in_folder=name_in_folder)
        self.stats: dict[str, Any] | None = None
        self.rows = 0
        self._temps: dict[Path, Path] = {}  # target -> its temporary file, while that exists
        self._json: IO[str] | None = None
        self._csv: IO[str] | None = None
        self._writer: Any = None  # csv.writer has no public type
        self._error: ExportError | None = None
        self._interruptions = _Interruptions(self._interrupted)

    def __enter__(self) -> RunExport:
        self._interruptions.install()
        try:
            with self._interruptions.held():
                for path in (self.paths.json, self.paths.csv):
                    _check_target(path)  # both first: a failure must not leave one file of the two
                self._json = self._open(self.paths.json)
                self._csv = self._open(self.paths.csv, newline="")
        except BaseException:
            self._close()
            self._remove_temps()
            self._interruptions.restore()
            raise
        self._writer = csv.writer(self._csv)
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
                if self._error is not None:
                    break
                self._guard(self.paths.csv, self._csv.write, chunk)
        except OSError as error:
            raise ExportError(f"the couples' records could not be kept: {error.strerror or error}") from error
        self.rows += spool.rows

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if kind is None:
                self._finish()
        finally:
            self._close()
            self._remove_temps()
            self._interruptions.restore()

    def _finish(self) -> None:
        """Complete both files and replace the old pair; raises :class:`ExportError`."""
        if self._error is None and self.stats is None:
            self._error = ExportError("nothing to export: the run has no statistics")
        if self._error is None:
            self._guard(self.paths.json, self._write_json, self.stats)
        for path, file in ((self.paths.json, self._json), (self.paths.csv, self._csv)):
            if self._error is None:  # on the disk before the rename: never an incomplete file in place
                self._guard(path, _sync_and_close, file)
        if self._error is not None:
            raise self._error
        with self._interruptions.held():
            self._commit()

    def _open(self, path: Path, *, newline: str | None = None) -> IO[str]:
        """A new temporary file for ``path``, created with the usual permissions (0666 minus the umask)."""
        temp = _temp_path(path)
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as error:
            raise _failure(error, path) from error
        self._temps[path] = temp
        try:
            return open(fd, "w", encoding="utf-8", newline=newline)
        except BaseException:
            os.close(fd)
            raise

    def _commit(self) -> None:
        """Rename both files into place; if the second rename fails, put the first file back."""
        kept = _Kept(self.paths.json)
        try:
            _replace(self._temps[self.paths.json], self.paths.json)
            del self._temps[self.paths.json]
            try:
                _replace(self._temps[self.paths.csv], self.paths.csv)
            except ExportError as error:
                self._roll_back(kept, error)
            del self._temps[self.paths.csv]
        finally:
            kept.close()

    def _roll_back(self, kept: _Kept, error: ExportError) -> None:
        try:
            kept.restore()
        except OSError as second:
            state = "is new" if kept.existed else "was written"
            raise ExportError(
                f"{error}, and {_shown(self.paths.json)} {state} but could not be put back"
                f" ({second.strerror or second}): the two files do not belong together"
            ) from second
        raise error

    def _write_json(self, stats: dict[str, Any]) -> None:
        assert self._json is not None
        try:
            json.dump(stats, self._json, indent=2, allow_nan=False)
        except ValueError as error:
            raise _not_json(self.paths.json) from error
        self._json.write("\n")

    def _guard(self, path: Path, write: Callable[[Any], object], value: Any) -> None:
        try:
            write(value)
        except OSError as error:
            self._error = self._error or _failure(error, path)
        except ExportError as error:
            self._error = self._error or error

    def _interrupted(self) -> None:
        """The signal handler's part: remove the files (only: it may run inside one of their writes)."""
        self._error = self._error or ExportError("the export was interrupted by a signal")
        self._remove_temps()

    def _close(self) -> None:
        for file in (self._json, self._csv):
            if file is not None and not file.closed:
                with suppress(OSError):  # its data is being thrown away
                    file.close()

    def _remove_temps(self) -> None:
        while self._temps:
            _unlink_quietly(self._temps.popitem()[1])


def _not_json(path: str | Path) -> ExportError:
    return ExportError(
        f"cannot write {_shown(path)}: the statistics hold a number JSON cannot (NaN or infinity)"
    )


def _sync_and_close(file: IO[str]) -> None:
    file.flush()
    os.fsync(file.fileno())
    file.close()


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
