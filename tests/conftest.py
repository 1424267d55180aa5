"""Markers and settings shared by the whole suite."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "wheel: installs the built wheel in a fresh venv and runs it (10-40 s); -m 'not wheel' leaves it out",
    )
    # A suite started in the background by a shell without job control (`bash script &`) inherits Ctrl+C
    # ignored, and so would every command it starts: Python keeps an inherited SIG_IGN, as Unix programs
    # should, and the tests that press Ctrl+C on a command would wait for it forever. A handler of our own
    # is reset to the default as a command starts (exec), so each gets Python's KeyboardInterrupt again.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The dashboards the tests start (in this process and the commands they run) keep their parsed stylesheet
    in a folder of the run's own, not the user's cache (``burger_tui/ui/parsed_css.py``)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before
