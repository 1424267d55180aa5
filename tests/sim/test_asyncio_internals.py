"""The virtual-time loop relies on asyncio internals: where one is gone or changed, one line says so.

Each test takes an internal away (or changes it) as a new Python might, and checks that the loop refuses
to be made with :class:`UnsupportedAsyncio`, that the commands running on it print that one line and
exit 2, and that the dashboard's compare screen says it instead of crashing.
"""

from __future__ import annotations

import asyncio
import contextlib
import platform
import subprocess
import sys
from asyncio import format_helpers
from collections.abc import Callable

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Label, Static
from textual.worker import WorkerFailed

from burger_tui.cli import EXIT_USAGE, main
from burger_tui.sim.model import RestaurantConfig
from burger_tui.sim.virtual_loop import (
    UnsupportedAsyncio,
    VirtualTimeEventLoop,
    check_asyncio_internals,
    run_virtual,
)
from burger_tui.ui.screens.compare import CompareScreen

PYTHON = f"{platform.python_implementation()} {platform.python_version()}"

Change = Callable[[pytest.MonkeyPatch], None]


def _made_without(name: str) -> Change:
    """Every event loop is made without the field ``name`` (as if BaseEventLoop.__init__ renamed it)."""

    def change(monkeypatch: pytest.MonkeyPatch) -> None:
        made = asyncio.BaseEventLoop.__init__

        def init(self: asyncio.BaseEventLoop) -> None:
            made(self)
            delattr(self, name)

        monkeypatch.setattr(asyncio.BaseEventLoop, "__init__", init)

    return change


def _ready_as_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    made = asyncio.BaseEventLoop.__init__

    def init(self: asyncio.BaseEventLoop) -> None:
        made(self)
        self._ready = []  # type: ignore[attr-defined]

    monkeypatch.setattr(asyncio.BaseEventLoop, "__init__", init)


class _Extra:
    __slots__ = ("_extra",)


def _a_new_handle_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asyncio.Handle, "_extra", vars(_Extra)["_extra"], raising=False)


# Each change and the words of the line that must name it.
CHANGES: dict[str, tuple[Change, str]] = {
    "run_once": (
        lambda monkeypatch: monkeypatch.delattr(asyncio.BaseEventLoop, "_run_once"),
        "asyncio.BaseEventLoop._run_once is missing",
    ),
    "handle slot": (
        lambda monkeypatch: monkeypatch.delattr(asyncio.Handle, "_context"),
        "asyncio.Handle has no slot _context",
    ),
    "timer slot": (
        lambda monkeypatch: monkeypatch.delattr(asyncio.TimerHandle, "_when"),
        "asyncio.TimerHandle has no slot _when",
    ),
    "new handle slot": (_a_new_handle_slot, "asyncio.Handle has a new slot _extra"),
    "format helper": (
        lambda monkeypatch: monkeypatch.delattr(format_helpers, "_format_callback_source"),
        "asyncio.format_helpers._format_callback_source is missing",
    ),
    "loop field": (_made_without("_timer_cancelled_count"), "an event loop has no _timer_cancelled_count"),
    "loop field type": (_ready_as_a_list, "an event loop's _ready is a list, not a deque"),
}


async def _seven() -> int:
    return 7


def test_this_python_has_every_internal_the_loop_relies_on() -> None:
    loop = VirtualTimeEventLoop()
    try:
        check_asyncio_internals(loop)
    finally:
        loop.close()
    assert run_virtual(_seven) == 7


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_internal_stops_the_loop_with_one_line(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply, named = CHANGES[change]
    apply(monkeypatch)
    with pytest.raises(UnsupportedAsyncio) as raised:
        run_virtual(_seven)
    line = str(raised.value)
    assert line.startswith(f"the virtual-time loop cannot run on {PYTHON}: ")
    assert named in line
    assert "\n" not in line


def test_every_change_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    for apply, _named in CHANGES.values():
        apply(monkeypatch)
    with pytest.raises(UnsupportedAsyncio) as raised:
        VirtualTimeEventLoop()
    assert all(named in str(raised.value) for _apply, named in CHANGES.values())


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--customers", "3", "--json"],
        ["compare", "--customers", "3", "--sweep-customers", "0", "--jobs", "1"],
        ["compare", "--customers", "3", "--sweep-customers", "3", "--jobs", "2"],
        ["trace", "--customers", "1"],
    ],
    ids=" ".join,
)
def test_the_commands_on_virtual_time_print_one_line_and_exit_2(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    apply, named = CHANGES["loop field"]
    apply(monkeypatch)
    assert main(argv) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"burger-tui: error: the virtual-time loop cannot run on {PYTHON}: ")
    assert named in err
    assert err.count("\n") == 1


# The program itself, on a Python whose loops have no _closed: the loop that fails its check must not
# add a finaliser's complaint about it, nor a traceback, to the one line.
WITHOUT_CLOSED = """
import asyncio, sys
from burger_tui.cli import main
made = asyncio.BaseEventLoop.__init__
def init(self):
    made(self)
    del self._closed
asyncio.BaseEventLoop.__init__ = init
sys.exit(main(["simulate", "--customers", "3"]))
"""


def test_the_program_prints_only_the_line() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-c", WITHOUT_CLOSED], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == EXIT_USAGE
    assert done.stdout == ""
    assert done.stderr == (
        f"burger-tui: error: the virtual-time loop cannot run on {PYTHON}: its asyncio internals changed "
        "(an event loop has no _closed)\n"
    )


class _CompareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("the restaurant")

    def on_mount(self) -> None:
        self.push_screen(CompareScreen(RestaurantConfig(seed=4), customers=20, sweep_customers=0))


async def test_the_dashboard_compare_screen_says_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    apply, named = CHANGES["loop field"]
    apply(monkeypatch)
    app = _CompareApp()
    async with app.run_test(size=(120, 24)) as pilot:
        # The comparison fails as it starts, before any day: perhaps before this wait begins (then it
        # returns at once), perhaps while it waits (then it raises).
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        error = str(app.screen.query_one("#compare-error", Static).render())
    assert error.startswith(f"The comparison failed: the virtual-time loop cannot run on {PYTHON}: ")
    assert named in error
