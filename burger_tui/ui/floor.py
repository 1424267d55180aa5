"""The dashboard's floor plan: its layout containers and how many rows the kitchen and the counter get."""

from __future__ import annotations

from typing import NamedTuple

from textual.containers import Horizontal, Vertical

from burger_tui.sim.model import Phase, Role
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.widgets.counter import STATION_WIDTH

STATUS_AND_FOOTER = 2  # rows
PANEL_FRAME = 4  # a panel's border and padding, in columns
DISPLAY_ROWS, DISPLAY_ROWS_SHORT = 6, 3  # the counter display with its big digits, or one line of numbers
DINING_ROWS, DINING_ROWS_SHORT = 8, 5  # at least two rows of tables (one when short)


class Rows(Vertical):
    """The screen's layout, top to bottom: its panels cover it, so it draws nothing (see ``BLANK``)."""

    BLANK = True


class Columns(Horizontal):
    """The screen's layout, left to right: its panels cover it, so it draws nothing."""

    BLANK = True


class FloorRows(NamedTuple):
    """Rows of the floor's top (kitchen and display) and of the counter; the dining room has the rest."""

    back: int
    counter: int


FLOOR_ROWS_AT_START = FloorRows(6, 3)  # the kitchen's and the counter's heights in app.tcss


def floor_rows(
    snapshot: DaySnapshot, *, width: int, height: int, bottom: int, short: bool, big_display: bool = False
) -> FloorRows | None:
    """The rows the kitchen and the counter need for the staff of ``snapshot`` on a screen of ``width`` by
    ``height`` whose bottom row of panels takes ``bottom`` rows; ``None`` when there is no floor left.
    ``big_display``: the counter display keeps its big digits however short the screen (a projector)."""
    floor = height - STATUS_AND_FOOTER - bottom
    if floor <= 0:
        return None
    cooks = sum(1 for member in snapshot.staff if member.role is Role.COOK)
    at_counter = len(snapshot.staff) - cooks
    columns = max(1, (width - PANEL_FRAME) // STATION_WIDTH)
    counter_rows = -(-at_counter // columns) + bool(snapshot.couples(Phase.AT_COUNTER)) or 1
    display = DISPLAY_ROWS_SHORT if short and not big_display else DISPLAY_ROWS
    dining = DINING_ROWS_SHORT if short else DINING_ROWS
    back = max(display, min(1 + max(1, cooks) + 2, floor * 2 // 5))
    return FloorRows(back, max(3, min(counter_rows + 2, floor - back - dining)))
