"""The counter: the cashier (concurrent, hybrid) or the cashier-cooks with the couples standing
in front of them, blocked and silent (parallel)."""

from __future__ import annotations

from burger_tui.sim.model import Activity, Couple, Phase, Role, StaffMember
from burger_tui.ui.narration import duration_text
from burger_tui.ui.scene import Scene
from burger_tui.ui.widgets.scene_panel import ScenePanel, bar
from burger_tui.ui.widgets.street import couple_cell

CELL = 12  # "😞123 1m05s" and a space


class CounterPanel(ScenePanel):
    def __init__(self) -> None:
        super().__init__("Counter", id="counter")

    def render_scene(self, scene: Scene) -> str:
        sym = scene.symbols
        rows: list[str] = []
        for member in scene.staff:
            if member.role is Role.CASHIER:
                rows.append(self._cashier_row(scene, member))
        ordering = [c for c in scene.couples(Phase.ORDERING) if _served_by_cashier_cook(scene, c)]
        rows.extend(
            f"{sym.ordering} {_name(c)} {'order' if c.watched else 'orders'} from {c.served_by}"
            for c in ordering
        )
        standing = scene.couples(Phase.AT_COUNTER)
        if standing:
            rows.append(f"[$error]{len(standing)} standing at the counter, blocked, silent:[/]")
            now = scene.now
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

    def _cashier_row(self, scene: Scene, cashier: StaffMember) -> str:
        sym = scene.symbols
        who = f"{sym.cashier} [b]{cashier.name}[/]"
        if cashier.activity is Activity.TAKING_ORDER and cashier.serving is not None:
            progress = bar(cashier.progress(scene.now), 10)
            return f"{who}  takes {_possessive(cashier.serving)} order  {progress}"
        return f"{who}  [dim]free: next couple, please![/]"


def _name(couple: Couple) -> str:
    return "[b]you[/]" if couple.watched else f"couple {couple.id}"


def _possessive(couple: Couple) -> str:
    return "[b]your[/]" if couple.watched else f"couple {couple.id}'s"


def _served_by_cashier_cook(scene: Scene, couple: Couple) -> bool:
    return any(m.serving is couple and m.role is Role.CASHIER_COOK for m in scene.staff)
