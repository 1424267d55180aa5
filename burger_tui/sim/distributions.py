"""Service-time distributions in simulated seconds, written as ``kind:params``."""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from burger_tui.sim.limits import MAX_DURATION_S, MIN_MEAN_S

Kind = Literal["fixed", "exp", "uniform"]

SPEC_HELP = "fixed:X, exp:MEAN or uniform:A:B (seconds)"
_ARITY = {"fixed": 1, "exp": 1, "uniform": 2}
_SHOWN_CHARS = 40  # an error quotes at most this much of what it was given


@dataclass(frozen=True, slots=True)
class Distribution:
    """A distribution of durations; ``a`` and ``b`` mean what ``kind`` says.

    Raises ValueError outside the accepted ranges (:mod:`burger_tui.sim.limits`): every sample is then
    finite, and so is every sum of them a day can make.
    """

    kind: Kind
    a: float
    b: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in _ARITY:
            raise ValueError(f"unknown distribution kind {quoted(self.kind)}; use {SPEC_HELP}")
        if problem := _out_of_range(self.kind, self.a, self.b):
            raise ValueError(f"{quoted(str(self))}: {problem}")

    def sample(self, rng: random.Random) -> float:
        if self.kind == "fixed":
            return self.a
        if self.kind == "exp":
            return rng.expovariate(1.0 / self.a)
        return rng.uniform(self.a, self.b)

    def sampler(self, rng: random.Random) -> Callable[[], float]:
        """``sample(rng)`` as a call without arguments or tests of the kind (the same draws)."""
        if self.kind == "fixed":
            return itertools.repeat(self.a).__next__
        if self.kind == "exp":
            return functools.partial(rng.expovariate, 1.0 / self.a)
        return functools.partial(rng.uniform, self.a, self.b)

    @property
    def mean(self) -> float:
        return (self.a + self.b) / 2 if self.kind == "uniform" else self.a

    def __str__(self) -> str:
        if self.kind == "uniform":
            return f"uniform:{exact(self.a)}:{exact(self.b)}"
        return f"{self.kind}:{exact(self.a)}"


def parse_distribution(text: str) -> Distribution:
    """Parse ``fixed:X``, ``exp:MEAN`` or ``uniform:A:B``; raise ValueError with a readable reason."""
    shown = quoted(text)
    kind, _, rest = text.strip().partition(":")
    params = rest.split(":") if rest else []
    if kind not in _ARITY:
        raise ValueError(f"unknown distribution {shown}; use {SPEC_HELP}")
    if len(params) != _ARITY[kind]:
        raise ValueError(f"{kind} takes {_ARITY[kind]} number(s), got {shown}; use {SPEC_HELP}")
    try:
        # + 0.0 turns -0 into 0, which prints as a spec that reads back the same.
        values = [float(p) + 0.0 for p in params]
    except ValueError:
        raise ValueError(f"{shown} has a parameter that is not a number; use {SPEC_HELP}") from None
    # Checked here too, to quote the text as typed: a number can read as another (exp:1e-400 is exp:0).
    if problem := _out_of_range(kind, *values):
        raise ValueError(f"{shown}: {problem}")
    return Distribution(kind, *values)  # type: ignore[arg-type]


def _out_of_range(kind: str, a: float, b: float = 0.0) -> str | None:
    """Why ``kind`` cannot take the parameters ``a`` (and ``b``), or None if it can."""
    params = (a, b) if kind == "uniform" else (a,)
    if not all(0 <= v <= MAX_DURATION_S for v in params):  # NaN fails every comparison
        return f"durations must be between 0 and {MAX_DURATION_S:.0f} s (finite and not negative)"
    if kind == "uniform" and a > b:
        return "uniform:A:B needs A <= B"
    if kind == "exp" and a < MIN_MEAN_S:
        return (
            f"exp needs a mean above zero, between {MIN_MEAN_S:g} and {MAX_DURATION_S:.0f} s "
            "(use fixed:0 for instant)"
        )
    return None


def exact(value: float) -> str:
    """``value`` as the shortest text that reads back as it (``86400.0001``, not ``:g``'s ``86400``)."""
    text = repr(value)
    return text.removesuffix(".0")


def quoted(text: str) -> str:
    """``text`` quoted for an error message, cut short (a mistyped option can be any length)."""
    return repr(text if len(text) <= _SHOWN_CHARS else f"{text[: _SHOWN_CHARS - 3]}...")
