"""The dashboard (``burger-tui``, its default) and its guided tour (``burger-tui tour``)."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence

from burger_tui.sim.model import RestaurantConfig


def dashboard(args: argparse.Namespace, _argv: Sequence[str], *, tour: bool = False) -> int:
    """Open the dashboard until the user quits."""
    # Importing Textual and the dashboard, building the screen and painting it allocate a lot and free
    # almost nothing: the collector's passes over the growing heap only delay the first frame. The
    # collector stays off until then; the app freezes what it finds and turns it back on (on_ready).
    gc.disable()
    from burger_tui.ui.app import BurgerApp

    config = RestaurantConfig(mode=args.mode, cooks=args.cooks, seed=args.seed)
    app = BurgerApp(
        config, speed=args.speed, auto_arrivals=not args.no_auto, ascii_only=args.ascii, tour=tour
    )
    app.run()
    return app.return_code or 0


def tour(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """The dashboard with the guided tour playing."""
    return dashboard(args, argv, tour=True)
