"""Driving the dashboard on a clock that moves only when a test says so."""

from __future__ import annotations

from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.scripted import advance, settle

__all__ = ["advance", "make_app", "settle"]


def make_app(
    *, auto: bool = False, speed: float = 1.0, ascii_only: bool = False, **config: object
) -> tuple[BurgerApp, ManualTimeSource]:
    """A dashboard whose real time is a :class:`ManualTimeSource`: it moves only in ``advance``."""
    source = ManualTimeSource()
    app = BurgerApp(
        RestaurantConfig(**config),  # type: ignore[arg-type]
        speed=speed,
        auto_arrivals=auto,
        ascii_only=ascii_only,
        time_source=source,
    )
    return app, source
