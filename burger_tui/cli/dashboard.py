"""The dashboard (``burger-tui``, its default), its guided tour (``burger-tui tour``) and a recorded day
played back on it (``burger-tui replay FILE``)."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_path

from burger_tui.cli.exits import EXIT_USAGE, discard
from burger_tui.session import Playback
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import RestaurantConfig

if TYPE_CHECKING:
    from burger_tui.ui.app import BurgerApp


def dashboard(
    args: argparse.Namespace,
    _argv: Sequence[str],
    *,
    tour: bool = False,
    playback: Playback | None = None,
) -> int:
    """Open the dashboard until the user quits (``playback``: a recorded day, played as it opens)."""
    # Importing Textual and the dashboard, building the screen and painting it allocate a lot and free
    # almost nothing: the collector's passes over the growing heap only delay the first frame. The
    # collector stays off until then; the app freezes what it finds and turns it back on (on_ready).
    gc.disable()
    from burger_tui.cli.parser import the_opening_line
    from burger_tui.ui.app import BurgerApp

    if playback is None:
        settings = DaySettings(
            RestaurantConfig(
                mode=args.mode, cooks=args.cooks, seed=args.seed, opening_line=the_opening_line(args)
            ),
            speed=args.speed,
            auto_arrivals=not args.no_auto,
        )
    else:
        settings = playback.log.settings
    app = BurgerApp(
        settings.config,
        speed=settings.speed,
        auto_arrivals=settings.auto_arrivals,
        ascii_only=args.ascii,
        tour=tour,
        playback=playback,
        projector=args.projector,
        kept_css=_kept_css(),
    )
    if _no_keys(app):
        sys.stderr.write(
            "burger-tui: error: the dashboard reads its keys from a terminal, and stdin is not one "
            "(without a terminal: burger-tui simulate, compare or narrate)\n"
        )
        return EXIT_USAGE
    app.run()
    if hasattr(signal, "SIGHUP") and app.return_code == 128 + signal.SIGHUP:
        # The terminal is gone, and with it where stdout and stderr went.
        discard(sys.stdout)
        discard(sys.stderr)
    return app.return_code or 0


def _no_keys(app: BurgerApp) -> bool:
    """Whether the dashboard would be drawn on a terminal whose keys it cannot read: stdin not a terminal
    (``< /dev/null``). Textual's input thread then read end-of-file for ever, at a whole core, and nothing
    but a signal ended the app (the twelfth adversarial pass). A browser's tab sends its keys otherwise."""
    terminal = sys.modules.get("burger_tui.ui.terminal_driver")  # imported if the app picked it: a terminal's
    on_a_terminal = terminal is not None and issubclass(app.driver_class, terminal.TerminalDriver)
    return on_a_terminal and not (sys.stdin is not None and sys.stdin.isatty())


def _kept_css() -> Path | None:
    """Where the dashboard keeps its stylesheet as made (see :mod:`burger_tui.ui.parsed_css`): the user's
    cache folder, if there is one (no home, no absolute path: nothing is kept)."""
    path = user_cache_path("burger-tui") / "stylesheet.pickle"
    return path if path.is_absolute() else None


def replay(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """``burger-tui replay FILE``: the recorded day on the dashboard, its keys played at their instants
    (headless with ``--headless``, ``--export`` or ``--json``: see :func:`burger_tui.cli.days.replay`)."""
    if args.headless or args.export is not None or args.json:
        from burger_tui.cli.days import replay as headless

        return headless(args, argv)
    from burger_tui.cli.exits import UsageError
    from burger_tui.cli.options import instant_within
    from burger_tui.day_file import DayFileError, read_day

    try:
        log, until = read_day(args.file)
    except DayFileError as error:
        raise UsageError(str(error)) from None
    return dashboard(args, argv, playback=Playback(log, until, at=instant_within(args.at, until)))


def tour(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """The dashboard with the guided tour playing."""
    return dashboard(args, argv, tour=True)
