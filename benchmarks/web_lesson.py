"""The web lesson's numbers: a real FastAPI server, N couples at once to each path operation, measured
against the story's times (async ≈ one cook time, def ≈ ⌈N / tokens⌉ cook times, blocking ≈ N).

Run with anyio's 40 tokens and with 10 (the waves then show four times as many). It also checks, in a fresh
interpreter, that opening the lesson's screen imports the HTTP client but never FastAPI or uvicorn: the
server is another process.
"""

from __future__ import annotations

import subprocess
import sys

import anyio

from burger_tui.lessons.web import run_web_lesson
from burger_tui.lessons.web_results import STYLES, WebReport
from burger_tui.lessons.web_settings import DEFAULT_COOK_S, DEFAULT_REQUESTS, DEFAULT_TOKENS

NAME = "web_lesson"
TITLE = "The web lesson: a real FastAPI server against the story's times"
TOKENS = (DEFAULT_TOKENS, 10)

_IMPORTS_PROBE = (
    "import sys; import burger_tui.ui.screens.web_lesson; "
    "print(' '.join(m for m in ('httpx', 'fastapi', 'uvicorn', 'starlette') if m in sys.modules))"
)


def _table(report: WebReport) -> list[str]:
    rows = [
        f"{report.requests} couples at once, a burger {report.cook_time:g} s, {report.tokens} tokens:",
        "",
        "| path operation | all served s | theory s | ratio | p50 s | p95 s | req/s | threads | waves "
        "| in FastAPI ms (p50) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report.results:
        theory = "—" if r.theory_s is None else f"{r.theory_s:.2f}"
        ratio = "—" if r.ratio is None else f"**{r.ratio:.2f}**"
        rows.append(
            f"| {STYLES[r.style].title} | {r.wall_s:.3f} | {theory} | {ratio} | {r.p50_s:.3f} "
            f"| {r.p95_s:.3f} | {r.requests_per_s:.0f} | {r.max_threads} | {r.waves} "
            f"| {r.in_app_p50_s * 1000:.2f} |"
        )
    return [*rows, ""]


def _screen_imports() -> str:
    done = subprocess.run([sys.executable, "-c", _IMPORTS_PROBE], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def run(quick: bool) -> list[str]:
    requests, cook_time = (20, 0.05) if quick else (DEFAULT_REQUESTS, DEFAULT_COOK_S)
    lines = [
        "`burger-tui lesson web`: the server in its own process on 127.0.0.1, an httpx client sending every "
        "couple at once on a connection of its own; styles one after another. *ratio* is measured over "
        "the story's time; the rest of it is HTTP itself (the trivial endpoints' time). *in FastAPI*: a "
        "request's median time inside the app, waiting for a token included.",
        "",
    ]
    for tokens in TOKENS:
        report = anyio.run(run_web_lesson, requests, cook_time, tokens)
        print("\n".join(_table(report)), file=sys.stderr)
        lines += _table(report)
    lines.append(
        f"Opening the lesson's screen imports, of the web stack: `{_screen_imports() or 'nothing'}` "
        "(the server's FastAPI and uvicorn live in the server's process)."
    )
    return lines
