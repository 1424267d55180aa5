"""``burger-tui narrate``: the dashboard's story as plain lines while its day runs; Ctrl+C and a reader that
goes away end it quietly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import anyio
import pytest
from textual.content import Content

from burger_tui.cli import main
from burger_tui.narration import plain
from burger_tui.session import TOUR_RESUMES, replayed
from burger_tui.sim.limits import DEFAULT_OPENING_LINE
from burger_tui.sim.live import DayLog, DaySettings, Entry
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.snapshot import opening_snapshot
from burger_tui.sim.tour import TOUR
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.ui.keys import welcome
from burger_tui.ui.widgets.narration_log import NarrationLog
from tests.helpers.driving import advance, dashboard, make_app, settle

STAMPED = re.compile(r"(\d+):(\d\d):(\d\d) (\S.*)")


def _narrated(capsys: pytest.CaptureFixture[str], *argv: str) -> list[tuple[int, str]]:
    """``burger-tui narrate ARGV``'s lines as (whole simulated seconds, words)."""
    assert main(["narrate", *argv]) == 0
    return _stamped(capsys.readouterr().out)


def _stamped(out: str) -> list[tuple[int, str]]:
    """Lines of narrate's output as (whole simulated seconds, words)."""
    lines = []
    for line in out.splitlines():
        found = STAMPED.fullmatch(line)
        assert found, line
        hours, minutes, seconds, words = found.groups()
        lines.append((int(hours) * 3600 + int(minutes) * 60 + int(seconds), words))
    return lines


def test_the_story_as_plain_lines_in_time_order(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "--fast",
        "--customers",
        "2",
        "--seed",
        "3",
        "--mode",
        "hybrid",
        "--cooks",
        "3",
        "--opening-line",
        "0",
    ]
    lines = _narrated(capsys, *argv)
    assert lines[0][1] == "Welcome to Hybrid Burgers (1 cashier, 3 cooks)."
    times = [at for at, _ in lines]
    assert times == sorted(times)
    for _, words in lines:
        assert "[" not in words  # no markup
        assert "\x1b" not in words  # no colour codes
    story = [words for _, words in lines]
    # your visit, in the story's order
    order = (
        "You and your crush walk in",
        "Your turn: you order",
        "gives you number",
        "Burgers in hand",
        "You leave.",
    )
    found = [
        next(i for i, words in enumerate(story) if words.startswith(start) or start in words)
        for start in order
    ]
    assert found == sorted(found)


def test_the_same_seed_tells_the_same_story(capsys: pytest.CaptureFixture[str]) -> None:
    first = _narrated(capsys, "--fast", "--duration", "600", "--seed", "9")
    assert first == _narrated(capsys, "--fast", "--duration", "600", "--seed", "9")
    assert first != _narrated(capsys, "--fast", "--duration", "600", "--seed", "10")
    assert first[-1][0] - first[0][0] <= 600


@pytest.mark.parametrize("opening_line", [3, 5])
def test_the_line_at_the_door_is_told(capsys: pytest.CaptureFixture[str], opening_line: int) -> None:
    """Regression (issue 24): ``--opening-line 5`` was accepted and ignored: the same story as without it.
    The day opens with the couples at the door, and you are the last of them (as on the dashboard)."""
    argv = ["--fast", "--customers", "1", "--seed", "0", "--ascii"]
    plain_day = _narrated(capsys, *argv, "--opening-line", "0")
    lines = _narrated(capsys, *argv, "--opening-line", str(opening_line))
    assert lines[:2] == [
        (0, "Welcome to Concurrent Burgers (1 cashier, 1 cook)."),
        (0, f"You and your crush walk in and stand in line behind {opening_line - 1} couples."),
    ]
    assert plain_day[1][1] == "You and your crush walk in and stand in line."


def test_ascii_leaves_the_emoji_out(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _narrated(capsys, "--fast", "--customers", "1", "--ascii")
    assert all(words.isascii() for _, words in lines)
    assert any(
        words == "You and your crush walk in and stand in line behind 4 couples." for _, words in lines
    )


async def test_it_is_the_dashboards_story() -> None:
    """The same seeded day, on the dashboard (a manual clock) and told by narrate on virtual time: the same
    lines at the same times, but for the welcome (the dashboard's names its keys). Both at their defaults:
    the couples at the door as the dashboard opens are narrate's too."""
    app, source = make_app(auto=True, seed=4, speed=4.0, opening_line=DEFAULT_OPENING_LINE)
    async with dashboard(app, size=(120, 40)) as pilot:
        await advance(pilot, source, 90, step=1)
        await settle(pilot)
        shown = app.dashboard.query_one(NarrationLog).text.splitlines()
        until = app.dashboard.session.shown_time()
    narrating = [sys.executable, "-m", "burger_tui", "narrate", "--fast", "--duration", "600", "--seed", "4"]
    told = _stamped((await anyio.run_process(narrating)).stdout.decode())
    # the log counts a line repeated (×N) on one line; so does this
    collapsed: list[str] = []
    last, repeats = "", 1
    for at, words in told[1:]:
        if at > until - 2:  # the dashboard's last look is up to two seconds before
            break
        stamp = f"{at // 3600}:{at // 60 % 60:02d}:{at % 60:02d}"
        if words == last:
            repeats += 1
            collapsed[-1] = f"{stamp} {words} (×{repeats})"
        else:
            last, repeats = words, 1
            collapsed.append(f"{stamp} {words}")
    assert shown[0].endswith(plain(welcome(app.dashboard.session.config.mode)))
    assert len(collapsed) > 5
    assert shown[1 : len(collapsed) + 1] == collapsed


def test_plain_reads_the_story_as_the_screen_does() -> None:
    """The screen parses the story with Textual's markup, narrate strips it with Rich's: the same words for
    every line a day tells (a switched day's, the tour's, the welcome, a failure)."""

    async def told() -> list[str]:
        commands = (
            Entry(100, "rush"),
            Entry(300, "switch_to", "parallel"),
            Entry(500, "switch_to", "hybrid"),
        )
        async with replayed(DayLog(DaySettings(RestaurantConfig(seed=3)), commands), until=900) as session:
            return [line for _, line in session.take_lines()]

    lines = run_virtual(told)
    opening = opening_snapshot(DaySettings(RestaurantConfig()))  # the captions are said of a day
    lines += [f"[b]Tour {n}/{len(TOUR)}:[/b] {stop.caption(opening)}" for n, stop in enumerate(TOUR, 1)]
    lines += [
        TOUR_RESUMES,
        welcome(Mode.CONCURRENT),
        "[b red]The restaurant stopped:[/] RuntimeError: a fire",
    ]
    assert len(lines) > 40
    assert any("[b]" in line for line in lines)
    for line in lines:
        assert plain(line) == Content.from_markup(line).plain, line


def test_fast_needs_an_end(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["narrate", "--fast"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--fast needs an end: --customers N or --duration S" in err


def test_ctrl_c_ends_it_quietly() -> None:
    """On real time it runs until stopped: Ctrl+C (SIGINT) ends it with the shell's code, no traceback."""
    with subprocess.Popen(
        [sys.executable, "-m", "burger_tui", "narrate", "--speed", "16"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as narrating:
        assert narrating.stdout is not None
        first = narrating.stdout.readline()  # the day is open and telling
        assert first.endswith("Welcome to Concurrent Burgers (1 cashier, 1 cook).\n")
        narrating.send_signal(signal.SIGINT)
        _out, err = narrating.communicate(timeout=30)
    assert (narrating.returncode, err) == (128 + signal.SIGINT, "")


def test_head_reads_a_few_lines_and_it_ends_quietly() -> None:
    read_end, write_end = os.pipe()
    with subprocess.Popen(
        [sys.executable, "-m", "burger_tui", "narrate", "--fast", "--duration", "86400"],
        stdout=write_end,
        stderr=subprocess.PIPE,
    ) as narrating:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            assert reader.readline().startswith(b"0:00:")
        _out, err = narrating.communicate(
            timeout=60
        )  # the reader went away: its next line meets a broken pipe
    assert (narrating.returncode, err) == (0, b"")
