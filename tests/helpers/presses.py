"""Days of presses on the dashboard's clock (a RealClock on the virtual loop's time), for the replay tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio

from burger_tui.session import PLAYBACK_ENDS, DaySession
from burger_tui.sim.live import DayLog, DaySettings, Outcome
from burger_tui.sim.model import Mode

Command = Callable[[DaySession], Awaitable[Outcome]]

COMMANDS: dict[str, Command] = {
    "add_order": DaySession.add_order,
    "rush": DaySession.rush,
    "next_model": DaySession.next_model,
    "parallel": lambda session: session.switch_to(Mode.PARALLEL),
    "more_cooks": DaySession.more_cooks,
    "fewer_cooks": DaySession.fewer_cooks,
    "toggle_auto": DaySession.toggle_auto,
    "toggle_pause": DaySession.toggle_pause,
    "faster": DaySession.faster,
    "slower": DaySession.slower,
    "step": DaySession.step,
    # ← and →: back or forward 10 s of the day from the time shown (back replays it to there).
    "back": lambda session: session.go_to(session.shown_time() - 10.0, lambda _outcome: None),
    "forward": lambda session: session.go_to(session.shown_time() + 10.0, lambda _outcome: None),
}


def export(session: DaySession, folder: str) -> dict[str, bytes]:
    outcome = session.export_to(folder + "/")
    assert outcome.title == "Exported", outcome.text
    return {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}


async def a_day_of_presses(
    settings: DaySettings, presses: list[tuple[float, str]], folder: str
) -> tuple[DayLog, float, dict[str, bytes]]:
    """The dashboard's day: each press after its wait in real (here: the loop's) seconds."""
    loop = asyncio.get_running_loop()
    session = DaySession(settings, time_source=loop.time)
    async with anyio.create_task_group() as days:
        await days.start(session.run)
        for wait, name in presses:
            await anyio.sleep(wait)
            await COMMANDS[name](session)
        await anyio.sleep(30.0)
        until = await session.settled_instant()
        files = export(session, folder)
        log = session.log
        session.close()
        days.cancel_scope.cancel()
    return log, until, files


async def a_day_played_back(log: DayLog, until: float, folder: str) -> tuple[DayLog, dict[str, bytes]]:
    """The dashboard's day again: opened with ``log``'s settings on the dashboard's clock, its commands played
    back at their instants (as ``burger-tui replay FILE`` plays them), exported as the playback ends."""
    loop = asyncio.get_running_loop()
    session = DaySession(log.settings, time_source=loop.time)
    ended = anyio.Event()
    files: dict[str, bytes] = {}

    def show(outcome: Outcome) -> None:
        if outcome is PLAYBACK_ENDS:  # at the instant the day was exported: export it again
            files.update(export(session, folder))
            ended.set()

    async with anyio.create_task_group() as days:
        await days.start(session.run)
        session.play_back(log, until, show)
        await ended.wait()
        played = session.log
        session.close()
        days.cancel_scope.cancel()
    return played, files
