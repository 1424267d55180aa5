"""The simulation is pure anyio: importing every module under ``burger_tui/sim`` (subpackages too) loads no
Textual, no Rich. (What each sim source names is checked by ``test_sim_purity.py``.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import burger_tui.sim

SIM = Path(burger_tui.sim.__file__).parent
ROOT = SIM.parent.parent
SOURCES = sorted(SIM.rglob("*.py"))
UI_PACKAGES = ("textual", "rich", "burger_tui.ui")


def _sim_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts) for path in SOURCES if path.stem != "__init__"
    )


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
