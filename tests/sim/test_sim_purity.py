"""The simulation knows nothing of the screen, nor of anything but itself, the standard library and anyio.

Every module under ``burger_tui/sim/`` (``program/`` included) is read, not imported: an import inside a
function or under ``TYPE_CHECKING`` counts as much as one at the top. Textual, Rich and ``burger_tui.ui``
are the screen; any other package (even one of ours, such as the compare pool's process plumbing) would
let the screen in through the back door.
"""

from __future__ import annotations

import sys
from pathlib import Path

import burger_tui.sim
from tests.helpers.imports import imported_modules

SIM = Path(burger_tui.sim.__file__).parent
ROOT = SIM.parent.parent  # where ``burger_tui`` lives: relative imports are made absolute from it
ALLOWED_PACKAGES = ("anyio",)


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
        for name in imported_modules(path, ROOT)
        if not _allowed(name)
    }
    assert not strays, sorted(strays)


def test_the_check_sees_a_screen_import_wherever_it_hides(tmp_path: Path) -> None:
    """The check itself: an import of the screen in a function, or a relative one out of sim/, is caught."""
    hidden = tmp_path / "burger_tui" / "sim" / "program" / "hidden.py"
    hidden.parent.mkdir(parents=True)
    source = "def later():\n    from ...ui import keys\n    import textual.app\nfrom .. import model\n"
    hidden.write_text(source, encoding="utf-8")
    assert sorted(imported_modules(hidden, tmp_path)) == [
        "burger_tui.sim",
        "burger_tui.ui",
        "textual.app",
    ]
    screen_and_strays = ["textual.app", "rich", "burger_tui.ui.keys", "burger_tui.parent_death", "numpy"]
    assert [name for name in screen_and_strays if _allowed(name)] == []
    assert all(
        map(_allowed, ["burger_tui.sim.model", "burger_tui.sim", "asyncio", "anyio.abc", "__future__"])
    )
