"""Bad input everywhere: every option of every command, a terminal too small, a terminal without emoji.

The CLI's promise: one line on stderr naming the argument, exit code 2, nothing on stdout, no
traceback, and the dashboard never starts on a bad option. (``simulate`` is covered in
``tests/test_cli.py``; this adds the dashboard's own options, ``compare``, ``lesson`` and ``serve``.)
"""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from burger_tui.cli import main
from burger_tui.sim.model import Mode
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.dashboard import MIN_HEIGHT, MIN_WIDTH
from burger_tui.ui.screens.help import HelpScreen
from tests.helpers.driving import advance, dashboard, make_app, resize

# (argv, the option the one-line message must name)
DASHBOARD = [
    (["--mode", "sequential"], "--mode"),
    (["--mode", ""], "--mode"),
    (["--mode", "PARALLEL"], "--mode"),
    (["--mode"], "--mode"),
    (["--cooks", "0"], "--cooks"),
    (["--cooks", "33"], "--cooks"),
    (["--cooks", "-1"], "--cooks"),
    (["--cooks", "3.0"], "--cooks"),
    (["--cooks", "three"], "--cooks"),
    (["--cooks", ""], "--cooks"),
    (["--speed", "0"], "--speed"),
    (["--speed", "0.2"], "--speed"),
    (["--speed", "17"], "--speed"),
    (["--speed=-4"], "--speed"),
    (["--speed", "nan"], "--speed"),
    (["--speed", "inf"], "--speed"),
    (["--speed", "1e400"], "--speed"),
    (["--speed", "fast"], "--speed"),
    (["--speed", ""], "--speed"),
    (["--speed"], "--speed"),
    (["--seed", "1.5"], "--seed"),
    (["--seed", "x"], "--seed"),
    (["--seed", ""], "--seed"),
    (["--no-auto=yes"], "--no-auto"),
    (["--ascii=1"], "--ascii"),
    # A simulate option given to the dashboard: the error names the command it belongs to.
    (["--customers", "10"], "burger-tui simulate --customers"),
    (["--bogus"], "--bogus"),
    (["bogus"], "bogus"),
    (["--speed", "2", "--mode", "nope"], "--mode"),
    # Extreme numbers (issue 15): refused up front, with the accepted range.
    (["--seed", str(2**63)], "--seed"),
    (["--seed", str(-(2**63) - 1)], "--seed"),
    (["--seed", "9" * 5000], "--seed"),
    (["--cooks", "1e308"], "--cooks"),
    (["--speed", "5e-324"], "--speed"),
]

COMMANDS = [
    (["compare", "--cooks", "0"], "--cooks"),
    (["compare", "--cooks", ""], "--cooks"),
    (["compare", "--seed", ""], "--seed"),
    (["compare", "--seed", "x"], "--seed"),
    (["compare", "--customers", "0"], "--customers"),
    (["compare", "--customers", "ten"], "--customers"),
    (["compare", "--customers", ""], "--customers"),
    (["compare", "--arrival-rate", "0"], "--arrival-rate"),
    (["compare", "--arrival-rate", "nan"], "--arrival-rate"),
    (["compare", "--arrival-rate", ""], "--arrival-rate"),
    (["compare", "--order-time", "normal:3"], "--order-time"),
    (["compare", "--cook-time", ""], "--cook-time"),
    (["compare", "--cook-time", "exp:-1"], "--cook-time"),
    (["compare", "--eat-time", "uniform:5"], "--eat-time"),
    (["compare", "--sweep-customers", "-1"], "--sweep-customers"),
    (["compare", "--sweep-customers", "x"], "--sweep-customers"),
    (["compare", "--sweep-customers", ""], "--sweep-customers"),
    (["compare", "--mode", "hybrid"], "--mode"),
    (["compare", "--export"], "--export"),
    (["simulate", "--export"], "--export"),
    (["lesson"], "LESSON"),
    (["lesson", "baking"], "baking"),
    (["lesson", "blocking", "--seconds", ""], "--seconds"),
    (["lesson", "blocking", "--seconds", "inf"], "--seconds"),
    (["lesson", "blocking", "--seconds", "0.01"], "--seconds"),
    (["lesson", "blocking", "--rooms", "2"], "--rooms"),
    (["lesson", "cleaning", "--rooms", ""], "--rooms"),
    (["lesson", "cleaning", "--workers", ""], "--workers"),
    (["lesson", "cleaning", "--workers", "-1"], "--workers"),
    (["lesson", "cleaning", "--room-size", "1e9"], "--room-size"),
    (["lesson", "cleaning", "--room-size", "999999999"], "--room-size"),
    (["lesson", "cleaning", "--seed", ""], "--seed"),
    (["lesson", "cleaning", "--seed", "x"], "--seed"),
    (["compare", "--arrival-rate", "5e-324"], "--arrival-rate"),
    (["compare", "--arrival-rate", "1e308"], "--arrival-rate"),
    (["compare", "--arrival-rate", "1000000"], "--arrival-rate"),  # the sweep would go above the top
    (["compare", "--order-time", "uniform:0:1e308"], "--order-time"),
    (["compare", "--cook-time", "fixed:1e308"], "--cook-time"),
    (["compare", "--eat-time", "exp:5e-324"], "--eat-time"),
    (["compare", "--sweep-customers", "1e308"], "--sweep-customers"),
    (["compare", "--seed", str(2**63)], "--seed"),
    (["lesson", "blocking", "--seconds", "5e-324"], "--seconds"),
    (["lesson", "blocking", "--seconds", "1e308"], "--seconds"),
    (["lesson", "cleaning", "--seed", str(2**63)], "--seed"),
    (["lesson", "cleaning", "--room-size", "9" * 5000], "--room-size"),
    (["lesson", "cleaning", "--rooms", "-0"], "--rooms"),
    (["serve", "--port", ""], "--port"),
    (["serve", "--port"], "--port"),
    (["serve", "--host"], "--host"),
    (["serve", "--speed", "0"], "--speed"),  # dashboard options after 'serve' are checked as before it
    (["serve", "--token", "a b"], "--token"),
    (["serve", "--token", "t", "--no-token"], "--no-token"),
    (["serve", "--max-per-address", "0"], "--max-per-address"),
    (["--speed", "0", "serve"], "--speed"),
    (["--mode", "", "serve"], "--mode"),
    (["--cooks", "99", "serve"], "--cooks"),
]


def ids(cases: list[tuple[list[str], str]]) -> list[str]:
    return [" ".join(_word(a) for a in argv) for argv, _ in cases]


def _word(arg: str) -> str:
    """An argument as a test id shows it: empty ones quoted, 5000-digit ones cut short."""
    return repr(arg) if not arg else arg if len(arg) <= 30 else f"{arg[:10]}...({len(arg)} chars)"


@pytest.fixture
def no_tui(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything tries to start the dashboard or a server."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("started although the arguments were bad")

    monkeypatch.setattr(BurgerApp, "run", refuse)
    monkeypatch.setattr("burger_tui.serve.serve", refuse)


def assert_one_line_exit_2(argv: list[str], names: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n"), err
    assert err.count("\n") == 1, err
    assert err.startswith("burger-tui")
    assert names in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("no_tui")
@pytest.mark.parametrize(("argv", "names"), DASHBOARD, ids=ids(DASHBOARD))
def test_bad_dashboard_options_exit_2_with_one_line_and_no_tui(
    argv: list[str], names: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_one_line_exit_2(argv, names, capsys)


@pytest.mark.usefixtures("no_tui")
@pytest.mark.parametrize(("argv", "names"), COMMANDS, ids=ids(COMMANDS))
def test_bad_command_options_exit_2_with_one_line(
    argv: list[str], names: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_one_line_exit_2(argv, names, capsys)


def test_a_bad_dashboard_option_in_a_real_process_draws_nothing() -> None:
    """Through ``python -m burger_tui``: no escape sequences, no alternate screen, one line."""
    done = subprocess.run(
        [sys.executable, "-m", "burger_tui", "--speed", "0", "--mode", "parallel"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "--speed" in done.stderr
    assert "\x1b" not in done.stderr


# -- the terminal ------------------------------------------------------------------------------


def screen_text(app: BurgerApp) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot()))
    return text.replace("\xa0", " ")


@pytest.mark.parametrize(
    "size",
    [(MIN_WIDTH - 1, 40), (120, MIN_HEIGHT - 1), (MIN_WIDTH - 1, MIN_HEIGHT - 1), (30, 10), (12, 4), (1, 1)],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
async def test_below_the_minimum_the_screen_asks_to_be_enlarged(size: tuple[int, int]) -> None:
    app, source = make_app(auto=True)
    async with dashboard(app, size=size) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 30, step=5)
        await pilot.pause()
        assert app.dashboard.too_small
        assert app.query_one("#too-small").display
        assert not app.query_one("#body").display  # no broken, squeezed dashboard behind it
        if size[0] >= 30:  # room for the words (a 1x1 terminal shows what fits: nothing breaks)
            assert "Please enlarge" in " ".join(screen_text(app).split())
        # It keeps working underneath, and comes back in full when the terminal grows.
        await resize(pilot, MIN_WIDTH, MIN_HEIGHT)
        await pilot.pause()
        assert not app.dashboard.too_small
        assert app.query_one("#body").display
        assert app.dashboard.session.running
        assert app.dashboard.session.snapshot().stats.arrived > 10


async def test_help_screen_in_ascii_mode_has_no_emoji() -> None:
    app, source = make_app(ascii_only=True)
    async with dashboard(app, size=(120, 60)) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 60, step=5)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Concurrent Burgers" in text
        assert not [char for char in text if ord(char) > 0x2FFF], "an emoji slipped through"


async def test_every_screen_size_in_ascii_mode_has_no_emoji() -> None:
    app, source = make_app(ascii_only=True, mode=Mode.PARALLEL)
    async with dashboard(app, size=(80, 24)) as pilot:
        await pilot.press("O")
        for size in [(80, 24), (200, 60), (MIN_WIDTH, MIN_HEIGHT)]:
            await resize(pilot, *size)
            await advance(pilot, source, 30, step=5)
            await pilot.press("m")
            text = screen_text(app)
            assert not [char for char in text if ord(char) > 0x2FFF], (size, "an emoji slipped through")
