"""Same seed, same day, release after release: speed-ups of the engine must not change one bit of it.

The digests below are sha256 of what the code gave before the headless speed-ups of issue 16 (commit
2ac2c78): ``burger-tui simulate --json`` without ``wall_time_s`` (keys sorted), the ``--export`` CSV
byte for byte, and the narration (every event, in order) of days switched live and followed couple
by couple, as the dashboard runs them. Regenerate them only for a change of results that is meant and
explained in its commit: ``python -m tests.sim.test_same_results`` prints the current digests.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
from pathlib import Path

import pytest

from burger_tui.cli import main
from burger_tui.sim import events as ev
from burger_tui.sim.day import open_day
from burger_tui.sim.model import Couple, Mode, StaffMember
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.sim import busy_config, play

# name -> simulate options (every model runs each).
DAYS: dict[str, str] = {
    "defaults": "--customers 400 --seed 1",
    "busy-3-cooks": "--customers 400 --cooks 3 --arrival-rate 3 --seed 2",
    "fixed-times-zero-orders": (
        "--customers 400 --cooks 2 --arrival-rate 2 --order-time fixed:0 --cook-time fixed:30 "
        "--eat-time fixed:60 --seed 4"
    ),
    # The benchmark's day (benchmarks/simulation.py), shorter.
    "benchmark": (
        "--customers 3000 --cooks 8 --arrival-rate 10 --order-time fixed:0 --cook-time exp:40 "
        "--eat-time fixed:10 --seed 0"
    ),
}
CASES = [(mode, name) for mode in Mode for name in DAYS]

# (mode, day) -> (sha256 of the JSON report without wall time, sha256 of the CSV)
EXPECTED: dict[tuple[str, str], tuple[str, str]] = {
    ("concurrent", "defaults"): (
        "39c9bced80d00fdf1757ab5809393ecbe447b34fbe53fd3da3b475dd2d7ccd40",
        "16445be0f5388059f0db9b08c8ad3ce796999b7fe5694af2b8fa0b03483e00b7",
    ),
    ("concurrent", "busy-3-cooks"): (
        "c1736747ca59f51d0d7cdfd9ef51819a51131ed4b6df1296d3323bac3e053cba",
        "f046871347b57147819206730d4b815289bce12fc15f513c17c67802791d2f21",
    ),
    ("concurrent", "fixed-times-zero-orders"): (
        "82699606768d53e323bb6d01e1c8f60eba03f59dbe890eeb184d565efd531d50",
        "8c0263b05a112f6f52c3a3efdf97fb24bd9a821bf630d3343f371f1fd33d167e",
    ),
    ("concurrent", "benchmark"): (
        "07f28debadefabb980a53c90cd225e571d34a6a73286903d8675a6a18d85b15a",
        "6cc24e475634513059163e93c14ec7e5c0098d3b3c57d39f23a02d901168873c",
    ),
    ("parallel", "defaults"): (
        "0de793261eb0ca626c464df7a8bf2a02661d65e4c2fd84616433e91b736eef67",
        "3aae13cde8e778a565e58a21ecb5937295ea8ee72aae334a3898b564212c6963",
    ),
    ("parallel", "busy-3-cooks"): (
        "dfeeefe02bb6ea638d0ee20c17d35d27cb3c22bf14cf860955b8ad682feaa79d",
        "d5f1f1532ebc68f20f523578b119f094176235007589bb3bd391015760a57b69",
    ),
    ("parallel", "fixed-times-zero-orders"): (
        "611f06df7143450bc58a1b56a7270d11c0d91f9d34a31c11c36de163e1ccd9a6",
        "0c0f39ad1e9a99f91e25532a90241cdc851f39750bc2d5f25f9d3b5ff1468204",
    ),
    ("parallel", "benchmark"): (
        "592949ad38df9fcf5dc94ffa6230e1d5071471df0e2503df464eee5b005690b3",
        "e5b5c7d20e25e7077dcfd9bf156bd177a55d368b56747423859bbaf6fa5e1fdd",
    ),
    ("hybrid", "defaults"): (
        "c47187e7f27b7222ed7dd7085dda6705605c401d7d79de16a9391cafe9152ccc",
        "aab91041ba5df087b6915175142bcd8ea2f41cf4f74901b0ebc4bdf7db50d1c9",
    ),
    ("hybrid", "busy-3-cooks"): (
        "1d4bfb899b6fe9a0f9a9b4f9ae61dca6ef6fd888f52d16f0749da8d0420c6f49",
        "60161fec2a9bd5930f930a65f79333689be740222ab3df11925071a0e66b943c",
    ),
    ("hybrid", "fixed-times-zero-orders"): (
        "b78137b839d77a12653c98c12da9b7fecef9e3c159917938a78ec14c18c9a429",
        "e1fc974080481adca9d9d491e7b0a59bc6acd5a5126900054f36caec7b3c8ac9",
    ),
    ("hybrid", "benchmark"): (
        "2bafffb17399eb6f9e68288454318edb953d32271403fe2973ae6f88dad3c7f0",
        "cfab44c90e8702d45ca9153c81cc386ea1005c1b9294a6a518463b0a1c760bac",
    ),
}

# Live switches (simulated seconds after the previous one, then a model or a number of cooks) while
# the narration follows one couple after another: the dashboard's day.
SCRIPT: list[tuple[float, Mode | int]] = [
    (300.0, Mode.PARALLEL),
    (240.0, 5),
    (420.0, Mode.HYBRID),
    (0.0, 2),
    (360.0, Mode.CONCURRENT),
    (300.0, Mode.PARALLEL),
]
# starting model -> sha256 of the narration. Changed on purpose five times. Last: a ModeChanged event carries
# the cooks of the new model (its narration named "several cooks" for one). Before: a Followed event where the
# story moves on to a couple in line ("You are now couple N"). Before that: staff keep their names across a
# switch (the highest numbers go home, staff still finishing their last job stay on before anyone new is
# hired), so who serves whom after a switch changed. Before that, twice, only in its Glanced events
# (without them the streams are identical): when the followed couple leaves, the narration follows the
# first couple in line (it waited for the next to walk in); then every couple runs one code (issue 21):
# each tells the glance that finds its number, and the followed couple's glances that found none are
# told from the same instants before the next event (the same glances at the same instants as when
# its task woke for each, and now also for a couple followed from the line).
EXPECTED_NARRATION: dict[str, str] = {
    "concurrent": "5a0fe7937da4cd097ffb4588dd4b2856d49f8510910090e2b1b94eb3c6a325bf",
    "parallel": "eab84e9c0448650a9dcf52fe9017b27a2f24ff38bab2cf50c0d4eca45c845570",
    "hybrid": "0d6d2c57195dd3c3423c025499b0c54b5ff0641d5c5d8cd306e89cbed0b9fad9",
}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def simulate_digests(mode: Mode, day: str, folder: Path) -> tuple[str, str]:
    """Digests of ``simulate --json --export`` for one model and one day."""
    prefix = folder / f"{mode}-{day}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert (
            main(["simulate", "--mode", str(mode), *DAYS[day].split(), "--json", "--export", str(prefix)])
            == 0
        )
    report = json.loads(out.getvalue())
    del report["wall_time_s"]
    text = json.dumps(report, sort_keys=True, allow_nan=False).encode()
    return _digest(text), _digest(prefix.with_suffix(".csv").read_bytes())


def _line(event: ev.Event) -> list[str]:
    """An event as plain values: its kind, then every field (a couple by id, staff by name)."""
    values = [type(event).__name__]
    for field in dataclasses.fields(event):
        value = getattr(event, field.name)
        if isinstance(value, Couple):
            value = value.id
        elif isinstance(value, StaffMember):
            value = value.name
        values.append(repr(value))
    return values


def narration_digest(mode: Mode) -> str:
    """The digest of every event of a switched, followed day (the dashboard's, on virtual time)."""

    async def day() -> list[list[str]]:
        events: list[ev.Event] = []
        config = busy_config(mode, seed=16)
        async with open_day(config, listeners=[events.append], follow_couples=True) as restaurant:
            await play(restaurant, SCRIPT)
            restaurant.set_auto_arrivals(False)
            await restaurant.clock.sleep(24 * 3600)
            assert not restaurant.present
            # Not the staff's shifts ending as the day closes: anyio cancels tasks in no fixed order.
            return [_line(e) for e in events]

    lines = run_virtual(day)
    assert len(lines) > 500
    return _digest(json.dumps(lines).encode())


@pytest.mark.parametrize(("mode", "day"), CASES, ids=[f"{m}-{d}" for m, d in CASES])
def test_simulate_gives_the_same_report_and_couples_as_before(mode: Mode, day: str, tmp_path: Path) -> None:
    assert simulate_digests(mode, day, tmp_path) == EXPECTED[str(mode), day]


@pytest.mark.parametrize("mode", list(Mode), ids=str)
def test_a_switched_followed_day_tells_the_same_story_as_before(mode: Mode) -> None:
    assert narration_digest(mode) == EXPECTED_NARRATION[str(mode)]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for mode, day in CASES:
            print(f"    ({str(mode)!r}, {day!r}): {simulate_digests(mode, day, Path(folder))!r},")
    for mode in Mode:
        print(f"    {str(mode)!r}: {narration_digest(mode)!r},")
