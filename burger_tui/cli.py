"""Command line: ``burger-tui`` opens the dashboard; ``burger-tui simulate`` runs a day headless.

Bad input never shows a traceback: one line on stderr naming the argument, exit code 2.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, NoReturn

from burger_tui.sim.clock import MAX_SPEED, MIN_SPEED
from burger_tui.sim.distributions import Distribution, parse_distribution
from burger_tui.sim.model import MAX_COOKS, Mode, RestaurantConfig

if TYPE_CHECKING:
    from burger_tui.export import RunExport

# What only the headless commands, the lessons or serve need (export, compare, the lessons, json) is
# imported inside them: the dashboard's start-up time is the time to its first frame.

EXIT_USAGE = 2
MAX_CUSTOMERS = 10_000_000
COMMANDS = ("simulate", "compare", "lesson", "serve")


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are one line (no usage dump) and exit with code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {value}")
        return value

    return parse


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a number above zero, got {text!r}")
    return value


def _float_between(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = _positive_float(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low:g} and {high:g}, got {text}")
        return value

    return parse


_speed = _float_between(MIN_SPEED, MAX_SPEED)


def _distribution(text: str) -> Distribution:
    try:
        return parse_distribution(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _mode(text: str) -> Mode:
    try:
        return Mode(text)
    except ValueError:
        names = ", ".join(m.value for m in Mode)
        raise argparse.ArgumentTypeError(f"{text!r} is not a model; choose one of {names}") from None


def _add_restaurant_options(
    parser: argparse.ArgumentParser, *, defaults: RestaurantConfig, with_mode: bool = True
) -> None:
    if with_mode:
        parser.add_argument(
            "--mode",
            type=_mode,
            default=defaults.mode,
            metavar="{" + ",".join(m.value for m in Mode) + "}",
            help="how the restaurant is organised (default: %(default)s)",
        )
    parser.add_argument(
        "--cooks",
        type=_int_between(1, MAX_COOKS),
        default=defaults.cooks,
        help="cashier-cooks (parallel) or cooks (hybrid); concurrent always has one cook "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=_seed, default=defaults.seed, help="random seed (default: %(default)s)"
    )


def _add_day_options(parser: argparse.ArgumentParser, *, defaults: RestaurantConfig, customers: int) -> None:
    """The options of a headless day, shared by ``simulate`` and ``compare``."""
    parser.add_argument(
        "--customers",
        type=_int_between(1, MAX_CUSTOMERS),
        default=customers,
        help="couples to serve (default: %(default)s)",
    )
    parser.add_argument(
        "--arrival-rate",
        type=_positive_float,
        default=defaults.arrival_rate_per_min,
        metavar="PER_MIN",
        help="Poisson arrivals per minute (default: %(default)s)",
    )
    for name, default in (
        ("order-time", defaults.order_time),
        ("cook-time", defaults.cook_time),
        ("eat-time", defaults.eat_time),
    ):
        parser.add_argument(
            f"--{name}",
            type=_distribution,
            default=default,
            metavar="DIST",
            help=f"fixed:X, exp:MEAN or uniform:A:B seconds (default: {default})",
        )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument(
        "--export",
        metavar="PREFIX",
        help="also write the statistics to PREFIX.json and one row per couple to PREFIX.csv, "
        "atomically (rows stream to disk during the run)",
    )


def _add_compare_command(
    commands: argparse._SubParsersAction[_Parser], *, defaults: RestaurantConfig, full: bool
) -> None:
    compare = commands.add_parser(
        "compare",
        help="run all three models on the same couples and compare them",
        description="Run concurrent, parallel and hybrid on the same seeded couples, side by side, "
        "then sweep the arrival rate. Each model's numbers are what 'simulate --mode M' prints.",
    )
    if not full:
        return
    from burger_tui.sim.compare import DEFAULT_CUSTOMERS as DEFAULT_COMPARE_CUSTOMERS
    from burger_tui.sim.compare import DEFAULT_SWEEP_CUSTOMERS

    _add_restaurant_options(compare, defaults=defaults, with_mode=False)
    _add_day_options(compare, defaults=defaults, customers=DEFAULT_COMPARE_CUSTOMERS)
    compare.add_argument(
        "--sweep-customers",
        type=_int_between(0, MAX_CUSTOMERS),
        default=DEFAULT_SWEEP_CUSTOMERS,
        metavar="N",
        help="couples per point of the arrival-rate sweep; 0 skips the sweep (default: %(default)s)",
    )


def build_parser(commands_to_build: Collection[str] = COMMANDS) -> argparse.ArgumentParser:
    """The command line. Only the sub-commands in ``commands_to_build`` get their options; the others get
    their name and help, which is all ``--help`` and any command line that does not name them need
    (``main`` builds only the commands its arguments name: the lessons' options import the lessons)."""
    defaults = RestaurantConfig()
    parser = _Parser(
        prog="burger-tui",
        description="Concurrent Burgers vs Parallel Burgers: a live terminal restaurant.",
        epilog="Run 'burger-tui simulate --help' for the headless simulator.",
    )
    _add_restaurant_options(parser, defaults=defaults)
    parser.add_argument(
        "--speed",
        type=_speed,
        default=4.0,
        help=f"simulated seconds per real second, {MIN_SPEED:g} to {MAX_SPEED:g} (default: %(default)s)",
    )
    parser.add_argument("--no-auto", action="store_true", help="start empty: no automatic arrivals")
    parser.add_argument("--ascii", action="store_true", help="draw with plain characters instead of emoji")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    simulate = commands.add_parser(
        "simulate",
        help="run a day headless on virtual time and print its statistics",
        description="Run the restaurant headless on virtual time and print its statistics.",
    )
    if "simulate" in commands_to_build:
        _add_restaurant_options(simulate, defaults=defaults)
        _add_day_options(simulate, defaults=defaults, customers=10_000)
    _add_compare_command(commands, defaults=defaults, full="compare" in commands_to_build)
    _add_lesson_command(commands, full="lesson" in commands_to_build)
    _add_serve_command(commands, full="serve" in commands_to_build)
    return parser


def _block_seconds(text: str) -> float:
    from burger_tui.lessons.blocking import MAX_BLOCK_S, MIN_BLOCK_S

    return _float_between(MIN_BLOCK_S, MAX_BLOCK_S)(text)


def _add_lesson_command(commands: argparse._SubParsersAction[_Parser], *, full: bool) -> None:
    """``lesson blocking`` and ``lesson cleaning`` (issue 8: the seed's other lessons)."""
    lesson = commands.add_parser(
        "lesson",
        help="the seed's other lessons, measured for real: blocking, cleaning",
        description="The seed's lessons beyond burgers, measured on this machine.",
    )
    if not full:
        return
    from burger_tui.lessons import blocking, cleaning

    lessons = lesson.add_subparsers(dest="lesson", metavar="LESSON", parser_class=_Parser, required=True)
    block = lessons.add_parser(
        "blocking",
        help="a blocking call inside async def vs the same work in a thread: measured loop lag",
        description="Measure the event loop's lag while the cook blocks it, then while the cook "
        "works in a thread.",
    )
    block.add_argument(
        "--seconds",
        type=_block_seconds,
        default=blocking.DEFAULT_BLOCK_S,
        help=f"real seconds the cook works, {blocking.MIN_BLOCK_S:g} to {blocking.MAX_BLOCK_S:g} "
        "(default: %(default)s)",
    )
    block.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    clean = lessons.add_parser(
        "cleaning",
        help="cleaning a house: CPU work by 1 cleaner, N threads and N processes",
        description="Clean a house of CPU-bound rooms with 1 cleaner, N threads and N processes, "
        "and compare the measured wall times.",
    )
    clean.add_argument(
        "--rooms",
        type=_int_between(1, cleaning.MAX_ROOMS),
        default=cleaning.DEFAULT_ROOMS,
        help="rooms in the house (default: %(default)s)",
    )
    clean.add_argument(
        "--workers",
        type=_int_between(1, cleaning.MAX_WORKERS),
        default=cleaning.default_workers(),
        help="threads and processes (default: usable cores, at least 2: %(default)s)",
    )
    clean.add_argument(
        "--room-size",
        type=_int_between(1_000, 100_000_000),
        default=cleaning.ROOM_STEPS,
        metavar="STEPS",
        help="steps of CPU work per room (default: %(default)s, about 0.25 s)",
    )
    clean.add_argument(
        "--seed", type=_seed, default=cleaning.DEFAULT_SEED, help="seed (default: %(default)s)"
    )
    clean.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def _add_serve_command(commands: argparse._SubParsersAction[_Parser], *, full: bool) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the dashboard to a web browser (textual-serve)",
        description="Serve the dashboard to a web browser; options before 'serve' (--mode, --cooks, "
        "--seed, --speed, ...) are passed to every browser tab's dashboard.",
    )
    if not full:
        return
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port", type=_int_between(1, 65535), default=8000, help="port to listen on (default: %(default)s)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    named = [word for word in argv if word in COMMANDS]
    parser = build_parser(commands_to_build=named)
    if not named and (hint := _command_option_without_command(parser, argv)):
        parser.error(hint)
    args = parser.parse_args(argv)
    try:
        if args.command in ("simulate", "compare"):
            return _headless(args)
        if args.command == "lesson":
            return _lesson(args)
        if args.command == "serve":
            return _serve(args)
        return _dashboard(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _command_option_without_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """``burger-tui --customers 10``: say whose option it is (argparse would call ``10`` a bad command)."""
    dashboard_options = [s for action in parser._actions for s in action.option_strings]
    for word in argv:
        option = word.partition("=")[0]
        if not option.startswith("--") or any(s.startswith(option) for s in dashboard_options):
            continue
        full = build_parser()  # every command's options: only on this error's path
        commands = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
        owners = [name for name, sub in commands.choices.items() if option in sub._option_string_actions]
        if owners:
            return (
                f"{option} is an option of {' and '.join(owners)}, not of the dashboard; "
                f"put it after the command: burger-tui {owners[0]} {option} ..."
            )
    return None


def _headless(args: argparse.Namespace) -> int:
    from burger_tui.export import ExportError

    try:
        return _simulate(args) if args.command == "simulate" else _compare(args)
    except ExportError as error:
        sys.stderr.write(f"burger-tui: error: {error}\n")
        return EXIT_USAGE


def _simulate(args: argparse.Namespace) -> int:
    from burger_tui.progress import stderr_progress
    from burger_tui.report import print_report
    from burger_tui.sim.headless import run_simulation
    from burger_tui.sim.records import CustomerRecorder

    config = _day_config(args)
    with _export_to(args.export) as export, stderr_progress("Serving couples") as on_progress:
        listeners = [CustomerRecorder(sink=export.write_record)] if export else []
        report = run_simulation(config, args.customers, on_progress, listeners)
        if export:
            export.stats = report.as_dict()
    return _show(args, report.as_dict(), lambda: print_report(report), export)


def _compare(args: argparse.Namespace) -> int:
    from burger_tui.progress import stderr_progress
    from burger_tui.report import print_comparison
    from burger_tui.sim.compare import SWEEP_FACTORS, compare
    from burger_tui.sim.records import CustomerRecorder

    config = _day_config(args)
    with _export_to(args.export) as export, stderr_progress("Comparing models") as on_progress:
        comparison = compare(
            config,
            args.customers,
            sweep_customers=args.sweep_customers,
            sweep_factors=SWEEP_FACTORS if args.sweep_customers else (),
            on_progress=on_progress,
            listeners=(lambda _mode: [CustomerRecorder(sink=export.write_record)]) if export else None,
        )
        if export:
            export.stats = comparison.as_dict()
    return _show(args, comparison.as_dict(), lambda: print_comparison(comparison), export)


def _show(
    args: argparse.Namespace,
    result: dict[str, Any],
    print_table: Callable[[], None],
    export: RunExport | None,
) -> int:
    """Print ``result`` as one JSON object (``--json``) or as a table; say where it was exported."""
    if args.json:
        import json

        json.dump(result, sys.stdout)
        sys.stdout.write("\n")
    else:
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
    )


def _export_to(prefix: str | None) -> AbstractContextManager[RunExport | None]:
    """A :class:`RunExport` for ``--export PREFIX`` (its files open before the run), or nothing."""
    from burger_tui.export import RunExport

    return RunExport(prefix) if prefix is not None else nullcontext()


def _dashboard(args: argparse.Namespace) -> int:
    import gc

    # Importing Textual and the dashboard, building the screen and painting it allocate a lot and free
    # almost nothing: the collector's passes over the growing heap only delay the first frame. The
    # collector stays off until then; the app freezes what it finds and turns it back on (on_ready).
    gc.disable()
    from burger_tui.ui.app import BurgerApp

    config = RestaurantConfig(mode=args.mode, cooks=args.cooks, seed=args.seed)
    app = BurgerApp(config, speed=args.speed, auto_arrivals=not args.no_auto, ascii_only=args.ascii)
    app.run()
    return app.return_code or 0


def _lesson(args: argparse.Namespace) -> int:
    import anyio

    if args.lesson == "blocking":
        from burger_tui.lessons import blocking

        report = anyio.run(blocking.run_blocking_lesson, args.seconds)
        text, data = blocking.format_report(report), report.as_dict()
    else:
        from burger_tui.lessons import cleaning

        async def run() -> cleaning.CleaningReport:
            return await cleaning.run_cleaning_lesson(
                args.rooms, args.workers, seed=args.seed, steps=args.room_size, on_progress=progress
            )

        progress = None if args.json or not sys.stderr.isatty() else _cleaning_progress
        report = anyio.run(run)
        text, data = cleaning.format_report(report), report.as_dict()
    if args.json:
        import json

        json.dump(data, sys.stdout)
        sys.stdout.write("\n")
    else:
        print(text)
    return 0


def _cleaning_progress(variant: object, done: int, total: int) -> None:
    label = getattr(variant, "value", variant)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r  {label:<10} {'#' * done}{'.' * (total - done)} {done}/{total}{end}")
    sys.stderr.flush()


def _serve(args: argparse.Namespace) -> int:
    from burger_tui.serve import ServeError, serve

    app_args = ["--mode", args.mode.value, "--cooks", str(args.cooks), "--seed", str(args.seed)]
    app_args += ["--speed", f"{args.speed:g}"]
    app_args += ["--no-auto"] * args.no_auto + ["--ascii"] * args.ascii
    try:
        serve(args.host, args.port, app_args)
    except ServeError as error:
        print(f"burger-tui serve: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0
