"""What the figures were measured on: CPU model, cores, Python and the versions that matter."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> list[str]:
    """Markdown lines naming the machine, the date and the software."""
    packages = ", ".join(f"{name} {_version(name)}" for name in ("anyio", "simpy", "ciw", "textual"))
    return [
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores ({platform.machine()})",
        f"- Python: {platform.python_implementation()} {platform.python_version()} on {platform.system()}",
        f"- Packages: {packages}",
        f"- Load average when the run started (1, 5, 15 min): {_load()} (other work on the machine slows"
        " every figure; ratios measured in the same run are the ones to compare)",
    ]


def _load() -> str:
    try:
        return ", ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:
        return "unknown"
