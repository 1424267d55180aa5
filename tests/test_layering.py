"""What may import what, read from the sources: the package stands alone, and the development tools and
the benchmarks do not lean on the tests (what they share with the tests lives in ``tools/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.imports import imported_modules

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "burger_tui": ("tests", "tools", "benchmarks"),
    "tools": ("tests",),
    "benchmarks": ("tests",),
}


@pytest.mark.parametrize(("directory", "forbidden"), FORBIDDEN.items(), ids=list(FORBIDDEN))
def test_imports_none_of(directory: str, forbidden: tuple[str, ...]) -> None:
    sources = sorted((ROOT / directory).rglob("*.py"))
    assert sources, f"no sources under {directory}/"
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sources
        for name in sorted(imported_modules(path, ROOT))
        if name.split(".")[0] in forbidden
    ]
    assert offenders == []


def test_relative_imports_are_read_as_absolute(tmp_path: Path) -> None:
    source = tmp_path / "tools" / "sub" / "shot.py"
    source.parent.mkdir(parents=True)
    source.write_text("from .. import scenes\nfrom .frames import take\nfrom tests.helpers import driving\n")
    assert imported_modules(source, tmp_path) == {"tools", "tools.sub.frames", "tests.helpers"}
