"""Markers of the reliability suite (its Hypothesis profiles: ``tests/helpers/profiles.py``)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a long run, skipped unless BURGER_SLOW=1 (nightly)")
