"""``burger-tui timeline FILE --svg OUT``: who ran when in a day exported from the dashboard, as a handout.

The day is replayed headless on virtual time (the same day, to the bit: see ``session.replayed``) to the end
of the stretch asked for, and its lanes, the ones the dashboard's ``w`` shows, are written as an SVG
atomically: the old file or the new one, never half of one.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from burger_tui.cli.exits import UsageError
from burger_tui.cli.output import stdout, writing
from burger_tui.sim.lane_view import MarkKind
from burger_tui.sim.model import Mode
from burger_tui.sim.times import clock_text

if TYPE_CHECKING:
    from burger_tui.sim.lane_view import LanesView
    from burger_tui.sim.live import DayLog

SVG_COUPLES = 24  # couples beside *you*: those there longest in the stretch
STDOUT = "-"  # --svg -: the SVG on stdout, as Unix tools read "-" (timeline prints nothing else there)


def timeline(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """Write the lanes of ``args.file``'s day, ``--from`` to ``--to`` (default: all of it), to ``--svg``
    (``-``: stdout)."""
    from burger_tui.day_file import DayFileError, read_day

    try:
        log, exported_at = read_day(args.file)
    except DayFileError as error:
        raise UsageError(str(error)) from None
    start, end = args.start, exported_at if args.end is None else args.end
    if end > exported_at:
        raise UsageError(
            f"--to {clock_text(end)} is beyond the day: {args.file} was exported at {clock_text(exported_at)}"
        )
    if start >= end:
        raise UsageError(f"--from {clock_text(start)} must come before the end, {clock_text(end)}")
    if args.svg == STDOUT:
        view, handout = _handout(log, start, end, args.file)
        with writing():
            stdout().write(handout)
        where = "the SVG to stdout"
    else:
        view, where = _write(log, start, end, args.file, svg_path(args.svg, args.file))
    if view.start > start:
        sys.stderr.write(
            f"burger-tui: a long day keeps its lanes from {clock_text(view.start)} on: the SVG starts there\n"
        )
    sys.stderr.write(f"burger-tui: wrote {where} ({len(view.lanes)} lanes)\n")
    return 0


def _write(log: DayLog, start: float, end: float, day_file: str, target: Path) -> tuple[LanesView, str]:
    """The handout written to ``target`` atomically; its lanes and where it went."""
    from burger_tui.atomic_files import AtomicFiles, WriteError

    try:
        with AtomicFiles({target: None}) as files:  # a path that cannot be written fails before the replay
            view, handout = _handout(log, start, end, day_file)
            files.guard(target, files.file(target).write, handout)
    except WriteError as error:
        raise UsageError(str(error)) from None
    return view, str(target)


def _handout(log: DayLog, start: float, end: float, day_file: str) -> tuple[LanesView, str]:
    """The lanes of ``log``'s day from ``start`` to ``end``, and the SVG that shows them."""
    from burger_tui.timeline_svg import svg

    view = _lanes(log, start, end)
    title = f"Who ran when: {_models(log, view)}, seed {log.settings.config.seed}"
    subtitle = (
        f"{clock_text(view.start)} to {clock_text(view.end)} of the day in {Path(day_file).name}, "
        "replayed: a lane per actor, time left to right"
    )
    return view, svg(view, title=title, subtitle=subtitle)


def svg_path(svg: str, day_file: str) -> Path:
    """The file ``--svg`` names; a folder (``out/``, or ``out`` if one) holds it under the day file's name,
    as ``--export`` does (``out/burger-day-seed7.svg``)."""
    expanded = os.path.expanduser(svg)
    if expanded.endswith(("/", os.sep)) or os.path.isdir(expanded):
        return Path(expanded) / f"{Path(day_file).stem}.svg"
    return Path(expanded)


def _lanes(log: DayLog, start: float, end: float) -> LanesView:
    """The day of ``log`` replayed to ``end``: its lanes from ``start`` (or as far back as a long day keeps
    them)."""
    from burger_tui.session import replayed
    from burger_tui.sim.virtual_loop import UnsupportedAsyncio, run_virtual

    async def replay() -> LanesView:
        async with replayed(log, until=end) as session:
            lanes = session.lanes
            assert lanes is not None, "a replayed day is open"
            return lanes.view(max(start, lanes.kept_from), end, session.clock.now(), couples=SVG_COUPLES)

    try:
        return run_virtual(replay)
    except UnsupportedAsyncio as error:
        raise UsageError(str(error)) from None


def _models(log: DayLog, view: LanesView) -> str:
    """The model at the stretch's start and each it was switched to in it: ``Concurrent Burgers → ...``."""
    mode = log.settings.config.mode
    for entry in log.entries:
        if entry.command == "switch_to" and entry.at <= view.start:
            mode = Mode(entry.argument)
    switched = [mark.text for mark in view.marks if mark.kind is MarkKind.SWITCH and mark.at > view.start]
    return " → ".join([mode.story_title, *switched])
