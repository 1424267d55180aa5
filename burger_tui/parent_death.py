"""Child processes that die with their parent (Linux's ``PR_SET_PDEATHSIG``).

A child that outlives the command that started it (killed by SIGKILL, or by SIGTERM's default action,
neither of which lets Python clean up) goes on with work nobody wants and holds the command's pipes
open: ``$(burger-tui compare ...)`` would never return. Asked here, the kernel kills the child when its
parent dies, however it dies. Elsewhere than Linux there is no such request: :func:`die_with_parent`
gives ``None``.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int | None) -> Callable[[], None] | None:
    """A function for a new child to call first: from then on the kernel sends it SIGKILL when its
    parent dies. ``parent`` is the pid the child's parent had before the fork: if the child's parent is
    another process by the time the request is made, the parent died already and the child exits at once
    (``None``: the parent is not known, nothing is checked). ``None`` off Linux.

    The call is looked up here, so that where this runs before a fork the child only calls it (no
    loading of a library in a child forked from a process with threads)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def in_child() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if parent is not None and os.getppid() != parent:
            os._exit(1)

    return in_child
