"""The clocks: speed and pause reach work already in progress; virtual time jumps; deadlocks are loud.

``RealClock`` is tested on the virtual-time loop with the loop's own time as its "real" time source,
so a test that waits "60 real seconds" takes microseconds and every instant is exact.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Awaitable, Callable

import anyio
import anyio.abc
import pytest

from burger_tui.sim.clock import ManualTimeSource, RealClock, VirtualClock
from burger_tui.sim.day import open_day
from burger_tui.sim.limits import MAX_SPEED, MIN_SPEED
from burger_tui.sim.model import RestaurantConfig
from burger_tui.sim.records import CustomerRecord, CustomerRecorder
from burger_tui.sim.virtual_loop import SimulationDeadlock, run_virtual
from tests.helpers.sim import restaurant_config


def loop_time() -> float:
    return asyncio.get_running_loop().time()


def with_real_clock(body: Callable[[RealClock], Awaitable[object]], **options: object) -> object:
    """Run ``body(clock)`` on the virtual loop with a driven ``RealClock`` on loop time."""

    async def main() -> object:
        clock = RealClock(time_source=loop_time, **options)  # type: ignore[arg-type]
        async with anyio.create_task_group() as tg:
            tg.start_soon(clock.run)
            result = await body(clock)
            tg.cancel_scope.cancel()
        return result

    return run_virtual(main)


async def sleep_and_note(clock: RealClock, seconds: float, woke: dict[float, float]) -> None:
    await clock.sleep(seconds)
    woke[seconds] = loop_time()


def test_sleep_takes_its_time_at_speed_one() -> None:
    async def body(clock: RealClock) -> float:
        await clock.sleep(60)
        return loop_time()

    assert with_real_clock(body) == 60


@pytest.mark.parametrize(
    ("speed", "expected"), [(4.0, 10 + 50 / 4), (0.25, 10 + 50 * 4), (16.0, 10 + 50 / 16)]
)
def test_a_speed_change_reaches_a_sleep_in_progress(speed: float, expected: float) -> None:
    async def body(clock: RealClock) -> float:
        woke: dict[float, float] = {}
        async with anyio.create_task_group() as tg:
            tg.start_soon(sleep_and_note, clock, 60.0, woke)
            await anyio.sleep(10)
            assert clock.flowing_now() == pytest.approx(10)
            clock.set_speed(speed)
        return woke[60.0]

    assert with_real_clock(body) == pytest.approx(expected)


def test_speed_change_replans_every_sleeper_in_order() -> None:
    async def body(clock: RealClock) -> dict[float, float]:
        woke: dict[float, float] = {}
        async with anyio.create_task_group() as tg:
            for seconds in (80.0, 20.0, 40.0):
                tg.start_soon(sleep_and_note, clock, seconds, woke)
            await anyio.sleep(10)
            clock.set_speed(2)
        return woke

    woke = with_real_clock(body)
    assert woke == pytest.approx({20.0: 10 + 10 / 2, 40.0: 10 + 30 / 2, 80.0: 10 + 70 / 2})


@pytest.mark.parametrize("paused_for", [0.5, 37.5, 1000.0])
def test_a_pause_delays_work_in_progress_by_exactly_the_pause(paused_for: float) -> None:
    async def body(clock: RealClock) -> float:
        woke: dict[float, float] = {}
        async with anyio.create_task_group() as tg:
            tg.start_soon(sleep_and_note, clock, 60.0, woke)
            await anyio.sleep(10)
            clock.pause()
            await anyio.sleep(paused_for)
            assert clock.flowing_now() == pytest.approx(10)  # simulated time stood still
            assert woke == {}
            clock.resume()
        return woke[60.0]

    assert with_real_clock(body) == pytest.approx(60 + paused_for)


def test_pause_and_speed_combine() -> None:
    # 10 s at 1x, paused 100 s, then 4x: the remaining 50 simulated seconds take 12.5 s.
    async def body(clock: RealClock) -> float:
        woke: dict[float, float] = {}
        async with anyio.create_task_group() as tg:
            tg.start_soon(sleep_and_note, clock, 60.0, woke)
            await anyio.sleep(10)
            clock.pause()
            clock.set_speed(4)
            await anyio.sleep(100)
            clock.resume()
        return woke[60.0]

    assert with_real_clock(body) == pytest.approx(110 + 50 / 4)


def test_a_sleep_started_while_paused_waits_for_resume() -> None:
    async def body(clock: RealClock) -> float:
        woke: dict[float, float] = {}
        async with anyio.create_task_group() as tg:
            tg.start_soon(sleep_and_note, clock, 5.0, woke)
            await anyio.sleep(3600)
            assert woke == {}
            clock.resume()
        return woke[5.0]

    assert with_real_clock(body, paused=True) == pytest.approx(3605)


def test_a_cancelled_sleeper_does_not_disturb_the_others() -> None:
    async def body(clock: RealClock) -> dict[float, float]:
        woke: dict[float, float] = {}
        async with anyio.create_task_group() as tg:
            with anyio.move_on_after(5):
                await clock.sleep(30)  # cancelled at 5: its heap entry stays behind
            await clock.settled_instant()  # the day's time reaches 5 (as a command's would)
            tg.start_soon(sleep_and_note, clock, 45.0, woke)
        return woke

    assert with_real_clock(body) == {45.0: 50.0}


def test_speed_limits() -> None:
    assert RealClock(MIN_SPEED).speed == MIN_SPEED
    clock = RealClock(MAX_SPEED)
    for bad in (MIN_SPEED / 2, MAX_SPEED * 2, 0.0, -1.0):
        with pytest.raises(ValueError, match="speed must be between"):
            clock.set_speed(bad)
        with pytest.raises(ValueError, match="speed must be between"):
            RealClock(bad)
    assert clock.speed == MAX_SPEED


def test_a_manual_time_source_wakes_sleepers_only_when_advanced() -> None:
    source = ManualTimeSource(start=100.0)

    async def main() -> None:
        clock = RealClock(time_source=source)
        woke = anyio.Event()

        async def sleeper() -> None:
            await clock.sleep(60)
            woke.set()

        async with anyio.create_task_group() as tg:
            tg.start_soon(clock.run)
            tg.start_soon(sleeper)
            await anyio.sleep(10_000)  # the loop's time passes; the manual source does not
            assert clock.flowing_now() == 0.0
            assert not woke.is_set()

            source.advance(59.5)
            clock.poke()
            await anyio.sleep(0.001)
            assert clock.flowing_now() == 59.5
            assert not woke.is_set()

            source.advance(0.5)
            clock.poke()
            poked_at = loop_time()
            await woke.wait()
            assert loop_time() == poked_at  # poke re-plans at once
            tg.cancel_scope.cancel()

    run_virtual(main)


def test_the_same_restaurant_on_a_real_clock_gives_the_same_day() -> None:
    """A RealClock with speed changes and a pause changes when things happen, not what happens."""
    cfg = restaurant_config(cooks=3, arrival_rate_per_min=2.0, seed=4)

    async def day(clock_factory: Callable[[], RealClock | None]) -> list[CustomerRecord]:
        recorder = CustomerRecorder()
        clock = clock_factory()
        async with open_day(cfg, clock, max_arrivals=150) as restaurant:
            restaurant.subscribe(recorder)
            if clock is not None:
                await anyio.sleep(300)
                clock.set_speed(16)
                await anyio.sleep(100)
                clock.pause()
                await anyio.sleep(5000)
                clock.set_speed(0.5)
                clock.resume()
            await restaurant.closed.wait()
        return recorder.records

    virtual = run_virtual(day, lambda: None)
    real = run_virtual(day, lambda: RealClock(2.0, time_source=loop_time))
    assert len(virtual) == 150
    assert real == virtual  # to the bit: the real clock's day moves instant after instant, as virtual time


def test_virtual_time_jumps_a_day_runs_at_once() -> None:
    async def day() -> tuple[float, int]:
        async with open_day(RestaurantConfig(arrival_rate_per_min=1.0)) as restaurant:
            assert isinstance(restaurant.clock, VirtualClock)
            await restaurant.clock.sleep(24 * 3600)
            return restaurant.clock.now(), restaurant.stats.arrived

    now, arrived = run_virtual(day)
    assert now == 24 * 3600
    assert 1300 < arrived < 1600  # about one a minute


def test_a_real_deadlock_is_reported() -> None:
    async def stuck() -> None:
        await anyio.Event().wait()

    with pytest.raises(SimulationDeadlock):
        run_virtual(stuck)


def test_a_thread_that_calls_back_once_the_loop_has_nothing_to_do_is_waited_for() -> None:
    """As ``asyncio.run`` ends, a thread shuts the default executor down, then sets the future the loop
    awaits. The loop, with nothing ready and no timer meanwhile, took that for a deadlock (a dashboard's
    test under load). Here the thread calls back only once the loop has found nothing to do."""
    main = threading.get_ident()
    gave_up = threading.Event()

    def loop_is_waiting_for_a_thread() -> bool:
        frame = sys._current_frames().get(main)
        while frame is not None:
            if frame.f_code.co_name == "_wait_for_a_thread":
                return True
            frame = frame.f_back
        return False

    def call_back(loop: asyncio.AbstractEventLoop, answer: asyncio.Future[int]) -> None:
        while not gave_up.is_set():
            if loop_is_waiting_for_a_thread():
                loop.call_soon_threadsafe(answer.set_result, 42)
                return
            gave_up.wait(0.001)  # polled: the moment the loop waits, not a time

    async def awaits_a_thread() -> int:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[int] = loop.create_future()
        threading.Thread(target=call_back, args=(loop, answer), daemon=True).start()
        return await answer

    try:
        assert run_virtual(awaits_a_thread) == 42
    finally:
        gave_up.set()


def test_waiting_for_a_day_that_never_closes_is_a_deadlock() -> None:
    # No automatic arrivals and no limit: once the one couple has left, nothing can ever happen.
    async def day() -> None:
        async with open_day(RestaurantConfig(), auto_arrivals=False) as restaurant:
            restaurant.add_couple()
            await restaurant.closed.wait()

    with pytest.raises(SimulationDeadlock):
        run_virtual(day)


async def test_a_deadline_reached_up_to_rounding_wakes_its_sleeper() -> None:
    """Regression: after a speed change, advancing a manual source to the exact deadline left
    ``now()`` 2e-13 s short, and the driver spun forever on a delay too small to pass."""
    source = ManualTimeSource(1000.3)
    clock = RealClock(time_source=source)
    woke = anyio.Event()

    async def sleeper(*, task_status: anyio.abc.TaskStatus[None]) -> None:
        task_status.started()
        await clock.sleep(60)  # deadline: 60
        woke.set()

    async with anyio.create_task_group() as tg:
        tg.start_soon(clock.run)
        await tg.start(sleeper)
        source.advance(7.3)
        clock.set_speed(4.0)
        source.advance((60 - 7.3) / 4)  # the remaining 52.7 simulated seconds at 4x
        clock.poke()
        with anyio.fail_after(5):  # a guard against the livelock, not a sleep
            await woke.wait()
        tg.cancel_scope.cancel()
