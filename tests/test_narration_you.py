"""Every change of *you* is told, with the couple's number, in the line where the story moves on to them:
whether they were first in line as the last *you* left, or the next to walk in."""

from __future__ import annotations

import pytest

from burger_tui.narration import narrate, plain
from burger_tui.sim import events as ev
from burger_tui.sim.day import open_day
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import EventLog, busy_config, restaurant_config


class Story(EventLog):
    """The day's events, and its story told as each happens (as the dashboard tells it): each line with the
    couple its event is about (0: about nobody in particular)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[int, str]] = []

    def __call__(self, event: ev.Event) -> None:
        super().__call__(event)
        if (line := narrate(event)) is not None:
            couple = getattr(event, "couple", None)
            self.lines.append((0 if couple is None else couple.id, plain(line)))


def changes_of_you(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each line where the story is about another couple than the line before about a couple: the first
    line of each *you* after the day's first."""
    changes, you = [], None
    for couple, line in lines:
        if couple and couple != you:
            if you is not None:
                changes.append((couple, line))
            you = couple
    return changes


def test_you_are_told_who_you_are_now_when_first_in_line_and_when_walking_in() -> None:
    # Parallel, one cashier-cook, 40 s a couple: couple 1 leaves at 0:01:40 with couple 4 still in line, who
    # is "you" from then on; couple 4 leaves with nobody in line, and the story waits for couple 5.
    config = restaurant_config(
        Mode.PARALLEL, cooks=1, order_time="fixed:10", cook_time="fixed:30", eat_time="fixed:60"
    )

    async def day() -> Story:
        log = Story()
        async with open_day(config, listeners=[log], auto_arrivals=False, follow_couples=True) as restaurant:
            for _ in range(4):
                restaurant.add_couple()
            while restaurant.present:
                await restaurant.clock.sleep(60)
            restaurant.add_couple()
            while restaurant.present:
                await restaurant.clock.sleep(60)
        return log

    lines = run_virtual(day).lines
    assert lines[0] == (1, "You and your crush walk in and stand in line. 😍")  # the first: no introduction
    assert changes_of_you(lines) == [
        (4, "You are now couple 4, in line since 0:00:00: the story follows you from here. 😍"),
        (5, "You are now couple 5: you and your crush walk in and stand in line. 😍"),
    ]
    assert [line for couple, line in lines if "walk in" in line] == [lines[0][1], changes_of_you(lines)[1][1]]


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_in_a_busy_day_every_new_you_is_named_in_the_line_that_moves_the_story_on(mode: Mode) -> None:
    async def day() -> Story:
        log = Story()
        async with open_day(
            busy_config(mode, seed=5), listeners=[log], max_arrivals=200, follow_couples=True
        ) as r:
            await r.closed.wait()
        return log

    log = run_virtual(day)
    changes = changes_of_you(log.lines)
    walked_in = {e.couple.id for e in log.of(ev.CoupleArrived) if e.new_you}
    from_the_line = {e.couple.id for e in log.of(ev.Followed)}
    assert walked_in, "the story moves on to a couple walking in"
    assert from_the_line, "the story moves on to a couple in line"
    assert {couple for couple, _ in changes} == walked_in | from_the_line
    for couple, line in changes:
        assert line.startswith(f"You are now couple {couple}"), line
