"""``burger-tui lesson``: the seed's lessons beyond burgers, measured on this machine."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from burger_tui.cli.output import print_json, print_text


def lesson(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """``lesson blocking`` or ``lesson cleaning``: run it, then print its report as a table or JSON."""
    import anyio

    from burger_tui.progress import stderr_progress

    if args.lesson == "blocking":
        from burger_tui.lessons import blocking

        report = anyio.run(blocking.run_blocking_lesson, args.seconds)
        text, data = blocking.format_report(report), report.as_dict()
    else:
        from burger_tui.lessons import cleaning

        workers = args.workers or cleaning.default_workers()
        with stderr_progress("Cleaning") as bar:

            def on_progress(variant: cleaning.Variant, done: int, total: int) -> None:
                if bar is not None:
                    bar(done, total, f"Cleaning: {variant.label(workers)}")

            async def run() -> cleaning.CleaningReport:
                return await cleaning.run_cleaning_lesson(
                    args.rooms, workers, seed=args.seed, steps=args.room_size, on_progress=on_progress
                )

            cleaned = anyio.run(run)
        text, data = cleaning.format_report(cleaned), cleaned.as_dict()
    if args.json:
        print_json(data)
    else:
        print_text(text)
    return 0
