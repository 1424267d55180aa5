"""A day is its settings, its seed and its log: replayed on virtual time, the same day to the bit.

Hypothesis drives random commands, with random waits between them, on the dashboard's own clock (a
:class:`~burger_tui.sim.clock.RealClock` whose "real" time is the virtual loop's, so a day of presses runs
in milliseconds); then the day's log is replayed headless on a
:class:`~burger_tui.sim.clock.VirtualClock`, and both days are exported at the same instant. The files
must be identical, byte for byte: every couple at the same instants, the same statistics, the same log.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio
from hypothesis import given
from hypothesis import strategies as st

from burger_tui.session import DaySession, replayed
from burger_tui.sim.live import DaySettings, Outcome
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.profiles import machine_settings
from tests.helpers.sim import restaurant_config

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
}

presses = st.lists(
    st.tuples(st.floats(0.0, 90.0, allow_nan=False), st.sampled_from(sorted(COMMANDS))), max_size=25
)


def export(session: DaySession, folder: str) -> dict[str, bytes]:
    outcome = session.export_to(folder + "/")
    assert outcome.title == "Exported", outcome.text
    return {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}


async def a_day_of_presses(settings: DaySettings, presses: list[tuple[float, str]], folder: str) -> object:
    """The dashboard's day: each press after its wait in real (here: the loop's) seconds."""
    loop = asyncio.get_running_loop()
    session = DaySession(settings, time_source=loop.time)
    async with anyio.create_task_group() as days:
        await days.start(session.run)
        for wait, name in presses:
            await anyio.sleep(wait)
            await COMMANDS[name](session)
        await anyio.sleep(30.0)
        until = await session.clock.settled_instant()
        files = export(session, folder)
        log = session.log
        session.close()
        days.cancel_scope.cancel()
    return log, until, files


@machine_settings()
@given(presses=presses, seed=st.integers(0, 2**16), mode=st.sampled_from(Mode))
def test_a_logged_day_replays_to_the_bit(presses: list[tuple[float, str]], seed: int, mode: Mode) -> None:
    config = restaurant_config(
        mode, cooks=2, arrival_rate_per_min=2.0, cook_time="exp:40", eat_time="uniform:20:60", seed=seed
    )
    settings = DaySettings(config, speed=4.0)
    with tempfile.TemporaryDirectory() as live_folder, tempfile.TemporaryDirectory() as replay_folder:
        log, until, live_files = run_virtual(a_day_of_presses, settings, presses, live_folder)

        async def again() -> tuple[object, dict[str, bytes]]:
            async with replayed(log, until=until) as session:  # type: ignore[arg-type]
                return session.log, export(session, replay_folder)

        assert run_virtual(again) == (log, live_files)  # the export holds the log: a replay can be replayed
