"""Per-couple records of a day, for export: one row per couple that has left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, dataclass, fields

from burger_tui.sim import events as ev
from burger_tui.sim.model import Couple, Mode

RecordSink = Callable[["CustomerRecord"], None]


@dataclass(frozen=True, slots=True)
class CustomerRecord:
    """One couple's visit. Times are simulated seconds since the restaurant opened."""

    mode: str  # the model running when the couple left
    couple: int
    turn_number: int | None  # None in parallel: nobody hands out numbers
    served_by: str
    arrived_at: float
    order_started_at: float
    ordered_at: float
    cook_started_at: float
    food_ready_at: float
    picked_up_at: float
    left_at: float
    order_time: float  # what the couple needed (the same in every model for a seed)
    cook_time: float
    eat_time: float
    talking_s: float  # seconds talking at a table while waiting
    wait_s: float  # arrival -> burgers in hand

    @classmethod
    def of(cls, couple: Couple, mode: Mode) -> CustomerRecord:
        """The record of a couple that has left (every timestamp is known by then)."""
        c = couple
        if (
            c.order_started_at is None
            or c.ordered_at is None
            or c.cook_started_at is None
            or c.food_ready_at is None
            or c.picked_up_at is None
            or c.left_at is None
        ):
            raise ValueError(f"couple {c.id} has not left yet")
        return cls(
            str(mode),
            c.id,
            c.turn_number,
            c.served_by or "",
            c.arrived_at,
            c.order_started_at,
            c.ordered_at,
            c.cook_started_at,
            c.food_ready_at,
            c.picked_up_at,
            c.left_at,
            c.demand.order_time,
            c.demand.cook_time,
            c.demand.eat_time,
            c.talking,
            c.picked_up_at - c.arrived_at,
        )

    @staticmethod
    def field_names() -> list[str]:
        return [f.name for f in fields(CustomerRecord)]

    def row(self) -> tuple[object, ...]:
        return astuple(self)


class CustomerRecorder:
    """Listens for :class:`~burger_tui.sim.events.CoupleLeft` and keeps one record per couple.

    Memory: it holds every record it makes (about 500 bytes a couple), so a day of 100k couples
    costs about 50 MB. For long runs pass ``sink`` instead: each record is handed to it (e.g. a
    CSV writer) and not kept.

    ``mode`` is the model to write in each record; pass a callable (``lambda: restaurant.mode``)
    when the model can change during the day.
    """

    def __init__(self, mode: Mode | Callable[[], Mode], sink: RecordSink | None = None) -> None:
        self._mode = mode
        self._sink = sink
        self.records: list[CustomerRecord] = []

    def __call__(self, event: ev.Event) -> None:
        if not isinstance(event, ev.CoupleLeft):
            return
        mode = self._mode if isinstance(self._mode, Mode) else self._mode()
        record = CustomerRecord.of(event.couple, mode)
        if self._sink is None:
            self.records.append(record)
        else:
            self._sink(record)
