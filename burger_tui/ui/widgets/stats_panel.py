"""Live statistics: per model (so a live switch shows before and after), utilisation, recent visits.

The model rows count each couple for the model that took their order, and measure what compare
measures: the wait from walking in to burgers in hand, and how much of it was spent standing (in
line, at the cashier, at the counter) or talking at a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from burger_tui.sim.model import Role
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.sim.times import clock_text, duration_text, short_duration_text
from burger_tui.ui.symbols import Symbols

if TYPE_CHECKING:
    from burger_tui.sim.by_model import ModelRow

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
        # Every line within the width, and the running model's row always in view (the recent visits, shown
        # on a tall terminal, take the last two rows).
        width, height = self.content_size
        recent = self.get_component_styles("stats--recent").display != "none"
        rows = max(1, height - 2 * recent) if height else 0
        key = (stats.served, stats.left, round(snapshot.now), snapshot.mode, width, rows)
        if key == self._shown_for:
            return
        self._shown_for = key
        markup, left_out = _figures(snapshot, width=width, rows=rows)
        more = f"+{left_out} more model{'s' if left_out > 1 else ''}" if left_out else ""
        if more != (self.border_subtitle or ""):  # (set, it repaints the panel)
            self.border_subtitle = more
        if (markup, stats.recent_visits) == (self._markup, self.visits):
            return
        if markup != self._markup:
            self._markup, self._figures = markup, Content.from_markup(markup)
        self.visits = stats.recent_visits
        self.refresh()  # a fixed size (no line is wider than it): no re-layout

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
NAME_WIDTH, WAITS_WIDTH = 11, 11  # a model's name ("Concurrent▸"), its waits ("1m32 (2m15)", or wider)
TABLE_WIDTH = NAME_WIDTH + 1 + WAITS_WIDTH + 11  # a model's row: "Concurrent▸ 1m32 (2m15) 1m06   26s"
SHARES_FROM_S = 60.0  # busy shares of the first seconds are shares of next to no time (100 % at 0:00:00)


class Figures(NamedTuple):
    """The figures as markup, and how many models' rows were left out for want of room."""

    markup: str
    models_left_out: int


def _figures(snapshot: DaySnapshot, *, width: int = 0, rows: int = 0) -> Figures:
    """The figures, each line within ``width`` cells and all of them in ``rows`` lines (0: no limit):
    served, the wait to burgers per model, how busy the staff are.

    Narrower than a model's row, the rows leave out what standing and talking took; short of lines, the
    running model's row stays and the other models' go, the earliest first.
    """
    lines = [_served(snapshot, width)]
    busy = _busy(snapshot, width)
    if not snapshot.by_model:
        nobody = _longest_fitting(
            [f"[dim]{TO_BURGERS}: nobody served yet[/]", f"[dim]{TO_BURGERS}: nobody yet[/]"], width
        )
        return Figures("\n".join([*lines, nobody, busy]), 0)
    # The columns as compare's: the standing column, five cells, takes the waits' padding as its space.
    longest = max(len(_waits(row)) for row in snapshot.by_model)
    waits_width = WAITS_WIDTH if longest <= WAITS_WIDTH else longest + 1
    columns = not 0 < width < NAME_WIDTH + 1 + waits_width + 11
    header = f"{TO_BURGERS:<{NAME_WIDTH}} {'avg (p95)':<{waits_width}}"
    if columns:
        header += f"{'stand':>5} {'talk':>5}"
    lines.append(f"[dim]{header.rstrip()}[/]")
    others = [row.mode for row in snapshot.by_model if row.mode is not snapshot.mode]
    running = len(snapshot.by_model) - len(others)  # its row, once a couple has ordered in it
    room = len(others) if rows == 0 else max(0, rows - len(lines) - running - 1)  # and the busy line
    kept = min(room, len(others))  # the latest
    shown = {snapshot.mode, *others[len(others) - kept :]}
    for row in snapshot.by_model:
        if row.mode in shown:
            lines.append(
                _model_row(row, current=row.mode is snapshot.mode, waits_width=waits_width, columns=columns)
            )
    lines.append(busy)
    return Figures("\n".join(lines), len(others) - kept)


def _served(snapshot: DaySnapshot, width: int) -> str:
    """``Served 16 · 116/h · visit 4m36s avg``: the rate once it says something (from a few couples or a few
    minutes), the visits' mean where it fits."""
    stats = snapshot.stats
    line = f"Served [b]{stats.served}[/]"
    if stats.throughput_per_hour is not None:  # the exports' rule: the same day says one rate
        line += f" · {stats.throughput_per_hour:.0f}/h"
    total = stats.waits["total"]
    if not total.count:
        return line
    return _longest_fitting([f"{line} · visit {duration_text(total.mean)} avg", line], width)


def _busy(snapshot: DaySnapshot, width: int) -> str:
    """How busy the staff have been since the running model started (``Busy since 0:05:12``, after a
    switch): the share of the order-takers' time spent taking orders, and of the cooks' spent cooking.
    Named by role where each does one thing; by what they did where cashier-cooks (parallel) did both, or
    have in that stretch (the shares are of everyone's time in that role)."""
    stats = snapshot.stats
    shared = stats.shared_roles or any(m.role is Role.CASHIER_COOK for m in snapshot.staff)
    util = stats.utilization
    # No shares in a stretch's first seconds: they would be shares of next to no time.
    early = snapshot.now - stats.busy_since < SHARES_FROM_S
    ordering, cooking = ("–", "–") if early else (f"{util['cashier']:.0%}", f"{util['cooks']:.0%}")
    # After a switch, the stretch named where it fits, else the shares marked ▸ as the running model's row is.
    since = clock_text(stats.busy_since, tenths=False) if stats.busy_since else ""
    busy = f"Busy since {since}" if since else "Busy"
    if shared:
        forms = [
            f"{busy}: taking orders {ordering} · cooking {cooking}",
            f"{busy}: ordering {ordering} · cooking {cooking}",
            f"Since {since}: ordering {ordering}, cooking {cooking}" if since else "",
            f"Busy▸ ordering {ordering}, cooking {cooking}" if since else "",
            f"▸ ordering {ordering}, cooking {cooking}"
            if since
            else f"Ordering {ordering}, cooking {cooking}",
        ]
    else:
        forms = [
            f"{busy}: cashier {ordering} · cooks {cooking}",
            f"Since {since}: cashier {ordering}, cooks {cooking}" if since else "",
            f"Busy▸ cashier {ordering} · cooks {cooking}"
            if since
            else f"Cashier {ordering}, cooks {cooking} busy",
        ]
    return _longest_fitting([form for form in forms if form], width)


def _longest_fitting(forms: list[str], width: int) -> str:
    """The first of ``forms`` (the longest first) whose text fits ``width`` cells (0: any), else the last."""
    return next((form for form in forms if not 0 < width < Content.from_markup(form).cell_length), forms[-1])


def _waits(row: ModelRow) -> str:
    return f"{short_duration_text(row.to_burgers_mean)} ({short_duration_text(row.to_burgers_p95)})"


def _model_row(row: ModelRow, *, current: bool, waits_width: int, columns: bool) -> str:
    """``Parallel▸   1m27 (2m07) 1m27    0s``: the running model marked and bold."""
    name = row.mode.value.capitalize() + ("▸" if current else "")
    line = f"{name:<{NAME_WIDTH}} {_waits(row):<{waits_width}}"
    if columns:
        line += f"{short_duration_text(row.standing_mean):>5} {short_duration_text(row.talking_mean):>5}"
    return f"[b]{line.rstrip()}[/]" if current else line.rstrip()
