"""The day's per-couple CSV rows, kept on disk instead of in memory until the user exports them.

The dashboard keeps every couple's record so that ``e`` can export the whole day; as objects in
memory that cost about 500 bytes a couple (50 MB after 100k couples). A :class:`RecordSpool`
writes each record as the CSV row the export would write (the same ``csv`` writer and settings),
to an anonymous temporary file: memory stays flat however long the day, and the export copies
the text as it is, so the file is the same to the byte. It keeps where each row ends and when its
couple left (16 bytes a couple), so a jump back in the day cuts the file where the day was then.
"""

from __future__ import annotations

import codecs
import csv
import os
import tempfile
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from typing import IO

from burger_tui.sim.records import CustomerRecord

CHUNK = 1 << 16  # bytes read at a time when copying the rows out


class _Utf8:
    """What the ``csv`` writer writes a row to: the file, in UTF-8; returns the bytes written."""

    __slots__ = ("_file",)

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file

    def write(self, text: str) -> int:
        return self._file.write(text.encode())


class RecordSpool:
    """A :class:`~burger_tui.sim.records.CustomerRecorder` sink that appends CSV rows to a temporary file,
    in the order the couples left.

    The file has no name (it disappears when closed, or when the process ends however it ends).
    An error (no room or no right to create the file in the temporary folder, disk full later)
    must not stop the day: the spool stops writing and keeps the error, which :meth:`text`
    raises. Records that come after :meth:`close` are dropped.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.error: OSError | None = None
        self._file: IO[bytes] | None = None
        self._ends = array("q")  # the byte each row ends at
        self._left = array("d")  # the instant each row's couple left
        try:
            self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (closed by close())
        except OSError as error:
            self.error = error
        self._writer = csv.writer(_Utf8(self._file)) if self._file is not None else None

    def write_record(self, record: CustomerRecord) -> None:
        if self.error is None and self._file is not None and not self._file.closed:
            assert self._writer is not None
            assert record.left_at is not None  # a couple who left: the rows are in order of leaving
            try:
                written: int = self._writer.writerow(record.row())
            except OSError as error:
                self.error = error
            else:
                self._ends.append((self._ends[-1] if self.rows else 0) + written)
                self._left.append(record.left_at)
                self.rows += 1

    def go_back_to(self, at: float) -> None:
        """Keep only the rows of the couples who had left by the instant ``at`` (the file cut there)."""
        if self.error is not None or self._file is None or self._file.closed:
            return  # nothing more is written: the export says why
        rows = bisect_right(self._left, at)
        end = self._ends[rows - 1] if rows else 0
        try:
            self._file.truncate(end)  # flushed first
            self._file.seek(end)
        except OSError as error:
            self.error = error
            return
        del self._ends[rows:], self._left[rows:]
        self.rows = rows

    def size(self) -> int:
        """Bytes of CSV written so far (on disk, not in memory); 0 if that cannot be known."""
        if self._file is None or self._file.closed:
            return 0
        try:
            self._file.flush()
            return os.fstat(self._file.fileno()).st_size
        except OSError as error:  # for a display: the rows are incomplete, and the export will say so
            self.error = self.error or error
            return 0

    def text(self) -> Iterator[str]:
        """The rows written so far, as CSV text in chunks; raises the write error if there was one.

        Reads with ``pread``, so the file's position (where the next row goes) never moves.
        """
        if self.error is not None:
            raise self.error
        assert self._file is not None  # made, or its error raised above
        self._file.flush()
        fd = self._file.fileno()
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        while chunk := os.pread(fd, CHUNK, offset):
            offset += len(chunk)
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
