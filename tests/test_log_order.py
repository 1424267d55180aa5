"""A day's log holds its own commands, in the order of their instants, whatever runs beside them.

The dashboard runs commands beside each other: the tour's beside a key (a key right after ``g`` does not
stop it), a jump beside the keys. A rush settling the day as a reset closed it was logged in the next day
at the closed day's instant (the adversarial pass: exports ``replay`` refused, their first command at
202 s and the next at 0.008 s); a step was logged after commands of later instants made during it.
"""

from __future__ import annotations

import asyncio

import anyio

from burger_tui.session import DaySession, replayed
from burger_tui.sim.live import RUSH_SIZE, DayLog, DaySettings
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import restaurant_config

SETTINGS = DaySettings(restaurant_config(Mode.PARALLEL, cooks=8, seed=0), speed=8.0)


def in_order(log: DayLog) -> bool:
    instants = [entry.at for entry in log.entries]
    return instants == sorted(instants)


def test_a_rush_settling_as_the_day_is_reset_is_the_new_days_at_its_own_instant() -> None:
    async def day() -> tuple[DayLog, float, int, DayLog]:
        session = DaySession(SETTINGS, time_source=asyncio.get_running_loop().time)
        async with anyio.create_task_group() as days:
            await days.start(session.run)
            await anyio.sleep(25)  # 200 s into the day
            days.start_soon(session.rush)  # the tour's rush, beside the key r
            await session.reset()
            await anyio.sleep(1)
            await session.toggle_auto()
            until = await session.settled_instant()
            log, arrived = session.log, session.snapshot().stats.arrived
            session.close()
            days.cancel_scope.cancel()
        async with replayed(log, until=until) as again:
            return log, until, arrived, again.log

    log, until, arrived, replayed_log = run_virtual(day)
    assert [entry.command for entry in log.entries] == ["rush", "toggle_auto"]
    assert in_order(log), log.entries
    assert log.entries[0].at <= until < 200.0  # the new day's instant, not the closed day's (200 s)
    assert arrived >= RUSH_SIZE  # the rush reached the new day
    assert replayed_log == log


def test_a_step_during_a_jump_forward_is_logged_before_the_commands_the_jump_plays() -> None:
    async def day() -> DayLog:
        session = DaySession(SETTINGS, time_source=asyncio.get_running_loop().time)
        async with anyio.create_task_group() as days:
            await days.start(session.run)
            await anyio.sleep(25)
            await session.rush()
            await anyio.sleep(2)
            await session.go_to(session.shown_time() - 30, lambda _outcome: None)  # the rush ahead
            days.start_soon(session.go_to, session.shown_time() + 20, lambda _outcome: None)  # plays it
            await session.step()
            log = session.log
            session.close()
            days.cancel_scope.cancel()
        return log

    log = run_virtual(day)
    assert [entry.command for entry in log.entries] == ["rush", "step"]
    assert in_order(log), log.entries
