"""Command line: ``burger-tui`` opens the dashboard; ``burger-tui simulate`` runs a day headless.

Bad input never shows a traceback: one line on stderr naming the argument, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from burger_tui.sim.clock import MAX_SPEED, MIN_SPEED
from burger_tui.sim.distributions import Distribution, parse_distribution
from burger_tui.sim.model import MAX_COOKS, Mode, RestaurantConfig

EXIT_USAGE = 2
MAX_CUSTOMERS = 10_000_000


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


def _speed(text: str) -> float:
    value = _positive_float(text)
    if not MIN_SPEED <= value <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"must be between {MIN_SPEED:g} and {MAX_SPEED:g}, got {text}")
    return value


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


def _add_restaurant_options(parser: argparse.ArgumentParser, *, defaults: RestaurantConfig) -> None:
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


def build_parser() -> argparse.ArgumentParser:
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
    _add_restaurant_options(simulate, defaults=defaults)
    simulate.add_argument(
        "--customers",
        type=_int_between(1, MAX_CUSTOMERS),
        default=10_000,
        help="couples to serve (default: %(default)s)",
    )
    simulate.add_argument(
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
        simulate.add_argument(
            f"--{name}",
            type=_distribution,
            default=default,
            metavar="DIST",
            help=f"fixed:X, exp:MEAN or uniform:A:B seconds (default: {default})",
        )
    simulate.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "simulate":
            return _simulate(args)
        return _dashboard(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _simulate(args: argparse.Namespace) -> int:
    from burger_tui.progress import stderr_progress
    from burger_tui.report import print_report
    from burger_tui.sim.headless import run_simulation

    config = RestaurantConfig(
        mode=args.mode,
        cooks=args.cooks,
        arrival_rate_per_min=args.arrival_rate,
        order_time=args.order_time,
        cook_time=args.cook_time,
        eat_time=args.eat_time,
        seed=args.seed,
    )
    with stderr_progress("Serving couples") as on_progress:
        report = run_simulation(config, args.customers, on_progress)
    if args.json:
        json.dump(report.as_dict(), sys.stdout)
        sys.stdout.write("\n")
    else:
        print_report(report)
    return 0


def _dashboard(args: argparse.Namespace) -> int:
    print("burger-tui: the dashboard arrives in the next release; try 'burger-tui simulate'.")
    return 0
