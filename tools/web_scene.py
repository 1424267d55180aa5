"""The web lesson's screen on a recorded run: its snapshot tests and ``python -m tools.screenshots`` share it.

A real run of ``burger-tui lesson web`` at its defaults (100 couples, a burger 0.1 s, 40 tokens; this
machine, two cores) recorded once: each style's result, and the looks at its floor the lesson took while
serving it (every ~0.1 s; for the blocking style, some of its hundred). Played back, the screen shows the
same picture every time, without a server.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio
from textual.pilot import Pilot

from burger_tui.lessons.web import KitchenCallback, ProgressCallback
from burger_tui.lessons.web_floor import Face, FloorLook, faces
from burger_tui.lessons.web_results import THREADPOOL, Style, StyleResult, WebReport, conclude
from burger_tui.sim.clock import ManualTimeSource
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.screens.web_lesson import WebLesson, WebLessonScreen
from burger_tui.ui.widgets.web_floor import WebFloor
from tools.scenes import SCENE_SEED, Script

REQUESTS, COOK_S, TOKENS = 100, 0.1, 40

RESULTS = [
    StyleResult(style=Style.ASYNC, requests=100, wall_s=0.4465, p50_s=0.3838, p95_s=0.4097,
                in_app_p50_s=0.101681, theory_s=0.1, max_threads=0, waves=1, most_at_once=100,
                in_threads=0, max_loop_lag_s=0.0336),
    StyleResult(style=Style.DEF, requests=100, wall_s=0.5235, p50_s=0.4014, p95_s=0.4629,
                in_app_p50_s=0.199927, theory_s=0.3, max_threads=40, waves=3, most_at_once=40,
                in_threads=100, max_loop_lag_s=0.0251),
    StyleResult(style=Style.DEF_DEPENDENCY, requests=100, wall_s=0.5296, p50_s=0.3935, p95_s=0.4868,
                in_app_p50_s=0.234473, theory_s=0.3, max_threads=40, waves=4, most_at_once=40,
                in_threads=100, max_loop_lag_s=0.0378),
    StyleResult(style=Style.TRIVIAL_ASYNC, requests=100, wall_s=0.3045, p50_s=0.2512, p95_s=0.2547,
                in_app_p50_s=0.000147, theory_s=None, max_threads=0, waves=0, most_at_once=0,
                in_threads=0, max_loop_lag_s=0.0364),
    StyleResult(style=Style.TRIVIAL_DEF, requests=100, wall_s=0.2426, p50_s=0.209, p95_s=0.2174,
                in_app_p50_s=0.056219, theory_s=None, max_threads=40, waves=0, most_at_once=0,
                in_threads=0, max_loop_lag_s=0.0436),
    StyleResult(style=Style.BLOCKING, requests=100, wall_s=10.3972, p50_s=5.3103, p95_s=9.8043,
                in_app_p50_s=0.101631, theory_s=10.0, max_threads=0, waves=100, most_at_once=1,
                in_threads=0, max_loop_lag_s=10.2478),
]  # fmt: skip


def _look(lent: int, lag_s: float, worst_lag_s: float, couples: str) -> FloorLook:
    return FloorLook(TOKENS, lent, lag_s, worst_lag_s, couples)


LOOKS: dict[Style, list[FloorLook]] = {
    Style.ASYNC: [
        _look(0, 0.0128, 0.0128, ""),
        _look(0, 0.0, 0.0336, "t" * 100),
        _look(0, 0.0, 0.0336, "d" * 100),
    ],
    Style.DEF: [
        _look(40, 0.0, 0.0251, "s" * 40 + "o" * 60),
        _look(40, 0.0, 0.0251, "d" * 41 + "s" * 40 + "o" * 19),
        _look(19, 0.0, 0.0251, "d" * 81 + "s" * 19),
        _look(0, 0.0, 0.0251, "d" * 100),
    ],
    Style.DEF_DEPENDENCY: [
        _look(40, 0.0, 0.0378, "d" * 2 + "s" * 40 + "o" * 58),
        _look(40, 0.0, 0.0378, "d" * 42 + "s" * 40 + "o" * 18),
        _look(18, 0.0, 0.0378, "d" * 82 + "s" * 18),
        _look(0, 0.0, 0.0378, "d" * 100),
    ],
    Style.TRIVIAL_ASYNC: [
        _look(0, 0.0, 0.0045, ""),
        _look(0, 0.0001, 0.0364, "d" * 100),
    ],
    Style.TRIVIAL_DEF: [
        _look(40, 0.028, 0.028, "d" * 9 + "o" * 9 + "d" + "o" * 38),
        _look(0, 0.0005, 0.0436, "d" * 100),
    ],
    Style.BLOCKING: [
        _look(0, 0.2982, 0.2982, "d" * 2 + "h"),
        _look(0, 3.1783, 3.1783, "d" * 30 + "h"),
        _look(0, 8.0556, 8.0556, "d" * 78 + "h"),
        _look(0, 0.0, 10.2478, "d" * 100),
    ],
}


def served(style: Style, look: FloorLook) -> int:
    """Couples served in ``look``: the lesson's progress at that moment."""
    return faces(look, REQUESTS, style in THREADPOOL).count(Face.SERVED)


def recorded_lesson(stop_at: tuple[Style, int] | None = None) -> WebLesson:
    """The recorded run played back through the lesson's callbacks; with ``stop_at`` (a style and the
    index of one of its looks), it stays at that look, serving, until cancelled."""

    async def lesson(
        requests: int,
        cook_time: float,
        tokens: int,
        *,
        on_progress: ProgressCallback,
        on_result: Callable[[StyleResult], None],
        on_kitchen: KitchenCallback,
    ) -> WebReport:
        for result in RESULTS:
            for index, look in enumerate(LOOKS[result.style]):
                on_kitchen(result.style, look)
                on_progress(result.style, served(result.style, look), requests)
                if stop_at == (result.style, index):
                    await anyio.sleep_forever()
            on_result(result)
        return WebReport(REQUESTS, COOK_S, TOKENS, RESULTS, conclude(RESULTS, TOKENS))

    return lesson


def web_lesson(
    stop_at: tuple[Style, int] | None = None, *, ascii_only: bool = False
) -> tuple[BurgerApp, Script]:
    """The dashboard with the web lesson's screen open on the recorded run: at one of its looks
    (``stop_at``), or once every style is served."""
    app = BurgerApp(
        RestaurantConfig(seed=SCENE_SEED),
        auto_arrivals=False,
        time_source=ManualTimeSource(),
        loop_lag_meter=False,
        ascii_only=ascii_only,
    )
    screen = WebLessonScreen(
        requests=REQUESTS,
        cook_time=COOK_S,
        tokens=TOKENS,
        lesson=recorded_lesson(stop_at),
        symbols=app.symbols,
    )

    def there() -> bool:
        if stop_at is None:
            return screen.has_class("-served")
        style, index = stop_at
        return screen.query_one(WebFloor).now == (style, LOOKS[style][index])

    async def open_lesson(pilot: Pilot[None]) -> None:
        await app.push_screen(screen)
        while not there():  # the recorded lesson plays in the screen's worker, a step a callback
            await pilot.pause()

    return app, open_lesson
