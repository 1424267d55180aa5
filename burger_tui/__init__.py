"""burger_tui: the "Concurrent Burgers vs Parallel Burgers" story as a live terminal restaurant."""

__version__ = "0.1.0"
