"""Watching a panel repaint: which regions it asks Textual to refresh."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def watch_refreshes(panel: Widget) -> list[tuple[Region, ...]]:
    """Record the regions of every ``refresh`` of ``panel`` from now on (the refresh still happens)."""
    refreshed: list[tuple[Region, ...]] = []
    refresh = panel.refresh

    def spy(*regions: Region, **options: bool) -> Widget:
        refreshed.append(regions)
        return refresh(*regions, **options)

    panel.refresh = spy  # type: ignore[method-assign]
    return refreshed
