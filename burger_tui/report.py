"""The readable tables of ``burger-tui simulate`` and ``compare``, and the comparison's rows, which the
compare screen shows too."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from rich.console import Console
from rich.table import Table

from burger_tui.sim.compare import Comparison, ModelResult
from burger_tui.sim.distributions import Distribution, exact
from burger_tui.sim.headless import RunReport
from burger_tui.sim.model import Mode, RestaurantConfig, describe_staff
from burger_tui.sim.stats import RATE_FROM_COUPLES, RATE_FROM_S, WAIT_FIGURES
from burger_tui.sim.times import clock_text

WAIT_LABELS = {
    "line": "Cashier line",
    "kitchen_queue": "Kitchen queue",
    "order_to_food": "Order -> food ready",
    "pickup": "Ready -> picked up",
    "total": "Total visit",
}


class StdoutConsole(Console):
    """Rich's console on stdout, but a reader that went away (``| head``) is the command line's to handle:
    Rich would exit with 1 itself, where the JSON output ends as every command does (see the CLI)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


NONE = "–"  # a figure over no couples: none, not 0 as if measured


def _num(value: float | None, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals; a number that is not finite is shown as "n/a", never "nan"."""
    if value is None:
        return NONE
    return f"{value:.{digits}f}" if math.isfinite(value) else "n/a"


def _share(value: float | None) -> str:
    """A share of 0..1 as a percentage (``"n/a"`` if not finite)."""
    if value is None:
        return NONE
    return f"{value:.0%}" if math.isfinite(value) else "n/a"


class ComparisonRow(NamedTuple):
    """A row of the comparison: its label, and a model's cell."""

    label: str
    cell: Callable[[ModelResult], str]


# Waits in simulated seconds; the screen has no room for the table's title that says so.
COMPARISON_ROWS = (
    ComparisonRow("served / hour", lambda m: _num(m.report.throughput_per_hour)),
    ComparisonRow("wait mean (s)", lambda m: _num(m.wait["mean"])),
    ComparisonRow("wait p95 (s)", lambda m: _num(m.wait["p95"])),
    ComparisonRow("standing / couple (s)", lambda m: _num(m.standing_s)),
    ComparisonRow("talking share", lambda m: _share(m.talking_share)),
    ComparisonRow("cashier busy", lambda m: _share(m.report.utilization["cashier"])),
    ComparisonRow("cooks busy", lambda m: _share(m.report.utilization["cooks"])),
    ComparisonRow("offered load", lambda m: _num(m.offered_load, 2)),
)


class Setting(NamedTuple):
    """A setting of a day in a title: in full words (the commands' headings) and in short (a narrow title)."""

    words: str
    short: str


def day_settings(cfg: RestaurantConfig) -> list[Setting]:
    """Every setting of a day that changes its figures, besides who works there, in the order every title
    names them: the commands' headings and the compare screen's title are made of these, so that two days
    with different figures never have the same title. The line at the door only when there is one (the
    dashboard opens with 5, the commands with none); the walk and the look at the counter, which no command
    line sets, only when a day file changed them."""
    usual = RestaurantConfig()
    rate = exact(cfg.arrival_rate_per_min)
    settings = [Setting(f"arrivals {rate}/min", f"{rate}/min")]
    if cfg.opening_line:
        settings.append(Setting(f"{cfg.opening_line} at the door as it opens", f"{cfg.opening_line} at door"))
    times = (("order", cfg.order_time), ("cook", cfg.cook_time), ("eat", cfg.eat_time))
    settings += [Setting(f"{name} {spec}", f"{name} {_short_spec(spec)}") for name, spec in times]
    if cfg.walk_time != usual.walk_time:
        walk = f"walk {exact(cfg.walk_time)} s"
        settings.append(Setting(f"{walk} to the counter", walk))
    if cfg.glance_every != usual.glance_every:
        look = f"look every {exact(cfg.glance_every)} s"
        settings.append(Setting(f"a {look} at the counter", look))
    settings.append(Setting(f"seed {cfg.seed}", f"seed {cfg.seed}"))
    return settings


def _short_spec(spec: Distribution) -> str:
    """``10–20`` for ``uniform:10:20``, ``exp 45`` for ``exp:45``, ``45`` for ``fixed:45`` (seconds)."""
    if spec.kind == "uniform":
        return f"{exact(spec.a)}–{exact(spec.b)}"
    return f"exp {exact(spec.a)}" if spec.kind == "exp" else exact(spec.a)


def _settings(cfg: RestaurantConfig) -> str:
    return ", ".join(setting.words for setting in day_settings(cfg))


def _organisations(report: RunReport) -> str:
    """Every model of the day in order, with its staff: a day switched live names them all."""
    cfg = report.config
    opened = report.started_as or (cfg.mode, cfg.cooks)
    parts = [_organisation(*opened)]
    parts += [
        f"from {clock_text(s.at, tenths=False)} {_organisation(s.mode, s.cooks)}" for s in report.switches
    ]
    return "; ".join(parts)


def _organisation(mode: Mode, cooks: int) -> str:
    return f"[bold]{mode.story_title}[/] ({describe_staff(mode, cooks)})"


def print_report(report: RunReport, console: Console | None = None) -> None:
    console = console or StdoutConsole()
    cfg = report.config
    console.print(f"{_organisations(report)}, {_settings(cfg)}")
    waits = Table(title="Waits (simulated seconds)", title_justify="left")
    waits.add_column("phase")
    waits.add_column("couples", justify="right")  # the whole visit: those who left; the others: served
    for column in WAIT_FIGURES:
        waits.add_column(column, justify="right")
    for name, label in WAIT_LABELS.items():
        row = report.waits[name]
        waits.add_row(label, _num(row["couples"], 0), *(_num(row[c]) for c in WAIT_FIGURES))
    console.print(waits)
    util = report.utilization
    console.print(
        f"served {_couples(report.served)} in {_time(report.sim_time_s)} of simulated "
        f"time ({_rate(report.throughput_per_hour)}); "
        f"cashier busy {_share(util['cashier'])}, cooks busy {_share(util['cooks'])}; "
        f"talking share {_share(report.talking_share)}; "
        f"wall time {report.wall_time_s:.2f} s"
    )


def _time(seconds: float) -> str:
    """``h:mm:ss`` of simulated time (``"n/a"`` if not finite)."""
    return clock_text(seconds, tenths=False) if math.isfinite(seconds) else "n/a"


def _couples(count: int) -> str:
    return "1 couple" if count == 1 else f"{count} couples"


def _rate(per_hour: float | None) -> str:
    if per_hour is None:
        return f"under {RATE_FROM_COUPLES} couples and {RATE_FROM_S / 60:g} minutes: no rate per hour"
    return f"{_num(per_hour)}/hour"


def print_comparison(comparison: Comparison, console: Console | None = None) -> None:
    """``burger-tui compare``: the three models side by side, the sweep, and the verdict."""
    console = console or StdoutConsole()
    cfg = comparison.config
    console.print(
        f"[bold]Same {comparison.customers} couples, three restaurants[/]: {cfg.cooks} cooks, "
        f"{_settings(cfg)}"
    )
    models = comparison.models
    table = Table(title="Wait = walking in -> burgers in hand (simulated seconds)", title_justify="left")
    table.add_column("")
    for model in models:
        table.add_column(f"{model.mode.value.capitalize()}\n{model.staff}", justify="right")
    for label, cell in COMPARISON_ROWS:
        table.add_row(label, *(cell(m) for m in models))
    console.print(table)
    if comparison.sweep:
        sweep = Table(
            title=f"Mean wait as arrivals grow ({comparison.sweep_customers} couples a point; "
            "* = cannot keep up)",
            title_justify="left",
        )
        sweep.add_column("couples/min", justify="right")
        for model in models:
            sweep.add_column(model.mode.value.capitalize(), justify="right")
        rates = sorted({p.arrival_rate_per_min for p in comparison.sweep})
        points = {(p.mode, p.arrival_rate_per_min): p for p in comparison.sweep}
        for rate in rates:
            cells = []
            for model in models:
                point = points[(model.mode, rate)]
                cells.append(f"{_num(point.mean_wait_s, 0)}{'*' if point.offered_load >= 1 else ' '}")
            sweep.add_row(f"{rate:g}", *cells)
        console.print(sweep)
    for sentence in comparison.verdict.sentences:
        console.print(f"[bold]{sentence}[/]")
    console.print(f"wall time {comparison.wall_time_s:.2f} s")
