"""The help screen: the story, the keys, and what each symbol means."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from burger_tui.ui.keys import KEYS
from burger_tui.ui.symbols import Symbols

STORY = """\
# Concurrent Burgers vs Parallel Burgers

**Concurrent Burgers.** You and your crush stand in line; one cashier takes orders fast and gives
you a **turn number**. You sit at a table and talk with your crush, glancing at the counter display
now and then. One cook works through the kitchen queue. When your number shows, you notice it at
your next glance, walk to the counter and get your burgers.

**Parallel Burgers.** Several cashier-cooks (eight in the story; **+**/**-** change it) each take an
order and cook it themselves. There are no numbers: you **stand at the counter**, blocked, so nobody
takes your burgers. No talking.

**Hybrid Burgers.** One cashier hands out numbers *and* several cooks share the kitchen queue: the
story's "async + parallel".

Press **m** to switch live. Work in progress finishes the way it started; queued couples and
tickets are taken over by the new staff. Nobody is lost, nobody is served twice.

## The floor

Back to front, as in a restaurant: the **kitchen** (cooks at their stations with the burger in progress,
and the rail of order tickets waiting), the **counter display** over the counter (the ready turn
numbers), the **counter** (the cashier; in parallel, each cashier-cook's station with the couple
standing in front of it and how long they have stood), the **door and the line**, and the **dining
room**: a two-seat table per couple, their number on top, the ticket they hold below.

## The numbers

- **Served**: couples with burgers in hand; **/h**: served per hour of the restaurant's time;
  **visit avg**: walking in to leaving after eating, over those who left.
- **To burgers**, per model (each couple counts for the model that took their order; ▸ marks the
  model running now, so a switch shows before and after): the wait from walking in to burgers in
  hand, average and 95th percentile (95 % waited less), and how that wait was spent on average:
  **stand** (in line, ordering, at the counter, walking to pick up) and **talk** (at a table with a
  number, talking with your crush). The same wait `compare` measures.
- **Busy**: the share of their time on duty the cashier spent taking orders and the cooks cooking.
- **Last visits**: the length of the last visits, oldest to newest; ▁ is the shortest shown, █ the
  longest, with their lengths.
- **Loop lag** (bottom left): how late the event loop wakes a timer that asked to run every 100 ms.
  Every cashier, cook and couple is a task on that one loop; near zero means nobody blocks it. Press
  **b** to make the cook block it and watch it spike; **t** does the same work in a thread: flat.
"""


def _symbol_rows(sym: Symbols) -> str:
    rows = [
        (sym.couple, "a couple in the cashier line; every couple is known by its number (arrival order)"),
        (sym.ordering, "ordering from a cashier-cook"),
        (sym.standing, "parallel: standing at the counter, blocked and silent (red)"),
        (sym.talking, "at a table with a turn number, talking with their crush"),
        (sym.glancing, "glancing at the counter display"),
        (sym.walking, "saw their number, walking to the counter"),
        (sym.eating, "eating"),
        (sym.cashier, "the cashier"),
        (sym.cook, "a cook (or a cashier-cook), with the burger in progress"),
        (f"{sym.ticket}12", "turn number 12: the ticket a couple holds, on the rail and on the display"),
        (sym.you, "you: the couple the narration follows (highlighted)"),
    ]
    return "\n".join(f"| `{glyph}` | {meaning} |" for glyph, meaning in rows)


def help_markdown(symbols: Symbols) -> str:
    keys = "\n".join(f"| `{k.shown}` | {k.help} |" for k in KEYS)
    return (
        f"{STORY}\n## Keys\n\n| key | action |\n|---|---|\n{keys}\n"
        "| `ctrl+p` | command palette: every action, and the theme picker |\n\n"
        f"## Symbols\n\n| symbol | meaning |\n|---|---|\n{_symbol_rows(symbols)}\n\n"
        "Press **escape** or **?** to close; the restaurant waits, paused, until then."
    )


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, symbols: Symbols) -> None:
        super().__init__()
        self._symbols = symbols

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Markdown(help_markdown(self._symbols))
