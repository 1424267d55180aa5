"""``burger-tui trace``: the steps of a small seeded day, as the dashboard's step key (``n``) takes them.

The day runs on a paused :class:`~burger_tui.sim.clock.RealClock` that only steps move, on the virtual-time
loop: no real time is involved, so a seed gives the same steps every time, on every machine.
"""

from __future__ import annotations

from burger_tui.sim.clock import ManualTimeSource, RealClock
from burger_tui.sim.day import open_day
from burger_tui.sim.model import RestaurantConfig, describe_staff
from burger_tui.sim.program.snapshot import Line, Step, Wake, clock_text
from burger_tui.sim.program.stepping import DayProgram
from burger_tui.sim.virtual_loop import run_virtual

NAME_WIDTH = 16


def trace_day(config: RestaurantConfig, customers: int) -> list[Step]:
    """Step through a day of ``customers`` couples (Poisson arrivals) until the last one leaves."""

    async def day() -> list[Step]:
        clock = RealClock(paused=True, time_source=ManualTimeSource())
        async with open_day(config, clock, max_arrivals=customers) as restaurant:
            program = DayProgram(restaurant)
            steps = [await program.opening()]
            while not restaurant.closed.is_set():
                step = await program.step()
                if step is None:  # nobody asleep and couples still inside: cannot happen, but never spin
                    break
                steps.append(step)
        return steps

    return run_virtual(day)


def format_trace(config: RestaurantConfig, customers: int, steps: list[Step]) -> str:
    """The steps as text: a handout for a class."""
    couples = f"{customers} couple{'s' if customers != 1 else ''}"
    staff = describe_staff(config.mode, config.cooks)
    lines = [
        f"{config.mode.story_title} · {couples} · seed {config.seed} · {staff}",
        "Every actor is an asyncio task, run by one thread. Each step moves the clock to the next moment a",
        "task wakes up; the tasks that run then are listed in turn: the await each woke at, and the await",
        "it is paused at now (and how it waits there).",
    ]
    for step in steps:
        ran = f"{len(step.wakes)} task{'s' if len(step.wakes) != 1 else ''} ran"
        title = "the day opens: every task starts" if step.number == 0 else ran
        lines += ["", f"step {step.number} · {clock_text(step.at)} · {title}"]
        for wake in step.wakes:
            lines += _wake_lines(wake)
    return "\n".join(lines)


def _wake_lines(wake: Wake) -> list[str]:
    name = f"  {wake.task:<{NAME_WIDTH}}"
    indent = " " * len(name)
    first = "started" if not wake.woke_from else f"woke at {_place(wake.woke_from)}"
    if not wake.awaits:
        return [f"{name}{first}", f"{indent}finished"]
    return [f"{name}{first}", f"{indent}awaits  {_place(wake.awaits)}", f"{indent}        {wake.waits}"]


def _place(stack: tuple[Line, ...]) -> str:
    """``restaurant.py:398  await clock.sleep(couple.demand.cook_time)  in _work_shift → _cook``."""
    inside = " → ".join(line.function.rpartition(".")[2] for line in stack)
    return f"{stack[-1]}  in {inside}"
