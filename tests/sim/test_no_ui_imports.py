"""The simulation is pure anyio: nothing under ``burger_tui/sim`` imports Textual or Rich."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import burger_tui.sim

SIM = Path(burger_tui.sim.__file__).parent
UI_PACKAGES = ("textual", "rich", "burger_tui.ui")


def _sim_modules() -> list[str]:
    return sorted(f"burger_tui.sim.{path.stem}" for path in SIM.glob("*.py") if path.stem != "__init__")


def test_no_sim_source_names_a_ui_package() -> None:
    for path in SIM.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(UI_PACKAGES), f"{path.name} imports {name}"


def test_importing_every_sim_module_loads_no_ui_package() -> None:
    """Also through other modules: a fresh interpreter imports all of ``burger_tui.sim``."""
    modules = _sim_modules()
    assert "burger_tui.sim.restaurant" in modules and "burger_tui.sim.live" in modules
    check = (
        f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted(m for m in sys.modules if m.startswith({UI_PACKAGES!r})))"
    )
    loaded = subprocess.run([sys.executable, "-c", check], check=True, capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]"
