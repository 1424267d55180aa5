"""Driving the dashboard on a clock that moves only when a test says so.

The app gets a :class:`~burger_tui.sim.clock.ManualTimeSource` as its real time, and the test
advances it in steps (``advance`` and ``settle``, in tools/driving.py, shared with the screenshot
tool), letting the restaurant react at each. Every visible value then comes from the seeded
simulation, so the same script gives the same screen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from textual.events import Key, Resize
from textual.geometry import Region, Size
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import Static

from burger_tui.compare_pool import compare
from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.compare import Comparison
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.widgets.narration_log import NarrationLog
from tools.driving import advance as advance  # re-exported: the tests drive as the screenshots do
from tools.driving import settle as settle

MAX_TURNS = 1000  # of the app's, for the keys of a burst to be handed on: far more than any test sends


async def quick_press(pilot: Pilot[None], *keys: str) -> None:
    """Keys as the terminal driver delivers a burst of them (a script, a paste, a fast typist on a busy
    machine): all in the app's queue before it handles the first. Then wait until the app has handed on
    every one and the screen has handled them.

    ``Pilot.press`` (and ``App.simulate_key``) wait for the CPU to go idle after each key (at least
    2 x 20 ms of real time per key), so a key never arrives before the last one's effects: a user's quick
    second key does.
    """
    app = pilot.app
    assert isinstance(app, BurgerApp)
    assert app._driver is not None
    for key in keys:
        app._driver.send_message(key_event(key))
    for _ in range(MAX_TURNS):
        await pilot._wait_for_screen()
        if not app.keys_held or app.return_code is not None:  # handed on, or the app is ending (q)
            return
        await pilot.pause()
    raise AssertionError(f"the app still holds keys after {MAX_TURNS} turns")


def key_event(key: str) -> Key:
    """The event the terminal driver sends for ``key`` (a Textual key name, or a character)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return Key(key, character)


async def resize(pilot: Pilot[None], width: int, height: int) -> None:
    """The terminal resized, and the screen done with it: ``Pilot.resize_terminal`` waits for the messages
    queued as it posts the app's ``Resize``, and the app sends the screen its own ``Resize`` only as it
    handles that one, after the screen's last message counted; on a busy machine the wait for idle CPU
    that follows ended before the screen had it. Waiting once more takes in the screen's."""
    await pilot.resize_terminal(width, height)
    await pilot._wait_for_screen()


async def quick_resize(pilot: Pilot[None], width: int, height: int) -> None:
    """``Pilot.resize_terminal`` without its idle wait."""
    size = Size(width, height)
    pilot.app._driver._size = size  # type: ignore[union-attr]  # the headless driver's size
    pilot.app.post_message(Resize(size, size))
    await pilot._wait_for_screen()


@asynccontextmanager
async def dashboard(app: BurgerApp, size: tuple[int, int] | None = None) -> AsyncIterator[Pilot[None]]:
    """``app.run_test()`` from the moment the first day is open (it opens just after the first frame)."""
    async with app.run_test(size=size) as pilot:
        await app.dashboard.session.wait_open()
        yield pilot


def make_app(
    *,
    auto: bool = False,
    speed: float = 1.0,
    ascii_only: bool = False,
    fps: float = 30.0,
    loop_lag_meter: bool = True,
    projector: bool = False,
    **config: object,
) -> tuple[BurgerApp, ManualTimeSource]:
    """A dashboard whose real time is a :class:`ManualTimeSource`: it moves only in ``advance``.

    Times may be given as distribution specs (``cook_time="fixed:120"``).
    """
    for name in ("order_time", "cook_time", "eat_time"):
        if isinstance(spec := config.get(name), str):
            config[name] = parse_distribution(spec)
    source = ManualTimeSource()
    app = BurgerApp(
        RestaurantConfig(**config),  # type: ignore[arg-type]
        speed=speed,
        auto_arrivals=auto,
        ascii_only=ascii_only,
        time_source=source,
        fps=fps,
        loop_lag_meter=loop_lag_meter,
        projector=projector,
    )
    return app, source


def narration_text(app: BurgerApp) -> str:
    """The narration log as one line of words."""
    return " ".join(app.dashboard.query_one(NarrationLog).text.split())


def small_compare(config: RestaurantConfig, customers: int, **options: Any) -> Comparison:
    """The comparison on 60 couples, all in the worker thread: the same screen in a fraction of a second
    (a real one is ~2 s of CPU and worker processes; ``tests/ui/test_compare_screen.py`` covers it)."""
    return compare(config, 60, **{**options, "sweep_customers": 20, "jobs": 1})


def narration_on_screen(app: BurgerApp) -> str:
    """The narration's lines in view (scrolled as they are), as one line of words."""
    log = app.dashboard.query_one(NarrationLog)
    text = log.query_one(Static)
    region = Region(0, round(log.scroll_y), text.size.width, log.scrollable_content_region.height)
    return " ".join(" ".join(strip.text for strip in text.render_lines(region)).split())


def notices(app: BurgerApp) -> str:
    """The notices in the dashboard's caption, one per line ("" before the first)."""
    caption = app.dashboard.caption
    return "" if caption is None or not caption.display else caption.text


def apps_opened(monkeypatch: pytest.MonkeyPatch) -> list[BurgerApp]:
    """The dashboards the command line opens from here on, each kept as it would start and not run; as in a
    terminal (stdin here is not one, and the command line would refuse it)."""
    from burger_tui.cli import dashboard as cli_dashboard

    opened: list[BurgerApp] = []
    monkeypatch.setattr(BurgerApp, "run", lambda self, *_a, **_k: opened.append(self))
    monkeypatch.setattr(cli_dashboard, "_no_keys", lambda _app: False)
    return opened
