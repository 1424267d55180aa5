"""Streaming statistics in bounded memory.

Up to :data:`EXACT_UP_TO` values a percentile is exact: the values are kept, and the percentile is one of
them (a p95 on screen is a wait that happened, never a second beside the longest). Beyond, percentiles
come from a log-bucketed sketch (the DDSketch idea): a value ``x`` lands in bucket
``ceil(log(x) / log(gamma))`` and is read back as the bucket's midpoint, so every percentile is within
``ALPHA`` (1 %) *relative* error. The number of buckets grows only with log(max / min), not with the
number of customers: a run of a million couples needs a few hundred buckets. Unlike a reservoir sample
it is close in the tail (p99) and deterministic.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import reduce
from itertools import repeat
from operator import add, truediv
from typing import NamedTuple

from burger_tui.sim.model import Couple, Role
from burger_tui.sim.snapshot import WAIT_NAMES

ALPHA = 0.01
_GAMMA = (1 + ALPHA) / (1 - ALPHA)
_LOG_GAMMA = math.log(_GAMMA)
_MIN_POSITIVE = 1e-6  # below a microsecond of simulated time counts as zero
RECENT = 60  # how many recent waits the sparklines keep
FOLD_EVERY = 256  # values a Summary keeps as they came before folding them into its totals
# Values a Summary keeps one by one, for exact percentiles: a dashboard's day, compare's days (32 kB each).
EXACT_UP_TO = 4_096
WAIT_FIGURES = ("mean", "p50", "p95", "p99", "max")  # a Summary's figures: the keys of its as_dict


class QuantileSketch:
    """Relative-error quantiles of non-negative values (DDSketch, alpha = 1 %)."""

    __slots__ = ("_buckets", "_zeros", "count")

    def __init__(self) -> None:
        self._buckets: Counter[int] = Counter()
        self._zeros = 0
        self.count = 0

    def add(self, value: float) -> None:
        self.count += 1
        if value < _MIN_POSITIVE:
            self._zeros += 1
            return
        key = math.ceil(math.log(value) / _LOG_GAMMA)
        self._buckets[key] += 1

    def add_all(self, values: list[float]) -> None:
        """Add every value of ``values``: the same buckets as one by one, in loops that run in C."""
        positive = [value for value in values if value >= _MIN_POSITIVE]
        self.count += len(values)
        self._zeros += len(values) - len(positive)
        self._buckets.update(map(math.ceil, map(truediv, map(math.log, positive), repeat(_LOG_GAMMA))))

    def quantile(self, q: float) -> float:
        if self.count == 0:
            return 0.0
        # Nearest rank: the smallest value with at least q of all values at or below it.
        rank = max(0, math.ceil(q * self.count) - 1)
        if rank < self._zeros:
            return 0.0
        seen = self._zeros
        for key in sorted(self._buckets):
            seen += self._buckets[key]
            if seen > rank:
                return _midpoint(key)
        raise AssertionError("unreachable: counts add up")  # pragma: no cover

    def counts(self) -> list[tuple[float, int]]:
        """How many values there are about each value, in increasing order: the zeros as 0, the others as
        their bucket's midpoint (within ``ALPHA`` of each value). A histogram in bounded memory."""
        counts = [(0.0, self._zeros)] if self._zeros else []
        return counts + [(_midpoint(key), self._buckets[key]) for key in sorted(self._buckets)]

    @property
    def buckets(self) -> int:
        return len(self._buckets)


def _midpoint(key: int) -> float:
    """The value a bucket stands for: within ``ALPHA`` of every value in it."""
    return 2 * _GAMMA**key / (_GAMMA + 1)


class Summary:
    """Count, mean, max and percentiles of one kind of wait.

    Values are kept as they come (``pending``) and folded into the totals ``FOLD_EVERY`` at a time, in
    loops that run in C: five waits per couple are a hot path of headless runs (one by one, in Python,
    a simulate of the benchmark ran 4 % slower). The totals are those of adding the values one by one,
    to the last bit (the sum adds them in the same order). Every reading folds first: readers see every
    value added.
    """

    __slots__ = ("_max", "_min", "_ordered", "_recent", "_sketch", "_sum", "_values", "pending")

    def __init__(self) -> None:
        self._sum = 0.0
        self._max = 0.0
        self._min = math.inf
        self._sketch = QuantileSketch()
        self._recent: deque[float] = deque(maxlen=RECENT)
        # Every value while there are at most EXACT_UP_TO (then None), and the same sorted when last asked.
        self._values: array[float] | None = array("d")
        self._ordered: array[float] = array("d")
        # Added and not folded yet. RunStats appends here itself (a call less per wait) and folds
        # once there are FOLD_EVERY.
        self.pending: list[float] = []

    def add(self, value: float) -> None:
        pending = self.pending
        pending.append(value)
        if len(pending) >= FOLD_EVERY:
            self.fold()

    def fold(self) -> None:
        """Fold the pending values into the totals."""
        pending = self.pending
        if not pending:
            return
        self._sum = reduce(add, pending, self._sum)
        self._max = max(self._max, *pending)
        self._min = min(self._min, *pending)
        self._sketch.add_all(pending)
        self._recent.extend(pending[-RECENT:])
        values = self._values
        if values is not None:
            if len(values) + len(pending) <= EXACT_UP_TO:
                values.extend(pending)
            else:  # from here on the sketch alone: memory stays bounded
                self._values = None
                self._ordered = array("d")
        pending.clear()

    @property
    def count(self) -> int:
        return self._sketch.count + len(self.pending)

    @property
    def max(self) -> float:
        self.fold()
        return self._max

    @property
    def min(self) -> float:
        self.fold()
        return self._min

    @property
    def recent(self) -> deque[float]:
        """The last ``RECENT`` values, oldest first."""
        self.fold()
        return self._recent

    @property
    def sketch(self) -> QuantileSketch:
        self.fold()
        return self._sketch

    @property
    def mean(self) -> float:
        self.fold()
        return self._sum / self._sketch.count if self._sketch.count else 0.0

    def quantile(self, q: float) -> float:
        """The nearest-rank quantile: exact up to :data:`EXACT_UP_TO` values, then the sketch's estimate
        kept within the values actually seen."""
        self.fold()
        count = self._sketch.count
        if not count:
            return 0.0
        values = self._values
        if values is None:
            return min(self._max, max(self._min, self._sketch.quantile(q)))
        if len(self._ordered) != count:  # values only grow: a sort per new value, at most
            self._ordered = array("d", sorted(values))
        # The smallest value with at least q of all values at or below it.
        return self._ordered[max(0, math.ceil(q * count) - 1)]

    def as_dict(self) -> dict[str, float]:
        """The figures of :data:`WAIT_FIGURES`."""
        q = self.quantile
        return {
            "mean": self.mean,
            "p50": q(0.50),
            "p95": q(0.95),
            "p99": q(0.99),
            "max": self.max,
        }


_AT_BURGERS = WAIT_NAMES[:4]  # the waits known when the burgers are in hand


# A rate per hour once it says something: one couple in a minute is no "60/h", nor 3 couples in two
# minutes "81.4/hour". One rule for the screen and the exports: the same day says one rate.
RATE_FROM_COUPLES, RATE_FROM_S = 5, 300.0


class Stretch(NamedTuple):
    """Where the busy shares of a model's stretch count from: its start, and the busy seconds (taking
    orders, cooking) and the staff-seconds on duty per role by then."""

    since: float
    busy_before: tuple[float, float]
    on_duty_before: dict[Role, float]


@dataclass
class RunStats:
    """Everything counted during one day of the restaurant."""

    arrived: int = 0
    served: int = 0  # burgers in the couple's hands
    left: int = 0
    waits: dict[str, Summary] = field(default_factory=lambda: {n: Summary() for n in WAIT_NAMES})
    # Of the served couples' waits to burgers in hand: all of them, and the time talking at a table.
    _waiting_sum: float = 0.0
    _talking_sum: float = 0.0
    ordering_busy: float = 0.0  # seconds anyone spent taking orders
    cooking_busy: float = 0.0  # seconds anyone spent cooking
    # Staff-seconds on duty per role, integrated each time the staff changes.
    on_duty: dict[Role, float] = field(default_factory=lambda: {r: 0.0 for r in Role})
    _staff_count: dict[Role, int] = field(default_factory=lambda: {r: 0 for r in Role})
    _staff_since: float = 0.0
    # The stretch the screen's busy shares cover: since the running model started (the opening, or the last
    # switch of model). The busy and on-duty seconds by then are taken off, so the shares are of that
    # stretch alone: back in Concurrent, its one cook's, not a mean with Parallel's eight cashier-cooks.
    _stretch: Stretch = field(default_factory=lambda: Stretch(0.0, (0.0, 0.0), {r: 0.0 for r in Role}))
    _stretch_before: Stretch | None = None  # the one that ran before switches at the stretch's instant

    def __post_init__(self) -> None:
        # The pending values of the waits, appended to directly (the hot path: a call less per wait).
        line, kitchen_queue, order_to_food, pickup = (self.waits[name].pending for name in _AT_BURGERS)
        self._at_burgers = (line, kitchen_queue, order_to_food, pickup)
        self._visits = self.waits["total"].pending

    def record_burgers_in_hand(self, couple: Couple) -> None:
        """Record a couple who just got their burgers: every wait but the whole visit is known."""
        assert couple.order_started_at is not None
        assert couple.ordered_at is not None
        assert couple.cook_started_at is not None
        assert couple.food_ready_at is not None
        assert couple.picked_up_at is not None
        line, kitchen_queue, order_to_food, pickup = self._at_burgers
        line.append(couple.order_started_at - couple.arrived_at)
        kitchen_queue.append(couple.cook_started_at - couple.ordered_at)
        order_to_food.append(couple.food_ready_at - couple.ordered_at)
        pickup.append(couple.picked_up_at - couple.food_ready_at)
        if len(line) >= FOLD_EVERY:  # the four fill up together
            for name in _AT_BURGERS:
                self.waits[name].fold()
        self._waiting_sum += couple.picked_up_at - couple.arrived_at
        self._talking_sum += couple.talking
        self.served += 1

    def record_departure(self, couple: Couple) -> None:
        """Record a couple who has eaten and left: the whole visit."""
        assert couple.left_at is not None
        visits = self._visits
        visits.append(couple.left_at - couple.arrived_at)
        if len(visits) >= FOLD_EVERY:
            self.waits["total"].fold()
        self.left += 1

    @property
    def talking_share(self) -> float | None:
        """Of all the served couples' waiting (arrival -> burgers in hand), the share spent talking at a
        table: 1 - mean standing / mean wait, what a reader checks against a table of both. ``None`` while
        nobody has waited: 0 would read as measured.

        (The mean of each couple's own share said 80 % beside a standing mean of 21.7 s in a wait of 234.4 s,
        91 % talking: a couple served in 40 s, half of it standing, counted as much as one who talked
        through 800 s.)
        """
        if self._waiting_sum <= 0:
            return None
        return self._talking_sum / self._waiting_sum

    def staff_changed(self, counts: dict[Role, int], now: float) -> None:
        """Staff on duty changed at ``now``: integrate the staff-seconds so far, then count the new staff."""
        self.on_duty = self.on_duty_until(now)
        self._staff_since = now
        self._staff_count = dict(counts)

    def on_duty_until(self, now: float) -> dict[Role, float]:
        """Staff-seconds on duty per role up to ``now``; reading them changes nothing.

        (Integrating in place on every read made the totals depend on how often somebody looked:
        one seeded day gave two different last digits of utilisation with and without a screen.)
        """
        elapsed = now - self._staff_since
        return {role: seconds + self._staff_count[role] * elapsed for role, seconds in self.on_duty.items()}

    def utilization(
        self, now: float, ordering_now: float = 0.0, cooking_now: float = 0.0
    ) -> dict[str, float]:
        """Busy share of on-duty time: cashier work (ordering) and cook work (cooking).

        ``ordering_now`` and ``cooking_now`` are the seconds already spent on jobs still in
        progress (see ``Restaurant.utilization``). Cashier-cooks (parallel) are on duty in both
        roles, so their two shares add up to at most one.
        """
        return _shares(
            self.ordering_busy + ordering_now, self.cooking_busy + cooking_now, self.on_duty_until(now)
        )

    @property
    def stretch_since(self) -> float:
        """When the running model started."""
        return self._stretch.since

    def start_stretch(self, now: float, ordering_now: float = 0.0, cooking_now: float = 0.0) -> None:
        """A model starts running at ``now``: the stretch's shares count from here (the arguments as
        :meth:`utilization`'s)."""
        if now != self._stretch.since:
            self._stretch_before = self._stretch
        busy = (self.ordering_busy + ordering_now, self.cooking_busy + cooking_now)
        self._stretch = Stretch(now, busy, self.on_duty_until(now))

    def back_to_stretch_before(self, now: float) -> None:
        """Switches at ``now`` led back to the model running before it: its stretch goes on."""
        if self._stretch.since == now and self._stretch_before is not None:
            self._stretch, self._stretch_before = self._stretch_before, None

    def stretch_on_duty(self, now: float) -> dict[Role, float]:
        """Staff-seconds on duty per role since the running model started."""
        before = self._stretch.on_duty_before
        return {role: seconds - before[role] for role, seconds in self.on_duty_until(now).items()}

    def stretch_utilization(
        self, now: float, ordering_now: float = 0.0, cooking_now: float = 0.0
    ) -> dict[str, float]:
        """As :meth:`utilization`, of the stretch since the running model started (:meth:`start_stretch`)."""
        ordering_before, cooking_before = self._stretch.busy_before
        return _shares(
            self.ordering_busy + ordering_now - ordering_before,
            self.cooking_busy + cooking_now - cooking_before,
            self.stretch_on_duty(now),
        )

    def throughput_per_hour(self, now: float) -> float | None:
        """Couples served per hour of the day so far, once that says something (:data:`RATE_FROM_COUPLES`
        served or :data:`RATE_FROM_S` of the day); ``None`` before. The screen and every report use it."""
        if self.served < RATE_FROM_COUPLES and now < RATE_FROM_S:
            return None
        return self.served / now * 3600


def _shares(ordering: float, cooking: float, on_duty: dict[Role, float]) -> dict[str, float]:
    """Busy seconds taking orders and cooking, as shares of the staff-seconds on duty in each role
    (a cashier-cook's in both)."""
    both = on_duty[Role.CASHIER_COOK]
    cashier_time = on_duty[Role.CASHIER] + both
    cook_time = on_duty[Role.COOK] + both
    return {
        "cashier": ordering / cashier_time if cashier_time else 0.0,
        "cooks": cooking / cook_time if cook_time else 0.0,
    }
