"""Live statistics: served, throughput, waits, utilisation, talking share, recent waits."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.narration import duration_text
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel


class StatsPanel(Vertical):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(id="stats", classes="panel")
        self.border_title = "Stats"
        self._symbols = symbols
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield _Figures(self._symbols)
        yield Label("[dim]Recent visits, oldest → newest:[/]", id="recent-waits-label")
        yield Sparkline([], id="recent-waits")

    def show(self, snapshot: DaySnapshot) -> None:
        stats = snapshot.stats
        key = (stats.served, stats.left, round(snapshot.now))
        if key == self._shown:
            return
        self._shown = key
        figures = self.query_one(_Figures)
        if figures.show(snapshot):
            # Re-lay out the screen only when the figures need another number of rows (a long line
            # wraps in a narrow panel): a layout costs more than every panel's text together.
            rows = figures.get_content_height(self.content_size, self.app.size, figures.size.width)
            if rows != figures.size.height:
                figures.refresh(layout=True)
        self.query_one("#recent-waits", Sparkline).data = list(stats.recent_visits)


class _Figures(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, id="figures")

    def markup(self, snapshot: DaySnapshot) -> str:
        stats = snapshot.stats
        waits = stats.waits
        util = stats.utilization
        total = waits["total"]
        if total.count:
            visit = f"Visit {duration_text(total.mean)} avg · p95 {duration_text(total.p95)}"
        else:
            visit = "[dim]Visit: nobody has left yet[/]"
        lines = [
            f"Served [b]{stats.served}[/] · {stats.throughput_per_hour:.0f}/h · "
            f"talking [b]{stats.talking_share:.0%}[/]",
            visit,
            f"Line {duration_text(waits['line'].mean)} · kitchen {duration_text(waits['kitchen_queue'].mean)}"
            f" · pickup {duration_text(waits['pickup'].mean)}",
            f"Busy: cashier {util['cashier']:.0%} · cooks {util['cooks']:.0%}",
        ]
        return "\n".join(lines)
