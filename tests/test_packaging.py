"""What ``pip install burger-tui`` gets: the product, and none of the development tooling."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLING = ("screenshot", "devtools", "scripted", "scenes", "driving", "benchmark")


def test_the_wheel_holds_the_package_and_no_tooling(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "burger_tui/sim/restaurant.py" in names and "burger_tui/ui/dashboard.py" in names
    assert all(name.startswith(("burger_tui/", "burger_tui-")) for name in names), names
    assert [name for name in names if any(word in name.lower() for word in TOOLING)] == []
    sources = b"".join(zipfile.ZipFile(wheel).read(name) for name in names if name.endswith(".py"))
    assert b"DevTools" not in sources and b"Runtime.evaluate" not in sources  # no browser driver
