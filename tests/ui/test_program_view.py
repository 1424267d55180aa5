"""The program view: the day's tasks, their awaits and the one thread, drawn from a frozen Program.

The programs are read from real paused days (on virtual time, stepped to a known moment), then shown in
a small app holding only the view: the same seed gives the same picture.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from burger_tui.sim.clock import ManualTimeSource, RealClock
from burger_tui.sim.day import open_day
from burger_tui.sim.model import Mode, Phase
from burger_tui.sim.program.snapshot import Line, Program, WaitKind
from burger_tui.sim.program.stepping import DayProgram
from burger_tui.sim.restaurant import Restaurant
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.ui.widgets.program_view import ProgramView, source_of, story_markup, tasks_markup
from tests.helpers.sim import restaurant_config

SIZE = (100, 44)


def program_at(mode: Mode, phase: Phase, *, couples: int = 5) -> Program:
    """A seeded day with ``couples`` walking in at the opening, stepped until the watched couple (★, the
    first) reaches ``phase``."""

    async def day() -> Program:
        config = restaurant_config(mode, cooks=2, cook_time="uniform:20:40", seed=4)
        clock = RealClock(paused=True, time_source=ManualTimeSource())
        async with open_day(config, clock, auto_arrivals=False, follow_couples=True) as restaurant:
            for _ in range(couples):
                restaurant.add_couple()
            program = DayProgram(restaurant)
            await program.settle()
            while restaurant.present[1].phase is not phase:
                assert await program.step() is not None
            return program.program(detail_couples=2)

    return run_virtual(day)


def code_line(function: Callable[..., object], text: str) -> int:
    """The one line of ``function``'s source containing ``text``: computed from the code."""
    lines, first = inspect.getsourcelines(function)
    (line,) = [first + i for i, source in enumerate(lines) if text in source]
    return line


class ViewApp(App[None]):
    """Just the view, shown one program."""

    def __init__(self, program: Program) -> None:
        super().__init__()
        self.program = program

    def compose(self) -> ComposeResult:
        yield ProgramView()

    def on_mount(self) -> None:
        self.query_one(ProgramView).show(self.program)


def test_program_view_concurrent_talking_with_your_crush(snap_compare: Any) -> None:
    assert snap_compare(ViewApp(program_at(Mode.CONCURRENT, Phase.SEATED)), terminal_size=SIZE)


def test_program_view_parallel_standing_at_the_counter(snap_compare: Any) -> None:
    assert snap_compare(ViewApp(program_at(Mode.PARALLEL, Phase.AT_COUNTER)), terminal_size=SIZE)


@pytest.fixture
def seated_then_eating() -> tuple[Program, Program]:
    """Read before the test's event loop starts: each day runs on a virtual-time loop of its own."""
    return program_at(Mode.CONCURRENT, Phase.SEATED), program_at(Mode.CONCURRENT, Phase.EATING)


async def test_the_view_shows_each_await_from_the_code_and_redraws_only_on_change(
    seated_then_eating: tuple[Program, Program],
) -> None:
    program, later = seated_then_eating
    app = ViewApp(program)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(ProgramView)
        tasks = str(app.query_one("#program-tasks", Static).content)
        source = str(app.query_one("#program-source", Static).content)
        assert not view.show(program)  # the same program: nothing to redraw
        assert "right now it runs: nobody" in tasks
        # The watched couple waits at its table for its burgers, as every couple does (its glances at the
        # display are instants computed, not tasks woken): that await, on the line the code has.
        waits = code_line(Restaurant._visit, "await couple.food_ready")
        assert "★ couple 1" in tasks
        assert f"restaurant.py:{waits}" in tasks
        assert f"▶{waits:>4}" in source
        assert "await couple.food_ready" in source
        story = " ".join(str(app.query_one("#program-story", Static).content).split())
        assert "Talking with your crush" in story
        # The story tells glances the task never wakes for: the view says so, beside that one await.
        assert "glances at the display" in story
        assert "not wake-ups" in story
        assert view.show(later)
        assert "Eating together" in str(app.query_one("#program-story", Static).content)
        eat = code_line(Restaurant._visit, "await clock.sleep(couple.demand.eat_time)")
        assert f"▶{eat:>4}" in str(app.query_one("#program-source", Static).content)


def test_nobody_runs_while_a_woken_task_waits_its_turn() -> None:
    """Read just after the clock woke someone: nobody runs, yet not every task waits (the review saw
    "right now it runs: nobody (every task waits)" beside "1 ready to run")."""

    async def day() -> Program:
        config = restaurant_config(Mode.CONCURRENT, seed=4)
        clock = RealClock(paused=True, time_source=ManualTimeSource())
        async with open_day(config, clock, auto_arrivals=False, follow_couples=True) as restaurant:
            restaurant.add_couple()
            program = DayProgram(restaurant)
            await program.settle()
            assert clock.step() is not None  # the cashier's order is done: woken, not run yet
            return program.program()

    program = run_virtual(day)
    ready = program.counts[WaitKind.READY]
    assert program.running is None
    assert ready >= 1
    tasks = tasks_markup(program)
    assert "every task waits" not in tasks
    assert f"{ready} ready to run next" in tasks


def test_the_couples_by_where_they_wait_are_all_of_them_those_listed_above_too() -> None:
    """A new user read "5 couples, by where they wait" as five more, beside couples 1 and 2 listed above."""
    program = program_at(Mode.CONCURRENT, Phase.SEATED)
    inside = sum(group.count for group in program.couples)
    listed = [task.couple for task in program.tasks if task.couple is not None]
    assert listed  # some are listed one by one above the groups...
    assert all(any(couple in group.couples for group in program.couples) for couple in listed)
    assert f"All {inside} couples (those above too), by where they wait:" in tasks_markup(
        program
    )  # ...and counted


def test_a_window_of_the_code_is_coloured_as_the_whole_function_is() -> None:
    """The window around the paused line began inside ``_visit``'s docstring, and highlighted alone it read
    the docstring as code and the code after it as a string."""
    code = Restaurant._visit.__code__
    waits = code_line(Restaurant._visit, "await couple.food_ready")
    where = Line(code.co_filename, code.co_qualname, code.co_firstlineno, waits, "await couple.food_ready")
    whole = source_of(where, 0).split("\n")
    window = source_of(where, 20).split("\n")
    first = int(window[0].plain[1:5])
    assert first > code.co_firstlineno  # the window starts inside the function, at its docstring
    assert '"""' in "\n".join(row.plain for row in window)
    for offset, row in enumerate(window):
        assert row.spans == whole[first - code.co_firstlineno + offset].spans


@pytest.mark.parametrize("mode", list(Mode))
def test_where_workers_work_in_parallel_the_view_says_each_is_a_task_on_the_one_thread(mode: Mode) -> None:
    """ "One thread runs all 22 tasks" in Parallel: a student asked how that is parallel. Where the day has
    several workers of a kind (cashier-cooks, or cooks beside a cashier), the story says what their tasks
    stand for, naming the kind the task list shows; where one cook works, it says nothing of the sort."""
    program = program_at(mode, Phase.AT_COUNTER if mode is Mode.PARALLEL else Phase.SEATED)
    story = Content.from_markup(story_markup(program)).plain
    cashier_cooks = sum(1 for task in program.tasks if task.name.startswith("Cashier-cook"))
    cooks = sum(1 for task in program.tasks if task.name.startswith("Cook"))
    several = "cashier-cook" if cashier_cooks > 1 else "cook" if cooks > 1 else None
    if several is None:
        assert "worker of their own" not in story
    else:
        assert f"each {several} is a worker of their own" in story
        assert "as a task on the one thread" in story
