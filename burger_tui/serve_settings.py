"""``serve``'s limits, apart from :mod:`burger_tui.serve`: the command line's parser reads them on every
command (the dashboard's start-up included) and must not import the server to do it."""

DEFAULT_MAX_SESSIONS = 8
MAX_SESSIONS_LIMIT = 64  # each tab is a Python process of ~40 MB (8 tabs: 302 MB RSS)
# Tabs one client address may hold at once when others can connect: a student, a second tab, a spare.
DEFAULT_PER_ADDRESS = 3
