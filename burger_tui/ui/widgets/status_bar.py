"""The top line: model, restaurant clock, speed, paused state, arrivals."""

from __future__ import annotations

from burger_tui.sim.model import describe_staff
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.narration import clock_text
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel

STAFF_SHOWN_FROM = 110  # columns: narrower, the staff in words does not fit beside the rest


class StatusBar(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, id="status")

    def markup(self, snapshot: DaySnapshot) -> str:
        sym = self.symbols
        state = f"[b $warning]{sym.paused} PAUSED[/]" if snapshot.paused else f"{sym.running} running"
        arrivals = "auto arrivals" if snapshot.auto_arrivals else "[dim]arrivals off[/]"
        wide = self.size.width >= STAFF_SHOWN_FROM
        staff = f"[dim]({describe_staff(snapshot.mode, snapshot.cooks)})[/]   " if wide else ""
        return (
            f"[b]{sym.eating} burger_tui[/]  [b $accent]{snapshot.mode.story_title}[/] {staff}"
            f"{sym.clock} {clock_text(snapshot.now)}   {snapshot.speed:g}×   {state}   {arrivals}"
        )
