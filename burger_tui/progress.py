"""A progress bar on stderr for long headless runs, only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from burger_tui.sim.headless import ProgressCallback

SHOW_AFTER_S = 1.0  # short runs finish before a bar would be worth drawing


@contextmanager
def stderr_progress(description: str) -> Iterator[ProgressCallback | None]:
    """Yield a progress callback, or ``None`` when stderr is not a terminal (pipes stay clean)."""
    if not sys.stderr.isatty():
        yield None
        return
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

    def on_progress(done: int, total: int) -> None:
        if not progress.live.is_started:
            if time.perf_counter() - started < SHOW_AFTER_S:
                return
            progress.start()
        progress.update(task, completed=done, total=total)

    try:
        yield on_progress
    finally:
        progress.stop()
