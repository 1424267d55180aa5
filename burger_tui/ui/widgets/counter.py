"""The counter: the cashier (concurrent, hybrid) or the cashier-cooks with the couples standing
in front of them, blocked and silent (parallel)."""

from __future__ import annotations

from burger_tui.sim.model import Activity, Couple, Phase, Role, StaffMember
from burger_tui.ui.narration import duration_text
from burger_tui.ui.scene import Scene
from burger_tui.ui.widgets.scene_panel import ScenePanel, bar, fit


class CounterPanel(ScenePanel):
    def __init__(self) -> None:
        super().__init__("Counter", id="counter")

    def render_scene(self, scene: Scene) -> str:
        sym = scene.symbols
        rows: list[str] = []
        for member in scene.staff:
            if member.role is Role.CASHIER:
                rows.append(self._cashier_row(scene, member))
        standing = scene.couples(Phase.AT_COUNTER)
        ordering = [c for c in scene.couples(Phase.ORDERING) if _served_by_cashier_cook(scene, c)]
        for couple in ordering:
            rows.append(f"{sym.ordering} {_name(couple)} orders from {couple.served_by}")
        for couple in standing:
            waited = duration_text(scene.now - couple.phase_since)
            rows.append(
                f"[$error]{sym.standing} {_name(couple)}[/] stands at the counter, silent, "
                f"[b]{waited}[/] [dim]for {couple.served_by}[/]"
            )
        if not rows:
            rows.append("[dim]Cashier-cooks wait for the next couple.[/]")
        return "\n".join(fit(rows, self.capacity(1_000), more="[dim]… +{} more at the counter[/]"))

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
