"""How the lanes look, on screen and on paper: a colour and a glyph for each state, never the colour alone.

The colours are Okabe and Ito's palette, told apart with every common kind of colour blindness; each state
also has its own glyph (and an ASCII one for ``--ascii``) and, in the SVG handout, its own pattern, so a
monochrome screen or a black-and-white print reads the same. No Textual, no Rich: the dashboard's view and
``burger-tui timeline`` share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from burger_tui.sim.lane_view import MarkKind, NewYou, State
from burger_tui.sim.times import clock_text

# Okabe & Ito, "Color Universal Design" (2008), and a neutral grey.
ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, REDDISH_PURPLE, BLACK, GREY = "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999"


class Look(NamedTuple):
    words: str  # the legend's
    short: str  # the legend's on a small screen
    colour: str
    glyph: str  # one cell wide
    plain: str  # the glyph in ASCII
    pattern: str  # the SVG's pattern over the colour (see timeline_svg)


LOOKS = {
    State.ORDERING: Look("taking an order / ordering", "ordering", ORANGE, "▒", "o", "diagonal"),
    State.COOKING: Look("cooking", "cooking", BLUE, "▓", "c", "cross"),
    State.WAITING: Look("waiting for a hand-off", "waiting", GREY, "─", "-", "thin"),
    State.HOLDING: Look("holding the one thread", "holding the thread", BLACK, "▞", "#", "solid"),
    State.IN_LINE: Look("in line", "in line", SKY_BLUE, "░", ":", "dots"),
    State.STANDING: Look(
        "standing at the counter, blocked", "standing, blocked", VERMILLION, "█", "!", "solid"
    ),
    State.TALKING: Look(
        "talking at a table (suspended)", "talking (suspended)", BLUISH_GREEN, "~", "~", "waves"
    ),
    State.WALKING: Look("walking to the counter", "walking", YELLOW, ">", ">", "arrows"),
    State.EATING: Look("eating", "eating", REDDISH_PURPLE, "=", "=", "vertical"),
}
STAFF_WORDS = "staff (asleep on the clock while they work)"
COUPLE_WORDS = "couples"
STAFF_STATES = (State.ORDERING, State.COOKING, State.WAITING, State.HOLDING)  # in the legend's order
COUPLE_STATES = (State.IN_LINE, State.ORDERING, State.STANDING, State.TALKING, State.WALKING, State.EATING)

MARK_WORDS = {
    MarkKind.JOINED: "staff started a shift",
    MarkKind.LEFT: "staff went home",
    MarkKind.FREEZE: "a blocking call froze the day: the cook held the one thread",
}
MARK_SHORT = {MarkKind.JOINED: "shift starts", MarkKind.LEFT: "home", MarkKind.FREEZE: "freeze"}
MARK_PRIORITY = (MarkKind.FREEZE, MarkKind.SWITCH, MarkKind.JOINED, MarkKind.LEFT)  # the first shows
INSTANTS_WORDS = "couples walked in (street), numbers shown (display)"
COUNT_WORDS = f"how many {INSTANTS_WORDS}; X: ten or more"
COUNT_SHORT = "arrivals, numbers shown (X: 10+)"


def mark_glyph(kind: MarkKind, text: str, *, plain: bool) -> str:
    """The glyph of a mark: a switch shows the new model's initial (its ``text`` is the model's title)."""
    if kind is MarkKind.SWITCH:
        return text[0]
    if kind is MarkKind.FREEZE:
        return LOOKS[State.HOLDING].plain if plain else LOOKS[State.HOLDING].glyph
    return "+" if kind is MarkKind.JOINED else "-"


def mark_words(kind: MarkKind, text: str, *, short: bool = False) -> str:
    """A mark in words, as a legend says it (``short``: on a small screen)."""
    if kind is MarkKind.SWITCH:
        return f"to {text.split()[0]}" if short else f"switched to {text}"
    return MARK_SHORT[kind] if short else MARK_WORDS[kind]


def new_you_words(changes: Sequence[NewYou], *, short: bool = False) -> str:
    """The changes of *you* in a stretch (its lane marks each with the star), naming the couples as the
    narration does ("You are now couple 9"); ``short``: on a small screen. More than two: the last one."""

    def one(change: NewYou) -> str:
        at = "" if short else f" ({clock_text(change.at, tenths=False)})"
        return f"couple {change.couple}{at}"

    if len(changes) > 2:
        return f"you: {len(changes)} other couples, the last {one(changes[-1])}"
    return "you are now " + ", then ".join(map(one, changes))


def count_glyph(count: int) -> str:
    """How many instants fell in one cell: ``1`` to ``9``, then ``X`` (ten, as a rush; ``+`` is a mark's)."""
    return str(count) if count < 10 else "X"
