"""Going back in a day (``←``, ``→``, ``home``): the day replayed to an earlier instant is the day as it was
there, and going forward again plays what it did next, until a command of the user's changes it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

from burger_tui.session import BACK_AT_THE_NEWEST, FORKED, DaySession
from burger_tui.sim.live import DaySettings, Entry, Outcome
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import restaurant_config

CONFIG = restaurant_config(Mode.CONCURRENT, cooks=3, arrival_rate_per_min=3.0, seed=7)


@asynccontextmanager
async def a_day(config: RestaurantConfig = CONFIG) -> AsyncIterator[DaySession]:
    """A session of ``config`` at 2x on the virtual loop's time (the dashboard's clock on it)."""
    session = DaySession(DaySettings(config, speed=2.0), time_source=asyncio.get_running_loop().time)
    async with anyio.create_task_group() as days:
        await days.start(session.run)
        yield session
        session.close()
        days.cancel_scope.cancel()


async def paused_snapshot(session: DaySession) -> DaySnapshot:
    """The day at the instant reached, paused there (a snapshot shows the time flowing otherwise)."""
    if not session.snapshot().paused:
        await session.toggle_pause()
    return session.snapshot()


async def a_busy_day(session: DaySession) -> None:
    """Rushes, live switches and cooks changed, at 2x: 30 simulated seconds apart, from 10 s on (the day at
    an instant is the day after every command at it: a command at the instant gone back to would be in)."""
    for command in (session.rush, session.next_model, session.more_cooks, session.rush, session.next_model):
        await anyio.sleep(5)
        await command()
        await anyio.sleep(10)


def test_going_back_lands_on_the_snapshot_the_day_had_at_that_instant_and_forward_on_the_newest() -> None:
    async def day() -> tuple[list[DaySnapshot], list[tuple[Entry, ...]], list[Outcome]]:
        shown: list[Outcome] = []
        async with a_day() as session:
            await a_busy_day(session)
            then = await paused_snapshot(session)
            log_then = session.log.entries
            await session.toggle_pause()
            await a_busy_day(session)
            newest = await paused_snapshot(session)
            log_newest = session.log.entries
            await session.go_to(then.now, shown.append)
            back = session.snapshot()
            log_back = session.log.entries
            await session.go_to(newest.now, shown.append)
            forward = session.snapshot()
            log_forward = session.log.entries
        return [then, back, newest, forward], [log_then, log_back, log_newest, log_forward], shown

    (then, back, newest, forward), (log_then, log_back, log_newest, log_forward), shown = run_virtual(day)
    assert back.newest == newest.now
    assert back.newest > then.now
    assert back._replace(newest=None) == then  # every couple, the staff, the stats, the by-model rows
    assert log_back == tuple(entry for entry in log_newest if entry.at <= then.now)  # pauses included
    assert log_back[: len(log_then)] == log_then
    assert forward == newest
    assert forward.newest is None
    assert log_forward == log_newest
    assert shown == []  # a jump goes over the commands it plays without showing each


async def gone_back(session: DaySession, shown: list[Outcome]) -> tuple[float, tuple[Entry, ...], float]:
    """Two busy stretches of the day, then back to the instant between them: that instant, the day's log
    before going back, and its newest instant."""
    await a_busy_day(session)
    back_to = session.clock.now()
    await a_busy_day(session)
    recorded = session.log.entries
    newest = await session.settled_instant()
    await session.go_to(back_to, shown.append)
    return back_to, recorded, newest


def test_time_running_after_a_jump_back_plays_the_days_next_commands_at_their_instants() -> None:
    async def day() -> tuple[tuple[Entry, ...], tuple[Entry, ...], float, list[Outcome], DaySnapshot]:
        shown: list[Outcome] = []
        async with a_day() as session:
            back_to, recorded, newest = await gone_back(session, shown)
            assert session.snapshot().paused  # gone back, the day waits to be looked at
            await session.toggle_pause()
            await anyio.sleep((newest - back_to) / 2.0 + 5)  # real seconds at 2x, past the newest instant
            played = tuple(entry for entry in session.log.entries if entry.at != back_to)  # its resume
            snapshot = session.snapshot()
        return recorded, played, back_to, shown, snapshot

    recorded, played, back_to, shown, snapshot = run_virtual(day)
    assert played == recorded
    assert snapshot.newest is None  # the present again
    later = [entry for entry in recorded if entry.at > back_to]
    assert later
    assert len(shown) == len(later) + 1
    assert shown[-1] is BACK_AT_THE_NEWEST


def test_a_command_of_the_users_in_the_past_starts_a_new_branch_there() -> None:
    async def day() -> tuple[tuple[Entry, ...], tuple[Entry, ...], float, list[Outcome], DaySnapshot]:
        shown: list[Outcome] = []
        async with a_day() as session:
            back_to, recorded, _newest = await gone_back(session, shown)
            await session.toggle_pause()  # only how the day is shown: the recorded day still plays
            await session.toggle_pause()
            await session.add_order()  # changes the day: what came after is gone
            await anyio.sleep(200)
            return recorded, session.log.entries, back_to, shown, session.snapshot()

    recorded, branch, back_to, shown, snapshot = run_virtual(day)
    before = tuple(entry for entry in recorded if entry.at <= back_to)
    assert branch[: len(before)] == before
    assert [entry.command for entry in branch[len(before) :]] == ["toggle_pause", "toggle_pause", "add_order"]
    assert shown == [FORKED]
    assert snapshot.newest is None


def test_home_is_the_days_opening_as_a_fresh_day_opens() -> None:
    async def day() -> tuple[DaySnapshot, DaySnapshot]:
        async with a_day() as fresh:
            opening = await paused_snapshot(fresh)
        async with a_day() as session:
            await a_busy_day(session)
            await session.toggle_pause()
            await session.go_to(0.0, lambda _outcome: None)
            home = session.snapshot()
        return opening, home

    opening, home = run_virtual(day)
    assert home._replace(newest=None) == opening
    assert home.newest is not None


def test_a_command_on_a_virtual_day_forks_nothing_and_is_logged() -> None:
    """A session on virtual time (the screenshots' and the tests' days) takes commands as the dashboard's."""
    from burger_tui.sim.clock import VirtualClock

    async def day() -> tuple[str, ...]:
        session = DaySession(DaySettings(CONFIG), clock=lambda _settings: VirtualClock())
        async with anyio.create_task_group() as days:
            await days.start(session.run)
            await session.rush()
            await session.next_model()
            session.close()
            days.cancel_scope.cancel()
        return tuple(entry.command for entry in session.log.entries)

    assert run_virtual(day) == ("rush", "switch_to")
