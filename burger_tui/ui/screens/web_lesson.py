"""The web server behind the story: the page's path operations, served by a real FastAPI server, measured.

Each way of writing a path operation is shown as the kitchen's code has it, with a progress bar while its
couples are served and its numbers beside the story's once they are; above them, the floor of the style
being served: each couple where the server has it. The server runs in its own process: the one style that
blocks the server's loop never freezes this screen. Closing the screen cancels the run and ends the server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress

from rich.syntax import Syntax
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from burger_tui.lessons.web import WebLessonError, run_web_lesson
from burger_tui.lessons.web_floor import FloorLook
from burger_tui.lessons.web_results import STYLES, Style, StyleResult, WebReport, style_code, theory_words
from burger_tui.lessons.web_settings import DEFAULT_COOK_S, DEFAULT_REQUESTS, DEFAULT_TOKENS
from burger_tui.ui.screens.dialog import DIALOG_CSS
from burger_tui.ui.symbols import EMOJI, Symbols
from burger_tui.ui.terminal_sized import TerminalSized
from burger_tui.ui.widgets.web_floor import WebFloor

WebLesson = Callable[..., Awaitable[WebReport]]
"""What runs the lesson: :func:`run_web_lesson`, or a stand-in with its signature (tests)."""


def describe(result: StyleResult) -> str:
    """One style's numbers in a line: all served, latency, rate, threads, waves, and the story's time."""
    parts = [
        f"{result.requests} in {result.wall_s:.2f} s",
        f"p50 {result.p50_s:.2f} · p95 {result.p95_s:.2f} s",
        f"{result.requests_per_s:.0f}/s",
        f"at most {result.max_threads} threads at once",
    ]
    if result.theory_s is None:
        parts.append(f"{result.in_app_p50_s * 1000:.2f} ms inside FastAPI")
    else:
        parts += [
            f"{result.waves} wave{'s' if result.waves != 1 else ''}",
            f"theory {result.theory_s:.2f} s: {result.ratio or 0:.2f}x",
        ]
    return " · ".join(parts)


class WebLessonScreen(ModalScreen[None], TerminalSized):
    """Runs the web lesson in a worker: the floor of the style being served, a progress bar and a line of
    numbers per style. Escape closes it."""

    DEFAULT_CSS = (
        DIALOG_CSS
        + """
    WebLessonScreen {
        align: center middle;
    }
    WebLessonScreen > #web-dialog {
        width: 100;
    }
    WebLessonScreen #web-title {
        text-style: bold;
        width: 1fr;
        content-align: center middle;
    }
    WebLessonScreen #web-intro, WebLessonScreen #web-keys {
        color: $text-muted;
    }
    WebLessonScreen #web-floor {
        margin-top: 1;
    }
    WebLessonScreen #web-styles {
        height: 1fr;
        margin: 1 0;
    }
    /* 80x24: the floor and the style being served first; once all are served, the conclusion. */
    WebLessonScreen.-short #web-intro, WebLessonScreen.-short.-served #web-floor {
        display: none;
    }
    WebLessonScreen.-short #web-styles {
        margin: 0;
    }
    WebLessonScreen .style-theory {
        color: $text-muted;
    }
    WebLessonScreen .style {
        height: auto;
        margin-bottom: 1;
    }
    WebLessonScreen .style-title {
        text-style: bold;
    }
    WebLessonScreen .style ProgressBar Bar {
        width: 1fr;
    }
    WebLessonScreen #web-conclusion {
        height: auto;
    }
    """
    )

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("r", "again", "Serve again"),
    ]

    def __init__(
        self,
        *,
        requests: int = DEFAULT_REQUESTS,
        cook_time: float = DEFAULT_COOK_S,
        tokens: int = DEFAULT_TOKENS,
        lesson: WebLesson = run_web_lesson,
        symbols: Symbols = EMOJI,
    ) -> None:
        super().__init__()
        self.symbols = symbols
        self.requests = requests
        self.cook_time = cook_time
        self.tokens = tokens
        self.lesson = lesson
        self.report: WebReport | None = None
        self._serving: Style | None = None  # the style whose couples are being served

    def compose(self) -> ComposeResult:
        with Vertical(id="web-dialog", classes="dialog"):
            yield Label("The web server behind the story", id="web-title")
            yield Static(
                f"The couples are requests: {self.requests} at once to each path operation of a real "
                f"FastAPI server (its own process, on 127.0.0.1). A burger takes {self.cook_time:g} s; the "
                f"threadpool has {self.tokens} tokens. (The restaurant waits, paused, until you close this.)",
                id="web-intro",
            )
            yield WebFloor(self.requests, self.symbols, id="web-floor")
            with VerticalScroll(id="web-styles"):
                for style in Style:
                    info = STYLES[style]
                    with Vertical(id=f"style-{style.value}", classes="style"):
                        yield Label(f"{info.title}: {info.story}", classes="style-title")
                        if (
                            theory := theory_words(style, self.requests, self.cook_time, self.tokens)
                        ) is not None:
                            yield Label(f"The story's time: {theory}", classes="style-theory")
                        yield Static(Syntax(style_code(style), "python", theme="ansi_dark"))
                        yield ProgressBar(
                            total=self.requests,
                            show_eta=False,
                            show_percentage=False,
                            id=f"bar-{style.value}",
                        )
                        yield Static("waiting", id=f"result-{style.value}")
            yield Static("Starting the kitchen server…", id="web-conclusion")
            yield Label("esc close · r serve again", id="web-keys")

    def on_mount(self) -> None:
        self.serve()

    def action_close(self) -> None:
        """Close the screen; a run in progress is cancelled with it, and its server ends."""
        self.dismiss(None)

    def action_again(self) -> None:
        """Serve every style again, on a new server (cancels a run in progress)."""
        self.serve()

    @work(exclusive=True, group="web-lesson")
    async def serve(self) -> None:
        """Serve the couples to each style, one after another, showing each style's numbers as they come."""
        with suppress(NoMatches):  # the screen closed as a style finished; nothing left to show
            await self._serve()

    async def _serve(self) -> None:
        self.report = None
        self._serving = None
        self.remove_class("-served")
        for style in Style:
            self.query_one(f"#bar-{style.value}", ProgressBar).update(progress=0)
            self.query_one(f"#result-{style.value}", Static).update("waiting")
        conclusion = self.query_one("#web-conclusion", Static)
        conclusion.update("Starting the kitchen server…")
        floor = self.query_one(WebFloor)
        floor.starting()
        try:
            self.report = await self.lesson(
                self.requests,
                self.cook_time,
                self.tokens,
                on_progress=self._on_progress,
                on_result=self._on_result,
                on_kitchen=self._on_kitchen,
            )
        except WebLessonError as error:
            conclusion.update(f"The lesson could not run: {error}")
        else:
            conclusion.update(self.report.conclusion)
        floor.closed()
        self.add_class("-served")

    def _on_progress(self, style: Style, served: int, total: int) -> None:
        with suppress(NoMatches):
            self._turn_of(style)
            self.query_one(f"#bar-{style.value}", ProgressBar).update(progress=served, total=total)

    def _on_kitchen(self, style: Style, look: FloorLook) -> None:
        with suppress(NoMatches):
            self._turn_of(style)
            self.query_one(WebFloor).show(style, look)

    def _turn_of(self, style: Style) -> None:
        """``style`` is being served: at its first sign, bring its code into view and say so."""
        if style is not self._serving:
            self._serving = style
            self.query_one(f"#style-{style.value}").scroll_visible(top=True, animate=False)
            self.query_one("#web-conclusion", Static).update(f"Serving: {STYLES[style].title}…")

    def _on_result(self, result: StyleResult) -> None:
        with suppress(NoMatches):
            shown = describe(result)
            busiest = self.query_one(WebFloor).busiest(result.style)
            if busiest is not None:
                shown += f"\nAt its busiest moment: {busiest}"
            self.query_one(f"#result-{result.style.value}", Static).update(shown)
