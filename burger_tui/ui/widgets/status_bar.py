"""The top line: model, restaurant clock, speed, paused state, arrivals."""

from __future__ import annotations

from burger_tui.sim.model import describe_staff
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.times import clock_text
from burger_tui.ui.widgets.panel import MarkupPanel, moving

STAFF_SHOWN_FROM = 110  # columns: narrower, the staff in words does not fit beside the rest


class StatusBar(MarkupPanel):
    def __init__(self, symbols: Symbols, *, projector: bool = False) -> None:
        """``projector``: the words on three lines in full, beside the clock in big digits (not here)."""
        super().__init__(symbols, id="status")
        self._projector = projector
        self._text: tuple[tuple[object, ...], str] | None = None  # the last markup, and what it shows

    def markup_and_parts(self, snapshot: DaySnapshot) -> tuple[str, tuple[str, ...]]:
        # The terminal's width: known before the first layout (the bar spans it), so the first frame is whole.
        wide = self._projector or self.app.size.width >= STAFF_SHOWN_FROM
        parts: list[str] = []
        # A moving part: the rest changes rarely. (On a projector, the big digits beside tell it.)
        clock = "" if self._projector else moving(parts, clock_text(snapshot.now))
        behind = (
            None if snapshot.newest is None else moving(parts, clock_text(snapshot.newest - snapshot.now))
        )
        shows = (
            behind,
            snapshot.mode,
            snapshot.cooks,
            clock,
            snapshot.speed,
            snapshot.paused,
            snapshot.auto_arrivals,
            wide,
        )
        if self._text is None or self._text[0] != shows:
            self._text = (shows, self._markup(snapshot, wide, clock, behind))
        return self._text[1], tuple(parts)

    def _markup(self, snapshot: DaySnapshot, wide: bool, clock: str, behind: str | None) -> str:
        sym = self.symbols
        state = f"[b $warning]{sym.paused} PAUSED[/]" if snapshot.paused else f"{sym.running} running"
        if behind is not None:  # an earlier instant of the day (a rewind): how far from its newest
            state += f"   [b $warning]{sym.rewind} {behind} {'before the newest' if wide else 'back'}[/]"
        if snapshot.auto_arrivals:
            arrivals = "auto arrivals" if wide else "auto"
        else:
            arrivals = "[dim]arrivals off[/]" if wide else "[dim]no auto[/]"
        staff = f"[dim]({describe_staff(snapshot.mode, snapshot.cooks)})[/]   " if wide else ""
        following = snapshot.mode.next()
        hint = following.story_title if wide else following.value.capitalize()
        brand = f"[b]{sym.eating} burger_tui[/]  " if wide else ""
        if self._projector:  # three short lines: beside the big clock and the loop lag at 100 columns
            return (
                f"[b $accent]{snapshot.mode.story_title}[/]\n"
                f"{staff}{snapshot.speed:g}×   {state}\n[b reverse] m [/] → {hint}   {arrivals}"
            )
        return (
            f"{brand}[b $accent]{snapshot.mode.story_title}[/] {staff}"
            f"{sym.clock} {clock}   {snapshot.speed:g}×   {state}   {arrivals}"
            f"   [b reverse] m [/] → {hint}"
        )
