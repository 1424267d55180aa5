"""The application's own choices, apart from the dashboard it shows."""

from __future__ import annotations

import os
import subprocess
import sys

from burger_tui.ui.app import FPS, SERVED_FPS, BurgerApp


def _fps_in_a_new_process(*, driver: str | None, asked: str = "") -> float:
    """The app's frame rate in a Python started as textual-serve starts a tab (``driver``: its
    ``TEXTUAL_DRIVER``; Textual reads it once, at import)."""
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_DRIVER"}
    if driver is not None:
        env["TEXTUAL_DRIVER"] = driver
    code = f"from burger_tui.ui.app import BurgerApp; print(BurgerApp({asked}).fps)"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(done.stdout)


WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve sets for each tab


def test_a_terminal_gets_the_full_frame_rate() -> None:
    assert BurgerApp().fps == FPS
    assert _fps_in_a_new_process(driver=None) == FPS


def test_a_browser_tab_gets_fewer_frames() -> None:
    assert _fps_in_a_new_process(driver=WEB_DRIVER) == SERVED_FPS < FPS


def test_a_frame_rate_asked_for_is_kept() -> None:
    assert BurgerApp(fps=5.0).fps == 5.0
    assert _fps_in_a_new_process(driver=WEB_DRIVER, asked="fps=5.0") == 5.0
