"""``burger-tui lesson``: the seed's lessons beyond burgers, measured on this machine."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from burger_tui.cli.exits import EXIT_FAILED, UsageError
from burger_tui.cli.output import print_json, print_text
from burger_tui.lessons.web_settings import MAX_BLOCKING_S


def lesson(args: argparse.Namespace, _argv: Sequence[str]) -> int:
    """``lesson blocking``, ``cleaning`` or ``web``: run it, then print its report as a table or JSON."""
    import anyio

    from burger_tui.progress import stderr_progress

    data: dict[str, Any]
    if args.lesson == "blocking":
        from burger_tui.lessons import blocking

        report = anyio.run(blocking.run_blocking_lesson, args.seconds)
        text, data = blocking.format_report(report), report.as_dict()
    elif args.lesson == "web":
        served = _web(args)
        if served is None:
            return EXIT_FAILED
        text, data = served
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


def _web(args: argparse.Namespace) -> tuple[str, dict[str, Any]] | None:
    """``lesson web``: its table and JSON, or ``None`` once its one line of failure is on stderr."""
    blocking_s = args.requests * args.cook_time
    if blocking_s > MAX_BLOCKING_S:
        raise UsageError(
            f"the blocking endpoint serves one request at a time: {args.requests} x {args.cook_time:g} s "
            f"= {blocking_s:g} s, more than {MAX_BLOCKING_S:g} s; ask for fewer requests or a shorter "
            "cook time"
        )
    import anyio

    from burger_tui.lessons import web, web_results
    from burger_tui.progress import stderr_progress

    with stderr_progress("Serving") as bar:

        def on_progress(style: web_results.Style, done: int, total: int) -> None:
            if bar is not None:
                bar(done, total, f"Serving: {web_results.STYLES[style].title}")

        async def run() -> web_results.WebReport:
            return await web.run_web_lesson(
                args.requests, args.cook_time, args.tokens, port=args.port, on_progress=on_progress
            )

        try:
            report = anyio.run(run)
        except web.PortInUse as error:
            raise UsageError(str(error)) from None
        except web.WebLessonError as error:
            sys.stderr.write(f"burger-tui lesson web: {error}\n")
            return None
    return web_results.format_report(report), report.as_dict()
