"""The story as it happens: sim events told in the seed's words, as markup (the dashboard) or plain lines
(``burger-tui narrate``).

The narration follows *you*: the couple the restaurant watches (the first of the day, then
the next one after you leave, named as the story moves on to them). Other couples would flood the log,
so only what matters to everyone (a model switch, a new shift) is told about them.
"""

from __future__ import annotations

from burger_tui.sim import events as ev
from burger_tui.sim.model import Couple, Mode, describe_staff
from burger_tui.sim.times import clock_text, span_text


def narrate(event: ev.Event) -> str | None:
    """One line of Textual markup for ``event``, or ``None`` when it is not worth telling."""
    couple: Couple | None = getattr(event, "couple", None)
    if couple is not None and not couple.watched and type(event) is not ev.Followed:
        return None  # most events are other couples': told without trying each case (a replay tells 11k)
    match event:
        case ev.ModeChanged(old=old, new=new, cooks=cooks):
            return (
                f"[b]The restaurant becomes {new.story_title}[/b] (was {old.story_title}). "
                f"{_switch_note(new, cooks)}"
            )
        case ev.Followed(couple=c):
            return (
                f"[b]You are now couple {c.id}[/b], in line since {clock_text(c.arrived_at, tenths=False)}: "
                "the story follows you from here. 😍"
            )
        case ev.CoupleArrived(couple=c, ahead=ahead, new_you=new_you) if c.watched:
            behind = f" behind {ahead} couple{'s' if ahead != 1 else ''}" if ahead else ""
            # The story moves on to them as they walk in: who "you" are is never left to guess.
            who = f"[b]You are now couple {c.id}[/b]: you and your crush" if new_you else "You and your crush"
            return f"{who} walk in and stand in line{behind}. 😍"
        case ev.OrderStarted(couple=c, staff=s) if c.watched:
            return f"Your turn: you order 2 very fancy burgers from {_who(s.name)} and pay. 💸"
        case ev.NumberGiven(couple=c) if c.watched:
            return (
                f"The cashier gives you [b]number {c.turn_number}[/b]. You pick a table and talk with "
                "your crush. ✨"
            )
        case ev.StandingAtCounter(couple=c, staff=s) if c.watched:
            return (
                f"{_who(s.name).capitalize()} goes to cook. No turn numbers here: you [b]stand at the "
                "counter[/b] so nobody takes your burgers, and cannot pay attention to your crush. 😞"
            )
        case ev.CookingStarted(couple=c, staff=s) if c.watched:
            return f"{_who(s.name).capitalize()} starts cooking your burgers."
        case ev.NumberShown(couple=c) if c.watched:
            return f"Number {c.turn_number} appears on the display. (You are talking; you have not noticed.)"
        case ev.Glanced(couple=c, ready=False) if c.watched:
            return "You glance at the display: not yet."
        case ev.Glanced(couple=c, ready=True) if c.watched:
            return f"[b]Number {c.turn_number}![/b] You finish the story, smile, and go to the counter."
        case ev.BurgersInHand(couple=c) if c.watched:
            return f"Burgers in hand after {span_text(c.arrived_at, event.at)}. You eat together. 🍔"
        case ev.CoupleLeft(couple=c) if c.watched:
            return f"You leave. {_talk_summary(c)}"
    return None


def literal(text: str) -> str:
    """``text`` shown as it is in a line of markup: textual.markup.escape leaves a "[" that does not look
    like a tag (the key "["), and the parser then swallows the "[/b]" after it."""
    return text.replace("[", r"\[")


def plain(line: str) -> str:
    """A line of the story without its markup: the words the screen shows. (Rich's markup parser: Textual's,
    which the screen uses, reads the story's lines alike; tested.)"""
    from rich.text import Text

    return Text.from_markup(line).plain


def in_ascii(line: str) -> str:
    """A line of the story for a terminal without emoji: they are decoration, dropped."""
    return line.encode("ascii", "ignore").decode().rstrip()


def _who(staff_name: str) -> str:
    return f"the {staff_name.lower()}" if staff_name[-1].isalpha() else staff_name.lower()


def _switch_note(mode: Mode, cooks: int) -> str:
    staff = describe_staff(mode, cooks)
    if mode is Mode.PARALLEL:
        return f"Now {staff}: each cooks the orders they take; new couples wait standing at the counter."
    if mode is Mode.HYBRID:
        return f"Now {staff}: the cashier hands out numbers, each ticket goes to the first free cook."
    return f"Now {staff}: the cashier hands out numbers; couples wait at their tables."


def _talk_summary(couple: Couple) -> str:
    assert couple.picked_up_at is not None
    waited = couple.picked_up_at - couple.arrived_at
    share = couple.talking / waited if waited > 0 else 0.0
    return (
        f"You waited {span_text(couple.arrived_at, couple.picked_up_at)} and talked with your crush for "
        f"{share:.0%} of it."
    )
