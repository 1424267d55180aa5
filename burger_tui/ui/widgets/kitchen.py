"""The kitchen: the queue of order tickets and every cook with the burger in progress."""

from __future__ import annotations

from burger_tui.sim.model import Activity, Role
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel, bar, fit, pad

MAX_BAR, MIN_BAR = 20, 4


class KitchenPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Kitchen", id="kitchen")

    def markup(self, snapshot: DaySnapshot) -> str:
        sym = self.symbols
        tickets = " ".join(f"{sym.ticket}{t.turn_number}" for t in snapshot.kitchen_queue)
        queue = f"Queue: {tickets}" if tickets else "[dim]Queue: no tickets waiting[/]"
        rows = [queue]
        width = self.content_size.width or 60
        kitchen_staff = [member for member in snapshot.staff if member.role is not Role.CASHIER]
        name_width = max((len(member.name) for member in kitchen_staff), default=6) + 1
        # glyph, name, ticket, bar, percentage: the bar takes what is left of the line.
        bar_width = max(MIN_BAR, min(MAX_BAR, width - 3 - name_width - 7 - 5))
        roomy = width - 3 - name_width - 7 - 5 - bar_width >= 12  # room for "(then home)"
        for member in kitchen_staff:
            glyph = sym.cashier_cook if member.role is Role.CASHIER_COOK else sym.cook
            name = pad(member.name, name_width)
            home = " [dim](then home)[/]" if member.off_duty and roomy else ""
            if member.activity is Activity.COOKING and member.serving is not None:
                couple = member.serving
                label = pad(f"#{couple.turn_number}" if couple.turn_number else f"{sym.couple}{couple.id}", 6)
                done = member.progress
                style = "b $accent" if couple.watched else "b"
                rows.append(
                    f"{glyph} {name}[{style}]{label}[/] [$success]{bar(done, bar_width)}[/] {done:4.0%}{home}"
                )
            elif member.activity is Activity.TAKING_ORDER:
                rows.append(f"{glyph} {name}[dim]at the counter, taking an order[/]{home}")
            else:
                rows.append(f"{glyph} {name}[dim]waiting for an order[/]{home}")
        return "\n".join(fit(rows, self.capacity(1_000), more="[dim]… +{} more cooks[/]"))
