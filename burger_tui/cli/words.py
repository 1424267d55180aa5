"""Where the words of a command line go: an option written without its command, or before a command that has
it too, is a one-line hint; the dashboard's options after ``serve`` or ``tour`` move before it."""

from __future__ import annotations

from collections.abc import Sequence

from burger_tui.cli.parser import Parser

DASHBOARD_COMMANDS = ("serve", "tour")  # they open the dashboard, with the dashboard's options


def command_option_without_command(parser: Parser, argv: Sequence[str]) -> str | None:
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


def command_option_before_command(parser: Parser, argv: Sequence[str]) -> str | None:
    """``burger-tui --mode parallel simulate``: the command has a --mode of its own, whose default would
    silently win over the one written before it; say where it goes."""
    at = next((i for i, word in enumerate(argv) if word in parser.commands), None)
    if at is None:
        return None
    command = parser.commands[argv[at]]
    for word in argv[:at]:
        option = word.partition("=")[0]
        if option.startswith("--") and option in command.options:
            name = argv[at]
            where = f"burger-tui {name} {option} ..."
            return f"{option} is an option of {name} too: put it after the command: {where}"
    return None


def dashboard_options_first(parser: Parser, argv: list[str]) -> list[str]:
    """``serve --ascii``, ``tour --speed 2``: the dashboard's options after a command that opens dashboards
    move before it, where they apply (to every tab of ``serve``).

    The command is the first word that names one: no dashboard option takes a word as its value. What the
    command does not know is left in order for the whole parser to check (or refuse) as the dashboard's."""
    at = next((i for i, word in enumerate(argv) if word in parser.commands), None)
    if at is None or argv[at] not in DASHBOARD_COMMANDS:
        return argv
    after = argv[at + 1 :]
    _own, others = parser.commands[argv[at]].parse_known_args(after)
    own, rest = [], iter(others)
    pending = next(rest, None)
    for word in after:  # ``others`` is ``after`` less the command's own options, in order
        if word == pending:
            pending = next(rest, None)
        else:
            own.append(word)
    return [*argv[:at], *others, argv[at], *own]
