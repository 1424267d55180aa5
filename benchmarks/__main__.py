"""Run the benchmarks and write their figures into ``benchmarks/RESULTS.md``.

Each benchmark is a module here with ``NAME``, ``TITLE`` and ``run(quick) -> list[str]`` (markdown
lines). Running a subset replaces only those sections of RESULTS.md and keeps the others.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from types import ModuleType

from benchmarks import (
    classroom,
    cleaning,
    compare_cores,
    loop_lag,
    machine,
    memory,
    resets,
    responsiveness,
    rewind,
    simulation,
    startup,
    ui_cost,
    web_lesson,
)
from benchmarks.terminal import tmux_server

BENCHMARKS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (
        simulation,
        compare_cores,
        ui_cost,
        responsiveness,
        loop_lag,
        startup,
        memory,
        resets,
        classroom,
        web_lesson,
        rewind,
        cleaning,
    )
}
RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = "# Benchmark results\n\nWritten by `python -m benchmarks`; do not edit by hand.\n"


def _section(name: str, lines: list[str]) -> str:
    body = "\n".join(lines)
    return f"<!-- begin {name} -->\n{body}\n<!-- end {name} -->"


def _sections(text: str) -> dict[str, str]:
    pattern = re.compile(r"<!-- begin (\S+) -->\n.*?\n<!-- end \1 -->", re.S)
    return {match.group(1): match.group(0) for match in pattern.finditer(text)}


def _write_results(ran: dict[str, str]) -> None:
    """Replace the sections this run wrote, keeping every other one as the file has it *now*.

    The file is read only here, after the run: a benchmark that ran meanwhile in another shell keeps its
    section. The new text goes to a temporary file first, so an interrupted write leaves the old one whole.
    """
    sections = _sections(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    sections.update(ran)
    order = ["machine", *BENCHMARKS]
    text = "\n\n".join(sections[name] for name in order if name in sections)
    partial = RESULTS.with_suffix(".md.partial")
    partial.write_text(f"{HEADER}\n{text}\n", encoding="utf-8")
    partial.replace(RESULTS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not figures to keep")
    parser.add_argument("--no-write", action="store_true", help="print the results, leave RESULTS.md alone")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")

    ran = {"machine": _section("machine", ["## Machine", "", *machine.describe()])}
    with tmux_server():
        for name in args.names or BENCHMARKS:
            module = BENCHMARKS[name]
            print(f"== {module.TITLE}", file=sys.stderr)
            lines = module.run(quick=args.quick)
            ran[name] = _section(name, [f"## {module.TITLE}", "", *lines])
            print("\n".join(lines))

    if not args.no_write:
        _write_results(ran)
        print(f"wrote {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
