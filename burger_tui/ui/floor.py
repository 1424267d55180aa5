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
COUNTER_ROWS = 3  # the least: one row of stations, where the cashier is first


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
    snapshot: DaySnapshot, *, width: int, body: int, bottom: int, short: bool, big_display: bool = False
) -> FloorRows | None:
    """The rows the kitchen and the counter need for ``snapshot`` on a screen ``width`` wide, whose body
    (the floor and the bottom row of panels) has ``body`` rows, ``bottom`` of them the bottom row's;
    ``None`` when there is no floor left. ``big_display``: the counter display keeps its big digits however
    short the screen (a projector).

    The counter gets a row per row of stations first (its crowd is the story: in parallel, and as
    cashier-cooks finish after a switch), then the kitchen a row per cook (0: left out when there is
    nothing back there, as in Parallel Burgers), each as far as the floor allows: the dining room keeps
    a row of tables, the counter a row for the cashier, the kitchen the counter display's rows.
    """
    floor = body - bottom
    if floor <= 0:
        return None
    cooks = sum(1 for member in snapshot.staff if member.role is Role.COOK)
    at_counter = len(snapshot.staff) - cooks
    columns = max(1, (width - PANEL_FRAME) // STATION_WIDTH)
    display = DISPLAY_ROWS_SHORT if short and not big_display else DISPLAY_ROWS
    dining = DINING_ROWS_SHORT if short else DINING_ROWS
    in_use = _kitchen_in_use(snapshot)
    stations = -(-at_counter // columns) + 2  # and the border
    counter = max(COUNTER_ROWS, min(stations, floor - (display if in_use else 0) - dining))
    back = 0
    if in_use:
        kitchen = max(1, cooks) + 2  # the cooks, the border (the rail is its title)
        back = max(display, min(kitchen, floor * 2 // 5, floor - counter - dining))
    return FloorRows(back, counter)


def _kitchen_in_use(snapshot: DaySnapshot) -> bool:
    """Whether the kitchen and the counter display show anything: a cook, a ticket on the rail, a number
    ready or awaited (in Parallel Burgers, none of them once another model's couples are served)."""
    return bool(
        snapshot.kitchen_queue
        or snapshot.display_numbers
        or snapshot.couples(Phase.SEATED)
        or any(member.role is Role.COOK for member in snapshot.staff)
    )
