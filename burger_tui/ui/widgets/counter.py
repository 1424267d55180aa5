"""The counter: the cashier (concurrent, hybrid) or the cashier-cooks with the couples standing
in front of them, blocked and silent (parallel)."""

from __future__ import annotations

from burger_tui.sim.model import Activity, Phase, Role
from burger_tui.sim.snapshot import CoupleView, DaySnapshot, StaffView
from burger_tui.ui.narration import duration_text
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel, bar
from burger_tui.ui.widgets.street import couple_cell

CELL = 12  # "😞123 1m05s" and a space


class CounterPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Counter", id="counter")

    def markup(self, snapshot: DaySnapshot) -> str:
        sym = self.symbols
        rows = [self._cashier_row(m) for m in snapshot.staff if m.role is Role.CASHIER]
        at_cashier_cooks = {
            m.serving.id: m.name for m in snapshot.staff if m.role is Role.CASHIER_COOK and m.serving
        }
        rows.extend(
            f"{sym.ordering} {_name(c)} {'order' if c.watched else 'orders'} from {at_cashier_cooks[c.id]}"
            for c in snapshot.couples(Phase.ORDERING)
            if c.id in at_cashier_cooks
        )
        standing = snapshot.couples(Phase.AT_COUNTER)
        if standing:
            rows.append(f"[$error]{len(standing)} standing at the counter, blocked, silent:[/]")
            now = snapshot.now
            cells = [
                couple_cell(sym.standing, c, f"{c.id} {duration_text(now - c.phase_since)}", sym.you, CELL)
                for c in standing
            ]
            # Whole cells per row: the wrapping would break a cell at its space ("😞9" / "7s").
            per_row = max(1, (self.content_size.width or 60) // CELL)
            rows.extend("".join(cells[i : i + per_row]) for i in range(0, len(cells), per_row))
        if not rows:
            rows.append("[dim]Cashier-cooks wait for the next couple.[/]")
        return "\n".join(rows)

    def _cashier_row(self, cashier: StaffView) -> str:
        who = f"{self.symbols.cashier} [b]{cashier.name}[/]"
        if cashier.activity is Activity.TAKING_ORDER and cashier.serving is not None:
            return f"{who}  takes {_possessive(cashier.serving)} order  {bar(cashier.progress, 10)}"
        return f"{who}  [dim]free: next couple, please![/]"


def _name(couple: CoupleView) -> str:
    return "[b]you[/]" if couple.watched else f"couple {couple.id}"


def _possessive(couple: CoupleView) -> str:
    return "[b]your[/]" if couple.watched else f"couple {couple.id}'s"
