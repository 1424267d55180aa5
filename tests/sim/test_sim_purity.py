"""The simulation knows nothing of the screen, nor of anything but itself, the standard library and anyio.

Every module under ``burger_tui/sim/`` (``program/`` included) is read, not imported: an import inside a
function or under ``TYPE_CHECKING`` counts as much as one at the top. Textual, Rich and ``burger_tui.ui``
are the screen; any other package (even one of ours, such as the compare pool's process plumbing) would
let the screen in through the back door.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import burger_tui.sim

SIM = Path(burger_tui.sim.__file__).parent
ALLOWED_PACKAGES = ("anyio",)


def _package(path: Path) -> str:
    return ".".join(("burger_tui", *path.relative_to(SIM.parent).parent.parts))


def _imports(source: str, package: str) -> list[str]:
    """The absolute name of every module ``source`` (a module of ``package``) imports, wherever."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            names.append(".".join(part for part in (base, node.module) if part))
    return names


def _allowed(name: str) -> bool:
    top = name.partition(".")[0]
    return (
        name == "burger_tui.sim"
        or name.startswith("burger_tui.sim.")
        or top in ALLOWED_PACKAGES
        or (top != "burger_tui" and top in sys.stdlib_module_names)
    )


def test_sim_imports_only_itself_the_standard_library_and_anyio() -> None:
    modules = sorted(SIM.rglob("*.py"))
    assert SIM / "program" / "stepping.py" in modules  # the walk reaches the packages inside sim/
    strays = {
        f"{path.relative_to(SIM)} imports {name}"
        for path in modules
        for name in _imports(path.read_text(encoding="utf-8"), _package(path))
        if not _allowed(name)
    }
    assert not strays, sorted(strays)


def test_the_check_sees_a_screen_import_wherever_it_hides() -> None:
    """The check itself: an import of the screen in a function, or a relative one out of sim/, is caught."""
    hidden = "def later():\n    from ...ui import keys\n    import textual.app\nfrom .. import model\n"
    assert sorted(_imports(hidden, "burger_tui.sim.program")) == [
        "burger_tui.sim",
        "burger_tui.ui",
        "textual.app",
    ]
    screen_and_strays = ["textual.app", "rich", "burger_tui.ui.keys", "burger_tui.parent_death", "numpy"]
    assert [name for name in screen_and_strays if _allowed(name)] == []
    assert all(
        map(_allowed, ["burger_tui.sim.model", "burger_tui.sim", "asyncio", "anyio.abc", "__future__"])
    )
