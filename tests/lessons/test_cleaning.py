"""Cleaning a house: CPU-bound rooms by 1 cleaner, N threads and N processes."""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import anyio
import pytest

import burger_tui.lessons.cleaning
from burger_tui.cli import main
from burger_tui.lessons.cleaning import (
    CleaningResult,
    Variant,
    clean_house,
    clean_room,
    conclude,
)
from burger_tui.lessons.settings import MAX_ROOM_STEPS
from tests.helpers.serving import cmdline, descendants, linux_only, until

SMALL = ["--rooms", "4", "--workers", "2", "--room-size", "150000"]


def test_rooms_are_deterministic_and_seeded() -> None:
    assert clean_room(3, seed=1, steps=1000) == clean_room(3, seed=1, steps=1000)
    assert clean_room(3, seed=1, steps=1000) != clean_room(3, seed=2, steps=1000)
    assert clean_room(3, seed=1, steps=1000) != clean_room(4, seed=1, steps=1000)


async def test_every_variant_cleans_every_room_once_and_reports_progress() -> None:
    seen: list[tuple[Variant, int, int]] = []
    dust = set()
    for variant in Variant:
        result = await clean_house(
            variant, 3, 2, steps=2000, on_progress=lambda v, d, t: seen.append((v, d, t))
        )
        assert result.rooms == 3
        dust.add(result.dust)
    assert len(dust) == 1  # the same work, whoever did it
    for variant in Variant:
        assert [(d, t) for v, d, t in seen if v is variant] == [(1, 3), (2, 3), (3, 3)]


def _result(variant: Variant, seconds: float, workers: int = 4) -> CleaningResult:
    return CleaningResult(variant, 1 if variant is Variant.ONE else workers, 8, seconds, dust=42)


def test_conclusion_is_computed_from_the_numbers() -> None:
    gil_story = conclude(
        [_result(Variant.ONE, 2.0), _result(Variant.THREADS, 2.1), _result(Variant.PROCESSES, 0.6)], 4, True
    )
    assert "2.10 s" in gil_story
    assert "GIL" in gil_story
    assert "3.33x faster" in gil_story
    one_core = conclude(
        [_result(Variant.ONE, 2.0), _result(Variant.THREADS, 2.1), _result(Variant.PROCESSES, 2.2)], 1, True
    )
    assert "only 1 core" in one_core
    assert "2.20 s" in one_core
    no_gil = conclude(
        [_result(Variant.ONE, 2.0), _result(Variant.THREADS, 0.7), _result(Variant.PROCESSES, 0.6)], 4, False
    )
    assert "without the GIL" in no_gil


def test_table_output_and_same_dust(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesson", "cleaning", "--rooms", "2", "--workers", "2", "--room-size", "2000"]) == 0
    out = capsys.readouterr().out
    for label in ("1 cleaner", "2 threads", "2 processes"):
        assert label in out
    assert "collected the same dust" in " ".join(out.split())


@pytest.mark.parametrize(
    "args",
    [["--rooms", "0"], ["--rooms", "x"], ["--workers", "0"], ["--workers", "999"], ["--room-size", "5"]],
)
def test_bad_values_are_one_line_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["lesson", "cleaning", *args])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


async def test_cancelling_a_process_clean_does_not_hang() -> None:
    with anyio.move_on_after(0.5) as scope:
        await clean_house(Variant.PROCESSES, 8, 2, steps=2_000_000)
    assert scope.cancelled_caught


CTRL_C_RUNS = 6
CTRL_C_WITHIN_S = 0.6  # after the first worker starts: hiring, cleaning, dismissing, the loop's end
HIRED_WITHIN_S = 60.0  # generous: a loaded machine of two cores runs other tests meanwhile


@contextmanager
def lesson_in_a_group_of_its_own(*args: str) -> Iterator[subprocess.Popen[bytes]]:
    """``burger-tui lesson cleaning ARGS`` as a terminal starts it: a process group of its own, which
    Ctrl+C reaches whole (``os.killpg``), and Ctrl+C not ignored (as a shell's background job has it).
    Killed on the way out if it still runs (a test failed)."""
    command = subprocess.Popen(
        [sys.executable, "-m", "burger_tui", "lesson", "cleaning", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        yield command
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()


def ctrl_c(command: subprocess.Popen[bytes], *, within_s: float) -> bytes:
    """Ctrl+C to ``command``'s whole group, as a terminal sends it; what it wrote to stderr as it ended."""
    os.killpg(command.pid, signal.SIGINT)
    _out, err = command.communicate(timeout=within_s)
    return err


def _cleaners(pid: int) -> list[int]:
    """``pid``'s worker processes (anyio's, started by the processes variant)."""
    return [child for child in descendants(pid) if b"anyio.to_process" in cmdline(child)]


@linux_only
@pytest.mark.parametrize("run", range(CTRL_C_RUNS))
def test_ctrl_c_during_the_processes_leaves_no_child_to_warn_about(run: int) -> None:
    """Ctrl+C (to the whole process group, as a terminal sends it) while the cleaners are hired, clean or
    are dismissed, or as the lesson ends: it ends quietly. asyncio warned "Unknown child process pid ...,
    will report returncode 255" in one lesson in ten (issue 25; 1 run in 20 of this test before the fix,
    on a loaded machine): anyio killed a worker already dead (killed twice, or killed by the Ctrl+C first),
    and its kill reaped it under the child watcher's nose."""
    with lesson_in_a_group_of_its_own(*SMALL) as command:
        until(
            lambda: bool(_cleaners(command.pid)) or command.poll() is not None,
            "a worker process started",
            HIRED_WITHIN_S,
            lambda: [command.pid],
        )
        # A real wait, and the one thing here that must be: it is where the Ctrl+C lands (while the
        # cleaners are hired, clean or are dismissed), not a timing assertion.
        time.sleep(random.Random(run).uniform(0.0, CTRL_C_WITHIN_S))
        err = ctrl_c(command, within_s=HIRED_WITHIN_S)
    # 130: stopped (0, or killed by SIGINT, had the lesson ended before and Python been on its way out).
    assert command.returncode in (130, 0, -signal.SIGINT), err
    assert err == b""


STOPPED_WITHIN_S = 30.0  # a bound: a room of MAX_ROOM_STEPS takes ~50 s, more on a loaded machine


def test_rooms_cleaned_in_steps_between_looks_collect_the_same_dust() -> None:
    """The looks between steps change nothing of the work: the same dust, over and under a look's steps."""
    steps = burger_tui.lessons.cleaning.STEPS_BETWEEN_LOOKS * 2 + 7
    looks: list[None] = []
    assert clean_room(5, seed=3, steps=steps, between=lambda: looks.append(None)) == clean_room(
        5, seed=3, steps=steps
    )
    assert len(looks) == 3


async def test_cleaners_in_threads_stop_soon_after_the_lesson_is_cancelled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sixth adversarial pass: Ctrl+C during big rooms hung (30 s and more): the lesson gave the rooms
    up, but their threads cleaned on, and Python's exit waits for its threads. Each stops at its next look."""
    looked = anyio.Event()
    lookers: set[int] = set()  # the cleaners' threads that looked (one may not have started at the cancel)
    stops: queue.Queue[int] = queue.Queue()
    check_cancelled = anyio.from_thread.check_cancelled

    def look() -> None:
        lookers.add(threading.get_ident())
        anyio.from_thread.run_sync(looked.set)
        try:
            check_cancelled()
        except BaseException:
            stops.put(threading.get_ident())
            raise

    monkeypatch.setattr(anyio.from_thread, "check_cancelled", look)
    async with anyio.create_task_group() as tg:
        tg.start_soon(partial(clean_house, Variant.THREADS, 2, 2, steps=MAX_ROOM_STEPS))
        with anyio.fail_after(STOPPED_WITHIN_S):
            await looked.wait()
        tg.cancel_scope.cancel()
    stopped: set[int] = set()
    while stopped != lookers:  # each cleaner that looked stops (at its next look)
        stopped.add(await anyio.to_thread.run_sync(stops.get, True, STOPPED_WITHIN_S))


@linux_only
def test_ctrl_c_during_big_rooms_ends_the_lesson_at_once() -> None:
    """The same through the command: Ctrl+C while one cleaner cleans a room of ~50 s, quietly (a second
    Ctrl+C during the wait printed a traceback from Python's exit)."""
    with lesson_in_a_group_of_its_own("--room-size", str(MAX_ROOM_STEPS)) as command:
        until(
            lambda: len(list(Path(f"/proc/{command.pid}/task").glob("*"))) > 1 or command.poll() is not None,
            "the cleaner's thread started",
            HIRED_WITHIN_S,
            lambda: [command.pid],
        )
        err = ctrl_c(command, within_s=STOPPED_WITHIN_S)
    assert command.returncode == 130, err
    assert err == b""


async def test_a_run_leaves_no_cleaner_in_anyios_pool() -> None:
    """The seventh adversarial pass (a dashboard's ``h`` after 20 minutes of lessons): the workers a run
    dismissed stayed in anyio's pool, dead, and anyio's pruning of workers idle for 5 minutes, in a later
    run, killed one again (``ProcessLookupError``: the app ended). A run takes its own out."""
    await clean_house(Variant.PROCESSES, 4, 2, steps=10_000)
    assert not anyio.to_process._process_pool_workers.get()
    assert not anyio.to_process._process_pool_idle_workers.get()


async def test_a_run_started_as_the_one_before_ends_keeps_its_cleaners() -> None:
    """The dashboard's ``r`` cancels a run and starts the next at once: the run ending dismissed the
    loop's workers, the new one's too (BrokenWorkerProcess or ClosedResourceError in 3 seeds of 3 of the
    seventh adversarial pass). One house is cleaned at a time; the next waits for the one before to go."""
    expected = await clean_house(Variant.ONE, 6, 1, steps=20_000)
    async with anyio.create_task_group() as tg:
        first, cancelled_at_a_room = anyio.CancelScope(), anyio.Event()

        def cancel_at_its_first_room(_variant: Variant, _done: int, _rooms: int) -> None:
            first.cancel()
            cancelled_at_a_room.set()

        async def cancelled() -> None:
            with first:
                await clean_house(Variant.PROCESSES, 6, 2, steps=20_000, on_progress=cancel_at_its_first_room)

        tg.start_soon(cancelled)
        with anyio.fail_after(HIRED_WITHIN_S):
            await cancelled_at_a_room.wait()  # the next starts at once, as the one before ends
        result = await clean_house(Variant.PROCESSES, 6, 2, steps=20_000)
    assert result.dust == expected.dust
