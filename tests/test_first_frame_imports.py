"""What ``burger-tui`` imports before its first frame is pinned, so that start-up cannot grow unseen.

The dashboard paints its first frame before the day opens, and imports what only later needs (anyio, the
day's actors, export, compare, the lessons, the other screens) when it is first used. One top-level
import in the wrong module undoes that silently. A fresh interpreter runs ``burger-tui`` (the CLI's own
path, Textual's headless driver at 120x40) up to the app's ``on_ready`` (the first frame is painted) and
lists the modules loaded since it started: burger_tui's exactly, other packages by their top-level name
(their own modules change with their versions), the standard library left out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The probe counts what loads after its first line; the standard library is left out afterwards.
PROBE = """\
import json, sys
before = set(sys.modules)
from burger_tui.ui.app import BurgerApp

painted = BurgerApp.on_ready

def on_ready(self):
    painted(self)
    print(json.dumps(sorted(set(sys.modules) - before)), file=sys.stderr)
    self.exit()

BurgerApp.on_ready = on_ready
from burger_tui.cli import main
raise SystemExit(main([]))
"""

FIRST_FRAME_IMPORTS = {
    "burger_tui",
    "burger_tui.cli",
    "burger_tui.cli.dashboard",
    "burger_tui.cli.exits",
    "burger_tui.cli.options",
    "burger_tui.cli.output",
    "burger_tui.cli.parser",
    "burger_tui.lessons",
    "burger_tui.lessons.settings",
    "burger_tui.lessons.web_settings",
    "burger_tui.session",
    "burger_tui.sim",
    "burger_tui.sim.distributions",
    "burger_tui.sim.limits",
    "burger_tui.sim.live",
    "burger_tui.sim.model",
    "burger_tui.sim.program",
    "burger_tui.sim.snapshot",
    "burger_tui.sim.times",
    "burger_tui.story",  # the story's lines kept for the screen (deque and NamedTuple only)
    "burger_tui.ui",
    "burger_tui.ui.app",
    "burger_tui.ui.dashboard",
    "burger_tui.ui.floor",
    "burger_tui.ui.keys",
    "burger_tui.ui.painter",
    "burger_tui.ui.parsed_css",
    "burger_tui.ui.symbols",
    "burger_tui.ui.terminal_sized",
    "burger_tui.ui.textual_leaks",
    "burger_tui.ui.times",
    "burger_tui.ui.toasts",
    "burger_tui.ui.typed_ahead",  # the app's key routing, from its first key (a weak dictionary only)
    "burger_tui.ui.widgets",
    "burger_tui.ui.widgets.counter",
    "burger_tui.ui.widgets.display",
    "burger_tui.ui.widgets.kitchen",
    "burger_tui.ui.widgets.loop_lag",
    "burger_tui.ui.widgets.narration_log",
    "burger_tui.ui.widgets.panel",
    "burger_tui.ui.widgets.stats_panel",
    "burger_tui.ui.widgets.status_bar",
    "burger_tui.ui.widgets.street",
    "burger_tui.ui.widgets.tables",
    # Other packages: Textual and what Textual itself imports. Not anyio, not textual-plotext, not aiohttp.
    "platformdirs",
    "rich",
    "textual",
    "typing_extensions",
}


def first_frame_imports() -> set[str]:
    """The modules ``burger-tui`` loads up to its first frame, as FIRST_FRAME_IMPORTS lists them."""
    environment = {
        **os.environ,
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",  # no terminal needed
        "COLUMNS": "120",
        "LINES": "40",
    }
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang only: it takes a second or two
    )
    assert probe.returncode == 0, f"burger-tui did not reach its first frame:\n{probe.stderr[-3000:]}"
    loaded: list[str] = json.loads(probe.stderr.splitlines()[-1])
    ours = {name for name in loaded if name.split(".")[0] == "burger_tui"}
    others = {name.split(".")[0] for name in loaded} - {"burger_tui"} - sys.stdlib_module_names
    return ours | others


def test_the_first_frame_imports_what_is_pinned() -> None:
    loaded = first_frame_imports()
    added, gone = sorted(loaded - FIRST_FRAME_IMPORTS), sorted(FIRST_FRAME_IMPORTS - loaded)
    assert loaded == FIRST_FRAME_IMPORTS, (
        f"the first frame now imports {added} more and {gone} fewer. If that is deliberate, update "
        "FIRST_FRAME_IMPORTS in this file, and measure the start-up (`python -m benchmarks startup`): "
        "what the first frame does not need is imported where it is first used."
    )
