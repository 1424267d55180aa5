"""``burger-tui serve``: the page is served on a local port; bad addresses are one line, exit 2."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from burger_tui.cli import main
from burger_tui.serve import app_command, public_url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str, timeout_s: float = 15.0) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "burger_tui", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_serves_the_app_page_and_stops_cleanly_on_ctrl_c(served: tuple[subprocess.Popen[str], int]) -> None:
    process, port = served
    page = _fetch(f"http://127.0.0.1:{port}/")
    assert "burger-tui" in page  # the app's title
    assert f"ws://127.0.0.1:{port}/ws" in page  # the browser connects back to this server
    assert "textual.js" in page
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert f"serving the dashboard on http://127.0.0.1:{port}" in out
    assert "Traceback" not in out + err


def test_port_in_use_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already in use" in err


@pytest.mark.parametrize("host", ["no-such-host.invalid", "256.1.1.1", ""])
def test_bad_host_is_one_line_exit_2(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", host, "--port", str(_free_port())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("burger-tui serve: error:")


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http", "80.5"])
def test_bad_port_is_one_line_exit_2(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", port])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--port" in err


def test_each_tab_runs_burger_tui_with_this_python() -> None:
    assert app_command(["--mode", "parallel"]).startswith(sys.executable)
    assert app_command(["--mode", "parallel"]).endswith("-m burger_tui --mode parallel")
    assert public_url("::1", 8000) == "http://[::1]:8000"
