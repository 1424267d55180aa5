"""``burger-tui serve``: the dashboard in web browsers, a tab a dashboard."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from burger_tui.cli.exits import EXIT_USAGE


def serve(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Serve until stopped; ``argv``'s words before 'serve' are every tab's dashboard options."""
    from burger_tui import serve as web
    from burger_tui.serve_settings import DEFAULT_PER_ADDRESS

    # Every tab's dashboard gets the options exactly as given before 'serve', already checked by this parser.
    dashboard_argv = argv[: list(argv).index("serve")]
    try:
        loopback = web.is_loopback(web.check_address(args.host, args.port))
        token = _room_token(args, loopback=loopback)
        per_address = args.max_per_address or (args.max_sessions if loopback else DEFAULT_PER_ADDRESS)
        web.serve(
            args.host,
            args.port,
            dashboard_argv,
            max_sessions=args.max_sessions,
            per_address=per_address,
            token=token,
        )
    except web.ServeError as error:
        print(f"burger-tui serve: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _room_token(args: argparse.Namespace, *, loopback: bool) -> str | None:
    """The secret a visitor's URL must carry: none on loopback (only this machine can connect) unless asked
    for, a random one elsewhere unless ``--no-token`` (an explicit choice, warned about)."""
    from burger_tui.serve_guard import new_token

    if args.token is not None:
        return str(args.token)
    if args.no_token or loopback:
        if args.no_token and not loopback:
            print(
                f"burger-tui serve: warning: --no-token: anyone who can reach port {args.port} on "
                f"{args.host} gets a dashboard",
                file=sys.stderr,
                flush=True,
            )
        return None
    return new_token()
