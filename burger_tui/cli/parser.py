"""The command line's words: every command and option, its help and its default, and the one-line errors.

Building it imports no lesson, no compare, no export and no JSON: the defaults are constants of light
modules (:mod:`burger_tui.sim.limits`, :mod:`burger_tui.lessons.settings`), and what only a lesson can
know (the cores it may use) is resolved when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NoReturn

from burger_tui.cli import options
from burger_tui.cli.exits import EXIT_USAGE
from burger_tui.cli.output import stdout, writing
from burger_tui.lessons import settings as lessons
from burger_tui.lessons import web_settings as web_lesson
from burger_tui.sim.distributions import SPEC_HELP
from burger_tui.sim.limits import (
    DEFAULT_COMPARE_CUSTOMERS,
    DEFAULT_OPENING_LINE,
    DEFAULT_SIMULATE_CUSTOMERS,
    DEFAULT_SPEED,
    DEFAULT_SWEEP_CUSTOMERS,
    MAX_ARRIVAL_RATE_PER_MIN,
    MAX_CUSTOMERS,
    MAX_DURATION_S,
    MAX_OPENING_LINE,
    MAX_SPEED,
    MIN_ARRIVAL_RATE_PER_MIN,
    MIN_MEAN_S,
    MIN_SPEED,
    SWEEP_FACTORS,
)
from burger_tui.sim.model import MAX_COOKS, Mode, RestaurantConfig
from burger_tui.sim.program import DEFAULT_TRACE_CUSTOMERS, MAX_TRACE_CUSTOMERS

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class Parser(argparse.ArgumentParser):
    """argparse, but errors are one line (no usage dump) and exit with code 2.

    It also keeps its own table of what it was given: ``options`` (every option string) and
    ``commands`` (each sub-command's parser, by name), which the hint for an option given without its
    command reads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options: set[str] = set()  # before argparse's __init__, which adds --help
        self.commands: dict[str, Parser] = {}
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """argparse's, but a stdout that refuses the help fails as a command's output does: argparse's own
        ignores the failure, and its text would then meet a full disk at the interpreter's exit."""
        if file is not None or sys.stdout is None:  # None: started with stdout closed (>&-)
            super().print_help(file)
            return
        with writing():
            sys.stdout.write(self.format_help())
            sys.stdout.flush()  # argparse exits next, from inside parse_args: main's flush never comes

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> argparse.Action:
        self.options.update(name for name in name_or_flags if name.startswith("-"))
        return super().add_argument(*name_or_flags, **kwargs)

    def add_commands(self, dest: str, metavar: str, *, required: bool = False) -> Commands:
        """Sub-commands of this parser, e.g. ``simulate`` or ``lesson cleaning``."""
        return Commands(self, dest, metavar, required)

    def owners(self, option: str) -> list[str]:
        """The commands (``"lesson cleaning"`` for a nested one) that take ``option``."""
        found = []
        for name, command in self.commands.items():
            if option in command.options:
                found.append(name)
            found += [f"{name} {owner}" for owner in command.owners(option)]
        return found


class Commands:
    """What ``add_subparsers`` gives, keeping each new command's parser in the parent's table."""

    def __init__(self, parent: Parser, dest: str, metavar: str, required: bool) -> None:
        self._parent = parent
        self._action = parent.add_subparsers(
            dest=dest, metavar=metavar, required=required, parser_class=Parser
        )

    def add_parser(self, name: str, **kwargs: Any) -> Parser:
        """A new sub-command called ``name``; ``kwargs`` as for ``ArgumentParser``, plus ``help``."""
        command = self._action.add_parser(name, **kwargs)
        self._parent.commands[name] = command
        return command


class Version(argparse.Action):
    """``--version``: ``burger-tui <version>`` on stdout, exit 0.

    The version is read only when asked: the parser is built on every start of the dashboard, and the
    package metadata is found by scanning ``sys.path``.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> NoReturn:
        with writing():
            stdout().write(f"burger-tui {_version()}\n")
            stdout().flush()  # argparse exits next, from inside parse_args: main's flush never comes
        parser.exit()


def _version() -> str:
    """The installed distribution's version, or the source's own when run from a checkout never installed."""
    from importlib import metadata

    try:
        return metadata.version("burger-tui")
    except metadata.PackageNotFoundError:
        from burger_tui import __version__

        return __version__


# -- the parser ----------------------------------------------------------------------------------------


def _add_restaurant_options(
    parser: Parser, *, defaults: RestaurantConfig, with_mode: bool = True, opening_line: bool = True
) -> None:
    if with_mode:
        parser.add_argument(
            "--mode",
            type=options.mode,
            default=defaults.mode,
            metavar="{" + ",".join(m.value for m in Mode) + "}",
            help="how the restaurant is organised (default: %(default)s)",
        )
    parser.add_argument(
        "--cooks",
        type=options.cooks,
        default=defaults.cooks,
        help=f"cashier-cooks (parallel) or cooks (hybrid), 1 to {MAX_COOKS}; concurrent always has one "
        "cook (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=options.seed,
        default=defaults.seed,
        help="random seed, a signed 64-bit whole number (default: %(default)s)",
    )
    if opening_line:
        _add_opening_line(parser, default=defaults.opening_line, said=str(defaults.opening_line))


def _add_opening_line(parser: Parser, *, default: int | None, said: str) -> None:
    parser.add_argument(
        "--opening-line",
        type=options.opening_line,
        default=default,
        metavar="N",
        help=f"couples at the door as the day opens, 0 to {MAX_OPENING_LINE:,}, before the seeded stream's "
        f"first; the story follows the last of them (default: {said})",
    )


def _add_day_options(parser: Parser, *, defaults: RestaurantConfig, customers: int) -> None:
    """The options of a headless day, shared by ``simulate`` and ``compare``."""
    parser.add_argument(
        "--customers",
        type=options.int_between(1, MAX_CUSTOMERS),
        default=customers,
        help=f"couples to serve, 1 to {MAX_CUSTOMERS:,} (default: %(default)s)",
    )
    parser.add_argument(
        "--arrival-rate",
        type=options.arrival_rate,
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
            type=options.distribution,
            default=default,
            metavar="DIST",
            help=f"{SPEC_HELP}, times 0 to {MAX_DURATION_S:,.0f} s, an exp mean at least {MIN_MEAN_S:g} s "
            f"(default: {default})",
        )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument(
        "--export",
        metavar="PREFIX",
        type=options.export_prefix,
        help="also write the statistics to PREFIX.json and one row per couple to PREFIX.csv, "
        "atomically (rows stream to disk during the run)",
    )


def dashboard_parser() -> Parser:
    """The dashboard's command line: its options, no command: what ``burger-tui`` alone, the usual start,
    needs (building every command's parser too is ~2 % of the instructions to the first frame)."""
    defaults = RestaurantConfig()
    parser = Parser(
        prog="burger-tui",
        description="Concurrent Burgers vs Parallel Burgers: a live terminal restaurant.",
        epilog="Run 'burger-tui simulate --help' for the headless simulator.",
    )
    _add_restaurant_options(parser, defaults=defaults, opening_line=False)
    # A line at the door: the first minute shows the story without a key. Not with --no-auto ("start
    # empty"): resolved by the_opening_line.
    _add_opening_line(parser, default=None, said=f"{DEFAULT_OPENING_LINE}; 0 with --no-auto")
    parser.add_argument(
        "--speed",
        type=options.speed,
        default=DEFAULT_SPEED,
        help=f"simulated seconds per real second, {MIN_SPEED:g} to {MAX_SPEED:g} (default: %(default)s)",
    )
    parser.add_argument("--no-auto", action="store_true", help="start empty: no automatic arrivals")
    parser.add_argument("--ascii", action="store_true", help="draw with plain characters instead of emoji")
    parser.add_argument(
        "--projector",
        action="store_true",
        help="for a room: fewer, larger things, the clock and the ready number in big digits (try 100x30)",
    )
    parser.add_argument("--version", action=Version, help="print the version and exit")
    parser.set_defaults(command=None)
    return parser


def the_opening_line(args: argparse.Namespace) -> int:
    """The dashboard's line at the door: as given, else the default's (none when it starts empty)."""
    if args.opening_line is not None:
        return int(args.opening_line)
    return 0 if args.no_auto else DEFAULT_OPENING_LINE


def build_parser() -> Parser:
    """The command line, every command with all its options.

    Building it imports no lesson, no compare, no export and no JSON: the defaults they have are
    constants of light modules (:mod:`burger_tui.sim.limits`, :mod:`burger_tui.lessons.settings`), and
    what only a lesson can know (the cores it may use) is resolved when it runs.
    """
    defaults = RestaurantConfig()
    parser = dashboard_parser()
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
    replay = commands.add_parser(
        "replay",
        help="a day exported from the dashboard (e), played again: on the dashboard, or headless",
        description="Open the dashboard on the day in FILE (a .json the dashboard's e wrote: it holds the "
        "day's settings, seed and every key at the instant it took effect), playing its keys at their "
        "instants (← and → go back and forth, --at opens it paused at an instant); a key of yours that "
        "changes the day takes over, and the day goes on from there. With --headless (or "
        "--export, --json) replay it on virtual time instead, to the instant it was exported, and print "
        "its statistics; --export writes its export again: the same rows, statistics and day.",
    )
    replay.add_argument(
        "file", metavar="FILE", type=options.day_file, help="the .json of a day exported from the dashboard"
    )
    replay.add_argument(
        "--headless", action="store_true", help="replay on virtual time and print the day's statistics"
    )
    replay.add_argument(
        "--export",
        metavar="PREFIX",
        type=options.export_prefix,
        help="also write the day's export again, to PREFIX.json and PREFIX.csv",
    )
    replay.add_argument("--json", action="store_true", help="print the statistics as one JSON object")
    replay.add_argument(
        "--at",
        type=options.parse_instant,
        metavar="TIME",
        help="open the dashboard paused at this instant of the day (h:mm:ss, m:ss or seconds)",
    )
    _add_timeline_command(commands)
    _add_narrate_command(commands, defaults=defaults)
    commands.add_parser(
        "tour",
        help="the dashboard playing the story by itself, narrated (any key takes over)",
        description="Open the dashboard with the guided tour playing: concurrent with a rush, the live "
        "switch to parallel, hybrid, then compare. The dashboard's options (--seed, --speed, --ascii, ...), "
        "before or after 'tour', apply.",
    )
    return parser


def _add_timeline_command(commands: Commands) -> None:
    """``timeline``: who ran when in an exported day, as a handout (issue 22)."""
    timeline = commands.add_parser(
        "timeline",
        help="who ran when in a day exported from the dashboard (e), as an SVG to print or project",
        description="Replay the day in FILE (a .json the dashboard's e wrote) on virtual time and write its "
        "lanes, the dashboard's w view, as a standalone SVG: time left to right, a lane for the street, each "
        "member of staff, the counter display, you and the couples there longest, each moment in its "
        "state's colour and pattern, with the model switches and freezes marked, a time axis and a legend. "
        "Times are h:mm:ss, m:ss or seconds of the day (0:03:00, 3:00, 180).",
    )
    timeline.add_argument(
        "file", metavar="FILE", type=options.day_file, help="the .json of a day exported from the dashboard"
    )
    timeline.add_argument(
        "--svg",
        metavar="OUT",
        type=options.output_path,
        required=True,
        help="the SVG file to write (atomically); a folder holds it under the day file's name; - writes it "
        "to stdout",
    )
    timeline.add_argument(
        "--from",
        dest="start",
        type=options.parse_instant,
        default=0.0,
        metavar="T",
        help="where the lanes start (default: the opening, 0:00:00)",
    )
    timeline.add_argument(
        "--to",
        dest="end",
        type=options.parse_instant,
        default=None,
        metavar="T",
        help="where they end, at most the instant the day was exported (default: that instant)",
    )


MIN_NARRATE_S = 1.0  # narrate's --duration: at least a second of the day
MAX_JOBS = 64  # compare's --jobs: processes, one per core


def _add_narrate_command(commands: Commands, *, defaults: RestaurantConfig) -> None:
    narrate = commands.add_parser(
        "narrate",
        help="the story as plain lines while a day runs (screen readers, logs, a second screen)",
        description="Run the dashboard's day and print its narration as plain lines (no markup, no colour) "
        "as it is told: on real time at --speed, or with --fast on virtual time. Ctrl+C ends it.",
    )
    # The dashboard's day by default (its couples at the door as it opens too): a second screen beside the
    # dashboard, or a screen reader, tells the story the dashboard shows.
    _add_restaurant_options(narrate, defaults=replace(defaults, opening_line=DEFAULT_OPENING_LINE))
    narrate.add_argument(
        "--speed",
        type=options.speed,
        default=DEFAULT_SPEED,
        help=f"simulated seconds per real second, {MIN_SPEED:g} to {MAX_SPEED:g} (default: %(default)s)",
    )
    narrate.add_argument(
        "--customers",
        type=options.int_between(1, MAX_CUSTOMERS),
        metavar="N",
        help="end once N couples have left (default: no end; Ctrl+C ends it)",
    )
    narrate.add_argument(
        "--duration",
        type=options.float_between(MIN_NARRATE_S, MAX_DURATION_S),
        metavar="S",
        help=f"end S simulated seconds after the day opens, {MIN_NARRATE_S:g} to {MAX_DURATION_S:,.0f}",
    )
    narrate.add_argument(
        "--fast",
        action="store_true",
        help="run on virtual time, as fast as the machine allows (needs --customers or --duration)",
    )
    narrate.add_argument("--ascii", action="store_true", help="leave the emoji out")


def _add_compare_command(commands: Commands, *, defaults: RestaurantConfig) -> None:
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
        type=options.int_between(0, MAX_CUSTOMERS),
        default=DEFAULT_SWEEP_CUSTOMERS,
        metavar="N",
        help="couples per point of the arrival-rate sweep "
        f"({min(SWEEP_FACTORS):g}x to {max(SWEEP_FACTORS):g}x the rate); 0 skips the sweep "
        "(default: %(default)s)",
    )
    compare.add_argument(
        "--jobs",
        type=options.int_between(1, MAX_JOBS),
        default=None,
        metavar="N",
        help=f"run the days on N cores, 1 to {MAX_JOBS} (1: one after another; default: every core)",
    )


def _add_trace_command(commands: Commands, *, defaults: RestaurantConfig) -> None:
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
        type=options.int_between(1, MAX_TRACE_CUSTOMERS),
        default=DEFAULT_TRACE_CUSTOMERS,
        help=f"couples of the day, 1 to {MAX_TRACE_CUSTOMERS} (default: %(default)s)",
    )
    trace.add_argument("--json", action="store_true", help="print one JSON array (one object per step)")


def _add_lesson_command(commands: Commands) -> None:
    """``lesson blocking``, ``lesson cleaning`` (issue 8: the seed's other lessons) and ``lesson web``."""
    lesson = commands.add_parser(
        "lesson",
        help="the seed's other lessons, measured for real: blocking, cleaning, web",
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
        type=options.float_between(lessons.MIN_BLOCK_S, lessons.MAX_BLOCK_S),
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
        type=options.int_between(1, lessons.MAX_ROOMS),
        default=lessons.DEFAULT_ROOMS,
        help=f"rooms in the house, 1 to {lessons.MAX_ROOMS} (default: %(default)s)",
    )
    clean.add_argument(
        "--workers",
        type=options.int_between(1, lessons.MAX_WORKERS),
        help=f"threads and processes, 1 to {lessons.MAX_WORKERS} (default: one per usable core, "
        f"{lessons.DEFAULT_WORKERS[0]} to {lessons.DEFAULT_WORKERS[1]})",
    )
    clean.add_argument(
        "--room-size",
        type=options.int_between(lessons.MIN_ROOM_STEPS, lessons.MAX_ROOM_STEPS),
        default=lessons.ROOM_STEPS,
        metavar="STEPS",
        help=f"steps of CPU work per room, {lessons.MIN_ROOM_STEPS:,} to {lessons.MAX_ROOM_STEPS:,} "
        "(default: %(default)s, about 0.25 s)",
    )
    clean.add_argument(
        "--seed",
        type=options.seed,
        default=lessons.DEFAULT_SEED,
        help="seed, a signed 64-bit whole number (default: %(default)s)",
    )
    clean.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    _add_web_lesson(kinds)


def _add_web_lesson(kinds: Commands) -> None:
    """``lesson web`` (issue 23): the page's own advice, measured on a real FastAPI server."""
    web = kinds.add_parser(
        "web",
        help="the web server behind the story: async def vs def on a real FastAPI server",
        description="Start a real FastAPI server on 127.0.0.1 and send it N requests at once for each way "
        "FastAPI's page on concurrency (the story's source) writes a path operation: async def + await, "
        "def, async def with a blocking call, trivial def and async def, a def dependency. Compare the "
        "measured times with the story's.",
    )
    web.add_argument(
        "--requests",
        type=options.int_between(1, web_lesson.MAX_REQUESTS),
        default=web_lesson.DEFAULT_REQUESTS,
        metavar="N",
        help=f"couples (requests) sent at once to each path operation, 1 to {web_lesson.MAX_REQUESTS} "
        "(default: %(default)s)",
    )
    web.add_argument(
        "--cook-time",
        type=options.float_between(web_lesson.MIN_COOK_S, web_lesson.MAX_COOK_S),
        default=web_lesson.DEFAULT_COOK_S,
        metavar="S",
        help=f"seconds a burger takes (the slow I/O or blocking call), {web_lesson.MIN_COOK_S:g} to "
        f"{web_lesson.MAX_COOK_S:g} (default: %(default)s)",
    )
    web.add_argument(
        "--tokens",
        type=options.int_between(1, web_lesson.MAX_TOKENS),
        default=web_lesson.DEFAULT_TOKENS,
        metavar="K",
        help=f"threads the threadpool may use at once, 1 to {web_lesson.MAX_TOKENS} (default: %(default)s, "
        "anyio's)",
    )
    web.add_argument(
        "--port",
        type=options.int_between(0, web_lesson.MAX_PORT),
        default=0,
        help="port on 127.0.0.1 for the server (default: a free one)",
    )
    web.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def _add_serve_command(commands: Commands) -> None:
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
        "--port",
        type=options.int_between(1, 65535),
        default=8000,
        help="port to listen on (default: %(default)s)",
    )
    serve.add_argument(
        "--max-sessions",
        type=options.int_between(1, MAX_SESSIONS_LIMIT),
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help="browser tabs served at once, each its own dashboard process; the next visitor is told to "
        "try again later (default: %(default)s)",
    )
    serve.add_argument(
        "--max-per-address",
        type=options.int_between(1, MAX_SESSIONS_LIMIT),
        metavar="N",
        help="browser tabs one computer may have at once, so that one student cannot take every seat "
        f"(default: {DEFAULT_PER_ADDRESS} on a network address; all of --max-sessions on loopback)",
    )
    secret = serve.add_mutually_exclusive_group()
    secret.add_argument(
        "--token",
        type=options.token,
        help="the secret in the room's URL, instead of a random one (also asked for on loopback)",
    )
    secret.add_argument(
        "--no-token",
        action="store_true",
        help="let anyone who can reach the port open a dashboard, without a token (a warning says so)",
    )
