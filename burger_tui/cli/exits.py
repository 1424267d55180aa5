"""How the command line ends: its exit codes, and what it does with a stdout that cannot take more."""

from __future__ import annotations

import os
import signal
import sys
from typing import TextIO

EXIT_USAGE = 2  # argparse's code for bad input
EXIT_FAILED = 1  # the command could not finish (a worker killed, the output's disk full)
# When stdout's reader goes away (`| head`): success, as the reader chose to stop. Whether a write meets the
# closed pipe at all depends on timing (a short output fits in the pipe before `head` leaves), so any other
# code would differ from run to run and between the table and --json.
EXIT_BROKEN_PIPE = 0
EXIT_INTERRUPTED = 128 + signal.SIGINT  # the shell's code for a program stopped by Ctrl+C


class UsageError(Exception):
    """Bad input found after parsing (a combination of options): reported like argparse's errors."""


def discard_stdout() -> None:
    """stdout's reader went away, or its disk is full: what is left to write goes nowhere (Python would
    try again at exit and report the failure there, after the command's own words)."""
    discard(sys.stdout)


def discard(stream: TextIO | None) -> None:
    """What is left to write to ``stream`` goes nowhere (its file is gone: Python's flush at exit would
    fail, and end the process with 120)."""
    if stream is not None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
