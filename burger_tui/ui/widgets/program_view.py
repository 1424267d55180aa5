"""The program behind the story: the day's tasks, the ``await`` each is paused at, and the one thread.

:class:`ProgramView` draws a :class:`~burger_tui.sim.program.snapshot.Program` (``LiveRestaurant.program()``):
every actor task with where it waits and how (the couples grouped), the counts by kind of wait, the clock's
next wake-ups, which task the one thread runs right now (usually none), the latest step, words tying it to
the story, and the source of the watched couple's coroutine with the line it is paused at marked.
"""

from __future__ import annotations

import functools

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.highlight import highlight
from textual.markup import escape
from textual.widgets import Static

from burger_tui.sim.model import Mode, Phase
from burger_tui.sim.program.snapshot import CoupleGroup, Line, Program, Step, TaskView, WaitKind, clock_text
from burger_tui.sim.program.source import function_source
from burger_tui.sim.times import duration_text

NAME_WIDTH = 16
HOW_WIDTH = 19
FOR_WIDTH = 7


class ProgramView(Vertical):
    """The tasks of the day as the event loop sees them, and the watched couple's code (``show`` it a
    :class:`Program` each frame; it redraws only what changed)."""

    # Its place on the dashboard too (the body's class -program shows it): here, not in the dashboard's
    # stylesheet, these rules are parsed when the view is first asked for, not before the first frame.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    /* p: the program behind the story takes the door and the dining room's place (on a short screen,
       the whole floor's). */
    #program {
        display: none;
    }
    #body.-program #program {
        display: block;
    }
    #body.-program #front {
        display: none;
    }
    DashboardScreen.-short #body.-program #back, DashboardScreen.-short #body.-program #counter {
        display: none;
    }
    ProgramView {
        border: round $primary 60%;
        border-title-color: $text-accent;
        border-title-style: bold;
        padding: 0 1;
        height: 1fr;
    }
    ProgramView > #program-tasks {
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ProgramView > #program-story {
        height: auto;
        margin: 1 0 0 0;
    }
    ProgramView > #program-source-title {
        height: auto;
        margin: 1 0 0 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ProgramView > #program-source {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = "The program behind the story"
        self._program: Program | None = None
        self._shown: tuple[str, str, str] | None = None
        self._source_for: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="program-tasks")
        yield Static(id="program-story")
        yield Static(id="program-source-title")
        yield Static(id="program-source")

    def show(self, program: Program) -> bool:
        """Draw ``program``; a no-op when nothing visible changed. Returns whether anything changed."""
        self._program = program
        texts = (tasks_markup(program), story_markup(program), source_title_markup(program))
        watched = program.watched
        where = watched.where if watched is not None else None
        height = self.query_one("#program-source", Static).size.height
        source_for = (where, height)
        if texts == self._shown and source_for == self._source_for:
            return False
        if texts != self._shown:
            for name, text in zip(("tasks", "story", "source-title"), texts, strict=True):
                self.query_one(f"#program-{name}", Static).update(Content.from_markup(text))
            self._shown = texts
        if source_for != self._source_for:
            source = self.query_one("#program-source", Static)
            source.update("" if where is None else source_of(where, height))
            self._source_for = source_for
        return True

    def on_resize(self) -> None:
        # The source window follows the height: redraw it now (a paused day shows no new frame).
        self._source_for = None
        if self._program is not None:
            self.show(self._program)


def tasks_markup(program: Program) -> str:
    """The task list: who, how it waits, for how long, and the ``await`` it is paused at."""
    now = program.now
    running = program.running
    ready = program.counts[WaitKind.READY]
    if running:
        who = f"[b $warning]{escape(running)}[/]"
    elif ready:  # woken at this instant: the thread gets to them next
        who = f"[b $success]nobody[/] [dim](at this instant; {ready} ready to run next)[/]"
    else:
        who = "[b $success]nobody[/] [dim](every task waits)[/]"
    rows = [
        f"[b]One thread runs all {program.total} tasks; right now it runs:[/] {who}",
        _counts(program),
        _deadlines(program),
    ]
    if program.step is not None:
        rows.append(_step_markup(program.step))
    rows.append("")
    header = f"{'task':<{NAME_WIDTH}}{'how it waits':<{HOW_WIDTH}}{'for':>{FOR_WIDTH}}"
    rows.append(f"[dim]{header}  await (the restaurant's code)[/]")
    for task in program.tasks:
        rows.append(_task_row(task, now))
    if program.couples:
        couples = sum(group.count for group in program.couples)
        # Every couple inside, those listed above too: a new user read the groups as more couples.
        everyone = (
            "The one couple, by where it waits"
            if couples == 1
            else f"All {couples} couples (those above too), by where they wait"
        )
        rows.append(f"[dim]{everyone}:[/]")
        rows.extend(_group_row(group, now) for group in program.couples)
    return "\n".join(rows)


# Where the story has workers side by side, the task list must not read as "one thread, so not parallel".
WORKERS = {
    Mode.PARALLEL: "In the story each cashier-cook is a worker of their own, in parallel; the simulation "
    "plays each as a task on the one thread.",
    Mode.HYBRID: "In the story each cook is a worker of their own, in parallel; the simulation plays each "
    "as a task on the one thread.",
}


def story_markup(program: Program) -> str:
    """The story in the program's words: what the watched couple's task is doing, and why it matters; and
    in the models with workers in parallel, what their tasks stand for."""
    workers = WORKERS.get(program.mode)
    you = _you_markup(program)
    return f"{you}\n[dim]{workers}[/]" if workers else you


def _you_markup(program: Program) -> str:
    """What the watched couple's task is doing, and why it matters."""
    you = program.watched
    if you is None:
        return "[dim]No couple is followed right now (★): the next one to walk in will be.[/]"
    paused = _code(you.where)
    if you.phase is Phase.SEATED:
        return (
            f"★ [b]Talking with your crush[/] is your task suspended at {paused}: it costs the thread "
            "nothing, and meanwhile the one thread serves everyone else. Your glances at the display (the "
            "story tells them) are not wake-ups: a glance that finds no number changes nothing, so the task "
            "is woken once, as your number shows, and sleeps on to the first glance after it."
        )
    if you.phase is Phase.AT_COUNTER:
        cook = next((t for t in program.tasks if t.serving is not None and t.serving == you.couple), None)
        if cook is None:
            return f"★ Standing at the counter: your task is paused at {paused}."
        return (
            f"★ [b]Standing at the counter[/]: your task is paused at {paused}, and {escape(cook.name)}'s "
            f"task is at {_code(cook.where)}, cooking your burgers. Only that task will hand them over: "
            f"nobody else can take those burgers, and {escape(cook.name)} takes no other order meanwhile. "
            "Your task costs the thread nothing either: what blocks you is a cashier-cook tied to your "
            "order (a worker per order), not the thread; you stand there only so nobody takes your burgers."
        )
    if you.phase in (Phase.IN_LINE, Phase.ORDERING):
        staff = "the cashier-cooks" if program.mode is Mode.PARALLEL else "the cashier"
        return f"★ In line: your task is paused at {paused} while {staff} take orders one by one."
    if you.phase is Phase.WALKING:
        return f"★ Your number is up: walking to the counter, your task is {you.machinery}."
    return f"★ Eating together: your task is {you.machinery}."


def source_title_markup(program: Program) -> str:
    """Whose code is below, and where it is paused."""
    you = program.watched
    if you is None or you.where is None:
        return ""
    chain = " → ".join(line.function.rpartition(".")[2] for line in you.stack)
    return (
        f"[b]★ {escape(you.name)}[/]'s task, in [b]{escape(chain)}[/], paused at line {you.where.line} "
        f"[dim]({escape(you.machinery)})[/]"
    )


def source_of(where: Line, height: int) -> Content:
    """The function ``where`` is in, highlighted, its paused line marked; a window around it if too tall."""
    rows = highlighted_function(where.path, where.first_line)
    first, last = where.first_line, where.first_line + len(rows) - 1
    if height > 0 and len(rows) > height:
        first = max(first, min(where.line - height // 3, last - height + 1))
        last = first + height - 1
    shown = []
    for number in range(first, last + 1):
        row = rows[number - where.first_line]
        if number == where.line:
            shown.append(Content.styled(f"▶{number:>4} ", "b $accent") + row.stylize("on $accent 25%"))
        else:
            shown.append(Content.styled(f" {number:>4} ", "$text-muted") + row)
    return Content("\n").join(shown)


@functools.lru_cache(maxsize=16)
def highlighted_function(path: str, first_line: int) -> tuple[Content, ...]:
    """The rows of the function at ``first_line`` of ``path``, highlighted as a whole: a window that starts
    inside its docstring is still coloured as a string (highlighted alone, it read as code). Kept: a couple
    is paused in a handful of functions, and ``p`` draws one at each step."""
    code = highlight("\n".join(function_source(path, first_line)), language="python")
    return tuple(code.split("\n", allow_blank=True))


def _step_markup(step: Step) -> str:
    """``Step 3 · 0:01:43 · Cook 1 woke at restaurant.py:398, then counter display, couple 1 ran``."""
    head = f"[b]Step {step.number}[/] · {clock_text(step.at)} · "
    if not step.wakes:
        return head + "nothing ran"
    first, rest = step.wakes[0], [wake.task for wake in step.wakes[1:]]
    woke = "started" if first.woke_at is None else f"woke at {first.woke_at.place}"
    then = f", then {escape(', '.join(rest))} ran" if rest else ""
    return f"{head}[b]{escape(first.task)}[/] {woke}{then}"


def _counts(program: Program) -> str:
    counts = program.counts
    return (
        f"[dim]Waiting:[/] {counts[WaitKind.ASLEEP]} asleep on the clock · "
        f"{counts[WaitKind.EVENT]} for an event · {counts[WaitKind.READY]} ready to run · "
        f"{counts[WaitKind.RUNNING]} running"
    )


def _deadlines(program: Program) -> str:
    if not program.deadlines:
        return "[dim]Next wake-ups: none (nobody is asleep on the clock)[/]"
    soon = " · ".join(f"{clock_text(d.at)} {escape(d.task)}" for d in program.deadlines)
    return f"[dim]Next wake-ups:[/] {soon}"


def _task_row(task: TaskView, now: float) -> str:
    star = "★ " if task.watched else ""
    name = f"{star}{task.name}"
    style = "b $accent" if task.watched else ("b $warning" if task.kind is WaitKind.RUNNING else "")
    cell = f"{escape(name):<{NAME_WIDTH}}"
    if style:
        cell = f"[{style}]{cell}[/]"
    how = _how(task.kind, task.wakes_at)
    return f"{cell}{how:<{HOW_WIDTH}}{_for(task, now):>{FOR_WIDTH}}  {_place(task.where)}"


def _group_row(group: CoupleGroup, now: float) -> str:
    ids = ", ".join(str(c) for c in group.couples[:3]) + (", …" if group.count > 3 else "")
    who = f"  ×{group.count} [dim]({ids})[/]"
    width = len(f"  ×{group.count} ({ids})")
    pad = " " * max(1, NAME_WIDTH - width)
    longest = duration_text(now - group.since)
    return f"{who}{pad}{_how(group.kind, None):<{HOW_WIDTH}}{longest:>{FOR_WIDTH}}  {_place(group.where)}"


def _how(kind: WaitKind, wakes_at: float | None) -> str:
    if kind is WaitKind.ASLEEP:
        return f"asleep to {clock_text(wakes_at)}" if wakes_at is not None else "asleep"
    return {WaitKind.EVENT: "waits for event", WaitKind.READY: "ready to run", WaitKind.RUNNING: "RUNNING"}[
        kind
    ]


def _for(task: TaskView, now: float) -> str:
    waited = duration_text(task.waited(now))
    return waited if task.since_known else f"≥{waited}"


def _place(where: Line | None) -> str:
    if where is None:
        return "[dim]—[/]"
    return f"[dim]{escape(where.place)}[/]  {escape(where.code)}"


def _code(where: Line | None) -> str:
    return "an await" if where is None else f"[b]{escape(where.code)}[/]"
