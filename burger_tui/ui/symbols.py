"""The glyphs the dashboard draws with (emoji, or plain characters with ``--ascii``), and the colours of what
they show."""

from __future__ import annotations

from typing import NamedTuple


# NamedTuples, not frozen dataclasses, for the small records read at start-up: a dataclass costs ~0.4 ms
# to create on CPython 3.11 (a compiled function per method), and start-up has a budget.
class Symbols(NamedTuple):
    couple: str  # in line
    ordering: str
    standing: str  # parallel: blocked at the counter, silent
    talking: str  # seated with a number, talking with their crush
    glancing: str  # looking up at the counter display
    walking: str  # to the counter to pick up
    eating: str
    frozen: str  # the web lesson: a request while the server's loop is held
    cashier: str
    cook: str
    cashier_cook: str
    ticket: str
    you: str
    paused: str
    running: str
    rewind: str  # the screen shows an earlier instant than the day's newest
    clock: str
    box: str  # a table's corners and edges: top-left, top-right, bottom-left, bottom-right, edge, side
    door: str


EMOJI = Symbols(
    couple="👫",
    ordering="🗣",
    standing="😞",
    talking="😍",
    glancing="👀",
    walking="🚶",
    eating="🍔",
    frozen="🥶",
    cashier="💁",
    cook="🍳",
    cashier_cook="🍳",
    ticket="🎫",
    you="★",
    paused="⏸",
    running="▶",
    rewind="⏪",
    clock="🕐",
    box="╭╮╰╯─│",
    door="🚪",
)

ASCII = Symbols(
    couple="oo",
    ordering="<>",
    standing="!!",
    talking="<3",
    glancing="??",
    walking=">>",
    eating="mm",  # not "#": that is the ticket
    frozen="xx",
    cashier="$",
    cook="C",
    cashier_cook="C",
    ticket="#",
    you="*",
    paused="||",
    running=">",
    rewind="<<",
    clock="t",
    box="++++-|",
    door="|",
)

# The colours of the couples' states and of the staff's work: Okabe and Ito's palette, told apart with every
# common colour-vision deficiency, each state in the colour the lanes (w, burger-tui timeline) give it (see
# lane_looks; a test holds them alike). Each goes with its glyph or its words (😞 and "standing", 🍔, a bar
# and its percentage): never the colour alone. They are theme variables (``$standing``...): a theme may set
# them.
COLOURS = {
    "standing": "#D55E00",  # vermillion: blocked at the counter, not talking
    "talking": "#009E73",  # bluish green: seated with a number, talking with their crush
    "eating": "#CC79A7",  # reddish purple: burgers in hand
    "ordering": "#E69F00",  # orange: the cashier's bar, an order being taken
    "cooking": "#0072B2",  # blue: a cook's bar, a burger in progress
    "you": "#F0E442",  # yellow: the couple the story follows (★), none of the states' colours
    "on-time": "#009E73",  # bluish green: the loop wakes its timer on time
    "late": "#D55E00",  # vermillion: the loop wakes it late
}
