"""The program behind the story: each actor task's ``await``, read from its frames; steps; looking is free.

Where a task is paused is computed from the restaurant's source (``await_line``), never written as a
number: the test knows *which* ``await`` each task must be at, the code says on which line it is.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

import anyio
import pytest

from burger_tui.sim import clock as clock_module
from burger_tui.sim.clock import ManualTimeSource, RealClock
from burger_tui.sim.day import open_day
from burger_tui.sim.live import DaySettings, LiveRestaurant, Outcome
from burger_tui.sim.model import Mode, Phase, RestaurantConfig
from burger_tui.sim.program.frames import ProgramReader
from burger_tui.sim.program.snapshot import Actor, Deadline, Line, Program, Step, TaskView, WaitKind
from burger_tui.sim.program.stepping import DayProgram
from burger_tui.sim.records import CustomerRecord, CustomerRecorder
from burger_tui.sim.restaurant import CounterDisplay, Restaurant
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.sim.work import WorkBoard
from tests.helpers.sim import busy_config, restaurant_config

T = TypeVar("T")

ORDER_S, COOK_S, EAT_S = 10.0, 30.0, 60.0
FEW_TURNS = 50  # of the loop, for a step: a handful of hand-offs


def await_line(function: Callable[..., object], text: str, *, last: bool = False) -> int:
    """The line of ``function``'s source holding an ``await`` that mentions ``text``, from the code."""
    lines, first = inspect.getsourcelines(function)
    found = [first + i for i, line in enumerate(lines) if "await" in line and text in line]
    assert found, (function, text)
    assert last or len(found) == 1, (function, text, found)
    return found[-1]


def fixed_config(mode: Mode) -> RestaurantConfig:
    """Every order, burger and meal takes a known time: the test knows every deadline."""
    return restaurant_config(
        mode, cooks=2, order_time=f"fixed:{ORDER_S}", cook_time=f"fixed:{COOK_S}", eat_time=f"fixed:{EAT_S}"
    )


def paused_day(config: RestaurantConfig, body: Callable[[Restaurant, DayProgram], Awaitable[T]]) -> T:
    """Run ``body`` on a day whose clock only steps move (no arrivals unless the body adds couples)."""

    async def day() -> T:
        clock = RealClock(paused=True, time_source=ManualTimeSource())
        async with open_day(config, clock, auto_arrivals=False) as restaurant:
            return await body(restaurant, DayProgram(restaurant))

    return run_virtual(day)


def task(program: Program, name: str) -> TaskView:
    return next(t for t in program.tasks if t.name == name)


def at(view: TaskView | Line | None) -> tuple[str, int]:
    """Where a task is paused: (function, line)."""
    line = view.where if isinstance(view, TaskView) else view
    assert line is not None
    return line.function, line.line


VISIT_FOOD = ("Restaurant._visit", await_line(Restaurant._visit, "food_ready"))
VISIT_GLANCE = ("Restaurant._visit", await_line(Restaurant._visit, "next_glance"))
ORDERING = ("Restaurant._take_order", await_line(Restaurant._take_order, "clock.sleep"))
COOKING = ("Restaurant._cook", await_line(Restaurant._cook, "clock.sleep"))
IDLE = ("WorkBoard.next_job", await_line(WorkBoard.next_job, "woken"))
STREET_OFF = ("Restaurant._street", await_line(Restaurant._street, "_auto_on"))
DISPLAY_IDLE = ("CounterDisplay.run", await_line(CounterDisplay.run, "waiting"))
CLOCK_PAUSED = ("RealClock.run", await_line(RealClock.run, "_wakeup.wait()", last=True))


def test_every_task_is_where_the_story_says_and_each_step_goes_exactly_to_the_next_wake_up() -> None:
    async def body(restaurant: Restaurant, day: DayProgram) -> list[tuple[Program, Step]]:
        restaurant.add_couple()
        restaurant.add_couple()
        await day.settle()
        seen = [(day.program(detail_couples=2), Step(0, 0.0, ()))]
        for _ in range(3):
            step = await day.step()
            assert step is not None
            seen.append((day.program(detail_couples=2), step))
        return seen

    (start, _), (one, step1), (two, step2), (three, step3) = paused_day(fixed_config(Mode.CONCURRENT), body)

    # Two couples in line, the cashier taking the first order, the cook idle: all of them waiting.
    assert start.now == 0
    assert start.paused
    assert start.running is None
    assert at(task(start, "clock")) == CLOCK_PAUSED
    assert at(task(start, "street")) == STREET_OFF
    assert task(start, "street").machinery == "waiting for an Event"
    assert at(task(start, "counter display")) == DISPLAY_IDLE
    cashier = task(start, "Cashier")
    assert at(cashier) == ORDERING
    assert cashier.kind is WaitKind.ASLEEP
    assert cashier.wakes_at == ORDER_S
    assert [line.function for line in cashier.stack] == [
        "Restaurant._work_shift",
        "Restaurant._take_order",
    ]
    assert cashier.machinery == "asleep on the clock until 0:00:10"
    assert cashier.serving == 1
    assert at(task(start, "Cook 1")) == IDLE
    assert task(start, "Cook 1").kind is WaitKind.EVENT
    assert [at(task(start, f"couple {n}")) for n in (1, 2)] == [VISIT_FOOD, VISIT_FOOD]
    assert start.counts == {WaitKind.RUNNING: 0, WaitKind.READY: 0, WaitKind.ASLEEP: 1, WaitKind.EVENT: 6}
    assert [(g.kind, at(g.where), g.couples) for g in start.couples] == [(WaitKind.EVENT, VISIT_FOOD, (1, 2))]
    assert [(d.at, d.task) for d in start.deadlines] == [(ORDER_S, "Cashier")]
    # The source line is the statement itself, read from the file.
    lines, first = inspect.getsourcelines(Restaurant._take_order)
    assert cashier.stack[-1].code == lines[ORDERING[1] - first].strip()

    # Step 1: exactly to the end of the first order. The cashier gives number 1 and takes the second
    # order; the ticket wakes the cook, who starts cooking. Nothing else ran.
    assert one.now == step1.at == ORDER_S
    assert one.steps == 1
    assert one.step == step1
    assert [(w.task, at(w.woke_at), at(w.paused_at), w.until) for w in step1.wakes] == [
        ("Cashier", ORDERING, ORDERING, 2 * ORDER_S),
        ("Cook 1", IDLE, COOKING, ORDER_S + COOK_S),
    ]
    assert step1.wakes[0].waited == "asleep on the clock until 0:00:10"
    assert [line.function for line in step1.wakes[1].awaits] == ["Restaurant._work_shift", "Restaurant._cook"]
    assert task(one, "couple 1").phase is Phase.SEATED
    assert at(task(one, "couple 1")) == VISIT_FOOD

    # Step 2: the second order ends at 20 s, not at the burger's 40 s; the cashier goes idle.
    assert step2.at == two.now == 2 * ORDER_S
    assert [(w.task, at(w.woke_at), at(w.paused_at)) for w in step2.wakes] == [("Cashier", ORDERING, IDLE)]

    # Step 3: the burger is ready at 40 s. The cook posts it and takes ticket 2, the display shows number
    # 1, and couple 1 (talking at the table) wakes to wait for their next glance at the display.
    assert step3.at == three.now == ORDER_S + COOK_S
    assert [w.task for w in step3.wakes] == ["Cook 1", "counter display", "couple 1"]
    couple = step3.wakes[2]
    assert at(couple.woke_at) == VISIT_FOOD
    assert couple.kind is WaitKind.ASLEEP
    assert at(couple.paused_at) == VISIT_GLANCE
    glance_every = fixed_config(Mode.CONCURRENT).glance_every
    assert couple.until is not None
    assert three.now < couple.until <= three.now + glance_every
    assert [d.at for d in three.deadlines] == sorted(d.at for d in three.deadlines)
    assert three.deadlines[0] == Deadline(couple.until, "couple 1")


def test_on_virtual_time_a_sleeper_is_asleep_on_the_clock_until_its_deadline() -> None:
    """A VirtualClock's sleeper awaits the loop's own future, with no frame of the clock's above it: the
    program still reads it asleep until its deadline, in the day's time (the day opens 5 s into the loop)."""

    async def day() -> Program:
        await anyio.sleep(5.0)
        async with open_day(fixed_config(Mode.CONCURRENT), auto_arrivals=False) as restaurant:
            restaurant.add_couple()
            await restaurant.clock.sleep(1.0)
            return ProgramReader(restaurant).read()

    program = run_virtual(day)
    cashier = task(program, "Cashier")
    assert at(cashier) == ORDERING
    assert cashier.kind is WaitKind.ASLEEP
    assert cashier.wakes_at == ORDER_S
    assert cashier.machinery == "asleep on the clock until 0:00:10"
    assert program.counts[WaitKind.ASLEEP] == 1
    assert [(d.at, d.task) for d in program.deadlines] == [(ORDER_S, "Cashier")]


def test_parallel_the_couple_stands_at_the_counter_while_its_cashier_cook_cooks() -> None:
    async def body(restaurant: Restaurant, day: DayProgram) -> Program:
        restaurant.add_couple()
        await day.settle()
        assert await day.step() is not None  # the order is taken: now the burgers
        return day.program(detail_couples=1)

    program = paused_day(fixed_config(Mode.PARALLEL), body)
    couple, cook = task(program, "couple 1"), task(program, "Cashier-cook 1")
    assert couple.phase is Phase.AT_COUNTER
    assert at(couple) == VISIT_FOOD
    assert couple.kind is WaitKind.EVENT
    assert at(cook) == COOKING
    assert cook.serving == 1
    assert cook.wakes_at == ORDER_S + COOK_S
    assert at(task(program, "Cashier-cook 2")) == IDLE


def test_a_couple_that_just_walked_in_is_ready_to_run_and_the_reader_inside_a_task_is_running() -> None:
    async def body(restaurant: Restaurant, day: DayProgram) -> tuple[Program, list[Program]]:
        restaurant.add_couple()
        fresh = day.program(detail_couples=1)  # the couple's task exists but has not run yet
        inside: list[Program] = []
        # A listener runs inside the task that emits: the program read there is running that task.
        restaurant.subscribe(lambda _event: inside.append(day.program()) if not inside else None)
        await day.settle()
        assert await day.step() is not None
        return fresh, inside

    fresh, inside = paused_day(fixed_config(Mode.CONCURRENT), body)
    couple = task(fresh, "couple 1")
    assert couple.kind is WaitKind.READY
    assert couple.machinery == "ready to run: about to start"
    assert couple.stack
    assert couple.stack[0].function == "Restaurant._visit"
    assert fresh.counts[WaitKind.READY] >= 1
    assert inside
    assert inside[0].running == "Cashier"
    assert inside[0].counts[WaitKind.RUNNING] == 1
    assert task(inside[0], "Cashier").machinery == "running on the thread right now"


def test_durations_count_from_the_first_look_and_mark_waits_already_under_way() -> None:
    async def body(restaurant: Restaurant, other: DayProgram) -> tuple[Program, Program]:
        restaurant.add_couple()
        await other.settle()  # somebody else's reader: ours has not looked yet
        day = DayProgram(restaurant)
        first = day.program(detail_couples=1)  # everything was already waiting: since unknown
        assert await day.step() is not None
        return first, day.program(detail_couples=1)

    first, later = paused_day(fixed_config(Mode.CONCURRENT), body)
    assert not any(view.since_known for view in first.tasks)
    couple = task(later, "couple 1")  # still waiting for the same hand-off: unknown start, counted on
    assert not couple.since_known
    assert couple.waited(later.now) == ORDER_S
    cook = task(later, "Cook 1")  # started cooking during the step, seen: known
    assert cook.since_known
    assert cook.since == ORDER_S
    assert cook.waited(later.now) == 0


def test_many_couples_are_grouped_and_counted() -> None:
    async def body(restaurant: Restaurant, day: DayProgram) -> tuple[Program, list[int]]:
        for _ in range(300):
            restaurant.add_couple()
        await day.settle()
        for _ in range(40):
            await day.step()
        return day.program(detail_couples=5), list(restaurant.present)

    program, inside = paused_day(busy_config(Mode.HYBRID, seed=2), body)
    couples = [c for group in program.couples for c in group.couples]
    assert sorted(couples) == inside
    assert len(couples) > 250
    assert len(program.couples) < 10  # a few places in the code, not 300 rows
    assert sum(program.counts.values()) == program.total == len(couples) + 4 + 3  # clock, street, display
    assert [t.actor for t in program.tasks].count(Actor.COUPLE) == 5


def stepped_day(config: RestaurantConfig, couples: int) -> tuple[list[CustomerRecord], int]:
    """A day stepped from its opening until its last couple leaves: its couples, and how many steps."""

    async def day() -> tuple[list[CustomerRecord], int]:
        recorder = CustomerRecorder()
        clock = RealClock(paused=True, time_source=ManualTimeSource())
        async with open_day(config, clock, listeners=[recorder], max_arrivals=couples) as restaurant:
            program = DayProgram(restaurant)
            while not restaurant.closed.is_set():
                before = clock.now()
                step = await program.step()
                assert step is not None
                assert step.at >= before
                assert step.wakes, "a step always wakes somebody"
        return recorder.records, clock.steps

    return run_virtual(day)


def headless_day(config: RestaurantConfig, couples: int, *, looking: bool = False) -> list[CustomerRecord]:
    """The same day on virtual time, as ``simulate`` runs it (and looked at every ~second if ``looking``)."""

    async def look(restaurant: Restaurant, reader: ProgramReader, seen: list[Program]) -> None:
        while True:
            seen.append(reader.read(detail_couples=8))
            await restaurant.clock.sleep(0.937)

    async def day() -> list[CustomerRecord]:
        recorder = CustomerRecorder()
        seen: list[Program] = []
        async with (
            open_day(config, listeners=[recorder], max_arrivals=couples) as restaurant,
            anyio.create_task_group() as tg,
        ):
            if looking:
                tg.start_soon(look, restaurant, ProgramReader(restaurant), seen)
            await restaurant.closed.wait()
            tg.cancel_scope.cancel()
        assert not looking or len(seen) > 1000
        return recorder.records

    return run_virtual(day)


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_stepping_a_whole_day_gives_the_same_day_as_simulate(mode: Mode) -> None:
    config = busy_config(mode, seed=3)
    records, steps = stepped_day(config, 60)
    assert records == headless_day(config, 60)
    assert steps > 200


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_reading_the_program_every_second_changes_nothing(mode: Mode) -> None:
    config = busy_config(mode, seed=11)
    assert headless_day(config, 200, looking=True) == headless_day(config, 200)


def test_a_program_reads_the_same_twice_and_holds_no_live_object() -> None:
    async def body(restaurant: Restaurant, day: DayProgram) -> tuple[Program, Program]:
        for _ in range(5):
            restaurant.add_couple()
        await day.settle()
        await day.step()
        return day.program(detail_couples=5), day.program(detail_couples=5)

    first, second = paused_day(busy_config(Mode.CONCURRENT, seed=1), body)
    assert first == second
    with pytest.raises(AttributeError):
        first.now = 1.0  # type: ignore[misc]  # frozen


def test_a_step_with_nobody_asleep_moves_nothing() -> None:
    async def body(restaurant: Restaurant, day: DayProgram) -> tuple[Step | None, float, int]:
        step = await day.step()  # no couple: the street waits for arrivals, staff for work
        clock = restaurant.clock
        assert isinstance(clock, RealClock)
        return step, clock.now(), clock.steps

    assert paused_day(fixed_config(Mode.HYBRID), body) == (None, 0.0, 0)


def test_the_live_restaurant_steps_pausing_first_and_a_new_day_starts_counting_again() -> None:
    async def main() -> dict[str, Any]:
        source = ManualTimeSource()
        settings = DaySettings(fixed_config(Mode.CONCURRENT), speed=1.0, auto_arrivals=False)
        live = LiveRestaurant(settings, time_source=source)
        async with anyio.create_task_group() as tg:
            await tg.start(live.run)
            await live.add_order()
            running = not live.snapshot().paused
            stepped = await live.step()  # running: pauses, then steps
            program = live.program(detail_couples=1)
            again = await live.step()
            await live.reset()
            fresh = live.program()
            tg.cancel_scope.cancel()
        return {"running": running, "stepped": stepped, "again": again, "program": program, "fresh": fresh}

    seen = run_virtual(main)
    assert seen["running"]
    stepped, program = seen["stepped"], seen["program"]
    assert stepped.title == "Step 1"
    assert not stepped.refused
    assert program.paused
    assert program.steps == 1
    assert program.step is not None
    assert program.step.wakes[0].task == "Cashier"
    assert program.now == ORDER_S  # the first order's end
    assert stepped.text == program.step.summary()
    assert "Cashier woke at restaurant.py:" in stepped.text
    assert seen["again"].title == "Step 2"
    assert seen["fresh"].steps == 0
    assert seen["fresh"].step is None


def test_a_step_from_a_running_day_takes_a_few_turns_of_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression (the third adversarial pass): the first step of a running day held the dashboard ~2 s,
    20,003 turns of the loop. The step waited for the day's tasks with bare checkpoints, and the clock's
    driver, woken by the order, waited for the loop to rest: each took the other's waiting for work, until
    the driver gave up after its ``MAX_SETTLE_TURNS``, twice (before the step and after)."""
    turns = 0

    @types.coroutine
    def counted_turn() -> Generator[None, None, None]:
        nonlocal turns
        turns += 1
        yield

    monkeypatch.setattr(clock_module, "_yield_to_loop", counted_turn)

    async def main() -> tuple[Outcome, int]:
        settings = DaySettings(fixed_config(Mode.CONCURRENT), speed=1.0, auto_arrivals=False)
        live = LiveRestaurant(settings, time_source=ManualTimeSource())
        async with anyio.create_task_group() as tg:
            await tg.start(live.run)
            await live.add_order()  # wakes the clock's driver: a new deadline
            before = turns
            stepped = await live.step()
            tg.cancel_scope.cancel()
        return stepped, turns - before

    stepped, step_turns = run_virtual(main)
    assert stepped.title == "Step 1"
    assert step_turns < FEW_TURNS
