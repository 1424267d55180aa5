"""Markers shared by the whole suite."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "wheel: installs the built wheel in a fresh venv and runs it (10-40 s); -m 'not wheel' leaves it out",
    )
