"""Simulated times in words, for every panel and the narration."""

from __future__ import annotations


def clock_text(seconds: float) -> str:
    """``h:mm:ss`` of simulated time."""
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def duration_text(seconds: float) -> str:
    """``1m05s`` / ``42s``: a wait in words a diner would use."""
    whole = round(seconds)
    return f"{whole // 60}m{whole % 60:02d}s" if whole >= 60 else f"{whole}s"
