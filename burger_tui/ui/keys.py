"""The dashboard's keys: one table feeds the bindings, the footer, the command palette and help."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingType

from burger_tui.sim.limits import MAX_SPEED, MIN_SPEED
from burger_tui.sim.live import RUSH_SIZE
from burger_tui.sim.model import Mode

JUMP_S = 10.0  # simulated seconds a press of ← or → moves the day


class Key(NamedTuple):  # not a dataclass: start-up (see symbols.py)
    key: str  # Textual key name
    shown: str  # how the help screen writes it
    action: str
    label: str  # footer
    help: str  # palette and help screen
    in_footer: bool = True

    @property
    def target(self) -> str:
        """The action as a binding names it: the dashboard's own, but quitting is the app's."""
        return f"app.{self.action}" if self.action == "quit" else self.action


KEYS: tuple[Key, ...] = (
    Key("o", "o", "add_order", "Order", "A couple arrives and joins the cashier line"),
    Key("O", "O", "rush", "Rush", f"A rush: {RUSH_SIZE} couples arrive at once"),
    Key("m", "m", "switch_model", "Model", "Switch the model live: concurrent → parallel → hybrid → …"),
    Key("p", "p", "toggle_program", "Program", "The program behind the story: every task and its await"),
    Key("n", "n", "step", "Step", "Step: pause, then run to the next moment a task wakes up"),
    Key("w", "w", "lanes", "Lanes", "Who ran when: a lane per actor, time left to right, live", False),
    Key("g", "g", "tour", "Tour", "A guided tour: the story plays by itself (any key takes over)"),
    Key("plus", "+", "more_cooks", "+Cook", "One cook more (cashier-cooks: parallel; cooks: hybrid)", False),
    Key("minus", "-", "fewer_cooks", "-Cook", "One cook fewer; a busy cook finishes the burger first", False),
    Key("space", "space", "toggle_pause", "Pause", "Pause or resume the restaurant"),
    Key("right_square_bracket", "]", "faster", "Faster", f"Faster (up to {MAX_SPEED:g}×)", False),
    Key("left_square_bracket", "[", "slower", "Slower", f"Slower (down to {MIN_SPEED:g}×)", False),
    Key("a", "a", "toggle_auto", "Auto", "Automatic arrivals on or off", False),
    Key("left", "←", "back", "Back", f"Back {JUMP_S:g} s: the day replayed to that instant, paused there"),
    Key("right", "→", "forward", "Fwd", f"Forward {JUMP_S:g} s (the day's recorded future, or on)", False),
    Key("home", "home", "opening", "Opening", "Back to the day's opening", False),
    Key("end", "end", "newest", "Newest", "Forward to the day's newest instant (after ←)", False),
    Key("r", "r", "reset", "Reset", "Reset: a new day, same seed"),
    Key("c", "c", "compare", "Compare", "Compare the three models on the same couples"),
    # The lessons beyond the story, and the keys above marked False: in help and the palette, not the
    # footer (a footer that overflows is cut at its end).
    Key("e", "e", "export", "Export", "Export the day: statistics (JSON) and couples (CSV)", False),
    Key("b", "b", "blocking_call", "Block", "A cook makes a blocking call inside async def", False),
    Key("t", "t", "threaded_call", "Thread", "The same work in a thread: nothing freezes", False),
    Key("h", "h", "cleaning", "House", "Cleaning a house: 1 cleaner vs threads vs processes", False),
    Key("f", "f", "web_lesson", "FastAPI", "A real FastAPI server: async def vs def, measured", False),
    Key("question_mark", "?", "help", "Help", "The story, the keys and what each symbol means"),
    Key("q", "q", "quit", "Quit", "Quit burger_tui"),
    # A terminal's job control, which the terminal's raw mode turns into a key.
    Key("ctrl+z", "ctrl+z", "suspend", "Suspend", "Back to the shell, the restaurant paused until fg", False),
)

TARGETS = {k.key: k.target for k in KEYS}
NAVIGATION = frozenset({"left", "right", "home", "end"})  # Textual key name -> the action it runs
# Bound by the app itself, over every screen (BurgerApp.BINDINGS); here for the help and the palette.
EVERY_SCREEN = frozenset({"ctrl+z"})


def bindings() -> list[BindingType]:
    """The bindings, help and quit first: a narrow footer cuts the keys at its end, these must show."""
    first = [k for k in KEYS if k.action in ("help", "quit")]
    keys = first + [k for k in KEYS if k not in first and k.key not in EVERY_SCREEN]
    # The arrows and home are the screen's before any scrollable panel's (the narration scrolls with them).
    return [
        Binding(k.key, k.target, k.label, show=k.in_footer, key_display=k.shown, priority=k.key in NAVIGATION)
        for k in keys
    ]


WELCOME = (
    "[b]Welcome to {title}.[/b] [b]O[/b]: a rush walks in. [b]m[/b]: switch the model live and watch "
    "the couples stand or sit. [b]g[/b]: a guided tour. [b]?[/b]: help."
)


def welcome(mode: Mode) -> str:
    """A day's first line: what to press to see the story."""
    return WELCOME.format(title=mode.story_title)
