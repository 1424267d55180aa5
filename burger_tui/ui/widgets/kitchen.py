"""The kitchen behind the counter: the rail of order tickets and each cook with the burger in progress.

The rail is in the title (every row goes to the cooks): the tickets shown and its ``+N more`` make every
ticket. The cooks at work come first, each on a line; the cooks waiting for a ticket share one. What does
not fit is counted in the bottom border: the cooks shown and the ``+N more cooks`` make every cook. In
Parallel Burgers there are no cooks back here (every cashier-cook cooks at the counter): the floor leaves
the kitchen out unless tickets from another model are left on its rail.
"""

from __future__ import annotations

from collections.abc import Sequence

from burger_tui.sim.model import Activity, Role
from burger_tui.sim.snapshot import DaySnapshot, StaffView
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel, bar, fitting, moving, pad

MAX_BAR, MIN_BAR = 20, 3
HOME_CELLS = len(" (then home)")


class KitchenPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Kitchen", id="kitchen")

    def markup_and_parts(self, snapshot: DaySnapshot) -> tuple[str, tuple[str, ...]]:
        sym = self.symbols
        parts: list[str] = []  # each cook's progress: moving parts
        width, height = self.content_size
        tickets = [f"{sym.ticket}{t.turn_number}" for t in snapshot.kitchen_queue]
        # "Kitchen · rail: " and a ticket "🎫12 " a cell wider than its digits: what fits in the border.
        shown, hidden = fitting(tickets, max(1, ((width or 60) - 18) // 6))
        rail = " ".join(shown) + (f" +{hidden} more" if hidden else "")
        title = f"Kitchen · rail: {rail}" if tickets else _fitting_words(NO_TICKETS, (width or 60) - 2)
        rows: list[str] = []
        cooks = [member for member in snapshot.staff if member.role is Role.COOK]
        if not cooks:  # shown for the display, or for tickets left from another model
            rows.append(f"[dim]{_no_cooks(bool(tickets), width)}[/]")
        busy = [m for m in cooks if m.activity is Activity.COOKING and m.serving is not None]
        waiting = [m for m in cooks if m not in busy]
        name_width = max((len(member.name) for member in busy), default=6) + 1
        # The glyph, the name, the ticket and couple and a space, the bar, the percentage (and "(then home)"):
        # the bar takes what is left.
        home = HOME_CELLS if any(member.off_duty for member in busy) else 0
        bar_width = max(MIN_BAR, min(MAX_BAR, (width or 60) - 3 - name_width - 13 - 5 - home))
        lines = [(1, self._cooking(member, name_width, bar_width, parts)) for member in busy]
        if waiting:
            lines.append((len(waiting), self._waiting(waiting)))
        room = max(0, height - len(rows)) if height > 0 else len(lines)
        self.set_titles(title, _more(sum(count for count, _ in lines[room:]), busy[room:]))
        rows.extend(line for _, line in lines[:room])
        return "\n".join(rows), tuple(parts)

    def _cooking(self, member: StaffView, name_width: int, bar_width: int, parts: list[str]) -> str:
        sym = self.symbols
        couple = member.serving
        assert couple is not None
        home = " [dim](then home)[/]" if member.off_duty else ""
        you = sym.you if couple.watched else ""  # the highlight, and the star: never colour alone
        ticket = pad(f"{sym.ticket}{couple.turn_number} for {couple.id}{you}", 12)
        style = "b reverse $you" if couple.watched else "b"
        progress = moving(parts, bar(member.progress, bar_width))
        done = f"[$cooking]{progress}[/] {moving(parts, f'{member.progress:4.0%}')}"
        return f"{sym.cook} {pad(member.name, name_width)}[{style}]{ticket}[/] {done}{home}"

    def _waiting(self, cooks: list[StaffView]) -> str:
        """The cooks waiting for a ticket, on one line: ``Cooks 2, 5–8 wait for a ticket``. (None of them
        is going home: an idle cook sent home goes at once.)"""
        if len(cooks) == 1:
            return f"{self.symbols.cook} {cooks[0].name} [dim]waits for a ticket[/]"
        names = _numbers([member.number for member in cooks])
        return f"{self.symbols.cook} Cooks {names} [dim]wait for a ticket[/]"


NO_COOKS = (  # with tickets left on the rail, and without, in fewer words down to 60 columns
    (
        "No cooks back here: the cashier-cooks cook these tickets before new orders.",
        "No cooks back here: the cashier-cooks cook at the counter.",
    ),
    (
        "No cooks: the cashier-cooks cook these tickets first.",
        "No cooks: the cashier-cooks cook at the counter.",
    ),
    ("Cashier-cooks cook these first.", "Cashier-cooks cook up front."),
)


NO_TICKETS = ("Kitchen · rail: no tickets waiting", "Kitchen · no tickets")


def _no_cooks(tickets: bool, width: int) -> str:
    """Why nobody is back here (Parallel Burgers), in the longest words that fit ``width`` cells (0: any)."""
    return _fitting_words([forms[0] if tickets else forms[1] for forms in NO_COOKS], width)


def _fitting_words(forms: Sequence[str], width: int) -> str:
    """The first of ``forms`` (the longest first) that fits ``width`` cells (0: any), else the last."""
    return next((words for words in forms if not width or len(words) <= width), forms[-1])


def _more(cooks: int, busy: list[StaffView]) -> str:
    """The cooks that do not fit: ``+6 more cooks: 2 cooking, 4 waiting``."""
    if not cooks:
        return ""
    cooking = len(busy)
    what = ", ".join(
        f"{count} {words}" for count, words in ((cooking, "cooking"), (cooks - cooking, "waiting")) if count
    )
    return f"+{cooks} more cook{'s' if cooks != 1 else ''}: {what}"


def _numbers(numbers: list[int]) -> str:
    """``2, 5–8``: whole numbers in order, runs of three or more as a range."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)
