"""Hearing the dashboard's days open, the one way a test gets hold of a day's restaurant.

A test reads the day through its session (snapshots, ``days``, ``running``) and acts through its
commands. Some promises are about a day itself: every task of the old day has ended after a reset, a
fault injected into the day's actors. For those, the test hears each day as the session opens it,
before its first couple, as the property tests do with ``DaySession(also_listening=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.ui.app import BurgerApp


def on_each_day(app: BurgerApp, opened: Callable[[Restaurant], Sequence[Listener]]) -> None:
    """Call ``opened`` with each day's restaurant as the app's session opens it; its listeners hear the
    day from its first event, beside the dashboard's. Call before the first day opens."""
    session = app.dashboard.session
    assert not session.days, "the first day is open already: it would not be heard"
    dashboard_listeners = session.day_listeners

    def and_the_test(restaurant: Restaurant) -> Sequence[Listener]:
        return [*dashboard_listeners(restaurant), *opened(restaurant)]

    session.day_listeners = and_the_test


def every_day(app: BurgerApp) -> list[Restaurant]:
    """The restaurant of each day the app opens, in order (the day open now: the last one)."""
    days: list[Restaurant] = []

    def note(restaurant: Restaurant) -> Sequence[Listener]:
        days.append(restaurant)
        return ()

    on_each_day(app, note)
    return days
