"""Command line: ``burger-tui`` opens the dashboard; its commands (``simulate``, ``compare``, ``trace``,
``lesson``, ``serve``, ``narrate``, ``tour``, ``replay``, ``timeline``) run from the table below.

Bad input never shows a traceback: one line on stderr naming the option and what it accepts, exit code
2 (:mod:`~burger_tui.cli.options`, :mod:`~burger_tui.cli.parser`). What only the headless commands, the
lessons or serve need (export, compare, the lessons, JSON, Rich) is imported when they run: the
dashboard's start-up time is the time to its first frame.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import NamedTuple

from burger_tui.cli.exits import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    UsageError,
    discard_stdout,
)
from burger_tui.cli.output import CannotWrite, flush
from burger_tui.cli.parser import build_parser, dashboard_parser

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_USAGE", "build_parser", "main"]

Run = Callable[[argparse.Namespace, Sequence[str]], int]
"""A command's code: its parsed options and the words they came from (serve hands the dashboard's to
each tab), to its exit code."""


class Command(NamedTuple):
    """Where a command's code is: imported only when it runs (as pip's command table does), so that the
    dashboard's start imports no headless day, lesson or server."""

    module: str  # under burger_tui.cli
    function: str

    def load(self) -> Run:
        """The function, its module imported now."""
        run: Run = getattr(import_module(f"burger_tui.cli.{self.module}"), self.function)
        return run


COMMANDS: dict[str | None, Command] = {
    None: Command("dashboard", "dashboard"),  # no command: the dashboard
    "simulate": Command("days", "simulate"),
    "compare": Command("days", "compare"),
    "trace": Command("days", "trace"),
    "lesson": Command("lesson", "lesson"),
    "serve": Command("serve", "serve"),
    "narrate": Command("narrate", "narrate"),
    "tour": Command("dashboard", "tour"),
    "replay": Command("dashboard", "replay"),
    "timeline": Command("timeline", "timeline"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` and return its exit code.

    Without ``argv`` it is the program itself (the ``burger-tui`` command, ``python -m burger_tui``):
    it reads this process's arguments, and the process ends when it returns.
    """
    program = argv is None
    if sys.stderr is None:  # started with stderr closed (2>&-): what it would say goes nowhere, as asked
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the life of the process)
    try:
        code = _run(sys.argv[1:] if argv is None else list(argv))
        if program and sys.stdout is not None:  # None: started with stdout closed (>&-)
            # What is still in stdout's buffer meets a full disk or a gone reader here, where it is
            # handled below, not at the interpreter's exit.
            flush()
        return code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        discard_stdout()
        return EXIT_BROKEN_PIPE
    except CannotWrite as error:
        discard_stdout()
        sys.stderr.write(f"burger-tui: cannot write the output: {error}\n")
        return EXIT_FAILED
    finally:
        if program:
            # The process ends next: the collector's passes on the way out would walk every object the
            # imports made (~10 ms, measured after a headless command) to free nothing that matters then.
            gc.freeze()


def _run(argv: list[str]) -> int:
    """Parse ``argv`` (``--help`` and ``--version`` print and exit here) and run its command."""
    if not any(word in COMMANDS or word in ("-h", "--help") for word in argv):
        # No command named: the dashboard, whose options alone are parsed first. Anything else (an option
        # of a command, a typo) goes to the whole parser, which says whose option it is.
        args, unknown = dashboard_parser().parse_known_args(argv)
        if not unknown:
            return COMMANDS[None].load()(args, argv)
    from burger_tui.cli.words import (  # not for the dashboard alone, the usual start
        command_option_before_command,
        command_option_without_command,
        dashboard_options_first,
    )

    parser = build_parser()
    if hint := command_option_without_command(parser, argv) or command_option_before_command(parser, argv):
        parser.error(hint)
    argv = dashboard_options_first(parser, argv)
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command].load()(args, argv)
    except UsageError as error:
        parser.commands[args.command].error(str(error))
