"""The dining room: two-seat tables, each couple at theirs in the state of their wait.

A table is a small box: the couple's number on top, the two of them in the middle (talking, glancing
up at the display, walking to the counter, eating) and the ticket they hold below. Each couple is drawn
at the table the restaurant seated them at (``CoupleView.table``): the day's, so every frame, a rewind and
a headless run agree on it. The tables in use are drawn, and a few free ones, dimmed, not a wall of them:
in Parallel Burgers the room stays nearly empty while everyone stands at the counter. Where some sit
beyond the room, the tables in use are drawn side by side and the last says how many more couples sit
at tables not drawn.
"""

from __future__ import annotations

from rich.cells import cell_len

from burger_tui.sim.model import Phase
from burger_tui.sim.snapshot import CoupleView, DaySnapshot, Glances
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import MarkupPanel

INNER = 5  # cells inside a table: "😍 😍"
CELL_WIDTH = INNER + 3  # the box and a gap
CELL_HEIGHT = 3
AT_TABLES = (Phase.SEATED, Phase.WALKING, Phase.EATING)
GLANCE_LASTS_S = 1.5  # how long a couple is drawn looking up at the display (simulated seconds)
# Each table in the colour of its couple's state, beside its glyphs (😍 or 👀, 🚶, 🍔): see symbols.COLOURS.
PHASE_STYLES = {Phase.SEATED: "$talking", Phase.EATING: "$eating"}
FREE_TABLES = 3  # free tables drawn beside those in use: room for the next couples, not a wall


def looks_up(glances: Glances | None, now: float) -> bool:
    """Whether a couple is drawn looking up at the display at ``now``: for a while from each glance."""
    if glances is None:
        return False
    since = now - glances.first
    return since >= 0 and since % glances.every < GLANCE_LASTS_S


class TablesPanel(MarkupPanel):
    def __init__(self, symbols: Symbols) -> None:
        super().__init__(symbols, "Dining room", id="tables")
        self._text: tuple[tuple[object, ...], str] | None = None  # the last text, and what it shows

    def markup(self, snapshot: DaySnapshot) -> str:
        # Unchanged couples are the same views (see DaySnapshot): most frames compare them by identity.
        looking = frozenset(c.id for c in snapshot.couples(Phase.SEATED) if looks_up(c.glances, snapshot.now))
        shows = (*(snapshot.couples(phase) for phase in AT_TABLES), looking, self.content_size)
        if self._text is None or self._text[0] != shows:
            self._text = (shows, self._markup(snapshot, looking))
        return self._text[1]

    def _markup(self, snapshot: DaySnapshot, looking: frozenset[int]) -> str:
        width, height = self.content_size
        columns = max(1, width // CELL_WIDTH) if width > 0 else 8
        rows = max(1, height // CELL_HEIGHT) if height > 0 else 2
        by_seat = {c.table: c for phase in AT_TABLES for c in snapshot.couples(phase) if c.table is not None}
        room = columns * rows
        if max(by_seat, default=-1) >= room:
            # Some sit beyond the room: the tables in use side by side, no free one among them, so that a
            # "+N more" counts the couples at tables not drawn, and no empty table stands beside it.
            by_seat = dict(enumerate(by_seat[seat] for seat in sorted(by_seat)))
        tables = min(room, max(len(by_seat) + FREE_TABLES, max(by_seat, default=-1) + 1))
        hidden = len(by_seat) - (room - 1) if len(by_seat) > room else 0  # the last table says how many
        empty = self._empty()
        cells: list[tuple[str, str, str] | None] = []  # None: an empty table
        for seat in range(tables):
            if hidden and seat == tables - 1:
                cells.append(self._more(hidden))
            elif seat in by_seat:
                cells.append(self._table(by_seat[seat], by_seat[seat].id in looking))
            else:
                cells.append(None)
        lines: list[str] = []
        for start in range(0, len(cells), columns):
            row = cells[start : start + columns]
            for line in range(CELL_HEIGHT):
                # Empty tables side by side share one dim span: far less markup to parse each frame
                # (a 200x60 room is ~150 tables, most of them empty).
                parts, run = [], 0
                for cell in (*row, ()):
                    if cell is None:
                        run += 1
                        continue
                    if run:
                        parts.append(f"[dim]{' '.join([empty[line]] * run)}[/]")
                        run = 0
                    if cell:
                        parts.append(cell[line])
                lines.append(" ".join(parts))
        return "\n".join(lines)

    def _table(self, couple: CoupleView, looking: bool) -> tuple[str, str, str]:
        sym = self.symbols
        top_left, top_right, bottom_left, bottom_right, edge, side = tuple(self.symbols.box)
        if couple.phase is Phase.SEATED:
            glyph = sym.glancing if looking else sym.talking
        else:
            glyph = sym.walking if couple.phase is Phase.WALKING else sym.eating
        name = f"{couple.id}{sym.you}" if couple.watched else str(couple.id)
        ticket = "" if couple.turn_number is None else f"{sym.ticket}{couple.turn_number}"
        if cell_len(ticket) > INNER:
            ticket = str(couple.turn_number)[-INNER:]
        lines = (
            f"{top_left}{_centred(name, edge)}{top_right}",
            f"{side}{_centred(f'{glyph} {glyph}', ' ')}{side}",
            f"{bottom_left}{_centred(ticket, edge)}{bottom_right}",
        )
        style = "b reverse $you" if couple.watched else PHASE_STYLES.get(couple.phase)
        if style is None:
            return lines
        return (f"[{style}]{lines[0]}[/]", f"[{style}]{lines[1]}[/]", f"[{style}]{lines[2]}[/]")

    def _empty(self) -> tuple[str, str, str]:
        top_left, top_right, bottom_left, bottom_right, edge, side = tuple(self.symbols.box)
        return (
            f"{top_left}{edge * INNER}{top_right}",
            f"{side}{' ' * INNER}{side}",
            f"{bottom_left}{edge * INNER}{bottom_right}",
        )

    def _more(self, hidden: int) -> tuple[str, str, str]:
        return (" " * (INNER + 2), f"[b]{f'+{hidden}':^{INNER + 2}}[/]", f"{'more':^{INNER + 2}}")


def _centred(text: str, fill: str) -> str:
    """``text`` centred in the table's inner width (emoji take two cells)."""
    room = INNER - cell_len(text)
    left = room // 2
    return fill * left + text + fill * (room - left)
