"""Nothing of a widget that is gone stays in memory: replaced notices, closed screens, days.

Issue 25: the dashboard in a terminal grew with every reset (``python -m benchmarks resets``: 2 to 4 MB
a day of rushes, help and compare). Textual kept the holders of replaced toasts, the footer's old keys,
compare's plots (through the theme signal) and, through a style cache, all they had rendered;
``burger_tui/ui/textual_leaks.py`` lets them go. Each test here fails on the code before it.

Two things Textual keeps for a while are bounded, and allowed for: a removed widget with a timer (a
toast, a progress bar) stays in the cancelled timer's context until it was due; a thread that ran a
thread worker keeps it (Textual sets its context variables in the thread), and so the last compare
screen, until it runs another.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections import Counter
from functools import partial

import pytest
import textual.notifications
from textual._node_list import NodeList
from textual._styles_cache import StylesCache
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._toast import Toast, ToastHolder, ToastRack

import burger_tui.ui.app
from burger_tui.ui import textual_leaks
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.dashboard import warm_up
from burger_tui.ui.screens.compare import CompareScreen
from burger_tui.ui.screens.help import HelpScreen
from tests.helpers.driving import make_app, settle

SIZE = (120, 40)


def held_by_cancelled_timers(gone: dict[int, DOMNode]) -> set[int]:
    """Those of ``gone`` that a cancelled timer still holds, or a node it holds does.

    asyncio keeps a cancelled timer in its queue, with the context it was made in (its widget), until
    the time it was due: a toast's is its notice's end, a progress bar's its next refresh. Real time,
    not waited for here.
    """
    loop = asyncio.get_running_loop()
    reach: list[object] = [
        value
        for handle in loop._scheduled  # type: ignore[attr-defined]
        if handle.cancelled()
        for value in handle._context.values()
        if isinstance(value, DOMNode)
    ]
    held: set[int] = set()
    while reach:
        thing = reach.pop()
        if id(thing) in held:
            continue
        held.add(id(thing))
        reach += [
            referent
            for referent in gc.get_referents(thing)
            if id(referent) in gone or isinstance(referent, (dict, list, tuple, set, NodeList))
        ]
    return held & gone.keys()


def gone_nodes(app: BurgerApp, before: set[int]) -> Counter[str]:
    """Textual nodes alive after a collection, not in ``app``'s DOM, and not among ``before`` (ids); and
    style caches whose widget is gone (counted as ``StylesCache``)."""
    for node in app.dashboard.walk_children(with_self=True):
        # A parent's cached list of its displayed children keeps a removed child until it is next read.
        node.displayed_children  # noqa: B018
    gc.collect()
    objects = [o for o in gc.get_objects() if id(o) not in before]
    gone = {
        id(node): node
        for node in objects
        if isinstance(node, DOMNode) and node is not app and not node.is_attached
    }
    held = held_by_cancelled_timers(gone)
    widgets_caches = {id(widget._styles_cache) for widget in gc.get_objects() if isinstance(widget, Widget)}
    return Counter(
        [type(node).__name__ for key, node in gone.items() if key not in held]
        + ["StylesCache" for o in objects if isinstance(o, StylesCache) and id(o) not in widgets_caches]
    )


def nodes_now() -> set[int]:
    """The ids of the Textual nodes and style caches alive now (other tests' too)."""
    gc.collect()
    return {id(o) for o in gc.get_objects() if isinstance(o, (DOMNode, StylesCache))}


async def small_compare(app: BurgerApp, pilot: Pilot[None]) -> None:
    """The screen ``c`` opens, with days small enough for results in a moment; closed once they show."""
    screen = CompareScreen(app.dashboard.session.config, customers=120, sweep_customers=30)
    await app.push_screen(screen)
    await app.workers.wait_for_complete([w for w in app.workers if w.name == "compare"])
    await settle(pilot)
    assert screen.comparison is not None  # its plots drew the results
    await pilot.press("escape")
    await settle(pilot)
    # An executor's thread keeps the last worker it ran, and its screen: give each thread another (the
    # dashboard's warm-up ran in one thread, compare in another). Each waits for all the others, so no
    # thread takes two and leaves one of them, maybe compare's, without (on a busy machine one did).
    threads = default_executor_threads()
    everyone = threading.Barrier(threads)
    others = [app.run_worker(partial(everyone.wait, timeout=30), thread=True) for _ in range(threads)]
    for worker in others:
        await worker.wait()


def default_executor_threads() -> int:
    """The threads the running loop's default executor may have (asyncio's: ``min(32, cores + 4)``)."""
    executor = asyncio.get_running_loop()._default_executor  # type: ignore[attr-defined]
    workers: int = getattr(executor, "_max_workers", min(32, (os.cpu_count() or 1) + 4))
    return workers


async def test_a_replaced_notice_leaves_no_toast_behind() -> None:
    """A notice replacing one of its kind (a key pressed again at its limit, another rush) clears the
    notices and shows the others again: Textual removed each old toast but left its holder on the rack,
    the toast in its cache."""
    app, _ = make_app(speed=16.0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # Pilot hides toasts by default
        await app.dashboard.session.wait_open()
        before = nodes_now()
        for key in ("right_square_bracket", "O") * 4:  # each replaces the last of its kind
            await pilot.press(key)
            await settle(pilot)
        holders = app.dashboard.get_child_by_type(ToastRack).query_children(ToastHolder)
        assert len(holders) <= 2  # one per kind still up (they go after 2 s of real time)
        assert all(len(holder.children) == 1 for holder in holders)
        assert gone_nodes(app, before) == {}


async def test_a_notice_that_runs_out_between_two_looks_leaves_no_holder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The notices are read twice as they are put up again: by ``let_go``, then by Textual's
    ``ToastRack.show``. A notice that ran out in between (a loaded loop: in a terminal, 29 holders were
    left after 20 days) had its toast removed by show() alone; the next look removes the holder."""
    wall = [time.time()]  # the wall clock Textual's notices read: it moves when the test says
    monkeypatch.setattr(textual.notifications, "time", lambda: wall[0])
    run_out = [False]

    def then_run_out(app: BurgerApp) -> None:
        textual_leaks.let_go(app)
        if run_out[0]:
            wall[0] += 10  # the first notice runs out now, between this look and show()'s
            run_out[0] = False

    monkeypatch.setattr(burger_tui.ui.app, "let_go", then_run_out)
    app, _ = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.dashboard.session.wait_open()
        app.notify("runs out", timeout=5)
        await settle(pilot)
        run_out[0] = True
        app.notify("stays", timeout=60)  # all put up again: the first runs out between the two looks
        await settle(pilot)
        app.notify("stays too", timeout=60)  # the next look
        await settle(pilot)
        holders = app.dashboard.get_child_by_type(ToastRack).query_children(ToastHolder)
        assert [len(holder.children) for holder in holders] == [1, 1]


async def test_a_widget_that_never_unsubscribes_is_let_go() -> None:
    """What textual-plotext's plots do: subscribe to the app's theme signal on mount, never unsubscribe.
    The signal's callback held the widget until the next theme change."""

    class Themed(Static):
        def on_mount(self) -> None:
            self.app.theme_changed_signal.subscribe(self, lambda theme: None)

    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.dashboard.session.wait_open()
        before = nodes_now()
        box = Vertical(Themed())
        await app.dashboard.mount(box)
        await box.remove()
        del box
        app.dashboard.notify("a notice")  # any notice, or a screen coming back
        await settle(pilot)
        assert gone_nodes(app, before) == {}


async def test_screens_that_close_leave_nothing_behind() -> None:
    """Help and compare (its results shown) opened and closed, again and again: Textual kept the
    dashboard footer's old keys (each return recomposes it), compare's plots (subscribed to the theme
    signal) and, through its style cache, the lines every widget had rendered."""
    app, _ = make_app()
    gone: list[Counter[str]] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.dashboard.session.wait_open()
        before = nodes_now()
        for _ in range(3):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await small_compare(app, pilot)
            await pilot.press("r")  # the new day's notice: what is gone by now is let go
            await settle(pilot)
            assert app.screen_stack == [app.dashboard]
            gone.append(gone_nodes(app, before))
    assert gone == [{}] * 3


async def test_days_leave_nothing_behind() -> None:
    """Days of rushes and their notices, help opened and closed, then ``r``: after the fourth the app
    holds the same widgets, and the same objects of burger_tui's own classes, as after the first."""

    def census(app: BurgerApp) -> Counter[str]:
        gc.collect()
        counted = Counter(
            type(o).__qualname__
            for o in gc.get_objects()
            if (isinstance(o, Widget) and not isinstance(o, (Toast, ToastHolder)))
            or (type(o).__module__.startswith("burger_tui") and not type(o).__module__.endswith("toasts"))
        )  # notices and their toasts go with real time: not counted
        # Nor the loop-lag meter's causes (the last of them, a window of real time: a bounded deque) and
        # the floor's rows (the fitted ones beside those the floor starts with: one or two).
        for kind in ("Cause", "FloorRows"):
            del counted[kind]
        return counted

    app, _ = make_app()
    days: list[Counter[str]] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.dashboard.session.wait_open()
        # What the dashboard's warm-up imports (a second after the day opens, in real time) is no day's:
        # imported between two censuses, its enums' members were counted as left behind.
        warm_up(app.dashboard.symbols)
        for _ in range(4):
            for _ in range(3):
                await pilot.press("O")
            await pilot.press("question_mark", "escape", "r")
            await settle(pilot)
            days.append(census(app))
    assert days[-1] == days[0], f"more: {days[-1] - days[0]}, fewer: {days[0] - days[-1]}"
