"""The web lesson's styles and results: how each path operation is written, what the story predicts for
it, what was measured, and what the numbers say (no server, no client: the screen and the tests read
these without starting either)."""

from __future__ import annotations

import ast
import importlib.util
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

KITCHEN_MODULE = "burger_tui.lessons.web_kitchen"


class Style(StrEnum):
    """How a path operation is written; the order the lesson serves them in (the slowest last)."""

    ASYNC = "async"
    DEF = "def"
    DEF_DEPENDENCY = "def_dependency"
    TRIVIAL_ASYNC = "trivial_async"
    TRIVIAL_DEF = "trivial_def"
    BLOCKING = "blocking"


class StyleInfo(NamedTuple):
    path: str
    title: str  # how the page writes it
    story: str  # what it is in the story
    functions: tuple[str, ...]  # the kitchen's functions to show, in order


STYLES: dict[Style, StyleInfo] = {
    Style.ASYNC: StyleInfo(
        "/async", "async def + await", "concurrent burgers: one cashier, cooks busy", ("read_burgers",)
    ),
    Style.DEF: StyleInfo(
        "/def", "def + a blocking call", "parallel burgers: one cashier-cook a token", ("results",)
    ),
    Style.DEF_DEPENDENCY: StyleInfo(
        "/def-dependency",
        "async def, def dependency",
        "the dependency takes a token too",
        ("fetch_burgers", "read_fetched_burgers"),
    ),
    Style.TRIVIAL_ASYNC: StyleInfo(
        "/trivial-async", "trivial async def", "nothing to wait for: no hop", ("count_burgers_async",)
    ),
    Style.TRIVIAL_DEF: StyleInfo(
        "/trivial-def", "trivial def", "nothing to wait for, yet a hop to a thread", ("count_burgers",)
    ),
    Style.BLOCKING: StyleInfo(
        "/blocking",
        "async def + a blocking call",
        "the cashier cooks at the counter: all stop",
        ("read_burgers_blocking",),
    ),
}

THREADPOOL = frozenset({Style.DEF, Style.DEF_DEPENDENCY, Style.TRIVIAL_DEF})
"""The styles FastAPI runs (partly) in the threadpool: a couple in the app waits there for a token."""


def theory_s(style: Style, requests: int, cook_time: float, tokens: int) -> float | None:
    """The story's time for all ``requests``; ``None`` for the trivial ones, which cook nothing."""
    cook_times = {
        Style.ASYNC: 1,
        Style.DEF: math.ceil(requests / tokens),
        Style.DEF_DEPENDENCY: math.ceil(requests / tokens),
        Style.BLOCKING: requests,
    }.get(style)
    return None if cook_times is None else round(cook_times * cook_time, 6)


def theory_words(style: Style, requests: int, cook_time: float, tokens: int) -> str | None:
    """How the story gets its time for ``style``, in a line: "⌈100 / 40⌉ = 3 cook times, in waves of 40:
    0.30 s"; ``None`` for the trivial ones."""
    seconds = theory_s(style, requests, cook_time, tokens)
    if seconds is None:
        return None
    how = {
        Style.ASYNC: "one cook time, all at once",
        Style.BLOCKING: f"{requests} cook times, one after another",
    }.get(style, f"⌈{requests} / {tokens}⌉ = {math.ceil(requests / tokens)} cook times, in waves of {tokens}")
    return f"{how}: {seconds:.2f} s"


def style_code(style: Style) -> str:
    """The path operation (and dependency) as written in the kitchen's source, decorators included.

    Read from the file, not imported: the screen shows the code without importing FastAPI.
    """
    spec = importlib.util.find_spec(KITCHEN_MODULE)
    assert spec is not None, "the kitchen module ships with the package"
    assert spec.origin is not None
    with open(spec.origin, encoding="utf-8") as source:
        text = source.read()
    lines = text.splitlines()
    found = {
        node.name: node
        for node in ast.parse(text).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    parts = []
    for name in STYLES[style].functions:
        node = found[name]
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        parts.append("\n".join(lines[first - 1 : node.end_lineno]))
    return "\n\n".join(parts)


def waves(cooks: Sequence[tuple[float, float]]) -> int:
    """The longest chain of burgers each cooked after the one before it had finished.

    All-at-once cooking is one wave, one-at-a-time cooking N waves, and K cooks make at least ⌈N / K⌉
    (a chain's links never overlap, so no more than K burgers can share a wave: Mirsky's theorem).
    """
    ordered = sorted(cooks)
    depth: list[int] = []
    for start, _end in ordered:
        earlier = [d for (_s, e), d in zip(ordered, depth, strict=False) if e <= start]
        depth.append(1 + max(earlier, default=0))
    return max(depth, default=0)


def most_at_once(cooks: Sequence[tuple[float, float]]) -> int:
    """The most burgers cooking at the same moment."""
    events = sorted([(s, 1) for s, _ in cooks] + [(e, -1) for _, e in cooks])  # an end before a start
    busy = most = 0
    for _t, step in events:
        busy += step
        most = max(most, busy)
    return most


@dataclass(frozen=True)
class StyleResult:
    """One path operation's N couples, measured by the client and counted by the server."""

    style: Style
    requests: int
    wall_s: float  # from the first request sent to the last answer
    p50_s: float  # latency: a couple's wait from ordering to eating
    p95_s: float
    in_app_p50_s: float  # a request's median time inside FastAPI, HTTP's own work left out
    theory_s: float | None
    max_threads: int  # most threadpool tokens seen lent: read as each burger starts, and sampled
    waves: int  # longest chain of burgers cooked one after another (0: nothing cooked)
    most_at_once: int  # most burgers cooking at the same moment
    in_threads: int  # burgers cooked in worker threads (the others on the server's loop)
    max_loop_lag_s: float  # how late the server's own loop woke its probe

    @property
    def requests_per_s(self) -> float:
        """Couples served a second."""
        return self.requests / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def ratio(self) -> float | None:
        """Measured wall time over the story's; ``None`` where there is no theory."""
        return self.wall_s / self.theory_s if self.theory_s else None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary, times in seconds."""
        return {
            "style": self.style.value,
            "requests": self.requests,
            "wall_s": self.wall_s,
            "p50_s": self.p50_s,
            "p95_s": self.p95_s,
            "in_app_p50_s": self.in_app_p50_s,
            "requests_per_s": round(self.requests_per_s, 1),
            "theory_s": self.theory_s,
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "max_threads": self.max_threads,
            "waves": self.waves,
            "most_at_once": self.most_at_once,
            "in_threads": self.in_threads,
            "max_loop_lag_s": self.max_loop_lag_s,
        }


@dataclass(frozen=True)
class WebReport:
    """Every style on the same server and client, and what the numbers say."""

    requests: int
    cook_time: float
    tokens: int
    results: list[StyleResult] = field(default_factory=list)
    conclusion: str = ""

    def result(self, style: Style) -> StyleResult:
        """The result of one style."""
        return next(r for r in self.results if r.style is style)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: the settings and one object per style."""
        return {
            "lesson": "web",
            "requests": self.requests,
            "cook_time_s": self.cook_time,
            "tokens": self.tokens,
            "styles": [r.as_dict() for r in self.results],
            "conclusion": self.conclusion,
        }


def conclude(results: Sequence[StyleResult], tokens: int) -> str:
    """Say what the measured numbers show, in the story's words (computed, never fixed text)."""
    by = {r.style: r for r in results}
    parts: list[str] = []
    http = by.get(Style.TRIVIAL_ASYNC)
    if (r := by.get(Style.ASYNC)) is not None:
        parts.append(
            f"async def + await served all {r.requests} couples in {r.wall_s:.2f} s against one cook time "
            f"({r.theory_s:g} s) in theory: while each await waited, the one cashier took the next order"
            + (
                f"; the rest is HTTP itself (the same couples with nothing to cook took {http.wall_s:.2f} s)."
                if http is not None
                else "."
            )
        )
    if (r := by.get(Style.DEF)) is not None:
        parts.append(
            f"Plain def took {r.wall_s:.2f} s (theory {r.theory_s:g} s): FastAPI ran it in the threadpool, "
            f"at most {r.max_threads} threads at once for {tokens} tokens, so the burgers came in {r.waves} "
            "waves."
        )
    if (r := by.get(Style.DEF_DEPENDENCY)) is not None:
        parts.append(
            f"An async def endpoint with a def dependency: {r.waves} waves, {r.max_threads} threads at "
            "most: the dependency takes a token too."
        )
    t_def = by.get(Style.TRIVIAL_DEF)
    if t_def is not None and http is not None:
        hop = t_def.in_app_p50_s / http.in_app_p50_s if http.in_app_p50_s else 0.0
        # More couples than tokens: the floor shows most of them waiting for a token, not hopping.
        queued = (
            " and, with more couples than tokens, the wait for a free one" if t_def.requests > tokens else ""
        )
        parts.append(
            f"With nothing to wait for, a request spent {t_def.in_app_p50_s * 1000:.2f} ms inside FastAPI "
            f"as def against {http.in_app_p50_s * 1000:.2f} ms as async def ({hop:.1f}x): "
            + (
                f"the hop to a thread and back{queued}, the page's 'quite opposite'."
                if hop > 1
                else "no hop to be seen on this run; the page says it costs."
            )
        )
    if (r := by.get(Style.BLOCKING)) is not None:
        parts.append(
            f"A blocking call inside async def took {r.wall_s:.2f} s (theory {r.theory_s:g} s): "
            f"{r.most_at_once} burger at a time, {r.waves} waves, the server's own loop stuck for up to "
            f"{r.max_loop_lag_s:.2f} s with nobody served. Inside FastAPI a request took only "
            f"{r.in_app_p50_s:.2f} s (p50) while its couple waited {r.p50_s:.2f} s: the wait was in the "
            "queue before the app, which timing inside the app cannot see. If you just don't know, use "
            "normal def"
            + (
                # The hop's cost set against the mistake's, both from this run: the page's advice in numbers.
                f": as def a request lost {t_def.in_app_p50_s * 1000:.0f} ms to the threadpool; blocking "
                f"inside async def, its couple waited {r.p50_s:.2f} s."
                if t_def is not None
                else "."
            )
        )
    return " ".join(parts)


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def format_report(report: WebReport) -> str:
    """The report as a table and the conclusion, for a terminal."""
    rows = [
        f"{report.requests} couples (requests) at once to each path operation; a burger takes "
        f"{report.cook_time:g} s; the threadpool has {report.tokens} tokens.",
        "",
        f"  {'path operation':<28} {'all served':>10} {'p50':>9} {'p95':>9} {'req/s':>6} {'in app':>9} "
        f"{'threads':>7} {'waves':>5} {'theory':>9} {'ratio':>6}",
    ]
    for r in report.results:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}x"
        rows.append(
            f"  {STYLES[r.style].title:<28} {_seconds(r.wall_s):>10} {_seconds(r.p50_s):>9} "
            f"{_seconds(r.p95_s):>9} {r.requests_per_s:>6.0f} {r.in_app_p50_s * 1000:>6.2f} ms "
            f"{r.max_threads:>7} {r.waves:>5} "
            f"{_seconds(r.theory_s):>9} {ratio:>6}"
        )
    rows += ["", textwrap.fill(report.conclusion, width=100)]
    return "\n".join(rows)
