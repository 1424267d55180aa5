"""Write several files all or nothing: a reader sees the old files or the new ones, never a mix.

Each file is written to a hidden temporary file in the same folder and renamed over its target only when
every one is complete (``os.replace``), so a reader never sees half a file. The files are replaced together
or not at all: what each target held stays open while the renames happen, and if one cannot be renamed,
those renamed before it are put back. SIGTERM and SIGHUP while the files are open remove the temporary
files before the process ends (see :class:`_Interruptions`). Every failure (name too long, missing or
read-only folder, disk full, a folder in the way) is a :class:`WriteError` whose message is one line for
the user; nothing else escapes.
"""

from __future__ import annotations

import os
import secrets
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, Any, NoReturn

TEMP_NAME_BYTES = 100  # of the target's name kept in a temporary file's name, which adds ~14
SHOWN_PATH_CHARS = 100  # longer paths are shortened in messages (a name too long is one)
COPY_CHUNK = 1 << 16
_WRITABLE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class WriteError(Exception):
    """A write failed; ``str(error)`` is a one-line message to show the user."""


def shown(path: str | Path) -> str:
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
            return f"{shown(folder)} is not a folder"
        return f"the folder {shown(folder)} does not exist"
    if isinstance(error, IsADirectoryError) or os.path.isdir(path):
        return "a folder of that name is in the way"
    return error.strerror or str(error)


def failure(error: OSError, path: Path) -> WriteError:
    return WriteError(f"cannot write {shown(path)}: {_reason(error, path)}")


def check_target(path: Path) -> None:
    """Fail now, before a long run, if ``path`` could never be replaced (and say why)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError as error:
        if not os.path.isdir(path.parent):
            raise failure(error, path) from error
        return
    except OSError as error:  # name too long, a folder we may not search, ...
        raise failure(error, path) from error
    if stat.S_ISDIR(mode):
        raise WriteError(f"cannot write {shown(path)}: a folder of that name is in the way")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise WriteError(f"cannot write {shown(path)}: it exists and is not a regular file")
    if stat.S_ISREG(mode) and (not mode & _WRITABLE or not os.access(path, os.W_OK)):
        # A rename would replace it all the same (only the folder's rights count, and root may write
        # anything): a file someone made read-only is one they meant to keep.
        raise WriteError(f"cannot write {shown(path)}: it is read-only (make it writable to replace it)")


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
        raise failure(error, target) from error


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
                raise WriteError(f"cannot write {shown(path)}: it exists and is not a regular file")
        except FileNotFoundError:
            pass
        except OSError as error:  # e.g. a file we may replace but not read: it could not be put back
            raise WriteError(f"cannot replace {shown(path)}: {_reason(error, path)}") from error
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
    """While the files are open, SIGTERM (and SIGHUP) remove their temporary files first.

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


class AtomicFiles:
    """Write the files at ``targets`` all or nothing (``targets``: each path, and its ``newline`` as for
    ``open``: ``""`` for a CSV file).

    ``with AtomicFiles(targets) as files:`` checks every target and opens every temporary file at once (so
    a bad path fails before a long run starts); write through :meth:`file`, or through :meth:`guard`,
    which keeps the first error instead of raising it (for a writer that must not be stopped: the error
    is raised when the block ends). A clean exit completes and replaces every file; an error, a failure
    kept, or SIGTERM discards them all.
    """

    def __init__(self, targets: Mapping[Path, str | None]) -> None:
        self._targets = dict(targets)
        self._temps: dict[Path, Path] = {}  # target -> its temporary file, while that exists
        self._files: dict[Path, IO[str]] = {}
        self.error: WriteError | None = None  # the first failure kept
        self._interruptions = _Interruptions(self._interrupted)

    def __enter__(self) -> AtomicFiles:
        self._interruptions.install()
        try:
            with self._interruptions.held():
                for path in self._targets:
                    check_target(path)  # all first: a failure must not leave some of the files
                for path, newline in self._targets.items():
                    self._files[path] = self._open(path, newline)
        except BaseException:
            self._discard()
            raise
        return self

    def file(self, path: Path) -> IO[str]:
        """The temporary file that becomes ``path``."""
        return self._files[path]

    def guard(self, path: Path, write: Callable[[Any], object], value: Any) -> None:
        """``write(value)`` for ``path``'s file; a failure is kept (see :meth:`fail`), not raised."""
        try:
            write(value)
        except OSError as error:
            self.fail(failure(error, path))
        except WriteError as error:
            self.fail(error)

    def fail(self, error: WriteError) -> None:
        """Replace nothing: the block's end raises the first error given."""
        self.error = self.error or error

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if kind is None:
                self._finish()
        finally:
            self._discard()

    def _finish(self) -> None:
        """Complete every file and replace the old ones; raises :class:`WriteError`."""
        for path, file in self._files.items():
            if self.error is None:  # on the disk before the rename: never an incomplete file in place
                self.guard(path, _sync_and_close, file)
        if self.error is not None:
            raise self.error
        with self._interruptions.held():
            self._commit()

    def _open(self, path: Path, newline: str | None) -> IO[str]:
        """A new temporary file for ``path``, created with the usual permissions (0666 minus the umask)."""
        temp = _temp_path(path)
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as error:
            raise failure(error, path) from error
        self._temps[path] = temp
        try:
            return open(fd, "w", encoding="utf-8", newline=newline)
        except BaseException:
            os.close(fd)
            raise

    def _commit(self) -> None:
        """Rename every file into place, in order; if one cannot be, put back those renamed before it
        (what each of them replaces is kept until then; the last replaces nothing that must come back)."""
        paths = list(self._targets)
        kept: list[_Kept] = []
        try:
            for path in paths[:-1]:
                kept.append(_Kept(path))
            for renamed, path in enumerate(paths):
                try:
                    _replace(self._temps[path], path)
                except WriteError as error:
                    _roll_back(kept[:renamed], error)
                del self._temps[path]
        finally:
            for each in kept:
                each.close()

    def _interrupted(self) -> None:
        """The signal handler's part: remove the files (only: it may run inside one of their writes)."""
        self.fail(WriteError("interrupted by a signal: nothing was written"))
        self._remove_temps()

    def _discard(self) -> None:
        for file in self._files.values():
            if not file.closed:
                with suppress(OSError):  # its data is being thrown away
                    file.close()
        self._remove_temps()
        self._interruptions.restore()

    def _remove_temps(self) -> None:
        while self._temps:
            _unlink_quietly(self._temps.popitem()[1])


def _roll_back(kept: list[_Kept], error: WriteError) -> NoReturn:
    """Put back what ``kept`` held, the last renamed first, then raise ``error`` (or say what is mixed)."""
    for each in reversed(kept):
        try:
            each.restore()
        except OSError as second:
            state = "is new" if each.existed else "was written"
            raise WriteError(
                f"{error}, and {shown(each.path)} {state} but could not be put back"
                f" ({second.strerror or second}): the files do not belong together"
            ) from second
    raise error


def _sync_and_close(file: IO[str]) -> None:
    file.flush()
    os.fsync(file.fileno())
    file.close()
