"""Streaming statistics in bounded memory.

Percentiles come from a log-bucketed sketch (the DDSketch idea): a value ``x``
lands in bucket ``ceil(log(x) / log(gamma))`` and is read back as the bucket's
midpoint, so every percentile is within ``ALPHA`` (1 %) *relative* error. The
number of buckets grows only with log(max / min), not with the number of
customers: a run of a million couples needs a few hundred buckets. Unlike a
reservoir sample it is exact in the tail (p99, max) and deterministic.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from burger_tui.sim.model import Couple, Role

ALPHA = 0.01
_GAMMA = (1 + ALPHA) / (1 - ALPHA)
_LOG_GAMMA = math.log(_GAMMA)
_MIN_POSITIVE = 1e-6  # below a microsecond of simulated time counts as zero
RECENT = 60  # how many recent waits the sparklines keep


class QuantileSketch:
    """Relative-error quantiles of non-negative values (DDSketch, alpha = 1 %)."""

    __slots__ = ("_buckets", "_zeros", "count")

    def __init__(self) -> None:
        self._buckets: dict[int, int] = {}
        self._zeros = 0
        self.count = 0

    def add(self, value: float) -> None:
        self.count += 1
        if value < _MIN_POSITIVE:
            self._zeros += 1
            return
        key = math.ceil(math.log(value) / _LOG_GAMMA)
        self._buckets[key] = self._buckets.get(key, 0) + 1

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
                return 2 * _GAMMA**key / (_GAMMA + 1)
        raise AssertionError("unreachable: counts add up")  # pragma: no cover

    @property
    def buckets(self) -> int:
        return len(self._buckets)


class Summary:
    """Count, mean, max and percentiles of one kind of wait."""

    __slots__ = ("_sum", "max", "min", "recent", "sketch")

    def __init__(self) -> None:
        self._sum = 0.0
        self.max = 0.0
        self.min = math.inf
        self.sketch = QuantileSketch()
        self.recent: deque[float] = deque(maxlen=RECENT)

    def add(self, value: float) -> None:
        self._sum += value
        if value > self.max:
            self.max = value
        if value < self.min:
            self.min = value
        # QuantileSketch.add, inline: five of these per couple are a hot path of headless runs.
        sketch = self.sketch
        sketch.count += 1
        if value < _MIN_POSITIVE:
            sketch._zeros += 1
        else:
            key = math.ceil(math.log(value) / _LOG_GAMMA)
            buckets = sketch._buckets
            buckets[key] = buckets.get(key, 0) + 1
        self.recent.append(value)

    @property
    def count(self) -> int:
        return self.sketch.count

    @property
    def mean(self) -> float:
        return self._sum / self.count if self.count else 0.0

    def quantile(self, q: float) -> float:
        """The sketch's estimate, kept within the values actually seen (exact for one value)."""
        if not self.count:
            return 0.0
        return min(self.max, max(self.min, self.sketch.quantile(q)))

    def as_dict(self) -> dict[str, float]:
        q = self.quantile
        return {
            "mean": self.mean,
            "p50": q(0.50),
            "p95": q(0.95),
            "p99": q(0.99),
            "max": self.max,
        }


WAIT_NAMES = ("line", "kitchen_queue", "order_to_food", "pickup", "total")


@dataclass
class RunStats:
    """Everything counted during one day of the restaurant."""

    arrived: int = 0
    served: int = 0  # burgers in the couple's hands
    left: int = 0
    waits: dict[str, Summary] = field(default_factory=lambda: {n: Summary() for n in WAIT_NAMES})
    _talking_share_sum: float = 0.0
    _talking_share_count: int = 0
    ordering_busy: float = 0.0  # seconds anyone spent taking orders
    cooking_busy: float = 0.0  # seconds anyone spent cooking
    # Staff-seconds on duty per role, integrated each time the staff changes.
    on_duty: dict[Role, float] = field(default_factory=lambda: {r: 0.0 for r in Role})
    _staff_count: dict[Role, int] = field(default_factory=lambda: {r: 0 for r in Role})
    _staff_since: float = 0.0

    def record_burgers_in_hand(self, couple: Couple) -> None:
        """Record a couple who just got their burgers: every wait but the whole visit is known."""
        assert couple.order_started_at is not None and couple.ordered_at is not None
        assert couple.cook_started_at is not None and couple.food_ready_at is not None
        assert couple.picked_up_at is not None
        w = self.waits
        w["line"].add(couple.order_started_at - couple.arrived_at)
        w["kitchen_queue"].add(couple.cook_started_at - couple.ordered_at)
        w["order_to_food"].add(couple.food_ready_at - couple.ordered_at)
        w["pickup"].add(couple.picked_up_at - couple.food_ready_at)
        waiting = couple.picked_up_at - couple.arrived_at
        if waiting > 0:
            self._talking_share_sum += couple.talking / waiting
            self._talking_share_count += 1
        self.served += 1

    def record_departure(self, couple: Couple) -> None:
        """Record a couple who has eaten and left: the whole visit."""
        assert couple.left_at is not None
        self.waits["total"].add(couple.left_at - couple.arrived_at)
        self.left += 1

    @property
    def talking_share(self) -> float:
        """Mean over couples of (time talking at a table) / (arrival -> burgers in hand)."""
        if not self._talking_share_count:
            return 0.0
        return self._talking_share_sum / self._talking_share_count

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
        on_duty = self.on_duty_until(now)
        both = on_duty[Role.CASHIER_COOK]
        cashier_time = on_duty[Role.CASHIER] + both
        cook_time = on_duty[Role.COOK] + both
        return {
            "cashier": (self.ordering_busy + ordering_now) / cashier_time if cashier_time else 0.0,
            "cooks": (self.cooking_busy + cooking_now) / cook_time if cook_time else 0.0,
        }

    def throughput_per_hour(self, now: float) -> float:
        return self.served / now * 3600 if now > 0 else 0.0
