"""Who ran when: the lanes a :class:`LaneRecorder` makes of a day, checked against another account of the
same day (its couples' records, its statistics, times reasoned from fixed settings), never against numbers
written into the test."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterable

import anyio
import pytest

from burger_tui.sim import events as ev
from burger_tui.sim import lane_view
from burger_tui.sim import lanes as lanes_module
from burger_tui.sim.day import open_day
from burger_tui.sim.lane_view import Kind, Lane, LanesView, MarkKind, NewYou, Span, State
from burger_tui.sim.lanes import LaneRecorder
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.records import CustomerRecord, CustomerRecorder
from burger_tui.sim.restaurant import Listener, Restaurant
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import EventLog, known, restaurant_config

COUPLES = 40
EVERYONE = 10_000  # couples a view may show: all of a small day's
Script = Callable[[Restaurant], None]


def lanes_of_a_day(
    config: RestaurantConfig, couples: int, *, at: float | None = None, then: Script | None = None
) -> tuple[LanesView, list[CustomerRecord], EventLog, Restaurant]:
    """A seeded day of ``couples`` heard from its opening by a lane recorder, a records recorder and an event
    log (``then`` is done to it at ``at``); its lanes from the opening to the last couple's leaving."""
    lanes, records, log = LaneRecorder(), CustomerRecorder(), EventLog()

    async def day() -> tuple[float, Restaurant]:
        listeners: list[Listener] = [lanes, records, log]
        async with open_day(config, listeners=listeners, max_arrivals=couples, follow_couples=True) as r:
            if then is not None and at is not None:
                await r.clock.sleep_until(at)
                then(r)
            await r.closed.wait()
            return r.clock.now(), r

    now, restaurant = run_virtual(day)
    return lanes.view(0.0, now, now, couples=EVERYONE), records.records, log, restaurant


def merged(spans: Iterable[Span]) -> list[Span]:
    """``spans`` in order, those of one state that touch made one, none of no length."""
    out: list[Span] = []
    for span in sorted(spans):
        if span.end <= span.start:
            continue
        if out and out[-1].state is span.state and out[-1].end == span.start:
            out[-1] = Span(out[-1].start, span.end, span.state)
        else:
            out.append(span)
    return out


def record_spans(record: CustomerRecord, *, walk: float) -> list[Span]:
    """A couple's visit as its record tells it."""
    ordered, picked_up = known(record.ordered_at), known(record.picked_up_at)
    spans = [
        Span(record.arrived_at, known(record.order_started_at), State.IN_LINE),
        Span(known(record.order_started_at), ordered, State.ORDERING),
        Span(picked_up, known(record.left_at), State.EATING),
    ]
    if record.turn_number is None:  # parallel: at the counter until the burgers are handed over
        spans.append(Span(ordered, picked_up, State.STANDING))
    else:  # talking until the glance that finds the number, then the walk to the counter
        spans += [
            Span(ordered, ordered + known(record.talking_s), State.TALKING),
            Span(picked_up - walk, picked_up, State.WALKING),
        ]
    return merged(spans)


def close_to(spans: Iterable[Span]) -> list[tuple[object, ...]]:
    """``spans`` to compare with times a record adds up (``ordered + talking``): equal to a rounding."""
    return [(pytest.approx(s.start, abs=1e-9), pytest.approx(s.end, abs=1e-9), s.state) for s in spans]


def lane(view: LanesView, label: str) -> Lane:
    (found,) = [each for each in view.lanes if each.label == label]
    return found


def of_state(spans: Iterable[Span], state: State) -> list[Span]:
    return merged(span for span in spans if span.state is state)


def switched_at_10_minutes(restaurant: Restaurant) -> None:
    restaurant.switch_mode(Mode.PARALLEL)
    restaurant.set_cooks(3)


DAYS = {
    "concurrent": (Mode.CONCURRENT, None),
    "parallel": (Mode.PARALLEL, None),
    "hybrid": (Mode.HYBRID, None),
    "concurrent, then parallel": (Mode.CONCURRENT, switched_at_10_minutes),
}


@pytest.fixture(scope="module", params=list(DAYS))
def a_day(request: pytest.FixtureRequest) -> tuple[LanesView, list[CustomerRecord], EventLog, Restaurant]:
    mode, then = DAYS[request.param]
    config = restaurant_config(mode, cooks=2, arrival_rate_per_min=2.0, seed=5)
    return lanes_of_a_day(config, COUPLES, at=600.0, then=then)


def test_each_couples_lane_is_its_visit_as_its_record_tells_it(
    a_day: tuple[LanesView, list[CustomerRecord], EventLog, Restaurant],
) -> None:
    view, records, _, restaurant = a_day
    others = {each.label: each for each in view.lanes if each.kind is Kind.COUPLE}
    followed = {record.couple for record in records} - {int(label.split()[1]) for label in others}
    assert 1 in followed  # the story follows the first couple: its visit is in the lane of you
    assert len(others) + len(followed) == COUPLES
    for record in records:
        if record.couple not in followed:
            walk = restaurant.config.walk_time
            assert list(others[f"couple {record.couple}"].spans) == close_to(record_spans(record, walk=walk))


def test_the_lane_of_you_is_each_followed_couple_from_when_the_story_follows_them(
    a_day: tuple[LanesView, list[CustomerRecord], EventLog, Restaurant],
) -> None:
    view, records, log, restaurant = a_day
    watched = {couple.id for couple in log.couples() if couple.watched}
    since = {record.couple: record.arrived_at for record in records if record.couple in watched}
    since |= {event.couple.id: event.at for event in log.of(ev.Followed)}  # first in line as the last left
    expected = [
        Span(max(span.start, since[record.couple]), span.end, span.state)
        for record in records
        if record.couple in watched
        for span in record_spans(record, walk=restaurant.config.walk_time)
        if span.end > since[record.couple]
    ]
    assert list(lane(view, "you").spans) == close_to(merged(expected))


def test_staff_lanes_take_the_orders_and_cook_the_burgers_of_the_records(
    a_day: tuple[LanesView, list[CustomerRecord], EventLog, Restaurant],
) -> None:
    view, records, _, restaurant = a_day
    staff = [each for each in view.lanes if each.kind is Kind.STAFF]
    for member in staff:
        theirs = [record for record in records if record.served_by == member.label]
        orders = [Span(known(r.order_started_at), known(r.ordered_at), State.ORDERING) for r in theirs]
        assert of_state(member.spans, State.ORDERING) == merged(orders)
    for record in records:
        cooked = Span(known(record.cook_started_at), known(record.food_ready_at), State.COOKING)
        cooks = [member.label for member in staff if covered(member.spans, cooked)]
        assert cooks, record  # somebody cooked it, the whole while
        if record.turn_number is None:  # parallel: the cashier-cook who took the order cooks it
            assert record.served_by in cooks
    assert sum(len(member.instants) for member in staff) == 2 * COUPLES  # a job: an order, a burger
    assert busy(staff, State.ORDERING) == pytest.approx(restaurant.stats.ordering_busy)
    assert busy(staff, State.COOKING) == pytest.approx(restaurant.stats.cooking_busy)


def test_staff_wait_for_a_hand_off_whenever_on_duty_and_not_working(
    a_day: tuple[LanesView, list[CustomerRecord], EventLog, Restaurant],
) -> None:
    view, _, log, _ = a_day
    for member in (each for each in view.lanes if each.kind is Kind.STAFF):
        on_duty, since = 0.0, None
        for event in log.of(ev.StaffChanged):
            if event.staff.name == member.label:
                if event.joined:
                    since = event.at
                else:
                    assert since is not None
                    on_duty, since = on_duty + event.at - since, None
        on_duty += 0.0 if since is None else view.end - since
        assert sum(span.end - span.start for span in member.spans) == pytest.approx(on_duty)
        assert {span.state for span in member.spans} <= {State.WAITING, State.ORDERING, State.COOKING}


def covered(spans: Iterable[Span], job: Span) -> bool:
    return any(s.state is job.state and s.start <= job.start and job.end <= s.end for s in spans)


def busy(staff: Iterable[Lane], state: State) -> float:
    return sum(span.end - span.start for member in staff for span in member.spans if span.state is state)


# -- small days reasoned by hand ---------------------------------------------------------------------
ORDER, COOK, EAT = 10.0, 30.0, 60.0  # fixed times: every instant below follows from them


def fixed_day(
    mode: Mode, couples: int, *, cooks: int = 1, freeze: tuple[float, float] | None = None
) -> LanesView:
    """``couples`` walk in together at the opening (no other arrivals); fixed times; the lanes until the
    last leaves. ``freeze``: the blocking lesson's, told to the recorder as the day runs."""
    config = restaurant_config(
        mode, cooks=cooks, order_time=f"fixed:{ORDER}", cook_time=f"fixed:{COOK}", eat_time=f"fixed:{EAT}"
    )
    lanes = LaneRecorder()

    async def day() -> float:
        async with open_day(config, listeners=[lanes], auto_arrivals=False, follow_couples=True) as r:
            for _ in range(couples):
                r.add_couple()
            if freeze is not None:
                await r.clock.sleep_until(freeze[1])
                lanes.freeze(*freeze)
            while r.present:
                await r.clock.sleep(1.0)
            return r.clock.now()

    now = run_virtual(day)
    return lanes.view(0.0, now, now, couples=EVERYONE)


def state_at(each: Lane, at: float) -> State:
    return next((span.state for span in each.spans if span.start <= at < span.end), State.OFF)


def test_concurrent_one_cashier_and_one_cook_take_the_couples_one_after_another() -> None:
    view = fixed_day(Mode.CONCURRENT, 2)
    cashier, cook = lane(view, "Cashier"), lane(view, "Cook 1")
    # Orders back to back (0-10, 10-20) are one span of work; the seam between them is a job's instant.
    assert cashier.spans[0] == Span(0.0, 2 * ORDER, State.ORDERING)
    assert cashier.instants == (0.0, ORDER)
    assert cook.spans[:2] == (Span(0.0, ORDER, State.WAITING), Span(ORDER, ORDER + 2 * COOK, State.COOKING))
    assert cook.instants == (ORDER, ORDER + COOK)
    assert lane(view, "counter display").instants == (ORDER + COOK, ORDER + 2 * COOK)
    second = lane(view, "couple 2")  # couple 1 is you
    assert second.spans[:3] == (
        Span(0.0, ORDER, State.IN_LINE),
        Span(ORDER, 2 * ORDER, State.ORDERING),
        Span(2 * ORDER, second.spans[2].end, State.TALKING),
    )
    # It talks until a glance at the display after its number shows (at most one glance interval), walks.
    shown = ORDER + 2 * COOK
    glance = second.spans[2].end
    assert shown <= glance < shown + RestaurantConfig().glance_every
    assert second.spans[3:] == (
        Span(glance, glance + RestaurantConfig().walk_time, State.WALKING),
        Span(
            glance + RestaurantConfig().walk_time, glance + RestaurantConfig().walk_time + EAT, State.EATING
        ),
    )


def test_parallel_every_cashier_cook_works_at_once_while_every_couple_stands() -> None:
    couples = 6
    view = fixed_day(Mode.PARALLEL, couples, cooks=couples)
    staff = [each for each in view.lanes if each.kind is Kind.STAFF]
    assert len(staff) == couples
    for member in staff:
        assert member.spans[:2] == (
            Span(0.0, ORDER, State.ORDERING),
            Span(ORDER, ORDER + COOK, State.COOKING),
        )
    diners = [each for each in view.lanes if each.kind in (Kind.YOU, Kind.COUPLE)]
    assert len(diners) == couples
    for diner in diners:
        assert diner.spans[:3] == (
            Span(0.0, ORDER, State.ORDERING),
            Span(ORDER, ORDER + COOK, State.STANDING),
            Span(ORDER + COOK, ORDER + COOK + EAT, State.EATING),
        )
    assert lane(view, "counter display").instants == ()  # no numbers in parallel


def test_the_freeze_is_a_mark_and_the_cook_held_the_one_thread_meanwhile() -> None:
    freeze = (ORDER + 5.0, ORDER + 12.0)  # while the cook cooks the first burger
    view = fixed_day(Mode.CONCURRENT, 1, freeze=freeze)
    (mark,) = [m for m in view.marks if m.kind is MarkKind.FREEZE]
    assert (mark.at, mark.end) == freeze
    assert lane(view, "Cook 1").spans[:4] == (
        Span(0.0, ORDER, State.WAITING),
        Span(ORDER, freeze[0], State.COOKING),
        Span(*freeze, State.HOLDING),
        Span(freeze[1], ORDER + COOK, State.COOKING),
    )
    assert all(
        span.state is not State.HOLDING
        for each in view.lanes[1:]
        for span in each.spans
        if each.label != "Cook 1"
    )
    in_parallel = fixed_day(Mode.PARALLEL, 1, cooks=2, freeze=freeze)
    assert state_at(lane(in_parallel, "Cashier-cook 1"), freeze[0]) is State.HOLDING  # the first cook


def test_a_switch_is_marked_and_the_staff_come_and_go_with_it() -> None:
    config = restaurant_config(Mode.CONCURRENT, cooks=2, arrival_rate_per_min=2.0, seed=5)
    view, _, log, _ = lanes_of_a_day(config, COUPLES, at=600.0, then=switched_at_10_minutes)
    (switch,) = [m for m in view.marks if m.kind is MarkKind.SWITCH]
    assert (switch.at, switch.text) == (600.0, Mode.PARALLEL.story_title)
    came = {(m.at, m.text) for m in view.marks if m.kind is MarkKind.JOINED}
    went = {(m.at, m.text) for m in view.marks if m.kind is MarkKind.LEFT}
    shifts = [e for e in log.of(ev.StaffChanged) if e.at < view.end]  # at the end: the day closing
    assert came == {(e.at, e.staff.name) for e in shifts if e.joined}
    assert went == {(e.at, e.staff.name) for e in shifts if not e.joined}
    for name in ("Cashier", "Cook 1"):  # gone home after the switch: nothing more in their lanes
        left = max(at for at, who in went if who == name)
        assert lane(view, name).spans[-1].end == left


def test_reading_the_lanes_changes_nothing() -> None:
    lanes = LaneRecorder()
    config = restaurant_config(Mode.HYBRID, cooks=3, arrival_rate_per_min=3.0, seed=2)

    async def day() -> tuple[LanesView, LanesView, tuple[int, int], tuple[int, int]]:
        async with open_day(config, listeners=[lanes], max_arrivals=30, follow_couples=True) as r:
            await r.clock.sleep(400)
            now = r.clock.now()
            before = (lanes.version, lanes.changes)
            first = lanes.view(60.0, 300.0, now, couples=5)
            again = lanes.view(60.0, 300.0, now, couples=5)
            return first, again, before, (lanes.version, lanes.changes)

    first, again, before, after = run_virtual(day)
    assert first == again
    assert before == after
    assert all(60.0 <= s.start < s.end <= 300.0 for each in first.lanes for s in each.spans)
    assert sum(each.kind is Kind.COUPLE for each in first.lanes) == 5


# -- memory --------------------------------------------------------------------------------------
KEPT, COUPLES_KEPT = 2_000, 20  # small budgets: a long day goes past them soon


def lanes_memory() -> int:
    """Bytes allocated by the lane recorder's code and still held (traced by tracemalloc)."""
    ours = [tracemalloc.Filter(True, lanes_module.__file__), tracemalloc.Filter(True, lane_view.__file__)]
    return sum(stat.size for stat in tracemalloc.take_snapshot().filter_traces(ours).statistics("filename"))


def long_day(couples: int, lanes: LaneRecorder, marks: dict[int, int]) -> float:
    """``2 * couples`` couples of a busy hybrid day heard by ``lanes``; the lanes' memory at ``couples`` and
    at the end in ``marks``."""
    config = restaurant_config(
        Mode.HYBRID, cooks=4, arrival_rate_per_min=8.0, order_time="uniform:2:5", eat_time="fixed:30", seed=9
    )

    async def day() -> float:
        async with open_day(config, listeners=[lanes], max_arrivals=2 * couples, follow_couples=True) as r:
            async with anyio.create_task_group() as tg:

                async def half_way() -> None:
                    while r.stats.left < couples:
                        await r.clock.sleep(60)
                    marks[couples] = lanes_memory()

                tg.start_soon(half_way)
                await r.closed.wait()
            marks[2 * couples] = lanes_memory()
            return r.clock.now()

    return run_virtual(day)


def test_a_long_day_keeps_its_lanes_in_bounded_memory() -> None:
    couples = 2_000
    lanes, marks = LaneRecorder(changes_kept=KEPT, couples_kept=COUPLES_KEPT), dict[int, int]()
    tracemalloc.start()
    try:
        now = long_day(couples, lanes, marks)
    finally:
        tracemalloc.stop()
    assert lanes.changes <= KEPT
    assert 0 < lanes.kept_from < now  # the older half of the day was forgotten, more than once
    # Twice the couples, the same memory (to a few bytes a couple: arrays grow in steps). Keeping every
    # change would hold ~30 bytes a couple more, keeping every couple's lane ~600.
    assert marks[2 * couples] - marks[couples] < 4 * couples
    view = lanes.view(lanes.kept_from, now, now, couples=EVERYONE)
    assert sum(each.kind is Kind.COUPLE for each in view.lanes) <= COUPLES_KEPT
    for member in (each for each in view.lanes if each.kind is Kind.STAFF):  # whole from kept_from on
        assert member.spans[0].start == lanes.kept_from
        assert all(a.end == b.start for a, b in zip(member.spans, member.spans[1:], strict=False))


def heard_to(events: Iterable[ev.Event], at: float) -> LaneRecorder:
    """A recorder that heard ``events`` up to the instant ``at`` (those at it included), keeping 5 couples."""
    recorder = LaneRecorder(couples_kept=5)
    for event in events:
        if event.at <= at:
            recorder(event)
    return recorder


def test_lanes_cut_back_to_an_instant_are_those_of_the_day_heard_to_it(
    a_day: tuple[LanesView, list[CustomerRecord], EventLog, Restaurant], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At every instant something happened (many things happen at one), the lanes of the whole day cut
    back there are the lanes of the day heard only to there, and hearing the rest of the day again they are
    the whole day's; where the couples then are no longer kept (3 besides the last 5 here), they say they
    cannot be cut."""
    monkeypatch.setattr(lanes_module, "COUPLES_KEPT_FOR_A_JUMP", 3)
    events = a_day[2].events
    end = events[-1].at
    expected = heard_to(events, end).view(0.0, end, end, couples=EVERYONE)
    cuttable = set()
    for at in sorted({event.at for event in events}):
        lanes = heard_to(events, end)
        cuttable.add(lanes.can_go_back_to(at))
        if lanes.can_go_back_to(at):
            lanes.go_back_to(at)
            heard = heard_to(events, at)
            assert lanes.view(0.0, at, at, couples=EVERYONE) == heard.view(0.0, at, at, couples=EVERYONE)
            assert lanes.changes == heard.changes
            for event in events:
                if event.at > at:
                    lanes(event)
            assert lanes.view(0.0, end, end, couples=EVERYONE) == expected
    assert cuttable == {True, False}


def test_each_change_of_you_is_marked_with_the_couple_the_story_follows_from_then(
    a_day: tuple[LanesView, list[CustomerRecord], EventLog, Restaurant],
) -> None:
    """Where the narration says "You are now couple N" (a couple followed from the line, or the next to walk
    in once you left with nobody in line), the lanes mark the instant and name the couple; the day's first
    *you* is no change. A stretch of the day has the changes within it."""
    view, _, log, _ = a_day
    told = [
        NewYou(event.at, event.couple.id)
        for event in log.events
        if isinstance(event, ev.Followed) or (isinstance(event, ev.CoupleArrived) and event.new_you)
    ]
    assert len(told) > 1
    assert list(view.new_you) == told
    start, end = told[0].at + 1, told[-1].at
    lanes = heard_to(log.events, log.events[-1].at)
    stretch = lanes.view(start, end, log.events[-1].at, couples=0)
    assert list(stretch.new_you) == [change for change in told if start <= change.at < end]
