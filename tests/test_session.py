"""The day session: what it tells, as the day runs (on the dashboard's clock, here on virtual time)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest

from burger_tui.lessons import blocking
from burger_tui.session import TOUR_TITLE, DaySession
from burger_tui.sim.clock import settle
from burger_tui.sim.lane_view import LanesView, MarkKind, Span, State
from burger_tui.sim.live import DaySettings, Outcome
from burger_tui.sim.model import Mode, Phase, RestaurantConfig
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import restaurant_config


@asynccontextmanager
async def a_day(config: RestaurantConfig) -> AsyncIterator[DaySession]:
    """A session of ``config`` at 1x on the virtual loop's time, arrivals off, open until the block ends."""
    session = DaySession(
        DaySettings(config, speed=1.0, auto_arrivals=False), time_source=asyncio.get_running_loop().time
    )
    async with anyio.create_task_group() as days:
        await days.start(session.run)
        yield session
        session.close()
        days.cancel_scope.cancel()


def test_your_glances_are_told_as_the_time_shown_reaches_them_not_at_the_next_event() -> None:
    """Seated with a number and a long cook ahead, nothing happens for 100 s but your glances, which are
    instants computed, not woken to: each is told once the shown time passes it."""
    config = restaurant_config(
        Mode.CONCURRENT, order_time="fixed:10", cook_time="fixed:100", glance_every=8.0, seed=1
    )

    async def day() -> tuple[list[str], list[str]]:
        async with a_day(config) as session:
            await session.add_order()
            await anyio.sleep(12)  # ordered at 10: seated with number 1, the burgers due at 110
            seated = [line.text for line in session.take_lines()]
            await anyio.sleep(40)  # nothing happens in the day until 110
            glanced = [line.text for line in session.take_lines()]
        return seated, glanced

    seated, glanced = run_virtual(day)
    assert any("number 1" in text for text in seated)
    # Seated at 10, a glance every 8 s from a moment of the couple's own: four or five by 52 s.
    assert 4 <= glanced.count("You glance at the display: not yet.") <= 5
    assert glanced == ["You glance at the display: not yet."] * len(glanced)


def test_the_cook_a_learner_followed_is_still_the_cook_after_a_round_of_switches() -> None:
    """Concurrent, a rush, then m m m (parallel, hybrid, concurrent again): when everyone sent home has
    finished their last job, the kitchen and the counter are the cashier and Cook 1 again, not Cook 2."""
    config = restaurant_config(Mode.CONCURRENT, cooks=8, seed=1)

    async def day() -> list[str]:
        async with a_day(config) as session:
            await session.rush()
            await anyio.sleep(30)
            for _ in range(3):
                await session.next_model()
                await anyio.sleep(2)
            await anyio.sleep(600)  # the rush served, everyone sent home gone
            staff = [member.name for member in session.snapshot().staff]
        return staff

    assert run_virtual(day) == ["Cashier", "Cook 1"]


def test_when_you_leave_the_story_says_which_couple_in_line_you_are_now() -> None:
    """A rush: the first couple is *you*; when they leave with others still in line, the story moves on to
    the first in line and says so, before that couple's own story goes on."""
    config = restaurant_config(
        Mode.CONCURRENT, order_time="fixed:10", cook_time="fixed:5", eat_time="fixed:5", seed=1
    )

    async def day() -> list[str]:
        async with a_day(config) as session:
            await session.rush()
            await anyio.sleep(120)  # couple 1 ordered, ate and left long before the line is through
            told = [line.text for line in session.take_lines()]
        return told

    told = run_virtual(day)
    left = next(i for i, text in enumerate(told) if text.startswith("You leave."))
    now_you = told[left + 1]
    assert now_you.startswith("[b]You are now couple ")
    assert "in line since 0:00:00" in now_you  # they came with the rush, at the opening
    number = int(now_you.removeprefix("[b]You are now couple ").split("[")[0])
    assert number > 1
    assert any("Your turn" in text for text in told[left + 2 :])  # and their story goes on


def test_the_busy_shares_shown_count_the_work_in_progress_up_to_the_time_shown() -> None:
    """A cook 50 s into a 100 s burger, nothing else happening since it began: the screen's cooks are busy
    most of the day so far, not 0 % until the burger is done (the reviewer saw 'cooks 0%' beside a cook
    at 19 %)."""
    config = restaurant_config(Mode.CONCURRENT, order_time="fixed:10", cook_time="fixed:100", seed=1)

    async def day() -> dict[str, float]:
        async with a_day(config) as session:
            await session.add_order()
            await anyio.sleep(60)  # ordered at 10, cooking since; the next instant is 110
            return dict(session.snapshot().stats.utilization)

    busy = run_virtual(day)
    assert busy["cooks"] > 0.8  # 50 of 60 s
    assert busy["cashier"] < 0.2  # 10 of 60 s


def test_each_day_has_its_lanes_from_its_opening_and_a_blocking_call_is_a_freeze_on_them() -> None:
    """The session's lanes hear each day from its opening (its staff, hired before anyone listens, wait for
    a hand-off from there) and a reset gives the new day new lanes; the blocking lesson marks the freeze
    from the time shown as it began to the time shown as it ended."""
    config = restaurant_config(Mode.CONCURRENT, order_time="fixed:10", cook_time="fixed:30", seed=1)

    async def day() -> tuple[LanesView, tuple[float, float], bool]:
        async with a_day(config) as session:
            first = session.lanes
            assert first is not None
            await anyio.sleep(3)
            await session.add_order()
            await anyio.sleep(5)
            began = session.shown_time()
            await session.blocking_call(0.01, settle)  # shown at once: no screen
            ended = session.shown_time()
            await anyio.sleep(1)
            now = session.shown_time()
            view = first.view(0.0, now, now, couples=10)
            await session.reset()
            return view, (began, ended), session.lanes is not first

    view, freeze, renewed = run_virtual(day)
    cashier = next(lane for lane in view.lanes if lane.label == "Cashier")
    assert cashier.spans[:2] == (Span(0.0, 3.0, State.WAITING), Span(3.0, 9.0, State.ORDERING))
    assert [(m.at, m.end) for m in view.marks if m.kind is MarkKind.FREEZE] == [freeze]
    assert renewed


def test_a_blocking_call_tells_who_held_the_loop_and_that_the_days_time_passed_with_what_came_late(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Parallel at 16x, a couple's 20 s order taken from 0: a 1.5 s hold at 8 s is 24 s of the day, the
    order's end (at 20) due in them. The screen's clock jumps those 24 s: the story says why (it said
    "the cook" in parallel, and nothing of the jump)."""
    config = restaurant_config(Mode.PARALLEL, order_time="fixed:20", cook_time="fixed:100", seed=1)
    held_for = [0.0]

    def hold(seconds: float) -> float:  # real time passes, as a real hold's would (without sleeping)
        held_for[0] += seconds
        return seconds

    monkeypatch.setattr(blocking, "_cook_synchronously", hold)

    async def day() -> list[str]:
        loop = asyncio.get_running_loop()
        settings = DaySettings(config, speed=16.0, auto_arrivals=False)
        session = DaySession(settings, time_source=lambda: loop.time() + held_for[0])
        told_before_the_hold: list[str] = []

        async def shown() -> None:
            told_before_the_hold.extend(line.text for line in session.take_lines())

        async with anyio.create_task_group() as days:
            await days.start(session.run)
            await session.add_order()
            await anyio.sleep(0.5)  # 8 s of the day: the order is being taken
            before = session.shown_time()
            await session.blocking_call(1.5, shown)
            assert session.shown_time() == pytest.approx(before + 24)
            lines = [*told_before_the_hold, "|", *(line.text for line in session.take_lines())]
            session.close()
            days.cancel_scope.cancel()
        return lines

    before, _, after = " ".join(run_virtual(day)).partition("|")
    assert "A cashier-cook makes a blocking call" in before  # told before the hold, in parallel's words
    assert "a cashier-cook called a blocking function" in after.lower()
    assert "held everyone for 1.50 s" in after
    assert "the 24s of the day that passed meanwhile did pass" in after
    assert "the 1 wake-up due in them came late" in after


def test_the_tours_captions_say_what_the_day_shows_at_each_stop() -> None:
    """Stop 3 said "every couple stands at the counter" while couples seated before the switch sat
    talking: each caption is said of the day as it is once the stop's commands are done."""
    config = restaurant_config(Mode.HYBRID, seed=2)

    async def day() -> list[tuple[str, DaySnapshot]]:
        captions: list[tuple[str, DaySnapshot]] = []
        async with a_day(config) as session:

            def show(outcome: Outcome) -> None:
                if outcome.title == TOUR_TITLE and outcome.text is not None:
                    captions.append((outcome.text, session.snapshot()))

            await session.play_tour(show)
        return captions

    captions = run_virtual(day)
    assert [text.partition(":")[0] for text, _ in captions] == [f"[b]Tour {n}/5" for n in range(1, 6)]
    (first, at_first), (second, at_second), (third, at_third), (fourth, at_fourth), _ = captions
    assert f"In line: {len(at_first.line)} couples." in first
    seated = len(at_third.couples(Phase.SEATED))
    assert seated  # concurrent's rush still waits for its numbers as parallel begins
    assert f"Seated before the switch: {seated} couple" in third
    assert "every new couple stands at the counter" in third
    standing = len(at_fourth.couples(Phase.AT_COUNTER))
    assert standing
    assert f"Still standing at the counter: {standing} couple" in fourth
    assert f"Seated with a number: {len(at_second.couples(Phase.SEATED))} couple" in second
    tickets = len(at_second.kitchen_queue)
    assert f"{tickets} tickets wait on the rail" in second if tickets > 1 else "keeps up" in second
