"""The web lesson on a real FastAPI server on loopback: counts, not clocks, wherever they can say it."""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator

import anyio
import httpx
import pytest

from burger_tui.cli import main
from burger_tui.lessons import web
from burger_tui.lessons.web import kitchen_server
from burger_tui.lessons.web_floor import Face, FloorLook, Where, faces
from burger_tui.lessons.web_results import (
    KITCHEN_MODULE,
    THREADPOOL,
    Style,
    StyleResult,
    WebReport,
    most_at_once,
    style_code,
    theory_words,
    waves,
)
from tests.helpers.serving import accepts, alive, cmdline, descendants, linux_only, until

REQUESTS, COOK_S, TOKENS = 10, 0.2, 4  # 10 couples, 4 tokens: 3 waves
STARTED_WITHIN_S = 60.0  # a loaded machine of two cores imports FastAPI slowly


Looks = dict[Style, list[FloorLook]]


@pytest.fixture(scope="module")
def served() -> tuple[WebReport, Looks]:
    """Every style served once on one real server: what it measured, and its floor as the lesson saw it."""
    looks: Looks = {style: [] for style in Style}

    async def serve() -> WebReport:
        return await web.run_web_lesson(
            REQUESTS, COOK_S, TOKENS, on_kitchen=lambda style, look: looks[style].append(look)
        )

    return anyio.run(serve), looks


@pytest.fixture(scope="module")
def report(served: tuple[WebReport, Looks]) -> WebReport:
    return served[0]


@pytest.fixture(scope="module")
def looks(served: tuple[WebReport, Looks]) -> Looks:
    return served[1]


def _faces(style: Style, look: FloorLook) -> list[Face]:
    return faces(look, REQUESTS, style in THREADPOOL)


def test_every_style_serves_every_couple(report: WebReport) -> None:
    assert [r.style for r in report.results] == list(Style)
    assert all(r.requests == REQUESTS for r in report.results)
    assert all(0 < r.p50_s <= r.p95_s <= r.wall_s for r in report.results)


@pytest.mark.parametrize("style", [Style.DEF, Style.DEF_DEPENDENCY])
def test_the_threadpool_never_lends_more_threads_than_its_tokens(report: WebReport, style: Style) -> None:
    result = report.result(style)
    assert result.in_threads == REQUESTS  # every burger cooked in a worker thread, none on the loop
    assert result.max_threads == TOKENS  # all the tokens were used, never one more
    assert result.most_at_once == TOKENS


@pytest.mark.parametrize("style", [Style.DEF, Style.DEF_DEPENDENCY])
def test_def_serves_the_couples_in_waves_of_tokens(report: WebReport, style: Style) -> None:
    result = report.result(style)
    assert result.waves == math.ceil(REQUESTS / TOKENS)
    # A safe bound only: the last wave cannot start before the ones in front of it are cooked.
    assert result.theory_s is not None
    assert result.wall_s >= result.theory_s * 0.95


def test_a_blocking_call_in_async_def_serves_one_couple_at_a_time(report: WebReport) -> None:
    result = report.result(Style.BLOCKING)
    assert result.most_at_once == 1  # no two burgers ever cooked at the same moment
    assert result.waves == REQUESTS
    assert result.in_threads == 0  # cooked on the server's own loop
    assert result.wall_s >= REQUESTS * COOK_S * 0.95  # it cannot beat N cook times
    assert result.max_loop_lag_s >= COOK_S * 0.9  # the loop was held for at least a burger


def test_async_def_cooks_for_everyone_at_once(report: WebReport) -> None:
    result = report.result(Style.ASYNC)
    assert result.waves == 1
    assert result.most_at_once == REQUESTS
    assert result.max_threads == 0
    assert result.wall_s < report.result(Style.BLOCKING).wall_s


def test_the_trivial_async_takes_no_thread(report: WebReport) -> None:
    # Seen only when a look falls in a token's microseconds: a bound, not a count.
    assert report.result(Style.TRIVIAL_DEF).max_threads <= TOKENS
    assert report.result(Style.TRIVIAL_ASYNC).max_threads == 0
    assert report.result(Style.TRIVIAL_DEF).theory_s is None
    assert "quite opposite" in report.conclusion or "no hop" in report.conclusion


@pytest.mark.parametrize("style", list(Style))
def test_the_floor_has_every_couple_and_never_more_standing_than_tokens(looks: Looks, style: Style) -> None:
    assert looks[style]  # the first look is taken as the style starts
    for look in looks[style]:
        assert look.tokens == TOKENS
        assert 0 <= look.lent <= TOKENS
        assert len(look.couples) <= REQUESTS  # the server knows no couple the client did not send
        assert look.couples.count(Where.STANDING) <= TOKENS  # a couple stands only in a thread of the pool
        assert len(_faces(style, look)) == REQUESTS


@pytest.mark.parametrize("style", list(Style))
def test_each_style_ends_with_every_couple_served(looks: Looks, style: Style) -> None:
    last = looks[style][-1]  # taken once the client had every answer
    assert last.couples == Where.SERVED * REQUESTS


@pytest.mark.parametrize("style", [Style.DEF, Style.DEF_DEPENDENCY])
def test_def_couples_stand_in_threads_while_the_others_wait_for_a_token(looks: Looks, style: Style) -> None:
    # The first wave holds every token for a whole cook time (0.2 s); the lesson looks every 0.1 s.
    assert any(
        look.couples.count(Where.STANDING) == TOKENS and Face.TOKEN in _faces(style, look)
        for look in looks[style]
    )


def test_async_couples_talk_without_a_thread(looks: Looks) -> None:
    assert all(look.lent == 0 and Where.STANDING not in look.couples for look in looks[Style.ASYNC])
    # More couples talk at once than there are tokens: awaiting costs no thread.
    assert any(_faces(Style.ASYNC, look).count(Face.TALKING) > TOKENS for look in looks[Style.ASYNC])


def test_a_blocked_loop_shows_everyone_frozen(looks: Looks) -> None:
    held = [look for look in looks[Style.BLOCKING] if look.held]
    assert held  # answered while the loop was held: the server's looks come from a thread of its own
    for look in held:
        shown = _faces(Style.BLOCKING, look)
        assert shown.count(Face.HOLDING) == 1  # one burger at a time, on the loop
        assert all(face in (Face.HOLDING, Face.FROZEN, Face.SERVED) for face in shown)
    assert any(look.lag_s >= COOK_S / 2 for look in held)  # the probe measured the hold inside the server


def test_waves_and_most_at_once_count_chains_and_overlaps() -> None:
    serial = [(0.0, 1.0), (1.0, 2.0), (2.5, 3.0)]
    assert waves(serial) == 3
    assert most_at_once(serial) == 1  # an end meets the next start: not at once
    two_cooks = [(0.0, 1.0), (0.0, 1.0), (1.0, 2.0), (1.1, 2.1), (2.1, 3.0)]
    assert waves(two_cooks) == 3
    assert most_at_once(two_cooks) == 2
    assert waves([]) == 0


def test_the_storys_time_is_said_with_its_reason() -> None:
    assert theory_words(Style.ASYNC, 100, 0.1, 40) == "one cook time, all at once: 0.10 s"
    assert theory_words(Style.DEF, 100, 0.1, 40) == "⌈100 / 40⌉ = 3 cook times, in waves of 40: 0.30 s"
    assert theory_words(Style.BLOCKING, 100, 0.1, 40) == "100 cook times, one after another: 10.00 s"
    assert theory_words(Style.TRIVIAL_DEF, 100, 0.1, 40) is None


def test_the_code_shown_is_the_pages_code() -> None:
    assert style_code(Style.DEF).startswith('@app.get("/def")\ndef results():')
    blocking = style_code(Style.BLOCKING)
    assert "async def" in blocking
    assert "cook_burgers(2)" in blocking
    assert "await get_burgers(2)" in style_code(Style.ASYNC)
    dependency = style_code(Style.DEF_DEPENDENCY)
    assert dependency.startswith("def fetch_burgers():")
    assert "Depends(fetch_burgers)" in dependency


def test_json_has_one_object_per_style(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["lesson", "web", "--requests", "3", "--cook-time", "0.05", "--tokens", "2", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["style"] for s in data["styles"]] == [s.value for s in Style]
    keys = {"style", "requests", "wall_s", "p50_s", "p95_s", "theory_s", "max_threads"}
    assert all(keys <= set(s) for s in data["styles"])
    assert all(s["max_threads"] <= 2 for s in data["styles"])


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_a_port_in_use_is_one_line_exit_2(taken_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["lesson", "web", "--port", str(taken_port), "--requests", "2"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"127.0.0.1:{taken_port}: the port is in use" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--requests", "0"],
        ["--cook-time", "nan"],
        ["--tokens", "x"],
        ["--requests", "1000", "--cook-time", "1"],
    ],
)
def test_bad_values_are_one_line_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["lesson", "web", *args])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


async def test_a_server_that_fails_to_start_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web, "KITCHEN_MODULE", "burger_tui.lessons.no_such_kitchen")
    with pytest.raises(web.WebLessonError, match=r"failed to start: .*No module named") as error:
        await web.run_web_lesson(2, 0.05, 2)
    assert "\n" not in str(error.value)


async def test_a_client_timeout_is_one_line_and_stops_the_server() -> None:
    with pytest.raises(web.WebLessonError, match=r"within 0.2 s \(client timeout\)"):
        await web.run_web_lesson(3, 0.5, 2, styles=[Style.BLOCKING], client_timeout_s=0.2)


@linux_only
async def test_a_server_that_dies_mid_lesson_is_one_line() -> None:
    def kill_the_kitchen(_result: StyleResult) -> None:
        for pid in _kitchens(os.getpid()):
            os.kill(pid, signal.SIGKILL)

    with pytest.raises(web.WebLessonError, match=r"^the kitchen server failed on /") as error:
        await web.run_web_lesson(2, 0.05, 2, styles=[Style.ASYNC, Style.DEF], on_result=kill_the_kitchen)
    assert "\n" not in str(error.value)


async def test_the_server_ends_with_its_block_even_when_cancelled() -> None:
    with anyio.move_on_after(STARTED_WITHIN_S) as waiting:
        async with kitchen_server(0.5, 2) as kitchen, httpx.AsyncClient(base_url=kitchen.url) as client:
            assert (await client.get("/async")).json() == ["burger", "burger"]
            with anyio.move_on_after(0.1):  # cancelled while the loop is blocked by a burger
                await client.get("/blocking")
    assert not waiting.cancelled_caught
    assert not accepts(httpx.URL(kitchen.url).port or 0)  # nobody listens on the port any more


def _kitchens(pid: int) -> list[int]:
    return [child for child in descendants(pid) if KITCHEN_MODULE.encode() in cmdline(child)]


@linux_only
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_the_server_dies_with_the_lesson(how: signal.Signals) -> None:
    """Killed (SIGKILL: no clean-up) or interrupted (Ctrl+C), the lesson leaves no server behind."""
    command = subprocess.Popen(
        [sys.executable, "-m", "burger_tui", "lesson", "web", "--requests", "20", "--cook-time", "1"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        kitchens: list[int] = []

        def started() -> bool:
            kitchens[:] = _kitchens(command.pid)
            return bool(kitchens)

        until(started, "a kitchen server started", STARTED_WITHIN_S, lambda: [command.pid])
        command.send_signal(how)
        _out, err = command.communicate(timeout=STARTED_WITHIN_S)
        # SIGKILL: the kernel kills the orphan, soon; its exit wakes the wait.
        until(
            lambda: not any(alive(pid) for pid in kitchens),
            "the kitchen server gone with the lesson",
            STARTED_WITHIN_S,
            lambda: kitchens,
        )
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()
    if how is signal.SIGINT:
        assert command.returncode == 130
        assert err == b""
