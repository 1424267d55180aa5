"""The comparison's verdict: the story's moral, said with the numbers of the day compared.

"Is concurrency better than parallelism? Nope! That's not the moral of the story." The verdict is not a
race: each sentence says what the page says only where the numbers show it. Concurrency (turns) wins where
there is waiting: couples talk instead of standing. Parallelism (more cooks) wins where there is work:
the burgers come sooner. Both together (hybrid) is how web apps are built. A restaurant given more work
than its staff can do is overloaded, not beaten, and the verdict says which station and by how much.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from burger_tui.sim.model import Mode, RestaurantConfig

if TYPE_CHECKING:
    from burger_tui.sim.compare import ModelResult

CLEAR_MARGIN = 0.05  # "wins" and "as quick" need mean waits at least 5 % apart, or within 5 %


class Bottleneck(NamedTuple):
    """A model's busiest station if it kept up: who works there, at what, and the share of their time
    that work would take (the offered load: 1 or more, and its queue grows without bound)."""

    staff: str  # "one cook", "8 cashier-cooks"
    work: str  # "cooking"
    load: float

    @property
    def overloaded(self) -> bool:
        return self.load >= 1


def bottleneck(config: RestaurantConfig) -> Bottleneck:
    """The station of ``config``'s model that the arrivals load most."""
    rate = config.arrival_rate_per_min / 60
    order, cook = config.order_time.mean, config.cook_time.mean
    if config.mode is Mode.PARALLEL:
        staff = _people(config.cooks, "cashier-cook")
        return Bottleneck(staff, "taking orders and cooking", rate * (order + cook) / config.cooks)
    cooks = 1 if config.mode is Mode.CONCURRENT else config.cooks
    cashier = Bottleneck("one cashier", "taking orders", rate * order)
    kitchen = Bottleneck(_people(cooks, "cook"), "cooking", rate * cook / cooks)
    return max(cashier, kitchen, key=lambda station: station.load)


@dataclass(frozen=True)
class Verdict:
    """The story's moral for one comparison, a sentence a point (see the module's docstring)."""

    talking: Mode  # the highest talking share of the models that keep up
    standing: Mode  # the most seconds per couple spent standing
    fastest: Mode  # the lowest mean wait to burgers of the models that keep up
    overloaded: tuple[Mode, ...]  # offered load of 1 or more: their queues grow all day
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def as_dict(self) -> dict[str, Any]:
        return {
            "talking": str(self.talking),
            "standing": str(self.standing),
            "fastest": str(self.fastest),
            "overloaded": [str(mode) for mode in self.overloaded],
            "sentences": list(self.sentences),
            "text": self.text,
        }


def verdict(models: Sequence[ModelResult]) -> Verdict:
    """The moral of ``models`` (the same couples in each), from their numbers."""
    keeping_up = [m for m in models if m.offered_load < 1] or list(models)
    talking = max(keeping_up, key=lambda m: m.talking_share)
    standing = max(models, key=lambda m: m.standing_s)
    fastest = min(keeping_up, key=lambda m: m.wait["mean"])
    by_mode = {m.mode: m for m in models}
    sentences = [
        _waiting(talking, standing),
        _work(by_mode),
        _both(by_mode.get(Mode.HYBRID), fastest),
        *(_overloaded(m) for m in models if m.offered_load >= 1),
    ]
    overloaded = tuple(m.mode for m in models if m.offered_load >= 1)
    return Verdict(talking.mode, standing.mode, fastest.mode, overloaded, tuple(s for s in sentences if s))


def _waiting(talking: ModelResult, standing: ModelResult) -> str:
    """Concurrency's point: where there is waiting, couples with a number talk instead of standing."""
    if talking.offered_load >= 1:  # none keeps up: their own sentences say why
        rate = talking.report.config.arrival_rate_per_min
        return f"No restaurant keeps up with {rate:g} couples a minute: every wait grows all day."
    if talking.talking_share == 0:
        return f"No restaurant that keeps up lets couples talk here: in {_stand(talking)}."
    said = (
        f"Where there is waiting, concurrency wins: in {_title(talking)} couples talk for "
        f"{talking.talking_share:.0%} of their {_s(talking.wait['mean'])} wait instead of standing"
    )
    return f"{said}; in {_stand(standing)}." if standing is not talking else f"{said}."


def _stand(model: ModelResult) -> str:
    """``Parallel Burgers they stand 57 s each, in silence``."""
    silent = ", in silence" if model.talking_share == 0 else ""
    return f"{_title(model)} they stand {_s(model.standing_s)} each{silent}"


def _work(by_mode: dict[Mode, ModelResult]) -> str:
    """Parallelism's point: where there is work, more cooks get the burgers out sooner.

    Hybrid against concurrent tells it best: the same cashier and numbers, only more cooks. When hybrid
    cannot keep up either (its one cashier is the bottleneck), parallel's cashier-cooks are the many."""
    one = by_mode.get(Mode.CONCURRENT)
    if one is None:
        return ""
    cooks = one.report.config.cooks  # the staff budget of parallel and hybrid
    if cooks == 1:
        return "With one cook in every restaurant nobody shares the work: there is no parallelism to gain."
    many = next(
        (
            by_mode[mode]
            for mode in (Mode.HYBRID, Mode.PARALLEL)
            if mode in by_mode and by_mode[mode].offered_load < 1
        ),
        None,
    )
    if many is None:
        return ""  # every restaurant with more cooks is overloaded: their own sentences say why
    staff = _people(cooks, "cashier-cook" if many.mode is Mode.PARALLEL else "cook")
    # Each wait named by its model, and what is compared (many cooks against one, with the same one cashier
    # in hybrid): a reader checks it against the table, where another model may be quicker still.
    same = " (and the same one cashier)" if many.mode is Mode.HYBRID else ""
    quick = f"in {_title(many)}, {staff}{same} serve in a mean {_s(many.wait['mean'])}"
    busy = one.report.utilization["cooks"]
    if one.offered_load >= 1:
        return f"Where there is work, parallelism wins: {quick}; in {_title(one)}, one cook cannot keep up."
    if many.wait["mean"] <= (1 - CLEAR_MARGIN) * one.wait["mean"]:
        return (
            f"Where there is work, parallelism wins: {quick}; in {_title(one)}, one cook (busy {busy:.0%}) "
            f"in {_s(one.wait['mean'])}."
        )
    return (
        f"Here the work is light: in {_title(one)} one cook keeps up (busy {busy:.0%}), and in "
        f"{_title(many)} {staff} do not shorten the mean wait much ({_s(many.wait['mean'])} against "
        f"{_s(one.wait['mean'])})."
    )


def _both(hybrid: ModelResult | None, fastest: ModelResult) -> str:
    """The conclusion's point: turns and many cooks together, as web apps are built."""
    if hybrid is None or hybrid.offered_load >= 1 or hybrid.talking_share == 0:
        return ""
    if hybrid.report.config.cooks == 1:
        return ""  # one cook: hybrid is concurrent, and the sentences above say it
    quick = ""
    if hybrid is not fastest and hybrid.wait["mean"] <= (1 + CLEAR_MARGIN) * fastest.wait["mean"]:
        quick = f", as quick as {fastest.mode.story_title},"
    return (
        f"Both together, as web apps are built: {_title(hybrid)} serves in {_s(hybrid.wait['mean'])}{quick} "
        f"and its couples talk for {hybrid.talking_share:.0%} of it."
    )


def _overloaded(model: ModelResult) -> str:
    """Why a model cannot keep up: its busiest station, and how much work the arrivals bring it."""
    config = model.report.config
    station = bottleneck(config)
    whose = "its" if station.staff.startswith("one ") else "each of its"
    return (
        f"{_title(model)} is overloaded, not beaten: {config.arrival_rate_per_min:g} couples a minute bring "
        f"{whose} {station.staff} {station.load * 60:.0f} s of {station.work} a minute (offered load "
        f"{station.load:.2f}): its queue grows all day."
    )


def _title(model: ModelResult) -> str:
    return model.mode.story_title


def _s(seconds: float) -> str:
    return f"{seconds:.0f} s"


def _people(count: int, role: str) -> str:
    return f"one {role}" if count == 1 else f"{count} {role}s"
