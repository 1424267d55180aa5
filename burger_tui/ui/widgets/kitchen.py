"""The kitchen behind the counter: the rail of order tickets and each cook with the burger in progress.

In Parallel Burgers there are no cooks back here: every cashier-cook cooks at the counter, for the
couple standing in front of them (see the counter).
"""

from __future__ import annotations

from burger_tui.sim.model import Activity, Role
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel, bar, fitting, moving, pad

MAX_BAR, MIN_BAR = 20, 4


class KitchenPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Kitchen", id="kitchen")

    def markup_and_parts(self, snapshot: DaySnapshot) -> tuple[str, tuple[str, ...]]:
        sym = self.symbols
        parts: list[str] = []  # each cook's progress: moving parts
        width, height = self.content_size
        tickets = [f"{sym.ticket}{t.turn_number}" for t in snapshot.kitchen_queue]
        per_line = max(1, (width or 60) // 6) - 1
        shown, hidden = fitting(tickets, per_line)
        rail = " ".join(shown) + (f" +{hidden} more" if hidden else "")
        rows = [f"Rail: {rail}" if tickets else "[dim]Rail: no tickets waiting[/]"]
        cooks = [member for member in snapshot.staff if member.role is Role.COOK]
        if not cooks:
            rows.append("[dim]No cooks here: cashier-cooks cook at the counter.[/]")
        name_width = max((len(member.name) for member in cooks), default=6) + 1
        # glyph, name, ticket and couple, bar, percentage: the bar takes what is left of the line.
        bar_width = max(MIN_BAR, min(MAX_BAR, (width or 60) - 3 - name_width - 12 - 5))
        for member in cooks:
            name = pad(member.name, name_width)
            home = " [dim](then home)[/]" if member.off_duty else ""
            couple = member.serving
            if member.activity is Activity.COOKING and couple is not None:
                you = sym.you if couple.watched else ""  # the highlight, and the star: never colour alone
                ticket = pad(f"{sym.ticket}{couple.turn_number} for {couple.id}{you}", 12)
                style = "b reverse $you" if couple.watched else "b"
                progress = moving(parts, bar(member.progress, bar_width))
                done = f"[$cooking]{progress}[/] {moving(parts, f'{member.progress:4.0%}')}"
                rows.append(f"{sym.cook} {name}[{style}]{ticket}[/] {done}{home}")
            else:
                rows.append(f"{sym.cook} {name}[dim]waiting for a ticket[/]{home}")
        room = height if height > 0 else len(rows)
        if len(rows) > room:
            rows = [*rows[: room - 1], f"[dim]… +{len(rows) - room + 1} more cooks[/]"]
        return "\n".join(rows), tuple(parts)
