"""What ``pip install burger-tui`` gets: the product, none of the development tooling, and a program that
runs from the installed wheel alone (``--version``, ``simulate``, the dashboard, the served page)."""

from __future__ import annotations

import html
import json
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import urllib.request
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import burger_tui
from burger_tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "burger_tui"
VERSION = burger_tui.__version__  # pyproject.toml reads it from there (hatch's dynamic version)
TOOLING = ("screenshot", "devtools", "scripted", "scenes", "driving", "benchmark")
INSTALL_TIMEOUT_S = 600  # the dependencies come from the configured indexes: 8-15 s here, more under load


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built as ``pip install .`` builds it (hatchling)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("*.whl")
    return built


def test_the_wheel_holds_the_package_and_no_tooling(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "burger_tui/sim/restaurant.py" in names
    assert "burger_tui/ui/dashboard.py" in names
    assert all(name.startswith(("burger_tui/", "burger_tui-")) for name in names), names
    assert [name for name in names if any(word in name.lower() for word in TOOLING)] == []
    sources = b"".join(zipfile.ZipFile(wheel).read(name) for name in names if name.endswith(".py"))
    assert b"DevTools" not in sources  # no browser driver
    assert b"Runtime.evaluate" not in sources


def test_the_wheel_holds_every_data_file_of_the_package(wheel: Path) -> None:
    data = {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    assert {"burger_tui/ui/app.tcss", "burger_tui/serve_page/app_index.html"} <= data
    assert data <= set(zipfile.ZipFile(wheel).namelist())


def test_version_is_the_installed_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"burger-tui {metadata.version('burger-tui')}\n"


def test_version_from_a_checkout_never_installed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"burger-tui {burger_tui.__version__}\n"


# Run by the installed venv's Python: the dashboard headless until its first frame, and what it loaded.
DASHBOARD = """
import asyncio, json
import burger_tui
from burger_tui.sim.model import RestaurantConfig
from burger_tui.ui.app import BurgerApp

async def first_frame():
    app = BurgerApp(RestaurantConfig(seed=1), auto_arrivals=False, ascii_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        styles = [path for path, _ in app.stylesheet.source if path.endswith(".tcss")]
        frame = app.export_screenshot()
        print(json.dumps({"package": burger_tui.__file__, "styles": styles, "frame": frame}))

asyncio.run(first_frame())
"""


@pytest.mark.wheel
def test_the_wheel_installed_in_a_fresh_venv_runs_on_its_own(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python, program = venv / "bin" / "python", venv / "bin" / "burger-tui"
    # This pip installs into the new venv (bootstrapping pip there would cost ~3 s); not editable, and the
    # dependencies come from the configured indexes, as for anyone who installs it. Resolving them is most
    # of the time; --no-compile saves compiling every module of every dependency (~5 s, more under load).
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    installed = subprocess.run(
        [*pip, "install", "--quiet", "--no-compile", str(wheel)],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_S,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    away = tmp_path / "elsewhere"  # outside the checkout, which must not be importable
    away.mkdir()
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}

    def run(*argv: str | Path) -> str:
        done = subprocess.run(argv, cwd=away, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        return done.stdout

    assert run(program, "--version") == f"burger-tui {VERSION}\n"
    report = json.loads(run(program, "simulate", "--customers", "20", "--seed", "1", "--json"))
    assert report["served"] == 20
    assert report["mode"] == "concurrent"

    shown = json.loads(run(python, "-c", DASHBOARD))
    site = venv / "lib"
    assert Path(shown["package"]).is_relative_to(site)
    assert [Path(path).relative_to(site).parts[-3:] for path in shown["styles"]] == [
        ("burger_tui", "ui", "app.tcss")
    ]
    frame = html.unescape(shown["frame"]).replace("\xa0", " ")
    assert "Welcome to Concurrent Burgers." in frame

    assert "textual.js" in _served_page(program, away, env)


def _served_page(program: Path, cwd: Path, env: dict[str, str]) -> str:
    """``burger-tui serve`` on a free local port: the page at the address it prints, then Ctrl+C."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [program, "serve", "--port", str(port)], cwd=cwd, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        with selectors.DefaultSelector() as ready:
            ready.register(server.stdout, selectors.EVENT_READ)
            assert ready.select(timeout=60), "serve printed no address within 60 s"
        (url,) = re.findall(r"http://\S+", server.stdout.readline())
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            return str(response.read().decode())
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
