"""The help screen: the story, the floor, the numbers, the program view, the keys and the symbols.

One ``Static`` of markup: Textual's ``Markdown`` widget builds a widget per paragraph and table cell,
which held the event loop for ~100 ms as help opened (the restaurant's loop-lag meter showed it).
"""

from __future__ import annotations

import functools

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from burger_tui.narration import literal
from burger_tui.ui.keys import KEYS
from burger_tui.ui.screens.dialog import DIALOG_CSS
from burger_tui.ui.symbols import Symbols
from burger_tui.ui.terminal_sized import TerminalSized
from burger_tui.ui.widgets.panel import pad

# Each paragraph is one line of markup: the dialog wraps it to its width.
PARAGRAPHS = (
    "[b $accent]CONCURRENT BURGERS VS PARALLEL BURGERS[/]",
    "[b]Concurrent Burgers.[/b] You and your crush stand in line; one cashier takes orders fast and "
    "gives you a [b]turn number[/b]. You sit at a table and talk with your crush, glancing at the counter "
    "display now and then. One cook works through the kitchen's tickets. When your number shows, you "
    "notice it at your next glance, walk to the counter and get your burgers.",
    "[b]Parallel Burgers.[/b] Several cashier-cooks (eight in the story; [b]+[/b]/[b]-[/b] change it) "
    "each take an order and cook it themselves. There are no numbers: you [b]stand at the counter[/b], "
    "blocked, so nobody takes your burgers. No talking.",
    "[b]Hybrid Burgers.[/b] One cashier hands out numbers [i]and[/i] several cooks share the kitchen: "
    'the story\'s "async + parallel".',
    "Press [b]m[/b] to switch live. Work in progress finishes the way it started; queued couples and "
    "tickets are taken over by the new staff. Nobody is lost, nobody is served twice. [b]g[/b] plays a "
    "guided tour of all this by itself; any key takes over.",
    "[b $accent]The floor[/]",
    "Back to front, as in a restaurant: the [b]kitchen[/b] (cooks with the burger in progress, and the "
    "rail of order tickets waiting), the [b]counter display[/b] over the counter (the ready turn "
    "numbers), the [b]counter[/b] (the cashier; in parallel, each cashier-cook's station with the couple "
    "standing in front of it and how long they have stood), the [b]door and the line[/b], and the "
    "[b]dining room[/b]: a two-seat table per couple, its number on top, the ticket it holds below.",
    "[b $accent]The numbers[/]",
    "• [b]Served[/b]: couples with burgers in hand; [b]/h[/b]: served per hour of the restaurant's time; "
    "[b]visit avg[/b]: walking in to leaving after eating, over those who left.",
    "• [b]To burgers[/b], per model (each couple counts for the model that took their order; ▸ marks "
    "the model running now, so a switch shows before and after): the wait from walking in to burgers in "
    "hand, average and 95th percentile (95 % waited less), and how that wait was spent on average: "
    "[b]stand[/b] (in line, ordering, at the counter, walking to pick up) and [b]talk[/b] (at a table "
    "with a number). The same wait [b]compare[/b] measures.",
    "• [b]Busy[/b]: the share of their time on duty the cashier spent taking orders and the cooks cooking.",
    "• [b]Last visits[/b]: the length of the last visits, oldest to newest; ▁ is the shortest, █ the "
    "longest, with their lengths.",
    "• [b]Loop lag[/b] (bottom left): how late the event loop wakes a timer that asked to run every "
    "100 ms. Every cashier, cook and couple is a task on that one loop; near zero means nobody blocks "
    "it. Press [b]b[/b] to make a cook block it and watch it spike; [b]t[/b] does the same work in a "
    "thread: flat.",
    "[b $accent]The program behind the story[/]",
    "[b]p[/b] shows the program: every actor (the street, the cashier, the cooks, the counter display, "
    "each couple, the clock) is an asyncio task, paused at an [b]await[/b] in the restaurant's own code "
    "(the line is shown), asleep on the clock until a moment or waiting for another task to hand "
    "something over. One thread runs them all, and nearly always it runs nobody: everyone waits. "
    '"Talking with your crush" is your couple\'s task suspended at an await: it costs the thread '
    "nothing. [b]for[/b] is how long each has waited there (≥: it was waiting before the view first "
    "looked). Below, your couple's coroutine, the line it is paused at marked ▶.",
    "[b]n[/b] steps (pausing first): the clock jumps to the next moment a task wakes up, the woken tasks "
    "run until every task waits again, and a note says who woke, where, and what it awaits now.",
    "[b $accent]Who ran when[/]",
    "[b]w[/b] draws the day as lanes, time left to right: the street, each member of staff, the counter "
    "display, you and the other couples, each moment in its state's colour and glyph (the legend says "
    "which); a star in your lane marks where the story goes on with another couple, named in the legend. "
    "Staff taking an order or cooking are asleep on the clock, and wait for a hand-off between "
    "jobs; a couple talking is a task suspended until its number shows. In Concurrent Burgers the "
    "cashier's lane is short jobs one after another and the couples mostly talk; in Parallel Burgers many "
    "lanes work at once and the couples stand, blocked. There, [b],[/b] and [b].[/b] scroll in time, "
    "[b]+[/b] and [b]-[/b] zoom, [b]<[/b] and [b]>[/b] go to the opening and to now.",
    "[b $accent]The web server behind the story[/]",
    "[b]f[/b] is the page's other half, for real: a FastAPI server in a process of its own (on 127.0.0.1), "
    "and 100 couples, now requests, sent at once to each way of writing a path operation, shown as "
    "written. Its floor shows each request where the server has it: [b]talking[/b] while its coroutine "
    "waits at an await ([i]async def[/i] + await: one cook time for everyone), [b]standing[/b] while a "
    "thread of the pool runs its blocking call (plain [i]def[/i]: FastAPI's threadpool lends 40 tokens, so "
    "the others wait for a token and the couples come in waves), [b]frozen[/b] while a blocking call "
    "inside [i]async def[/i] holds the server's one loop (one couple at a time, nobody else moves). Under "
    "each way, its numbers against the story's time. The page's advice: await what you can; plain def for "
    "what blocks; never block inside async def.",
)
STORY = "\n\n".join(PARAGRAPHS) + "\n\n"


def _symbol_rows(sym: Symbols) -> list[tuple[str, str]]:
    return [
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
        (f"{sym.ticket}10 for 24", "in the kitchen: ticket 10 is couple 24's order (tickets count orders)"),
        (sym.you, "you: the couple the narration follows (highlighted)"),
        (sym.frozen, "the web lesson (f): a request while a blocking call holds the server's loop"),
    ]


def _table(rows: list[tuple[str, str]], width: int) -> str:
    return "\n".join(f"  [b]{literal(pad(first, width))}[/b] {second}" for first, second in rows)


@functools.cache
def help_content(symbols: Symbols) -> Content:
    """The whole help text, parsed (the dashboard's warm-up parses it in a thread, before the first ``?``)."""
    return Content.from_markup(help_markup(symbols))


def help_markup(symbols: Symbols) -> str:
    """The whole help text, as Textual markup."""
    keys = [(k.shown, k.help) for k in KEYS] + [
        ("ctrl+p", "command palette: every action, and the theme picker")
    ]
    return (
        f"{STORY}\n[b $accent]Keys[/]\n{_table(keys, 6)}\n\n"
        f"[b $accent]Symbols[/]\n{_table(_symbol_rows(symbols), 6)}\n\n"
        "Press [b]escape[/b] or [b]?[/b] to close; the restaurant waits, paused, until then."
    )


class HelpScreen(Screen[None], TerminalSized):
    """Help in a box over the dashboard; the app keeps one, and it opens at its top each time."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help-body {
        width: 90%;
        max-width: 100;
        height: 90%;
        padding: 0 1;
    }
    """
    )
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
            yield Static(id="help-text")

    def on_mount(self) -> None:
        # The text after the box's first frame: laid out and drawn with the box as the screen first
        # shows (twice: once as it resumes, once for its first resize), it held the loop ~60 ms at 160x50.
        self.call_after_refresh(self.query_one("#help-text", Static).update, help_content(self._symbols))

    def on_screen_resume(self) -> None:
        # The app keeps one help screen (the dashboard's ``?``): each opening starts at the story's top.
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)
