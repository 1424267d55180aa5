"""The story kept for a jump back: the lines told by an instant, in the order a day replayed to it tells
them, and only while what is kept reaches back far enough to know them."""

from __future__ import annotations

from burger_tui.story import LINES_KEPT_FOR_A_JUMP, STORY_LINES_KEPT, Line, Story


def test_going_back_keeps_the_last_lines_told_by_then_once_more_were_told_than_are_kept() -> None:
    story = Story()
    seconds = range(LINES_KEPT_FOR_A_JUMP + STORY_LINES_KEPT)
    told = [Line(float(second), f"line {second}") for second in seconds]
    for line in told:
        story.heard(line, glance=False)
    story.take()  # the screen showed them
    oldest = len(told) - LINES_KEPT_FOR_A_JUMP  # the first kept
    enough = oldest + STORY_LINES_KEPT  # the instant with STORY_LINES_KEPT lines kept after the oldest's
    assert not story.can_go_back_to(enough - 0.5)  # the oldest's instant may have had lines forgotten
    assert story.can_go_back_to(enough)
    story.go_back_to(enough)
    assert story.take() == told[enough - STORY_LINES_KEPT + 1 : enough + 1]


def test_a_glance_is_told_after_the_events_of_its_instant_and_not_yet_at_the_instant_gone_to() -> None:
    story = Story()
    glance, event = Line(5.0, "you glance: not yet"), Line(5.0, "cook 1 starts cooking")
    story.heard(glance, glance=True)  # a frame told it before the events of its instant were heard
    story.heard(event, glance=False)
    last_glance, last_event = Line(9.0, "you glance again"), Line(9.0, "the cashier calls")
    story.heard(last_event, glance=False)
    story.heard(last_glance, glance=True)
    story.tell(Line(9.5, "a remark of the session's"))  # not an event's: a day replayed does not tell it
    story.take()  # the screen showed them
    reached = Line(9.0, "the day reached again as it was replayed")
    story.tell(reached)
    story.go_back_to(9.0)
    assert story.take() == [event, glance, last_event, reached]
