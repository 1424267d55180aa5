"""The web lesson's floor: each request a couple, where the kitchen server says it is, with the threadpool's
rack of tokens and the server's own loop lag.

Rows of couples in the order they were sent (three cells a couple; rows of 50, 40, 25, 20 or 10, the most
that fit, so they are easy to count); under them how many show each face, which adds up to the couples
sent. Every line comes from one look at the server
(:class:`~burger_tui.lessons.web_floor.FloorLook`): nothing here is guessed on the client's side.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.content import Content
from textual.widgets import Static

from burger_tui.lessons.web_floor import Face, FloorLook, counts, faces, in_the_app
from burger_tui.lessons.web_results import STYLES, THREADPOOL, Style
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.widgets.panel import pad

RACK_CELLS = 40  # the threadpool's rack: one cell a token, up to anyio's 40; more tokens share cells
ROW_LENGTHS = (50, 40, 25, 20, 10)  # couples a row: the longest that fits
MAX_ROWS = 8  # more couples than these rows hold are counted, not drawn (100 take four rows at 80 columns)


class Look(NamedTuple):
    glyph: str
    colour: str  # a theme variable, as the dashboard colours the same state; "" for the text's own

    def markup(self, width: int = 0) -> str:
        """The glyph padded to ``width`` cells, coloured."""
        glyph = pad(self.glyph, width)
        return f"[{self.colour}]{glyph}[/]" if self.colour else glyph


def looks(symbols: Symbols) -> dict[Face, Look]:
    """How each face is drawn: the dashboard's states in the dashboard's colours (symbols.COLOURS), the
    loop held in the loop-lag meter's late colour."""
    return {
        Face.DOOR: Look(symbols.walking, "$text-muted"),
        Face.ORDERING: Look(symbols.ordering, "$ordering"),
        Face.TOKEN: Look(symbols.couple, ""),
        Face.TALKING: Look(symbols.talking, "$talking"),
        Face.STANDING: Look(symbols.standing, "$standing"),
        Face.HOLDING: Look(symbols.cashier_cook, "b $late"),
        Face.FROZEN: Look(symbols.frozen, "$primary"),
        Face.SERVED: Look(symbols.eating, "$eating"),
    }


def rack(lent: int, tokens: int) -> str:
    """The threadpool as a rack of tokens: taken ones full, free ones empty, and how many of each."""
    cells = min(tokens, RACK_CELLS) or 1
    taken = round(lent * cells / tokens) if tokens else 0
    return f"Threadpool {'█' * taken}{'░' * (cells - taken)} {lent}/{tokens} tokens taken"


def loop_line(look: FloorLook, symbols: Symbols) -> str:
    """The server's own loop lag, as its probe measures it; a held loop said in bold."""
    if look.held:
        held = f"The server's loop is held by a blocking call: {look.lag_s:.2f} s late"
        return f"[b $late]{symbols.frozen} {held}[/]"
    worst = f"worst this style {look.worst_lag_s:.2f} s"
    return f"Server's loop lag (measured inside it): {look.lag_s:.2f} s, {worst}"


def tally(shown: list[Face], symbols: Symbols) -> str:
    """How many couples show each face, each with its glyph: "😍 37 talking · 😞 40 standing · …"."""
    return " · ".join(tallied(shown, symbols))


def tallied(shown: list[Face], symbols: Symbols) -> list[str]:
    """The tally's entries: each face shown, its glyph and how many show it."""
    drawn = looks(symbols)
    return [f"{drawn[face].markup()} {n} {face.value}" for face, n in counts(shown)]


def rows(shown: list[Face], symbols: Symbols, width: int) -> list[str]:
    """The couples in rows as long as fit in ``width`` cells, at most ``MAX_ROWS`` of them."""
    drawn = looks(symbols)
    length = next((n for n in ROW_LENGTHS if 3 * n - 1 <= width), ROW_LENGTHS[-1])
    lines = [
        " ".join(drawn[face].markup(2) for face in shown[start : start + length])
        for start in range(0, min(len(shown), length * MAX_ROWS), length)
    ]
    if len(shown) > length * MAX_ROWS:
        lines.append(f"[$text-muted]and {len(shown) - length * MAX_ROWS} more, counted below[/]")
    return lines


def busiest_words(style: Style, look: FloorLook, shown: list[Face], symbols: Symbols) -> list[str]:
    """One look, tallied: how many couples show each face and, in a threadpool style, the tokens taken at
    that same look (the most threads at once, a style's other figure, may be of another moment)."""
    said = tallied(shown, symbols)
    return [*said, f"{look.lent}/{look.tokens} tokens taken"] if style in THREADPOOL else said


def hanging(title: str, entries: list[str], width: int) -> list[str]:
    """``title`` (padded markup) then ``entries`` joined by " · ", in lines of ``width`` cells, an entry never
    cut: the lines after the first start under the first entry, so the titles stay a column."""
    indent = Content.from_markup(title).cell_length
    lines, used = [title], indent
    for number, entry in enumerate(entries):
        said = entry if number == len(entries) - 1 else f"{entry} ·"
        size = Content.from_markup(said).cell_length + 1
        if used + size > width and used > indent:
            lines.append(" " * indent)
            used = indent
        lines[-1] += f" {said}"
        used += size
    return lines


def floor_markup(style: Style, look: FloorLook, requests: int, symbols: Symbols, width: int) -> str:
    """The floor of ``style``'s ``requests`` couples in ``look`` at ``width`` cells, as markup: the rack,
    the couples, how many show each face, the loop."""
    shown = faces(look, requests, style in THREADPOOL)
    return "\n".join(
        [
            rack(look.lent, look.tokens),
            *rows(shown, symbols, width),
            tally(shown, symbols),
            loop_line(look, symbols),
        ]
    )


class WebFloor(Static):
    """The floor of the style being served, redrawn at each look and to its width; once the server has
    closed, each style at its busiest."""

    DEFAULT_CSS = """
    WebFloor {
        height: auto;
    }
    """

    def __init__(self, requests: int, symbols: Symbols, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.requests = requests
        self.symbols = symbols
        self.now: tuple[Style, FloorLook] | None = None  # the last look, and the style it was of
        self.serving = True  # False once the server has closed
        self._busiest: dict[Style, tuple[int, list[str]]] = {}  # a style's most couples in the app, tallied
        self.starting()

    def starting(self) -> None:
        """No floor yet: the server is starting."""
        self.now = None
        self.serving = True
        self._busiest.clear()
        self.update("[b]Starting the kitchen server[/b] (a process of its own)…")

    def show(self, style: Style, look: FloorLook) -> None:
        """Draw ``style``'s floor as ``look`` has it."""
        self.now = style, look
        shown = faces(look, self.requests, style in THREADPOOL)
        busy = in_the_app(shown)
        if style not in self._busiest or busy > self._busiest[style][0]:
            self._busiest[style] = busy, busiest_words(style, look, shown, self.symbols) if busy else []
        self._draw()

    def busiest(self, style: Style) -> str | None:
        """``style``'s floor at its busiest look, tallied (with the tokens taken at that look); ``None`` if
        it was never looked at."""
        if style not in self._busiest:
            return None
        return " · ".join(self._busiest_entries(style))

    def _busiest_entries(self, style: Style) -> list[str]:
        return self._busiest[style][1] or ["everyone served between two looks (0.1 s apart)"]

    def closed(self) -> None:
        """The server has ended: each style at its busiest, side by side."""
        self.serving = False
        self._draw()

    def on_resize(self) -> None:
        # After this layout, not within it: the lines fit the new width, and the height they take (an
        # update while the size is settled left the height of the lines drawn for the size before).
        self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        if not self.serving:
            styles = [style for style in Style if style in self._busiest]
            titles = max((len(STYLES[style].title) for style in styles), default=0)
            width = self.content_size.width or 80
            self.update(
                "\n".join(
                    [
                        "[b]Each style at its busiest[/b], as the server saw it "
                        "(the server has closed; r starts a new one)",
                        *(
                            line
                            for style in styles
                            for line in hanging(
                                f"  {STYLES[style].title:<{titles}} ", self._busiest_entries(style), width
                            )
                        ),
                    ]
                )
            )
        elif self.now is not None:
            style, look = self.now
            heading = f"[b]Now: {STYLES[style].title}[/b] · {self.requests} couples as the server sees them"
            width = self.content_size.width or 80
            self.update(f"{heading}\n{floor_markup(style, look, self.requests, self.symbols, width)}")
