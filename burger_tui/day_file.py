"""A day read back from its export: the JSON ``e`` writes holds the day (its settings, seed and commands).

:func:`read_day` gives the :class:`~burger_tui.sim.live.DayLog` and the instant the day was exported at, or
raises :class:`DayFileError` with one line saying what is wrong (a file that is missing, not a file, too
large, not JSON, cut short, edited by hand into something no day could be or too large a day to run, or
written by a newer burger-tui).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.limits import MAX_SPEED, MIN_SPEED
from burger_tui.sim.live import (
    DAY_COMMANDS,
    DAY_FORMAT,
    REAL_TIME_COMMANDS,
    RUSH_SIZE,
    DayLog,
    DaySettings,
    Entry,
)
from burger_tui.sim.model import Mode, RestaurantConfig

COMMANDS = DAY_COMMANDS | REAL_TIME_COMMANDS  # what a day's log may hold
MODES = tuple(mode.value for mode in Mode)  # switch_to's arguments
KEYED = frozenset({"add_order", "rush"})  # the commands that bring couples in
# A day's export is its statistics, a few hundred bytes a command and its settings: far below this.
MAX_FILE_BYTES = 64 * 2**20
# Couples a replayed day may bring in (arrivals and keys): a day in the dashboard this long stays within
# the memory targets (100k couples: ~50 MB); a hand-edited rate of a million a minute would not.
MAX_COUPLES = 100_000
SHOWN_CHARS = 40  # a message quotes at most this much of a field's value


class DayFileError(Exception):
    """Why a file cannot be read as a day: one line."""


def read_day(path: str | Path) -> tuple[DayLog, float]:
    """The day exported to ``path`` and the simulated instant it was exported at."""
    shown = str(path)
    try:
        text = _read(Path(path))
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8 text"
        raise DayFileError(f"cannot read {shown}: {reason}") from None
    except ValueError as error:
        raise DayFileError(f"cannot read {shown}: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DayFileError(
            f"{shown} is not a day's JSON export ({error.msg} at line {error.lineno})"
        ) from None
    except RecursionError:
        raise DayFileError(f"{shown} is not a day's JSON export (nested too deep)") from None
    except ValueError:  # Python's limit on an integer's digits (4,300), met before any field is read
        raise DayFileError(f"{shown} is not a day's JSON export (a number of thousands of digits)") from None
    try:
        return _day(data)
    except (KeyError, TypeError, ValueError) as error:
        raise DayFileError(f"{shown} does not hold a day that can be replayed: {_reason(error)}") from None


def _read(path: Path) -> str:
    """The text of ``path``: a file, not a device or a pipe (which could hold more than any day, or
    block for ever), and not larger than a day's export can be."""
    # Opened without waiting: a pipe with no writer would hold the open itself (regular files ignore it).
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise ValueError("it is not a file")
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"it is larger than a day's export can be ({MAX_FILE_BYTES // 2**20} MiB)")
    return data.decode("utf-8")


def _day(data: Any) -> tuple[DayLog, float]:
    if not isinstance(data, dict) or "day" not in data:
        raise ValueError("no 'day' in it (export it from the dashboard with e)")
    day = _mapping(data["day"], "day")
    if "format" not in day:
        raise ValueError("its 'format' is missing")
    written = day["format"]
    if not isinstance(written, int) or isinstance(written, bool):
        raise ValueError(f"its 'format' is {_shown(written)}, not a whole number")
    if written < 1:
        raise ValueError(f"its 'format' is {written}, which no burger-tui writes")
    if written > DAY_FORMAT:
        raise ValueError(
            f"it is format {written}, written by a newer burger-tui (this one reads {DAY_FORMAT})"
        )
    opened = _mapping(day["opened_with"], "opened_with")
    config = RestaurantConfig(
        mode=Mode(opened["mode"]),
        cooks=_whole(opened["cooks"], "cooks"),
        arrival_rate_per_min=_number(opened["arrival_rate_per_min"], "arrival_rate_per_min"),
        order_time=parse_distribution(_text(opened["order_time"], "order_time")),
        cook_time=parse_distribution(_text(opened["cook_time"], "cook_time")),
        eat_time=parse_distribution(_text(opened["eat_time"], "eat_time")),
        glance_every=_number(opened["glance_every_s"], "glance_every_s"),
        walk_time=_number(opened["walk_time_s"], "walk_time_s"),
        seed=_whole(opened["seed"], "seed"),
        opening_line=_whole(opened.get("opening_line", 0), "opening_line"),  # days exported before it: none
    )
    speed = _number(opened["speed"], "speed")
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed {speed:g} is not between {MIN_SPEED:g} and {MAX_SPEED:g}")
    auto = opened["auto_arrivals"]
    if not isinstance(auto, bool):
        raise ValueError("auto_arrivals is not true or false")
    entries = tuple(_entry(item) for item in _list(day["commands"], "commands"))
    if any(later.at < earlier.at for earlier, later in itertools.pairwise(entries)):
        raise ValueError("its commands are not in the order of their instants")
    until = _number(data["sim_time_s"], "sim_time_s")
    if entries and until < entries[-1].at:
        raise ValueError("it was exported before its last command")
    couples = config.opening_line + (config.arrival_rate_per_min * until / 60 if auto else 0.0)
    couples += sum(RUSH_SIZE if entry.command == "rush" else 1 for entry in entries if entry.command in KEYED)
    if couples > MAX_COUPLES:
        raise ValueError(
            f"it would bring about {couples:,.0f} couples in; a recorded day holds at most {MAX_COUPLES:,}"
        )
    return DayLog(DaySettings(config, speed=speed, auto_arrivals=auto), entries), until


def _entry(item: Any) -> Entry:
    entry = _mapping(item, "a command")
    command = _text(entry["command"], "command")
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}")
    argument = _text(entry.get("argument", ""), "argument")
    if command == "switch_to" and argument not in MODES:
        models = ", ".join(MODES[:-1]) + f" or {MODES[-1]}"
        raise ValueError(f"{command} has {_shown(argument)}, which is not a model ({models})")
    if command != "switch_to" and argument:  # replayed, it would be passed to a command taking none
        raise ValueError(f"{command} takes no argument, and has {_shown(argument)}")
    return Entry(_number(entry["at_s"], "at_s"), command, argument)


def _mapping(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{name} is not an object")
    return value


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{name} is not a list")
    return value


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} is not text")
    return value


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} is not a finite number")
    try:
        number = float(value)
    except OverflowError:  # an integer past any float (10**400): OverflowError, a traceback (pass 15)
        raise ValueError(f"{name} is not a finite number") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} is not a finite number")
    if number < 0:
        raise ValueError(f"{name} is negative")
    return number


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} is not a whole number")
    return value


def _shown(value: Any) -> str:
    """``value`` as the file writes it, for a one-line message: cut short (a hand edit can be any length)."""
    try:
        text = json.dumps(value)
    except (RecursionError, ValueError):  # nested as deep as the parser allows: too deep to show anyway
        text = "[...]"
    return text if len(text) <= SHOWN_CHARS else f"{text[: SHOWN_CHARS - 3]}..."


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"{error.args[0]!r} is missing"
    return str(error).splitlines()[0]
