"""Live statistics: per model (so a live switch shows before and after), utilisation, recent visits.

The model rows count each couple for the model that took their order, and measure what compare
measures: the wait from walking in to burgers in hand, and how much of it was spent standing (in
line, at the cashier, at the counter) or talking at a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.sim.times import duration_text, short_duration_text
from burger_tui.ui.symbols import Symbols

BARS = "▁▂▃▄▅▆▇█"  # a sparkline's bars, lowest to highest


class StatsPanel(Widget):
    """The figures, then the recent visits: their range, and a sparkline of them.

    One widget that draws its own text: the figures, a label and a sparkline as widgets of their own cost
    the dashboard's first frame three widgets more to mount and style (~1 % of its instructions). Its
    look is in the stylesheet: ``stats--recent`` (the range and the sparkline) is hidden on a short
    terminal, and the sparkline's bars go from ``stats--min-color`` to ``stats--max-color``.
    """

    COMPONENT_CLASSES = {"stats--recent", "stats--min-color", "stats--max-color"}

    def __init__(self, symbols: Symbols) -> None:
        """``symbols`` as every panel is given them: the stats draw the same in ASCII."""
        super().__init__(id="stats", classes="panel")
        self.border_title = "Stats"
        self._shown_for: tuple[object, ...] | None = None
        self._markup = ""
        self._figures = Content()
        self.visits: tuple[float, ...] = ()
        """The recent visits shown, oldest first (their lengths in seconds)."""

    def show(self, snapshot: DaySnapshot) -> None:
        stats = snapshot.stats
        # Narrower than the table (a 60-column screen, where the narration needs the room), the figures
        # leave out what standing and talking took.
        compact = 0 < self.content_size.width < TABLE_WIDTH
        key = (stats.served, stats.left, round(snapshot.now), snapshot.mode, compact)
        if key == self._shown_for:
            return
        self._shown_for = key
        markup = _figures(snapshot, compact=compact)
        if (markup, stats.recent_visits) == (self._markup, self.visits):
            return
        if markup != self._markup:
            self._markup, self._figures = markup, Content.from_markup(markup)
        self.visits = stats.recent_visits
        self.refresh()  # a fixed size (long lines wrap in it): no re-layout

    @property
    def figures(self) -> str:
        """The figures shown, as plain text."""
        return self._figures.plain

    def render(self) -> Content:
        if self.get_component_styles("stats--recent").display == "none":
            return self._figures
        label = _visits_label(self.visits)
        _, background = self.background_colors
        low = background + self.get_component_styles("stats--min-color").color
        high = background + self.get_component_styles("stats--max-color").color
        # A run of equal bars is one span: one style to render, not one a cell (a flat line at first).
        bars = [
            (bar * len(list(run)), Style(foreground=low.blend(high, height)))
            for (bar, height), run in groupby(sparkline(self.visits, self.content_size.width))
        ]
        return Content("\n").join([self._figures, Content.styled(label, "dim"), Content.assemble(*bars)])


def sparkline(values: Sequence[float], width: int) -> list[tuple[str, float]]:
    """A bar per cell, and its height from 0 (the lowest value) to 1 (the highest), as Textual's
    ``Sparkline`` draws one row: the values split into ``width`` buckets, each shown by its highest."""
    if len(values) < 2:  # a flat line: at the bottom with no values, at the top with one
        return [("█", 1.0) if values else ("▁", 0.0)] * width
    count = len(values)
    buckets = [values[count * i // width : count * (i + 1) // width] for i in range(width)]
    buckets = [bucket for bucket in buckets if bucket]  # fewer values than cells: some buckets are empty
    least, most = min(values), max(values)
    extent = most - least or 1
    bars = []
    index, step = 0.0, len(buckets) / width  # summed as Textual sums it: the same bucket at each cell
    for _ in range(width):
        height = (max(buckets[int(index)]) - least) / extent
        bars.append((BARS[int(height * (len(BARS) - 1))], height))
        index += step
    return bars


def _visits_label(visits: Sequence[float]) -> str:
    """What the sparkline shows: the last visits, shortest and longest."""
    if not visits:
        return "Last visits: nobody has left yet"
    if len(visits) == 1:
        return f"Last visit: {duration_text(visits[0])}"
    return f"Last {len(visits)} visits: ▁ {duration_text(min(visits))} … █ {duration_text(max(visits))}"


TO_BURGERS = "To burgers"  # the wait from walking in to burgers in hand, as compare names it
TABLE_WIDTH = 34  # cells of a model's row: "Concurrent▸ 1m32 (2m15) 1m06   26s"


def _figures(snapshot: DaySnapshot, *, compact: bool = False) -> str:
    """The figures as markup: served, the wait to burgers per model (``compact``: without the standing
    and talking columns, nor the visits' mean), how busy the staff are."""
    stats = snapshot.stats
    total = stats.waits["total"]
    visit = f" · visit {duration_text(total.mean)} avg" if total.count and not compact else ""
    lines = [f"Served [b]{stats.served}[/] · {stats.throughput_per_hour:.0f}/h{visit}"]
    if snapshot.by_model:
        columns = "" if compact else f"{'stand':>5} {'talk':>5}"
        lines.append(f"[dim]{TO_BURGERS:<11} {'avg (p95)':<11}{columns}[/]")
        for row in snapshot.by_model:
            current = row.mode is snapshot.mode
            name = row.mode.value.capitalize() + ("▸" if current else "")
            mean, p95 = short_duration_text(row.to_burgers_mean), short_duration_text(row.to_burgers_p95)
            standing, talking = short_duration_text(row.standing_mean), short_duration_text(row.talking_mean)
            columns = "" if compact else f"{standing:>5} {talking:>5}"
            line = f"{name:<11} {f'{mean} ({p95})':<11}{columns}".rstrip()
            lines.append(f"[b]{line}[/]" if current else line)
    else:
        lines.append(f"[dim]{TO_BURGERS}: nobody served yet[/]")
    util = stats.utilization
    lines.append(f"Busy: cashier {util['cashier']:.0%} · cooks {util['cooks']:.0%}")
    return "\n".join(lines)
