"""What a command prints on stdout: one JSON line or text."""

from __future__ import annotations

import sys
from typing import Any


def print_json(data: dict[str, Any] | list[Any]) -> None:
    """One line of strict JSON: a NaN or an infinity is a bug to raise, never ``NaN`` for a reader
    to choke on (the accepted ranges keep every number finite)."""
    import json

    sys.stdout.write(json.dumps(data, allow_nan=False) + "\n")


def print_text(text: str) -> None:
    """``text`` and a newline."""
    sys.stdout.write(text + "\n")
