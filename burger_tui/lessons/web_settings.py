"""The web lesson's ranges and defaults: constants only, so the command line can describe its options
without importing FastAPI, uvicorn or httpx."""

from __future__ import annotations

DEFAULT_REQUESTS = 100  # more than anyio's 40 tokens, so the threadpool's waves show
MAX_REQUESTS = 1_000
MIN_COOK_S = 0.01
MAX_COOK_S = 2.0
DEFAULT_COOK_S = 0.1  # the blocking endpoint takes N cook times: 10 s at the defaults
DEFAULT_TOKENS = 40  # anyio's default thread limiter, the threadpool FastAPI runs plain def in
MAX_TOKENS = 1_000
MAX_PORT = 65_535
MAX_BLOCKING_S = 120.0  # requests x cook time: how long the blocking endpoint may keep a learner waiting
READY = "ready"  # the kitchen server's first line on stdout once it takes orders: "ready <port>"
