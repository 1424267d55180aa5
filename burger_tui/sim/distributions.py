"""Service-time distributions in simulated seconds, written as ``kind:params``."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Literal

Kind = Literal["fixed", "exp", "uniform"]

SPEC_HELP = "fixed:X, exp:MEAN or uniform:A:B (seconds)"


@dataclass(frozen=True, slots=True)
class Distribution:
    """A distribution of durations; ``a`` and ``b`` mean what ``kind`` says."""

    kind: Kind
    a: float
    b: float = 0.0

    def sample(self, rng: random.Random) -> float:
        if self.kind == "fixed":
            return self.a
        if self.kind == "exp":
            return rng.expovariate(1.0 / self.a) if self.a > 0 else 0.0
        return rng.uniform(self.a, self.b)

    @property
    def mean(self) -> float:
        return (self.a + self.b) / 2 if self.kind == "uniform" else self.a

    def __str__(self) -> str:
        if self.kind == "uniform":
            return f"uniform:{self.a:g}:{self.b:g}"
        return f"{self.kind}:{self.a:g}"


def parse_distribution(text: str) -> Distribution:
    """Parse ``fixed:X``, ``exp:MEAN`` or ``uniform:A:B``; raise ValueError with a readable reason."""
    kind, _, rest = text.strip().partition(":")
    params = rest.split(":") if rest else []
    arity = {"fixed": 1, "exp": 1, "uniform": 2}
    if kind not in arity:
        raise ValueError(f"unknown distribution {text!r}; use {SPEC_HELP}")
    if len(params) != arity[kind]:
        raise ValueError(f"{kind} takes {arity[kind]} number(s), got {text!r}; use {SPEC_HELP}")
    try:
        values = [float(p) for p in params]
    except ValueError:
        raise ValueError(f"{text!r} has a parameter that is not a number; use {SPEC_HELP}") from None
    if any(not math.isfinite(v) or v < 0 for v in values):
        raise ValueError(f"{text!r}: durations must be finite and not negative")
    if kind == "uniform" and values[0] > values[1]:
        raise ValueError(f"{text!r}: uniform:A:B needs A <= B")
    if kind == "exp" and values[0] == 0:
        raise ValueError(f"{text!r}: exp needs a mean above zero (use fixed:0 for instant)")
    return Distribution(kind, *values)  # type: ignore[arg-type]
