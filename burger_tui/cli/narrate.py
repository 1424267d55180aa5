"""``burger-tui narrate``: the story as plain lines while a day runs, for screen readers, logs and a second
screen.

The dashboard's day (a :class:`~burger_tui.session.DaySession`, the one engine) told by its one narration
(:mod:`burger_tui.narration`), each line on stdout as it is told, without markup: on real time at
``--speed``, or with ``--fast`` on virtual time, as fast as the machine allows. Ctrl+C ends it (exit 130),
as a reader that goes away (``| head``) does (exit 0).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from burger_tui.cli.exits import EXIT_FAILED, UsageError
from burger_tui.cli.output import flush, print_text
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import RestaurantConfig, describe_staff

if TYPE_CHECKING:
    from burger_tui.session import DaySession
    from burger_tui.sim.clock import Clock

LOOK_EVERY_S = 0.1  # between looks at the story told: real seconds, or simulated ones with --fast
Write = Callable[[float, str], None]


class End(NamedTuple):
    """When the story stops being told: once ``customers`` couples have left, or ``duration`` simulated
    seconds after the day opened (``None``: not on that account)."""

    customers: int | None
    duration: float | None

    def reached(self, session: DaySession, opened_at: float) -> bool:
        if self.customers is not None and session.restaurant.stats.left >= self.customers:
            return True
        return self.duration is not None and session.shown_time() - opened_at >= self.duration


def narrate(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """Tell a day of the restaurant until its end, or until Ctrl+C."""
    end = End(args.customers, args.duration)
    if args.fast and end == End(None, None):
        raise UsageError("--fast needs an end: --customers N or --duration S")
    config = RestaurantConfig(
        mode=args.mode, cooks=args.cooks, seed=args.seed, opening_line=args.opening_line
    )
    settings = DaySettings(config, speed=args.speed)

    def write(at: float, line: str) -> None:
        from burger_tui.narration import in_ascii, plain
        from burger_tui.sim.times import clock_text

        text = plain(line)
        print_text(f"{clock_text(at, tenths=False)} {in_ascii(text) if args.ascii else text}")

    with _unwrapped():
        if args.fast:
            from burger_tui.sim.virtual_loop import run_virtual

            told = run_virtual(_tell, settings, end, write, _virtual_clock)
        else:
            import anyio

            told = anyio.run(_tell, settings, end, write, None)
    return 0 if told else EXIT_FAILED


def _virtual_clock(_settings: DaySettings) -> Clock:
    from burger_tui.sim.clock import VirtualClock

    return VirtualClock()


async def _tell(
    settings: DaySettings, end: End, write: Write, clock: Callable[[DaySettings], Clock] | None
) -> bool:
    """Tell the day of ``settings`` up to ``end``; ``False`` if an actor failed and the day stopped (the story
    says so). ``clock``: what the day runs on (``None``: real time at the settings' speed)."""
    import anyio

    from burger_tui.session import DaySession
    from burger_tui.sim import events as ev

    opened = anyio.Event()  # the day opens as its first couple walks in (or as it fails)
    opened_at = 0.0

    def first_couple(event: ev.Event) -> None:
        nonlocal opened_at
        if isinstance(event, ev.CoupleArrived) and not opened.is_set():
            opened_at = event.at
            opened.set()

    session = DaySession(
        settings,
        clock=clock,
        on_failure=lambda _error: opened.set(),
        also_listening=lambda _restaurant: [first_couple],
    )
    async with anyio.create_task_group() as days:
        await days.start(session.run)
        await opened.wait()
        mode, cooks = session.config.mode, session.config.cooks
        write(opened_at, f"Welcome to {mode.story_title} ({describe_staff(mode, cooks)}).")
        while True:
            for at, line in session.take_lines():
                write(at, line)
            flush()  # each look's lines reach a pipe's reader (a log, a second screen) at once
            running = session.running
            if not running or end.reached(session, opened_at):
                break
            await anyio.sleep(LOOK_EVERY_S)
        days.cancel_scope.cancel()
    session.close()
    return running


@contextmanager
def _unwrapped() -> Iterator[None]:
    """What stopped the story (a reader gone, a full disk) as itself, not in the day's task group's
    exception group: the command line ends on it as every command does."""
    try:
        yield
    except BaseExceptionGroup as group:
        if len(group.exceptions) == 1:
            raise group.exceptions[0] from None
        raise
