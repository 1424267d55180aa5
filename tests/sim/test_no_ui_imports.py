"""The simulation is pure anyio: nothing under ``burger_tui/sim`` (subpackages too) imports Textual, Rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import burger_tui.sim
from tests.helpers.imports import imported_modules

SIM = Path(burger_tui.sim.__file__).parent
ROOT = SIM.parent.parent
SOURCES = sorted(SIM.rglob("*.py"))
UI_PACKAGES = ("textual", "rich", "burger_tui.ui")


def _sim_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts) for path in SOURCES if path.stem != "__init__"
    )


def test_no_sim_source_names_a_ui_package() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in SOURCES
        for name in sorted(imported_modules(path, ROOT))
        if name.startswith(UI_PACKAGES)
    ]
    assert offenders == []


def test_importing_every_sim_module_loads_no_ui_package() -> None:
    """Also through other modules: a fresh interpreter imports all of ``burger_tui.sim``."""
    modules = _sim_modules()
    assert {"burger_tui.sim.restaurant", "burger_tui.sim.program.frames"} <= set(modules)
    check = (
        f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted(m for m in sys.modules if m.startswith({UI_PACKAGES!r})))"
    )
    loaded = subprocess.run([sys.executable, "-c", check], check=True, capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]"
