"""The counter display: ready turn numbers, the newest in large digits, the newest highlighted.

One widget that draws its own text (the digits in Textual's ``Digits`` glyphs, the ready numbers beneath):
a ``Digits`` and a ``Static`` in a container cost the dashboard's first frame three widgets to mount and
style, ~1 % of its instructions.
"""

from __future__ import annotations

from textual.content import Content
from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
from textual.style import Style
from textual.widget import Widget

from burger_tui.sim.model import Mode, Phase
from burger_tui.sim.snapshot import DaySnapshot


class DisplayPanel(Widget):
    """Draws the restaurant's counter display (``burger_tui.sim.restaurant.CounterDisplay``).

    Its look is in the stylesheet: ``display--digits`` is hidden on a short terminal (the numbers are
    then one line), ``display--lit`` is the newest number's when one is ready.
    """

    COMPONENT_CLASSES = {"display--digits", "display--lit"}

    def __init__(self) -> None:
        super().__init__(id="display", classes="panel")
        self.border_title = "Counter display"
        self.shown: tuple[tuple[int, ...], int, bool] = ((), 0, False)
        """What the display shows: the ready numbers, oldest first, how many seated couples wait for a
        number not ready yet, and whether the model gives out no numbers."""

    def show(self, snapshot: DaySnapshot) -> None:
        numbers = snapshot.display_numbers
        # A seated couple's number is ready (shown, not seen yet) or on its way. After a switch to
        # parallel, couples seated with a number still wait for it on this display.
        waiting = sum(1 for c in snapshot.couples(Phase.SEATED) if c.turn_number not in numbers)
        shown = (numbers, waiting, snapshot.mode is Mode.PARALLEL)
        if shown != self.shown:
            self.shown = shown
            self.refresh()  # a fixed size: no re-layout

    def render(self) -> Content:
        numbers, waiting, parallel = self.shown
        if numbers:
            # Every ready number, newest first: the big digits show only the newest.
            note = Content("ready: " + " ".join(str(n) for n in reversed(numbers)))
        elif waiting:  # at most 20 cells: the narrow layout's display
            note = Content.from_markup(f"[dim]none ready · {waiting} wait")
        elif parallel:
            note = Content.from_markup("[dim]parallel: no numbers")
        else:
            note = Content.from_markup("[dim]no number ready")
        if self.get_component_styles("display--digits").display == "none":
            return note
        style = Style.from_rich_style(self.get_component_rich_style("display--lit")) if numbers else Style()
        rows = big_digits(str(numbers[-1]) if numbers else "--", bold=bool(style.bold))
        # Centred over the note, the rows as one block: each padded to the panel's width.
        margin = self.content_size.width - len(rows[0])
        left, right = margin // 2, margin - margin // 2
        return Content("\n").join([*(Content.styled(row, style).pad(left, right) for row in rows), note])


def big_digits(text: str, *, bold: bool) -> list[str]:
    """``text`` (digits and dashes) in the three rows of Textual's ``Digits`` glyphs, bold or thin."""
    glyphs = DIGITS3X3_BOLD if bold else DIGITS3X3
    starts = [DIGITS.index(character) * 3 for character in text]
    return ["".join(glyphs[start + row].ljust(3) for start in starts) for row in range(3)]
