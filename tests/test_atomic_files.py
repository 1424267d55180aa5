"""Several files written all or nothing: any number of them, put back in order when one cannot be replaced.

(The pair an export writes is tested under every fault in ``test_export_faults.py``.)
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from burger_tui.atomic_files import AtomicFiles, WriteError

NAMES = ("a.txt", "b.txt", "c.txt")


def _write_all(folder: Path) -> None:
    paths = [folder / name for name in NAMES]
    with AtomicFiles(dict.fromkeys(paths)) as files:
        for path in paths:
            files.file(path).write(f"new {path.name}")


def test_every_file_is_replaced_and_nothing_else_is_left(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("old b.txt")
    _write_all(tmp_path)
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == {n: f"new {n}" for n in NAMES}


def test_when_the_last_cannot_be_replaced_the_others_are_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("old a.txt")  # b.txt and c.txt are new: put back as nothing
    real_replace = os.replace

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target).name == "c.txt":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WriteError, match=r"^cannot write .*c\.txt: Input/output error$"):
        _write_all(tmp_path)
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == {"a.txt": "old a.txt"}


def test_a_failure_kept_by_guard_is_raised_at_the_end_and_replaces_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    written: list[str] = []

    def fail(_text: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def write_after_a_failure() -> None:
        with AtomicFiles({path: None}) as files:
            files.guard(path, fail, "x")
            written.append("the block goes on")  # a writer that must not be stopped is not

    with pytest.raises(WriteError, match=r"^cannot write .*a\.txt: No space left on device$"):
        write_after_a_failure()
    assert written == ["the block goes on"]
    assert list(tmp_path.iterdir()) == []
