"""The lessons' ranges and defaults: constants only, so the command line can describe the lessons'
options without importing the lessons (and anyio's threads and processes with them)."""

from __future__ import annotations

# blocking
MIN_BLOCK_S = 0.05
MAX_BLOCK_S = 1.5  # a lesson, not a hang: the blocking call never holds the loop longer than this
DEFAULT_BLOCK_S = 1.0

# cleaning
ROOM_STEPS = 500_000  # about 0.25 s of pure Python on a 2020s core
MIN_ROOM_STEPS = 1_000
MAX_ROOM_STEPS = 100_000_000  # about 50 s a room
DEFAULT_ROOMS = 6
DEFAULT_SEED = 7
MAX_ROOMS = 64
MAX_WORKERS = 32
DEFAULT_WORKERS = (2, 8)  # one cleaner per usable core, at least two (a comparison), at most eight
