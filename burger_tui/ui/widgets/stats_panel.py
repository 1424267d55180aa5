"""Live statistics: per model (so a live switch shows before and after), utilisation, recent visits.

The model rows count each couple for the model that took their order, and measure what compare
measures: the wait from walking in to burgers in hand, and how much of it was spent standing (in
line, at the cashier, at the counter) or talking at a table.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.times import duration_text
from burger_tui.ui.widgets.panel import MarkupPanel, pad


class StatsPanel(Vertical):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(id="stats", classes="panel")
        self.border_title = "Stats"
        self._symbols = symbols
        self._shown: tuple[object, ...] | None = None
        self._visits: tuple[float, ...] | None = None  # the recent visits the label and sparkline show

    def compose(self) -> ComposeResult:
        yield _Figures(self._symbols)
        yield Label("", id="recent-waits-label")
        yield Sparkline([], id="recent-waits")

    def show(self, snapshot: DaySnapshot) -> None:
        stats = snapshot.stats
        key = (stats.served, stats.left, round(snapshot.now), snapshot.mode)
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
        visits = stats.recent_visits
        if visits == self._visits:
            return  # updating the label re-lays out the screen: only when the visits changed
        self._visits = visits
        label = self.query_one("#recent-waits-label", Label)
        if visits:
            label.update(
                f"[dim]Last {len(visits)} visits: ▁ {duration_text(min(visits))} … "
                f"█ {duration_text(max(visits))}[/]"
            )
        else:
            label.update("[dim]Last visits: nobody has left yet[/]")
        self.query_one("#recent-waits", Sparkline).data = list(visits)


class _Figures(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, id="figures")

    def markup(self, snapshot: DaySnapshot) -> str:
        stats = snapshot.stats
        total = stats.waits["total"]
        visit = f" · visit {duration_text(total.mean)} avg" if total.count else ""
        lines = [f"Served [b]{stats.served}[/] · {stats.throughput_per_hour:.0f}/h{visit}"]
        if snapshot.by_model:
            lines.append(f"[dim]{pad('To burgers', 12)}{pad('avg (p95)', 11)}stand  talk[/]")
            for row in snapshot.by_model:
                current = row.mode is snapshot.mode
                name = pad(row.mode.value.capitalize() + ("▸" if current else ""), 12)
                wait = pad(f"{_short(row.to_burgers_mean)} ({_short(row.to_burgers_p95)})", 11)
                line = f"{name}{wait}{_short(row.standing_mean):>5} {_short(row.talking_mean):>5}"
                lines.append(f"[b]{line}[/]" if current else line)
        else:
            lines.append("[dim]Until burgers in hand: nobody served yet[/]")
        util = stats.utilization
        lines.append(f"Busy: cashier {util['cashier']:.0%} · cooks {util['cooks']:.0%}")
        return "\n".join(lines)


def _short(seconds: float) -> str:
    """``42s`` or ``4m05``: a wait in five cells at most (up to 99 minutes)."""
    whole = round(seconds)
    return f"{whole}s" if whole < 60 else f"{whole // 60}m{whole % 60:02d}"
