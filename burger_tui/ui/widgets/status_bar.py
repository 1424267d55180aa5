"""The top line: model, restaurant clock, speed, paused state, arrivals."""

from __future__ import annotations

from enum import IntEnum

from textual.content import Content

from burger_tui.sim.model import describe_staff
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.times import clock_text
from burger_tui.ui.widgets.panel import MarkupPanel, moving

STAFF_SHOWN_FROM = 110  # columns: narrower, the brand and the staff in words do not fit beside the rest


class Form(IntEnum):
    """The line's forms, the longest first: each leaves out more (see ``StatusBar._fitting``)."""

    WHOLE = 0  # the brand, the staff in words, every word in full
    NO_BRAND = 1
    NO_STAFF = 2
    SHORT = 3  # the other words short too: "back", "auto", the next model's name alone
    TERSE = 4  # and closer together, the model's name alone too
    TINY = 5  # and no hint of the next model (the footer has m): 60 columns


class StatusBar(MarkupPanel):
    def __init__(self, symbols: Symbols, *, projector: bool = False) -> None:
        """``projector``: the words on three lines in full, beside the clock in big digits (not here)."""
        super().__init__(symbols, id="status")
        self._projector = projector
        self._text: tuple[tuple[object, ...], str] | None = None  # the last markup, and what it shows

    def markup_and_parts(self, snapshot: DaySnapshot) -> tuple[str, tuple[str, ...]]:
        # The terminal's width: known before the first layout (the bar spans it), so the first frame is whole.
        width = self.app.size.width
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
            width,
        )
        if self._text is None or self._text[0] != shows:
            self._text = (shows, self._fitting(snapshot, width, clock, behind))
        return self._text[1], tuple(parts)

    def _fitting(self, snapshot: DaySnapshot, width: int, clock: str, behind: str | None) -> str:
        """The longest form of the line that fits ``width`` columns (its padding taken off): the brand goes
        first, then the staff in words, then the other words' long forms."""
        if self._projector:
            return self._markup(snapshot, Form.WHOLE, clock, behind)
        forms = list(Form) if width >= STAFF_SHOWN_FROM else [Form.SHORT, Form.TERSE, Form.TINY]
        for form in forms:
            markup = self._markup(snapshot, form, clock, behind)
            if Content.from_markup(markup).cell_length <= width - 2:
                return markup
        return markup

    def _markup(self, snapshot: DaySnapshot, form: Form, clock: str, behind: str | None) -> str:
        sym = self.symbols
        long_words = form <= Form.NO_STAFF
        gap = "  " if form >= Form.TERSE else "   "
        state = f"[b $warning]{sym.paused} PAUSED[/]" if snapshot.paused else f"{sym.running} running"
        if behind is not None:  # an earlier instant of the day (a rewind): how far from its newest
            newest = "before the newest" if long_words else "back"
            state += f"{gap}[b $warning]{sym.rewind} {behind} {newest}[/]"
        if snapshot.auto_arrivals:
            arrivals = "auto arrivals" if long_words else "auto"
        else:
            arrivals = "[dim]arrivals off[/]" if long_words else "[dim]no auto[/]"
        shown = self._projector or form <= Form.NO_BRAND
        staff = f"[dim]({describe_staff(snapshot.mode, snapshot.cooks)})[/]   " if shown else ""
        following = snapshot.mode.next()
        hint = following.story_title if long_words else following.value.capitalize()
        brand = f"[b]{sym.eating} burger_tui[/]  " if form is Form.WHOLE else ""
        if self._projector:  # three short lines: beside the big clock and the loop lag at 100 columns
            return (
                f"[b $accent]{snapshot.mode.story_title}[/]\n"
                f"{staff}{snapshot.speed:g}×   {state}\n[b reverse] m [/] → {hint}   {arrivals}"
            )
        title = snapshot.mode.value.capitalize() if form >= Form.TERSE else snapshot.mode.story_title
        next_model = "" if form is Form.TINY else f"{gap}[b reverse] m [/] → {hint}"
        return (
            f"{brand}[b $accent]{title}[/] {staff}"
            f"{sym.clock} {clock}{gap}{snapshot.speed:g}×{gap}{state}{gap}{arrivals}{next_model}"
        )
