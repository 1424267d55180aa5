"""The readable summary table of ``burger-tui simulate``."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from burger_tui.sim.headless import RunReport
from burger_tui.sim.model import describe_staff

WAIT_LABELS = {
    "line": "Cashier line",
    "kitchen_queue": "Kitchen queue",
    "order_to_food": "Order -> food ready",
    "pickup": "Ready -> picked up",
    "total": "Total visit",
}


def print_report(report: RunReport, console: Console | None = None) -> None:
    console = console or Console()
    cfg = report.config
    console.print(
        f"[bold]{cfg.mode.story_title}[/] ({describe_staff(cfg.mode, cfg.cooks)}), "
        f"{cfg.arrival_rate_per_min:g} couples/min, order {cfg.order_time}, cook {cfg.cook_time}, "
        f"eat {cfg.eat_time}, seed {cfg.seed}"
    )
    waits = Table(title="Waits (simulated seconds)", title_justify="left")
    waits.add_column("phase")
    for column in ("mean", "p50", "p95", "p99", "max"):
        waits.add_column(column, justify="right")
    for name, label in WAIT_LABELS.items():
        row = report.waits[name]
        waits.add_row(label, *(f"{row[c]:.1f}" for c in ("mean", "p50", "p95", "p99", "max")))
    console.print(waits)
    util = report.utilization
    console.print(
        f"served {report.served} couples in {report.sim_time_s / 3600:.1f} simulated hours "
        f"({report.throughput_per_hour:.1f}/hour); "
        f"cashier busy {util['cashier']:.0%}, cooks busy {util['cooks']:.0%}; "
        f"talking share {report.talking_share:.0%}; "
        f"wall time {report.wall_time_s:.2f} s"
    )
