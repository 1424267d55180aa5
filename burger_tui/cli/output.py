"""What a command prints on stdout (one JSON line, text or a Rich table), and a stdout that refuses it.

A reader that went away (``| head``) stays a :class:`BrokenPipeError`, which ends a command quietly; any
other failure to write (``> /dev/full``) becomes :class:`CannotWrite`, which ends it with one line.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any


class CannotWrite(Exception):
    """stdout cannot take the output, e.g. its disk is full: the message says why."""


@contextmanager
def writing() -> Iterator[None]:
    """Writes to stdout inside this block fail as :class:`CannotWrite` (or as a broken pipe)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise CannotWrite(error.strerror or str(error)) from error


@functools.cache
def _nowhere() -> IO[str]:
    """Where output goes when the command was started with stdout closed (``>&-``): nowhere, as asked."""
    return open(os.devnull, "w", encoding="utf-8")


def stdout() -> IO[str]:
    """The command's stdout; nowhere (not a traceback) when it was started closed."""
    return sys.stdout if sys.stdout is not None else _nowhere()


def print_json(data: dict[str, Any] | list[Any]) -> None:
    """One line of strict JSON: a NaN or an infinity is a bug to raise, never ``NaN`` for a reader
    to choke on (the accepted ranges keep every number finite)."""
    import json

    with writing():
        stdout().write(json.dumps(data, allow_nan=False) + "\n")


def print_text(text: str) -> None:
    """``text`` and a newline."""
    with writing():
        stdout().write(text + "\n")


def flush() -> None:
    """Write what is still in stdout's buffer (where a short output meets a full disk or a gone reader)."""
    with writing():
        stdout().flush()
