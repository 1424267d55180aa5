"""The program behind the story: the day's actor tasks, what each awaits right now, and steps through them.

* :mod:`~burger_tui.sim.program.snapshot`: the frozen picture (:class:`~.snapshot.Program`) a view draws;
* :mod:`~burger_tui.sim.program.frames`: reading it from the tasks' real coroutine frames, walked by
  :mod:`~burger_tui.sim.program.coroutines`, each task named by :mod:`~burger_tui.sim.program.actors`, its
  lines read by :mod:`~burger_tui.sim.program.source`;
* :mod:`~burger_tui.sim.program.stepping`: a step to the next moment anything happens, and what woke;
* :mod:`~burger_tui.sim.program.trace`: the steps of a small seeded day, for ``burger-tui trace``.

This module itself imports nothing, so the command line can read the trace's defaults cheaply.
"""

from __future__ import annotations

DEFAULT_TRACE_CUSTOMERS = 3  # a trace is a handout: a few couples, a page or two of steps
MAX_TRACE_CUSTOMERS = 100  # about ten steps per couple: a trace longer than this is read by nobody
