"""Per-couple records of a day, for export: one row per couple (left, or still inside at an export)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from operator import attrgetter

from burger_tui.sim import events as ev
from burger_tui.sim.model import Couple

RecordSink = Callable[["CustomerRecord"], None]


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    """One couple's visit. Times are simulated seconds since the restaurant opened.

    A couple still inside has ``None`` (an empty CSV cell) for what has not happened yet.
    """

    mode: str  # the model running when the couple's order was taken ("" while still in line)
    couple: int
    turn_number: int | None  # None in parallel: nobody hands out numbers
    served_by: str
    arrived_at: float
    order_started_at: float | None
    ordered_at: float | None
    cook_started_at: float | None
    food_ready_at: float | None
    picked_up_at: float | None
    left_at: float | None
    order_time: float  # what the couple needed (the same in every model for a seed)
    cook_time: float
    eat_time: float
    talking_s: float | None  # seconds talking at a table while waiting (known once the wait is over)
    wait_s: float | None  # arrival -> burgers in hand

    @classmethod
    def of(cls, couple: Couple) -> CustomerRecord:
        """The record of a couple: complete once it has left, partial while it is still inside."""
        c = couple
        picked_up = c.picked_up_at
        return cls(
            str(c.ordered_under or ""),
            c.id,
            c.turn_number,
            c.served_by or "",
            c.arrived_at,
            c.order_started_at,
            c.ordered_at,
            c.cook_started_at,
            c.food_ready_at,
            picked_up,
            c.left_at,
            c.demand.order_time,
            c.demand.cook_time,
            c.demand.eat_time,
            None if picked_up is None else c.talking,
            None if picked_up is None else picked_up - c.arrived_at,
        )

    @staticmethod
    def field_names() -> list[str]:
        return [f.name for f in fields(CustomerRecord)]

    def row(self) -> tuple[object, ...]:
        """The record's values in the order of its fields (a CSV row). Every value is a number, a string
        or ``None``: no copy of them is needed, as ``dataclasses.astuple`` makes (a tenth of a replay)."""
        return _values(self)


_values = attrgetter(*CustomerRecord.field_names())


class CustomerRecorder:
    """Listens for :class:`~burger_tui.sim.events.CoupleLeft` and keeps one record per couple.

    Memory: it holds every record it makes (about 500 bytes a couple), so a day of 100k couples
    costs about 50 MB. For long runs pass ``sink`` instead: each record is handed to it (e.g. a
    CSV writer) and not kept.

    Each record's ``mode`` is the model its couple ordered under (the couple keeps it), so live
    switches need nothing from the recorder.
    """

    def __init__(self, sink: RecordSink | None = None) -> None:
        self._sink = sink
        self.records: list[CustomerRecord] = []

    def __call__(self, event: ev.Event) -> None:
        if not isinstance(event, ev.CoupleLeft):
            return
        record = CustomerRecord.of(event.couple)
        if self._sink is None:
            self.records.append(record)
        else:
            self._sink(record)


def records_of(couples: Iterable[Couple]) -> list[CustomerRecord]:
    """Records of couples still inside (``Restaurant.present``, in arrival order), for a mid-day export."""
    return [CustomerRecord.of(couple) for couple in couples]
