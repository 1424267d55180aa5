"""What an option's text may be: argparse ``type=`` functions, each refusing bad text in one line.

The numbers of a day are checked where the simulation checks them (``RestaurantConfig``,
``Distribution``; the ranges are in :mod:`burger_tui.sim.limits`), so the command line, the dashboard
and the library accept exactly the same values.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

from burger_tui.sim.distributions import Distribution, parse_distribution, quoted
from burger_tui.sim.limits import MAX_SPEED, MIN_SPEED
from burger_tui.sim.model import Mode, RestaurantConfig, SettingError

T = TypeVar("T")

_WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9][0-9_]*\s*")


def whole_number(text: str) -> int:
    """An integer, as Python writes one."""
    try:
        return int(text)
    except ValueError:
        if _WHOLE_NUMBER.fullmatch(text):  # int() refuses numbers of more than 4300 digits
            raise argparse.ArgumentTypeError(f"{quoted(text)} is far too large") from None
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None


def number(text: str) -> float:
    """A float, as Python writes one."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a number") from None


def int_between(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        value = whole_number(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {quoted(text)}")
        return value

    return parse


def float_between(low: float, high: float) -> Callable[[str], float]:
    """A number from ``low`` to ``high``."""

    def parse(text: str) -> float:
        value = number(text)
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
        except SettingError as error:  # quoted as typed: the value read can differ (1e-400 is 0)
            raise argparse.ArgumentTypeError(f"{error.accepts}, got {quoted(text)}") from None
        return value

    return check


def distribution(text: str) -> Distribution:
    """A time's distribution: ``fixed:X``, ``exp:MEAN`` or ``uniform:A:B``."""
    try:
        return parse_distribution(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def mode(text: str) -> Mode:
    """One of the three models, by its name."""
    try:
        return Mode(text)
    except ValueError:
        names = ", ".join(m.value for m in Mode)
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a model; choose one of {names}") from None


def instant_within(at: float | None, until: float) -> float | None:
    """``--at``, checked against the day read: an instant of it, at or before ``until`` (where it ends)."""
    from burger_tui.cli.exits import UsageError
    from burger_tui.sim.times import clock_text

    if at is not None and at > until:
        raise UsageError(
            f"argument --at: {clock_text(at)} is after the day's end "
            f"({clock_text(until)}, where it was exported)"
        )
    return at


cooks = _day_setting("cooks", whole_number)
seed = _day_setting("seed", whole_number)
opening_line = _day_setting("opening_line", whole_number)
arrival_rate = _day_setting("arrival_rate_per_min", number)
speed = float_between(MIN_SPEED, MAX_SPEED)


def output_path(text: str) -> str:
    """A path to write to: not empty (which names no file; the folder it would resolve to is in the way)."""
    if not text:
        raise argparse.ArgumentTypeError("the path is empty: give a file name, a folder or - for stdout")
    return text


def day_file(text: str) -> str:
    """The path of a day's export to read: not empty (which names the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError(
            "the path is empty: give the .json of a day exported from the dashboard"
        )
    return text


def export_prefix(text: str) -> str:
    """The prefix of an export's two files: not ``-``, which names standard output for other options."""
    if text == "-":
        raise argparse.ArgumentTypeError(
            "'-' names no files: give a path prefix for PREFIX.json and PREFIX.csv"
        )
    return text


def token(text: str) -> str:
    """The secret of serve's URL."""
    from burger_tui.serve_guard import TokenError, checked_token

    try:
        return checked_token(text)
    except TokenError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


_INSTANT = re.compile(r"\s*(?:(?:([0-9]+):)?([0-9]+):)?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")


def parse_instant(text: str) -> float:
    """An instant of a day in simulated seconds since it opened, as the dashboard's clock writes it:
    ``0:03:00`` (h:mm:ss), ``3:00`` (m:ss) or ``180`` (seconds; a fraction too: ``2:30.5``).

    An argparse ``type=`` (``timeline --from/--to``, ``replay --at``): bad text is one line, exit 2.
    Whether the instant is within a given day is for the command to say: it knows the day.
    """
    match = _INSTANT.fullmatch(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not an instant of the day: write h:mm:ss, m:ss or seconds "
            "(0:03:00, 3:00, 180)"
        )
    hours, minutes, seconds = match.groups()
    if (minutes is not None and float(seconds) >= 60) or (hours is not None and int(minutes) >= 60):
        raise argparse.ArgumentTypeError(f"{quoted(text)}: minutes and seconds go from 0 to 59")
    try:
        value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)
    except (ValueError, OverflowError):  # int() refuses more than 4300 digits; a sum past a float's range
        value = math.inf
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{quoted(text)} is far too large")
    return value
