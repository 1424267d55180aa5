"""Headless Chromium (Debian's ``chromium``) as the browser tests and the screenshot tool start it."""

from __future__ import annotations

# As root in a container, without a network beyond loopback: no sandbox, no GPU, nothing Chromium would
# fetch by itself (its connections are refused here, many at a time).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
