"""The headless days: ``simulate``, ``compare`` and ``trace``, on virtual time, printed as a table or JSON."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from burger_tui.cli.exits import EXIT_FAILED, EXIT_USAGE, UsageError
from burger_tui.cli.output import print_json, print_text, writing
from burger_tui.sim.distributions import exact
from burger_tui.sim.limits import MAX_ARRIVAL_RATE_PER_MIN, MIN_ARRIVAL_RATE_PER_MIN, SWEEP_FACTORS
from burger_tui.sim.model import Mode, RestaurantConfig

if TYPE_CHECKING:
    from burger_tui.export import RunExport
    from burger_tui.sim.restaurant import Listener

# Export, compare, JSON and Rich are imported when a day runs: the dashboard's start-up imports this module.


def simulate(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """``burger-tui simulate``: one day of one model."""
    return _on_virtual_time(partial(_exported, _simulate), args)


def compare(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """``burger-tui compare``: the three models on the same couples, and the sweep."""
    return _on_virtual_time(partial(_exported, _compare), args)


def trace(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """``burger-tui trace``: a small day, step by step."""
    return _on_virtual_time(_trace, args)


def replay(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """``burger-tui replay FILE``: a day exported from the dashboard, again, on virtual time."""
    return _on_virtual_time(_replay, args)


def _on_virtual_time(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command whose days run on the virtual-time loop: where this Python's asyncio lacks what the
    loop relies on, one line says so (the dashboard's live restaurant runs on Textual's own loop)."""
    from burger_tui.sim.ctrl_c import ctrl_c_noted
    from burger_tui.sim.virtual_loop import UnsupportedAsyncio

    try:
        with ctrl_c_noted():  # its days and what runs between them: no Ctrl+C lost (sim/ctrl_c.py)
            return command(args)
    except UnsupportedAsyncio as error:
        sys.stderr.write(f"burger-tui: error: {error}\n")
        return EXIT_USAGE


def _exported(run: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run ``run``; with ``--export``, a file that cannot be written is one line and exit code 2."""
    if args.export is None:  # nothing can fail to export: not even the export module is imported
        return run(args)
    from burger_tui.export import ExportError

    try:
        return run(args)
    except ExportError as error:
        sys.stderr.write(f"burger-tui: error: {error}\n")
        return EXIT_USAGE


def _simulate(args: argparse.Namespace) -> int:
    from burger_tui.progress import stderr_progress
    from burger_tui.sim.headless import run_simulation

    config = _day_config(args)
    with _export_to(args.export, args.seed) as export, stderr_progress("Serving couples") as on_progress:
        listeners = [_recorder(export)] if export else []
        report = run_simulation(config, args.customers, on_progress, listeners)
        if export:
            export.stats = report.as_dict()

    def print_table() -> None:
        from burger_tui.report import print_report  # Rich: only for a table, not for --json

        print_report(report)

    return _show(args, report.as_dict(), print_table, export)


def _compare(args: argparse.Namespace) -> int:
    from burger_tui.compare_pool import WorkerLost, compare
    from burger_tui.progress import stderr_progress

    config = _day_config(args)
    factors = SWEEP_FACTORS if args.sweep_customers else ()
    _check_sweep(config, factors)
    try:
        comparing = stderr_progress("Comparing models")
        with _export_to(args.export, args.seed, "compare") as export, comparing as on_progress:
            comparison = compare(
                config,
                args.customers,
                sweep_customers=args.sweep_customers,
                sweep_factors=factors,
                on_progress=on_progress,
                listeners=(lambda _mode: [_recorder(export)]) if export else None,
                jobs=args.jobs,
            )
            if export:
                export.stats = comparison.as_dict()
    except WorkerLost as error:  # leaving the block with it discards the export (if any)
        sys.stderr.write(f"burger-tui: error: {error}\n")
        return EXIT_FAILED

    def print_table() -> None:
        from burger_tui.report import print_comparison  # Rich: only for a table, not for --json

        print_comparison(comparison)

    return _show(args, comparison.as_dict(), print_table, export)


def _replay(args: argparse.Namespace) -> int:
    """Replay the day of ``args.file`` to the instant it was exported (or ``--at``); print its statistics, and
    with ``--export`` write the day's export again (the same rows, statistics and log)."""
    from burger_tui.cli.options import instant_within
    from burger_tui.day_file import DayFileError, read_day
    from burger_tui.session import replayed
    from burger_tui.sim.headless import RunReport
    from burger_tui.sim.live import Outcome, Tone
    from burger_tui.sim.virtual_loop import run_virtual

    try:
        log, until = read_day(args.file)
    except DayFileError as error:
        raise UsageError(str(error)) from None
    if (at := instant_within(args.at, until)) is not None:
        until = at

    async def again() -> tuple[RunReport, Outcome | None]:
        async with replayed(log, until=until) as session:
            return session.report(), None if args.export is None else session.export_to(args.export)

    report, exported = run_virtual(again)
    if exported is not None and exported.tone is Tone.ERROR:
        sys.stderr.write(f"burger-tui: error: {exported.text}\n")
        return EXIT_USAGE

    def print_table() -> None:
        from burger_tui.report import print_report

        print_report(report)

    code = _show(args, report.as_dict(), print_table, None)
    if exported is not None and exported.text:  # the paths, said as the other commands say them
        sys.stderr.write(f"burger-tui: exported {exported.text}\n")
    return code


def _recorder(export: RunExport) -> Listener:
    """A listener that writes one row per couple to ``export``."""
    from burger_tui.sim.records import CustomerRecorder

    return CustomerRecorder(sink=export.write_record)


def _check_sweep(config: RestaurantConfig, factors: Sequence[float]) -> None:
    """The sweep runs the day at ``factors`` times the arrival rate: each of those rates must be one a
    day accepts, or compare would fail half-way."""
    for factor in factors:
        try:
            replace(config, arrival_rate_per_min=config.arrival_rate_per_min * factor)
        except ValueError:
            low, high = MIN_ARRIVAL_RATE_PER_MIN / min(factors), MAX_ARRIVAL_RATE_PER_MIN / max(factors)
            # Rounded inwards: every rate the message allows is one the sweep accepts.
            low, high = math.ceil(low * 1000) / 1000, math.floor(high * 100) / 100
            raise UsageError(
                f"argument --arrival-rate: the sweep runs {min(factors):g}x to {max(factors):g}x the rate, "
                f"so with a sweep it must be between {exact(low)} and {exact(high)} couples per minute, "
                f"got {exact(config.arrival_rate_per_min)} (--sweep-customers 0 skips the sweep)"
            ) from None


def _show(
    args: argparse.Namespace,
    result: dict[str, Any],
    print_table: Callable[[], None],
    export: RunExport | None,
) -> int:
    """Print ``result`` as one JSON object (``--json``) or as a table; say where it was exported."""
    from burger_tui.sim.ctrl_c import raise_if_ctrl_c_was_pressed

    raise_if_ctrl_c_was_pressed()  # nothing printed after a Ctrl+C
    if args.json:
        print_json(result)
    else:
        with writing():
            print_table()
    if export:
        sys.stderr.write(f"burger-tui: exported {export.paths}\n")
    return 0


def _day_config(args: argparse.Namespace) -> RestaurantConfig:
    return RestaurantConfig(
        mode=getattr(args, "mode", Mode.CONCURRENT),  # compare has no --mode: it runs every model
        cooks=args.cooks,
        arrival_rate_per_min=args.arrival_rate,
        order_time=args.order_time,
        cook_time=args.cook_time,
        eat_time=args.eat_time,
        seed=args.seed,
        opening_line=args.opening_line,
    )


def _trace(args: argparse.Namespace) -> int:
    from burger_tui.sim.program.trace import format_trace, trace_day

    config = RestaurantConfig(
        mode=args.mode, cooks=args.cooks, seed=args.seed, opening_line=args.opening_line
    )
    steps = trace_day(config, args.customers)
    if args.json:
        print_json([step.as_dict() for step in steps])
    else:
        print_text(format_trace(config, args.customers, steps))
    return 0


def _export_to(prefix: str | None, seed: int, what: str = "day") -> AbstractContextManager[RunExport | None]:
    """A :class:`RunExport` for ``--export PREFIX`` (its files open before the run), or nothing.

    A folder (``--export runs/``) gets the files under the name the dashboard offers for ``seed``'s day
    (``what``: ``compare``, a comparison's)."""
    if prefix is None:
        return nullcontext()
    from burger_tui.export import RunExport, default_prefix

    return RunExport(prefix, name_in_folder=default_prefix(seed, what))
