"""The day's statistics per model, so a live switch shows before and after side by side.

Each couple counts for the model that took their order (``Couple.ordered_under``): a couple seated
with a number under Concurrent Burgers counts there even if their burgers come after a switch.
:class:`ModelStats` is a listener; :meth:`ModelStats.rows` is a frozen view of it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
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


_MODES = tuple(Mode)


class ModelStats:
    """Listens to a day and keeps, per model, the waits of the couples whose order it took.

    It also keeps each couple served (in the order they got their burgers: 25 bytes each), so that
    :meth:`go_back_to` can give the statistics as they were at an earlier instant of the day."""

    def __init__(self) -> None:
        self._tallies: dict[Mode, _Tally] = {}
        self._rows: tuple[ModelRow, ...] | None = None  # built when asked after a change
        self._served_at = array("d")  # each couple served: when, how long they waited, and talked,
        self._waited = array("d")
        self._talking = array("d")
        self._modes = array("B")  # and the model that took their order (its index in Mode)

    def __call__(self, event: ev.Event) -> None:
        if not isinstance(event, ev.BurgersInHand):
            return
        couple = event.couple
        assert couple.ordered_under is not None
        assert couple.picked_up_at is not None
        waited = couple.picked_up_at - couple.arrived_at
        self._served_at.append(event.at)
        self._waited.append(waited)
        self._talking.append(couple.talking)
        self._modes.append(_MODES.index(couple.ordered_under))
        self._add(couple.ordered_under, waited, couple.talking)

    def _add(self, mode: Mode, waited: float, talking: float) -> None:
        self._rows = None
        tally = self._tallies.setdefault(mode, _Tally())
        tally.to_burgers.add(waited)
        tally.talking += talking
        tally.standing += waited - talking

    def go_back_to(self, at: float) -> None:
        """The statistics as they were at the instant ``at`` of the day (every couple served by then): the
        couples served by ``at`` added again in the order they came, so each sum is the same to the bit."""
        served = bisect_right(self._served_at, at)
        for kept in (self._served_at, self._waited, self._talking, self._modes):
            del kept[served:]
        self._tallies = {}
        for index, waited, talking in zip(self._modes, self._waited, self._talking, strict=True):
            self._add(_MODES[index], waited, talking)
        self._rows = None

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
