"""A second opinion on virtual time: the same seeded days on trio's MockClock and on our loop.

:class:`~burger_tui.sim.virtual_loop.VirtualTimeEventLoop` overrides asyncio internals to make time
jump. trio's ``MockClock(autojump_threshold=0)``, reached through anyio, is an independent
implementation of the same idea, so a day run on both must give the same report and the same couples.

trio runs the tasks woken in one batch in a random order (reversed half the time), asyncio in FIFO
order. The model must not depend on that order: staff hired at the same instant (all of them at the
opening) used to queue for work in the order their tasks first ran, so *which* cashier-cook served a
couple differed between the two loops; the work board now ranks idle staff by when they became idle,
then role and number. The couples must be equal to the last bit, who served whom included.

The zero-length waits of both clocks are pinned here too: a wait for a deadline already reached is
a checkpoint on both clocks, as ``anyio.sleep(0)`` is (see ``clock._zero_length_wait``).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import pytest
from trio.testing import MockClock

from burger_tui.sim import events as ev
from burger_tui.sim.clock import Clock, RealClock, VirtualClock
from burger_tui.sim.day import open_day
from burger_tui.sim.distributions import parse_distribution
from burger_tui.sim.headless import simulate
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.records import CustomerRecord, CustomerRecorder
from burger_tui.sim.virtual_loop import run_virtual

T = TypeVar("T")

COUPLES = 400
# Default distributions, a busy day with several cooks, and fixed times: zero-length orders
# (checkpoints) and exact ties between events.
SETTINGS: dict[str, dict[str, Any]] = {
    "defaults": {"seed": 1},
    "3-cooks-busy": {"cooks": 3, "arrival_rate_per_min": 3.0, "seed": 2},
    "12-cooks-rush": {"cooks": 12, "arrival_rate_per_min": 8.0, "seed": 3},
    "fixed-times-zero-orders": {
        "cooks": 2,
        "arrival_rate_per_min": 2.0,
        "order_time": parse_distribution("fixed:0"),
        "cook_time": parse_distribution("fixed:30"),
        "eat_time": parse_distribution("fixed:60"),
        "walk_time": 0.0,
        "seed": 4,
    },
}
CASES = [(mode, name) for mode in Mode for name in SETTINGS]
CASE_IDS = [f"{mode}-{name}" for mode, name in CASES]


def on_trio(func: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run ``func(*args)`` with anyio on trio, with a mock clock that jumps to the next deadline."""
    return anyio.run(func, *args, backend="trio", backend_options={"clock": MockClock(autojump_threshold=0)})


Runner = Callable[..., Any]
BACKENDS: dict[str, Runner] = {"virtual loop": run_virtual, "trio": on_trio}


@functools.cache
def day(mode: Mode, settings: str, backend: str) -> tuple[dict[str, Any], list[CustomerRecord]]:
    """The report (without wall time) and every couple's record of one seeded day (run once)."""
    recorder = CustomerRecorder()
    config = RestaurantConfig(mode=mode, **SETTINGS[settings])
    report = BACKENDS[backend](simulate, config, COUPLES, None, [recorder]).as_dict()
    del report["wall_time_s"]
    return report, recorder.records


@pytest.mark.parametrize(("mode", "settings"), CASES, ids=CASE_IDS)
def test_trio_and_the_virtual_loop_give_the_same_report(mode: Mode, settings: str) -> None:
    ours, _ = day(mode, settings, "virtual loop")
    theirs, _ = day(mode, settings, "trio")
    assert ours["served"] == COUPLES
    assert ours == theirs


@pytest.mark.parametrize(("mode", "settings"), CASES, ids=CASE_IDS)
def test_trio_and_the_virtual_loop_give_the_same_couples(mode: Mode, settings: str) -> None:
    _, ours = day(mode, settings, "virtual loop")
    _, theirs = day(mode, settings, "trio")
    assert len(ours) == COUPLES
    assert ours == theirs  # who served whom included: ties between idle staff are the model's rule


# -- zero-length waits: a checkpoint on both clocks ---------------------------------------------

ZeroWait = Callable[[Clock], Awaitable[None]]
ZERO_WAITS: dict[str, ZeroWait] = {
    "sleep(0)": lambda clock: clock.sleep(0),
    "sleep(-1)": lambda clock: clock.sleep(-1),
    "sleep_until(now)": lambda clock: clock.sleep_until(clock.now()),
    "sleep_until(past)": lambda clock: clock.sleep_until(clock.now() - 1),
}


def with_clock(kind: str, body: Callable[[Clock], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
    """``body(clock)`` with a fresh clock of ``kind``; a RealClock runs on the loop's time, driven."""

    async def main() -> T:
        if kind == "virtual":
            return await body(VirtualClock())
        clock = RealClock(time_source=anyio.current_time)
        async with anyio.create_task_group() as tg:
            tg.start_soon(clock.run)
            result = await body(clock)
            tg.cancel_scope.cancel()
        return result

    return main


@pytest.mark.parametrize("wait", ZERO_WAITS.values(), ids=ZERO_WAITS.keys())
@pytest.mark.parametrize("kind", ["virtual", "real"])
def test_a_zero_length_wait_lets_the_tasks_already_due_run_first(kind: str, wait: ZeroWait) -> None:
    async def body(clock: Clock) -> list[str]:
        ran: list[str] = []

        async def other() -> None:
            ran.append("other")

        async with anyio.create_task_group() as tg:
            tg.start_soon(other)  # due now; asyncio runs due tasks in FIFO order
            await wait(clock)
            ran.append("waiter")
        assert clock.now() == 0
        return ran

    assert run_virtual(with_clock(kind, body)) == ["other", "waiter"]


@pytest.mark.parametrize("backend", BACKENDS.keys())
@pytest.mark.parametrize("wait", ZERO_WAITS.values(), ids=ZERO_WAITS.keys())
@pytest.mark.parametrize("kind", ["virtual", "real"])
def test_a_zero_length_wait_can_be_cancelled(kind: str, wait: ZeroWait, backend: str) -> None:
    async def body(clock: Clock) -> bool:
        with anyio.CancelScope() as scope:
            scope.cancel()
            await wait(clock)
            pytest.fail("a cancelled zero-length wait returned")
        return scope.cancelled_caught

    assert BACKENDS[backend](with_clock(kind, body)) is True


def narration(events: list[ev.Event]) -> list[tuple[str, float, int | None, str | None]]:
    """(event, time, couple, staff) of each event until the last couple left (then the day closes)."""
    lines: list[tuple[str, float, int | None, str | None]] = []
    for e in events:
        couple = getattr(e, "couple", None)
        staff = getattr(e, "staff", None)
        lines.append((type(e).__name__, e.at, couple and couple.id, staff and staff.name))
    last = max(i for i, (name, *_) in enumerate(lines) if name == "CoupleLeft")
    return lines[: last + 1]


def test_a_zero_length_job_is_narrated_alike_on_both_clocks() -> None:
    """With zero-length orders the dashboard's clock and the headless one tell one story, in order.

    With ``VirtualClock.sleep(0)`` taking no checkpoint they did not: a cashier-cook who handed
    couple 10 their burgers and took couple 12's order at once had 12 standing at the counter
    before 10 had burgers in hand on the virtual clock, after on the real one.
    """
    config = RestaurantConfig(
        mode=Mode.PARALLEL,
        cooks=3,
        arrival_rate_per_min=3.0,
        order_time=parse_distribution("fixed:0"),
        seed=1,
    )

    async def told(real: bool) -> list[ev.Event]:
        events: list[ev.Event] = []
        clock = RealClock(time_source=asyncio.get_running_loop().time) if real else None
        async with open_day(config, clock, listeners=[events.append], max_arrivals=300) as restaurant:
            await restaurant.closed.wait()
        return events

    virtual = narration(run_virtual(told, False))
    real = narration(run_virtual(told, True))
    # The real clock computes times from anchors: equal to the last few bits only.
    assert [(name, couple, staff) for name, _, couple, staff in real] == [
        (name, couple, staff) for name, _, couple, staff in virtual
    ]
    assert [at for _, at, _, _ in real] == pytest.approx([at for _, at, _, _ in virtual], rel=1e-12)
