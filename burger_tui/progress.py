"""One progress bar on stderr for long headless runs and the lessons, only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

SHOW_AFTER_S = 1.0  # short runs finish before a bar would be worth drawing


class ProgressBar(Protocol):
    """Report ``done`` of ``total``; a new ``description`` starts the bar over (the next stage)."""

    def __call__(self, done: int, total: int, description: str | None = None) -> None: ...


@contextmanager
def stderr_progress(description: str) -> Iterator[ProgressBar | None]:
    """Yield a progress callback, or ``None`` when stderr is not a terminal (pipes stay clean)."""
    if not sys.stderr.isatty():
        yield None
        return
    # Rich only for a terminal: piped runs (scripts, benchmarks) start ~20 ms sooner without it.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    started = time.perf_counter()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(description, total=None)
    shown = description

    def on_progress(done: int, total: int, description: str | None = None) -> None:
        nonlocal shown
        if description is not None and description != shown:
            # A new stage: its own count and its own time estimate.
            shown = description
            progress.reset(task, total=total, completed=done, description=description)
        if not progress.live.is_started:
            if time.perf_counter() - started < SHOW_AFTER_S:
                return
            progress.start()
        progress.update(task, completed=done, total=total)

    try:
        yield on_progress
    finally:
        progress.stop()
