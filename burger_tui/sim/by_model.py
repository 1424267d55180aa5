"""The day's statistics per model, so a live switch shows before and after side by side.

Each couple counts for the model that took their order (``Couple.ordered_under``): a couple seated
with a number under Concurrent Burgers counts there even if their burgers come after a switch.
:class:`ModelStats` is a listener; :meth:`ModelStats.rows` is a frozen view of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from burger_tui.sim import events as ev
from burger_tui.sim.model import Mode
from burger_tui.sim.stats import Summary


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One model's couples so far: from walking in to burgers in hand, and how that time was spent."""

    mode: Mode
    served: int
    to_burgers_mean: float  # seconds from walking in to burgers in hand
    to_burgers_p95: float
    standing_mean: float  # of that wait: in line, ordering, at the counter, walking to pick up
    talking_mean: float  # of that wait: seated at a table with a number


class _Tally:
    __slots__ = ("standing", "talking", "to_burgers")

    def __init__(self) -> None:
        self.to_burgers = Summary()
        self.standing = 0.0
        self.talking = 0.0


class ModelStats:
    """Listens to a day and keeps, per model, the waits of the couples whose order it took."""

    def __init__(self) -> None:
        self._tallies: dict[Mode, _Tally] = {}
        self._rows: tuple[ModelRow, ...] | None = None  # built when asked after a change

    def __call__(self, event: ev.Event) -> None:
        if not isinstance(event, ev.BurgersInHand):
            return
        self._rows = None
        couple = event.couple
        assert couple.ordered_under is not None
        assert couple.picked_up_at is not None
        waited = couple.picked_up_at - couple.arrived_at
        tally = self._tallies.setdefault(couple.ordered_under, _Tally())
        tally.to_burgers.add(waited)
        tally.talking += couple.talking
        tally.standing += waited - couple.talking

    def rows(self) -> tuple[ModelRow, ...]:
        """A row per model that has served a couple today, in the models' cycle order.

        Asked every frame, changed only when a couple gets their burgers: built once per change.
        """
        if self._rows is None:
            self._rows = self._build_rows()
        return self._rows

    def _build_rows(self) -> tuple[ModelRow, ...]:
        rows = []
        for mode in Mode:
            tally = self._tallies.get(mode)
            if tally is None:
                continue
            waits = tally.to_burgers
            rows.append(
                ModelRow(
                    mode,
                    waits.count,
                    waits.mean,
                    waits.quantile(0.95),
                    tally.standing / waits.count,
                    tally.talking / waits.count,
                )
            )
        return tuple(rows)
