"""Failing, rather than hanging, when the app under test stops answering."""

from __future__ import annotations

import contextlib
import signal
import traceback
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def answering_within(seconds: float) -> Iterator[None]:
    """Fail, rather than hang, when the app stops answering: waiting forever, or frozen in a busy loop
    (the freezes of issue 25 spun in Textual's ``Timer._run``, then in ``Screen._on_resize``), which never
    yields to an asyncio timeout. A signal interrupts the main thread wherever it is, and says where that
    was; it comes again every ``seconds`` while the block runs, since a loop may go on in a second task
    once the first is interrupted."""
    where: list[str] = []

    def interrupt(_signal: int, frame: Any) -> None:
        where.append("".join(traceback.format_stack(frame)))
        raise AssertionError(f"the app did not answer within {seconds} s; it was at:\n{where[0]}")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not where, where[0]  # raised inside one of the app's tasks, which ended, and the test went on
