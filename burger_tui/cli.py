"""Command line: ``burger-tui`` opens the dashboard; ``burger-tui simulate`` runs a day headless.

Bad input never shows a traceback: one line on stderr naming the option and what it accepts, exit code
2. The numbers of a day are checked where the simulation checks them (``RestaurantConfig``,
``Distribution``; the ranges are in :mod:`burger_tui.sim.limits`), so the command line, the dashboard
and the library accept exactly the same values.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from burger_tui.lessons import settings as lessons
from burger_tui.sim.distributions import SPEC_HELP, Distribution, exact, parse_distribution, quoted
from burger_tui.sim.limits import (
    DEFAULT_COMPARE_CUSTOMERS,
    DEFAULT_SIMULATE_CUSTOMERS,
    DEFAULT_SWEEP_CUSTOMERS,
    MAX_ARRIVAL_RATE_PER_MIN,
    MAX_CUSTOMERS,
    MAX_DURATION_S,
    MAX_SPEED,
    MIN_ARRIVAL_RATE_PER_MIN,
    MIN_MEAN_S,
    MIN_SPEED,
)
from burger_tui.sim.model import MAX_COOKS, Mode, RestaurantConfig
from burger_tui.sim.program import DEFAULT_TRACE_CUSTOMERS, MAX_TRACE_CUSTOMERS

if TYPE_CHECKING:
    from burger_tui.export import RunExport
    from burger_tui.sim.restaurant import Listener

# What only the headless commands, the lessons or serve need (export, compare, the lessons, json, rich)
# is imported when they run: the dashboard's start-up time is the time to its first frame.

EXIT_USAGE = 2  # argparse's code for bad input
EXIT_FAILED = 1  # the command could not finish (a worker killed, the output's disk full)
# When stdout's reader goes away (`| head`): success, as the reader chose to stop. Whether a write meets the
# closed pipe at all depends on timing (a short output fits in the pipe before `head` leaves), so any other
# code would differ from run to run and between the table and --json.
EXIT_BROKEN_PIPE = 0
EXIT_INTERRUPTED = 128 + signal.SIGINT  # the shell's code for a program stopped by Ctrl+C

T = TypeVar("T")


class _UsageError(Exception):
    """Bad input found after parsing (a combination of options): reported like argparse's errors."""


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are one line (no usage dump) and exit with code 2.

    It also keeps its own table of what it was given: ``options`` (every option string) and
    ``commands`` (each sub-command's parser, by name), which the hint for an option given without its
    command reads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options: set[str] = set()  # before argparse's __init__, which adds --help
        self.commands: dict[str, _Parser] = {}
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> argparse.Action:
        self.options.update(name for name in name_or_flags if name.startswith("-"))
        return super().add_argument(*name_or_flags, **kwargs)

    def add_commands(self, dest: str, metavar: str, *, required: bool = False) -> _Commands:
        """Sub-commands of this parser, e.g. ``simulate`` or ``lesson cleaning``."""
        return _Commands(self, dest, metavar, required)

    def owners(self, option: str) -> list[str]:
        """The commands (``"lesson cleaning"`` for a nested one) that take ``option``."""
        found = []
        for name, command in self.commands.items():
            if option in command.options:
                found.append(name)
            found += [f"{name} {owner}" for owner in command.owners(option)]
        return found


class _Commands:
    """What ``add_subparsers`` gives, keeping each new command's parser in the parent's table."""

    def __init__(self, parent: _Parser, dest: str, metavar: str, required: bool) -> None:
        self._parent = parent
        self._action = parent.add_subparsers(
            dest=dest, metavar=metavar, required=required, parser_class=_Parser
        )

    def add_parser(self, name: str, **kwargs: Any) -> _Parser:
        """A new sub-command called ``name``; ``kwargs`` as for ``ArgumentParser``, plus ``help``."""
        command = self._action.add_parser(name, **kwargs)
        self._parent.commands[name] = command
        return command


class _Version(argparse.Action):
    """``--version``: ``burger-tui <version>`` on stdout, exit 0.

    The version is read only when asked: the parser is built on every start of the dashboard, and the
    package metadata is found by scanning ``sys.path``.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> NoReturn:
        try:
            sys.stdout.write(f"burger-tui {_version()}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            _let_the_reader_go()
        parser.exit()


def _version() -> str:
    """The installed distribution's version, or the source's own when run from a checkout never installed."""
    from importlib import metadata

    try:
        return metadata.version("burger-tui")
    except metadata.PackageNotFoundError:
        from burger_tui import __version__

        return __version__


# -- what an option's text may be --------------------------------------------------------------------

_WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9][0-9_]*\s*")


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        if _WHOLE_NUMBER.fullmatch(text):  # int() refuses numbers of more than 4300 digits
            raise argparse.ArgumentTypeError(f"{quoted(text)} is far too large") from None
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a number") from None


def _int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = _whole_number(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {quoted(text)}")
        return value

    return parse


def _float_between(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = _number(text)
        if not low <= value <= high:  # NaN fails every comparison
            raise argparse.ArgumentTypeError(f"must be between {low:g} and {high:g}, got {quoted(text)}")
        return value

    return parse


def _day_setting(field: str, parse: Callable[[str], T]) -> Callable[[str], T]:
    """An option that is a field of :class:`RestaurantConfig`, checked by ``RestaurantConfig`` itself."""

    def check(text: str) -> T:
        value = parse(text)
        setting: dict[str, Any] = {field: value}
        try:
            RestaurantConfig(**setting)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        return value

    return check


def _distribution(text: str) -> Distribution:
    try:
        return parse_distribution(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _mode(text: str) -> Mode:
    try:
        return Mode(text)
    except ValueError:
        names = ", ".join(m.value for m in Mode)
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a model; choose one of {names}") from None


_cooks = _day_setting("cooks", _whole_number)
_seed = _day_setting("seed", _whole_number)
_arrival_rate = _day_setting("arrival_rate_per_min", _number)
_speed = _float_between(MIN_SPEED, MAX_SPEED)


def _token(text: str) -> str:
    from burger_tui.serve_guard import TokenError, checked_token

    try:
        return checked_token(text)
    except TokenError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# -- the parser ----------------------------------------------------------------------------------------


def _add_restaurant_options(parser: _Parser, *, defaults: RestaurantConfig, with_mode: bool = True) -> None:
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
        type=_cooks,
        default=defaults.cooks,
        help=f"cashier-cooks (parallel) or cooks (hybrid), 1 to {MAX_COOKS}; concurrent always has one "
        "cook (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        default=defaults.seed,
        help="random seed, a signed 64-bit whole number (default: %(default)s)",
    )


def _add_day_options(parser: _Parser, *, defaults: RestaurantConfig, customers: int) -> None:
    """The options of a headless day, shared by ``simulate`` and ``compare``."""
    parser.add_argument(
        "--customers",
        type=_int_between(1, MAX_CUSTOMERS),
        default=customers,
        help=f"couples to serve, 1 to {MAX_CUSTOMERS:,} (default: %(default)s)",
    )
    parser.add_argument(
        "--arrival-rate",
        type=_arrival_rate,
        default=defaults.arrival_rate_per_min,
        metavar="PER_MIN",
        help=f"Poisson arrivals per minute, {MIN_ARRIVAL_RATE_PER_MIN:g} to {MAX_ARRIVAL_RATE_PER_MIN:,.0f} "
        "(default: %(default)s)",
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
            help=f"{SPEC_HELP}, times 0 to {MAX_DURATION_S:,.0f} s, an exp mean at least {MIN_MEAN_S:g} s "
            f"(default: {default})",
        )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument(
        "--export",
        metavar="PREFIX",
        help="also write the statistics to PREFIX.json and one row per couple to PREFIX.csv, "
        "atomically (rows stream to disk during the run)",
    )


def build_parser() -> _Parser:
    """The command line, every command with all its options.

    Building it imports no lesson, no compare, no export and no JSON: the defaults they have are
    constants of light modules (:mod:`burger_tui.sim.limits`, :mod:`burger_tui.lessons.settings`), and
    what only a lesson can know (the cores it may use) is resolved when it runs.
    """
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
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    commands = parser.add_commands("command", "COMMAND")

    simulate = commands.add_parser(
        "simulate",
        help="run a day headless on virtual time and print its statistics",
        description="Run the restaurant headless on virtual time and print its statistics.",
    )
    _add_restaurant_options(simulate, defaults=defaults)
    _add_day_options(simulate, defaults=defaults, customers=DEFAULT_SIMULATE_CUSTOMERS)
    _add_compare_command(commands, defaults=defaults)
    _add_trace_command(commands, defaults=defaults)
    _add_lesson_command(commands)
    _add_serve_command(commands)
    commands.add_parser(
        "tour",
        help="the dashboard playing the story by itself, narrated (any key takes over)",
        description="Open the dashboard with the guided tour playing: concurrent with a rush, the live "
        "switch to parallel, hybrid, then compare. Options before 'tour' (--seed, --speed, ...) apply.",
    )
    return parser


MAX_JOBS = 64  # compare's --jobs: processes, one per core


def _add_compare_command(commands: _Commands, *, defaults: RestaurantConfig) -> None:
    compare = commands.add_parser(
        "compare",
        help="run all three models on the same couples and compare them",
        description="Run concurrent, parallel and hybrid on the same seeded couples, side by side, "
        "then sweep the arrival rate. Each model's numbers are what 'simulate --mode M' prints.",
    )
    _add_restaurant_options(compare, defaults=defaults, with_mode=False)
    _add_day_options(compare, defaults=defaults, customers=DEFAULT_COMPARE_CUSTOMERS)
    compare.add_argument(
        "--sweep-customers",
        type=_int_between(0, MAX_CUSTOMERS),
        default=DEFAULT_SWEEP_CUSTOMERS,
        metavar="N",
        help="couples per point of the arrival-rate sweep (0.5x to 1.5x the rate); 0 skips the sweep "
        "(default: %(default)s)",
    )
    compare.add_argument(
        "--jobs",
        type=_int_between(1, MAX_JOBS),
        default=None,
        metavar="N",
        help=f"run the days on N cores, 1 to {MAX_JOBS} (1: one after another; default: every core)",
    )


def _add_trace_command(commands: _Commands, *, defaults: RestaurantConfig) -> None:
    trace = commands.add_parser(
        "trace",
        help="step through a small seeded day: each task's await, step by step",
        description="Step through a small seeded day on virtual time, as the dashboard's step key (n) "
        "does: at each step, the simulated time, every task that ran, the await it woke at and the "
        "await it is paused at now.",
    )
    _add_restaurant_options(trace, defaults=defaults)
    trace.add_argument(
        "--customers",
        type=_int_between(1, MAX_TRACE_CUSTOMERS),
        default=DEFAULT_TRACE_CUSTOMERS,
        help=f"couples of the day, 1 to {MAX_TRACE_CUSTOMERS} (default: %(default)s)",
    )
    trace.add_argument("--json", action="store_true", help="print one JSON array (one object per step)")


def _add_lesson_command(commands: _Commands) -> None:
    """``lesson blocking`` and ``lesson cleaning`` (issue 8: the seed's other lessons)."""
    lesson = commands.add_parser(
        "lesson",
        help="the seed's other lessons, measured for real: blocking, cleaning",
        description="The seed's lessons beyond burgers, measured on this machine.",
    )
    kinds = lesson.add_commands("lesson", "LESSON", required=True)
    block = kinds.add_parser(
        "blocking",
        help="a blocking call inside async def vs the same work in a thread: measured loop lag",
        description="Measure the event loop's lag while the cook blocks it, then while the cook "
        "works in a thread.",
    )
    block.add_argument(
        "--seconds",
        type=_float_between(lessons.MIN_BLOCK_S, lessons.MAX_BLOCK_S),
        default=lessons.DEFAULT_BLOCK_S,
        help=f"real seconds the cook works, {lessons.MIN_BLOCK_S:g} to {lessons.MAX_BLOCK_S:g} "
        "(default: %(default)s)",
    )
    block.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    clean = kinds.add_parser(
        "cleaning",
        help="cleaning a house: CPU work by 1 cleaner, N threads and N processes",
        description="Clean a house of CPU-bound rooms with 1 cleaner, N threads and N processes, "
        "and compare the measured wall times.",
    )
    clean.add_argument(
        "--rooms",
        type=_int_between(1, lessons.MAX_ROOMS),
        default=lessons.DEFAULT_ROOMS,
        help=f"rooms in the house, 1 to {lessons.MAX_ROOMS} (default: %(default)s)",
    )
    clean.add_argument(
        "--workers",
        type=_int_between(1, lessons.MAX_WORKERS),
        help=f"threads and processes, 1 to {lessons.MAX_WORKERS} (default: one per usable core, 2 to 8)",
    )
    clean.add_argument(
        "--room-size",
        type=_int_between(lessons.MIN_ROOM_STEPS, lessons.MAX_ROOM_STEPS),
        default=lessons.ROOM_STEPS,
        metavar="STEPS",
        help=f"steps of CPU work per room, {lessons.MIN_ROOM_STEPS:,} to {lessons.MAX_ROOM_STEPS:,} "
        "(default: %(default)s, about 0.25 s)",
    )
    clean.add_argument(
        "--seed",
        type=_seed,
        default=lessons.DEFAULT_SEED,
        help="seed, a signed 64-bit whole number (default: %(default)s)",
    )
    clean.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def _add_serve_command(commands: _Commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the dashboard to a web browser (textual-serve)",
        description="Serve the dashboard to web browsers, a tab a dashboard; the dashboard's options "
        "(--mode, --cooks, --seed, --speed, --ascii, ...), before or after 'serve', go to every tab. On a "
        "network address (--host 0.0.0.0) a visitor needs the printed URL, with its token.",
    )
    from burger_tui.serve_settings import DEFAULT_MAX_SESSIONS, DEFAULT_PER_ADDRESS, MAX_SESSIONS_LIMIT

    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on; 0.0.0.0 lets the other machines of your network in (a classroom): each "
        "then needs the URL printed at the start, with its token (default: %(default)s)",
    )
    serve.add_argument(
        "--port", type=_int_between(1, 65535), default=8000, help="port to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--max-sessions",
        type=_int_between(1, MAX_SESSIONS_LIMIT),
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help="browser tabs served at once, each its own dashboard process; the next visitor is told to "
        "try again later (default: %(default)s)",
    )
    serve.add_argument(
        "--max-per-address",
        type=_int_between(1, MAX_SESSIONS_LIMIT),
        metavar="N",
        help="browser tabs one computer may have at once, so that one student cannot take every seat "
        f"(default: {DEFAULT_PER_ADDRESS} on a network address; all of --max-sessions on loopback)",
    )
    secret = serve.add_mutually_exclusive_group()
    secret.add_argument(
        "--token",
        type=_token,
        help="the secret in the room's URL, instead of a random one (also asked for on loopback)",
    )
    secret.add_argument(
        "--no-token",
        action="store_true",
        help="let anyone who can reach the port open a dashboard, without a token (a warning says so)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` and return its exit code.

    Without ``argv`` it is the program itself (the ``burger-tui`` command, ``python -m burger_tui``):
    it reads this process's arguments, and the process ends when it returns.
    """
    program = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    if hint := _command_option_without_command(parser, argv):
        parser.error(hint)
    argv = _dashboard_options_first(parser, argv)
    args = parser.parse_args(argv)
    try:
        if args.command in ("simulate", "compare"):
            return _on_virtual_time(_headless, args)
        if args.command == "trace":
            return _on_virtual_time(_trace, args)
        if args.command == "lesson":
            return _lesson(args)
        if args.command == "tour":
            return _dashboard(args, tour=True)
        if args.command == "serve":
            return _serve(args, argv)
        return _dashboard(args)
    except _UsageError as error:
        parser.commands[args.command].error(str(error))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        _let_the_reader_go()
        return EXIT_BROKEN_PIPE
    finally:
        if program and sys.stdout is not None:  # None: started with stdout closed (>&-)
            try:  # what is still in stdout's buffer meets a gone reader here, not at the interpreter's exit
                sys.stdout.flush()
            except BrokenPipeError:
                _let_the_reader_go()
            # The process ends next: the collector's passes on the way out would walk every object the
            # imports made (~10 ms, measured after a headless command) to free nothing that matters then.
            gc.freeze()


def _let_the_reader_go() -> None:
    """stdout's reader went away: what is left to write goes nowhere (Python would report it at exit)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _command_option_without_command(parser: _Parser, argv: Sequence[str]) -> str | None:
    """``burger-tui --customers 10``: say whose option it is (argparse would call ``10`` a bad command)."""
    if any(word in parser.commands for word in argv):
        return None
    for word in argv:
        option = word.partition("=")[0]
        # Not an option, or one of the dashboard's (argparse also takes an unambiguous prefix of one).
        if not option.startswith("--") or any(name.startswith(option) for name in parser.options):
            continue
        if owners := parser.owners(option):
            listed = " and ".join([", ".join(owners[:-1]), owners[-1]] if len(owners) > 1 else owners)
            return (
                f"{option} is an option of {listed}, not of the dashboard; "
                f"put it after the command: burger-tui {owners[0]} {option} ..."
            )
    return None


def _on_virtual_time(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command whose days run on the virtual-time loop: where this Python's asyncio lacks what the
    loop relies on, one line says so (the dashboard's live restaurant runs on Textual's own loop)."""
    from burger_tui.sim.virtual_loop import UnsupportedAsyncio

    try:
        return command(args)
    except UnsupportedAsyncio as error:
        sys.stderr.write(f"burger-tui: error: {error}\n")
        return EXIT_USAGE


def _headless(args: argparse.Namespace) -> int:
    run = _simulate if args.command == "simulate" else _compare
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
    from burger_tui.progress import stderr_progress
    from burger_tui.sim.compare import SWEEP_FACTORS, WorkerLost, compare

    config = _day_config(args)
    factors = SWEEP_FACTORS if args.sweep_customers else ()
    _check_sweep(config, factors)
    try:
        with _export_to(args.export, args.seed) as export, stderr_progress("Comparing models") as on_progress:
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
            raise _UsageError(
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
    if args.json:
        _print_json(result)
    else:
        print_table()
    if export:
        sys.stderr.write(f"burger-tui: exported {export.paths}\n")
    return 0


def _print_json(data: dict[str, Any] | list[Any]) -> None:
    """One line of strict JSON: a NaN or an infinity is a bug to raise, never ``NaN`` for a reader
    to choke on (the accepted ranges keep every number finite)."""
    import json

    sys.stdout.write(json.dumps(data, allow_nan=False) + "\n")


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


def _trace(args: argparse.Namespace) -> int:
    from burger_tui.sim.program.trace import format_trace, trace_day

    config = RestaurantConfig(mode=args.mode, cooks=args.cooks, seed=args.seed)
    steps = trace_day(config, args.customers)
    if args.json:
        _print_json([step.as_dict() for step in steps])
    else:
        print(format_trace(config, args.customers, steps))
    return 0


def _export_to(prefix: str | None, seed: int) -> AbstractContextManager[RunExport | None]:
    """A :class:`RunExport` for ``--export PREFIX`` (its files open before the run), or nothing.

    A folder (``--export runs/``) gets the files under the name the dashboard offers for ``seed``."""
    if prefix is None:
        return nullcontext()
    from burger_tui.export import RunExport, default_prefix

    return RunExport(prefix, name_in_folder=default_prefix(seed))


def _dashboard(args: argparse.Namespace, *, tour: bool = False) -> int:
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


def _lesson(args: argparse.Namespace) -> int:
    import anyio

    from burger_tui.progress import stderr_progress

    if args.lesson == "blocking":
        from burger_tui.lessons import blocking

        report = anyio.run(blocking.run_blocking_lesson, args.seconds)
        text, data = blocking.format_report(report), report.as_dict()
    else:
        from burger_tui.lessons import cleaning

        workers = args.workers or cleaning.default_workers()
        with stderr_progress("Cleaning") as bar:

            def on_progress(variant: cleaning.Variant, done: int, total: int) -> None:
                if bar is not None:
                    bar(done, total, f"Cleaning: {variant.label(workers)}")

            async def run() -> cleaning.CleaningReport:
                return await cleaning.run_cleaning_lesson(
                    args.rooms, workers, seed=args.seed, steps=args.room_size, on_progress=on_progress
                )

            cleaned = anyio.run(run)
        text, data = cleaning.format_report(cleaned), cleaned.as_dict()
    if args.json:
        _print_json(data)
    else:
        print(text)
    return 0


def _dashboard_options_first(parser: _Parser, argv: list[str]) -> list[str]:
    """``serve --ascii``: the dashboard's options after 'serve' move before it, where every tab gets them.

    No dashboard option takes the word 'serve' as its value, so its first place is the command. What the
    serve command does not know is left in order for the whole parser to check (or refuse) as the
    dashboard's."""
    if "serve" not in argv:
        return argv
    at = argv.index("serve")
    after = argv[at + 1 :]
    _own, others = parser.commands["serve"].parse_known_args(after)
    own, rest = [], iter(others)
    pending = next(rest, None)
    for word in after:  # ``others`` is ``after`` less serve's own options, in order
        if word == pending:
            pending = next(rest, None)
        else:
            own.append(word)
    return [*argv[:at], *others, "serve", *own]


def _serve(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from burger_tui.serve import ServeError, check_address, is_loopback, serve
    from burger_tui.serve_settings import DEFAULT_PER_ADDRESS

    # Every tab's dashboard gets the options exactly as given before 'serve', already checked by this parser.
    dashboard_argv = argv[: list(argv).index("serve")]
    try:
        loopback = is_loopback(check_address(args.host, args.port))
        token = _room_token(args, loopback=loopback)
        per_address = args.max_per_address or (args.max_sessions if loopback else DEFAULT_PER_ADDRESS)
        serve(
            args.host,
            args.port,
            dashboard_argv,
            max_sessions=args.max_sessions,
            per_address=per_address,
            token=token,
        )
    except ServeError as error:
        print(f"burger-tui serve: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _room_token(args: argparse.Namespace, *, loopback: bool) -> str | None:
    """The secret a visitor's URL must carry: none on loopback (only this machine can connect) unless asked
    for, a random one elsewhere unless ``--no-token`` (an explicit choice, warned about)."""
    from burger_tui.serve_guard import new_token

    if args.token is not None:
        return str(args.token)
    if args.no_token or loopback:
        if args.no_token and not loopback:
            print(
                f"burger-tui serve: warning: --no-token: anyone who can reach port {args.port} on "
                f"{args.host} gets a dashboard",
                file=sys.stderr,
                flush=True,
            )
        return None
    return new_token()
