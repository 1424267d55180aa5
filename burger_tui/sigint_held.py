"""Ctrl+C (or another signal) held back while child processes start, so that they are born deaf to it.

Ctrl+C reaches the terminal's whole foreground process group: our children too. A child that its parent
stops in good order (a flag, SIGKILL, its stdin closed) must not die of it first, halfway through its
start-up (a traceback) or under its parent's feet (the parent then meets a broken pipe instead of a
stop). A child inherits the signal mask of the thread that started it: started inside
:func:`sigint_held`, it holds Ctrl+C back for ever, or until it unblocks it itself.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager


def sigint_held() -> AbstractContextManager[None]:
    """Hold Ctrl+C back from this thread meanwhile (it is delivered after; another thread of this process
    may take it meanwhile). Children started meanwhile inherit the hold."""
    return signals_held("SIGINT")


@contextmanager
def signals_held(*names: str) -> Iterator[None]:
    """Hold the signals of these names back from this thread meanwhile, those this system has. Children
    started meanwhile inherit the hold."""
    signums = {getattr(signal, name) for name in names if hasattr(signal, name)}
    if not signums or not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, signums)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
