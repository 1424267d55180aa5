"""The counter: the cashier (concurrent, hybrid), or the cashier-cooks' stations (parallel), each with
the couple standing in front of it, blocked and silent, until the burgers come over the counter.

Its title counts the couples standing; what does not fit is counted in its bottom border, as the same
thing: the stations shown and the ``+N more stations`` make every station, the standing shown and those
the more counts make every couple standing.
"""

from __future__ import annotations

from collections.abc import Sequence

from burger_tui.sim.model import Activity, Phase, Role
from burger_tui.sim.snapshot import CoupleView, DaySnapshot, StaffView
from burger_tui.sim.times import span_text
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel, bar, fit_markup, moving

STATION_WIDTH = 58  # "🍳 Cashier-cook 12  ████████████ 100%  😞 123 · 10m05s", and a gap
BAR = 12


class CounterPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Counter", id="counter")
        # Each station shown, cut to its column. A station's progress and waiting time are moving
        # parts (placeholders here), the rest changes a few times a minute: most are cut once.
        self._cut: dict[str, str] = {}

    def markup_and_parts(self, snapshot: DaySnapshot) -> tuple[str, tuple[str, ...]]:
        # The story first: the cashier, your station, the couples standing, the orders taken, the rest.
        at_counter = sorted((m for m in snapshot.staff if m.role is not Role.COOK), key=_story_order)
        width, height = self.content_size
        columns = max(1, width // STATION_WIDTH) if width > 0 else 1
        room = height * columns if height > 0 else len(at_counter)
        shown, hidden = at_counter[:room], at_counter[room:]
        self.set_titles(_title(snapshot), self._more(hidden))
        parts: list[str] = []
        stations = [self._station(snapshot, member, parts) for member in shown]
        rows: list[str] = []
        if columns > 1:
            # Column by column, each station cut to its column: a long one never runs into the next.
            per_column = -(-len(stations) // columns)
            cells = [self._cut_to_column(station) + " " for station in stations]
            rows.extend("".join(cells[i::per_column][:columns]) for i in range(min(per_column, len(cells))))
            self._cut = {station: self._cut[station] for station in stations}
        else:
            rows.extend(stations)
        if not at_counter:
            rows.append("[dim]Nobody at the counter.[/]")
        return "\n".join(rows), tuple(parts)

    def _more(self, hidden: Sequence[StaffView]) -> str:
        """The stations that do not fit, counted by what they do: ``+6 more stations: 4 😞 standing, ...``."""
        if not hidden:
            return ""
        standing = sum(1 for member in hidden if _standing(member))
        ordering = sum(1 for member in hidden if member.activity is Activity.TAKING_ORDER)
        free = sum(1 for member in hidden if member.activity is Activity.IDLE)
        cooking = len(hidden) - standing - ordering - free  # a ticket left from another model
        counts = [
            (standing, f"{self.symbols.standing} standing"),
            (ordering, "taking an order"),
            (cooking, "cooking a ticket"),
            (free, "free"),
        ]
        what = ", ".join(f"{count} {words}" for count, words in counts if count)
        return f"+{len(hidden)} more station{'s' if len(hidden) != 1 else ''}: {what}"

    def _cut_to_column(self, station: str) -> str:
        """``station`` cut or padded to its column."""
        cut = self._cut.get(station)
        if cut is None:
            cut = self._cut[station] = fit_markup(station, STATION_WIDTH - 1)
        return cut

    def _station(self, snapshot: DaySnapshot, member: StaffView, parts: list[str]) -> str:
        """The station's markup, its progress and waiting time moving parts (added to ``parts``)."""
        sym = self.symbols
        glyph = sym.cashier if member.role is Role.CASHIER else sym.cashier_cook
        who = f"{glyph} [b]{member.name}[/]"
        couple = member.serving
        home = " [dim](then home)[/]" if member.off_duty else ""
        if couple is None or member.activity is Activity.IDLE:
            return f"{who}  [dim]free: next couple, please![/]{home}"
        done = moving(parts, f"{bar(member.progress, BAR)} {member.progress:4.0%}")
        name = self._couple(couple)
        if member.activity is Activity.TAKING_ORDER:
            whose = "your" if couple.watched else f"couple {name}'s"
            return f"{who}  [$ordering]{done}[/]  takes {whose} order{home}"
        cooking = f"{who}  [$cooking]{done}[/]"
        if couple.phase is Phase.AT_COUNTER:  # parallel: cooking for the couple standing in front
            waited = moving(parts, span_text(couple.phase_since, snapshot.now))
            return f"{cooking}  [$standing]{sym.standing}[/] {name} · {waited}{home}"
        # A ticket left from another model: cooked here, collected at the display.
        return f"{cooking}  {sym.ticket}{couple.turn_number} for {name}{home}"

    def _couple(self, couple: CoupleView) -> str:
        if couple.watched:
            return f"[b reverse $you]{couple.id}{self.symbols.you}[/]"
        return str(couple.id)


def _title(snapshot: DaySnapshot) -> str:
    """The counter's title: how many couples stand there, blocked (parallel's point), if any."""
    standing = len(snapshot.couples(Phase.AT_COUNTER))
    if not standing:
        return "Counter"
    return f"Counter · [$standing]{standing} standing: blocked, not talking[/]"


def _story_order(member: StaffView) -> tuple[bool, ...]:
    """Sorts the cashier first (always in view), then your station, those with a couple standing, those
    taking an order, those cooking a ticket, and the free."""
    couple = member.serving
    return (
        member.role is not Role.CASHIER,
        not (couple is not None and couple.watched),
        not _standing(member),
        member.activity is not Activity.TAKING_ORDER,
        member.activity is Activity.IDLE,
    )


def _standing(member: StaffView) -> bool:
    return member.serving is not None and member.serving.phase is Phase.AT_COUNTER
