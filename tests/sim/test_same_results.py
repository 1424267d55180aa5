"""Same seed, same day, release after release: speed-ups of the engine must not change one bit of it.

The digests below are sha256 of what the code gave before the headless speed-ups of issue 16 (commit
2ac2c78): ``burger-tui simulate --json`` without ``wall_time_s`` (keys sorted), the ``--export`` CSV
byte for byte, and the narration (every event, in order) of days switched live and followed couple
by couple, as the dashboard runs them. Regenerate them only for a change of results that is meant and
explained in its commit: ``python -m tests.sim.test_same_results`` prints the current digests. The
reports' digests changed on purpose since, three times (the CSVs did not change): percentiles exact up to
4,096 waits, then the config's ``opening_line`` (issue 24), then the talking share as the couples' time
talking over their time waiting and each wait's ``couples`` (issue 24).
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
        "949a2845a22c41d12f26ecbd5cb248e5dce6face099b88ac5144a68a520398b9",
        "16445be0f5388059f0db9b08c8ad3ce796999b7fe5694af2b8fa0b03483e00b7",
    ),
    ("concurrent", "busy-3-cooks"): (
        "fb7cd4a435460b79914dd004d7f067c2600d9f61429f883964f6ede1f5a111ef",
        "f046871347b57147819206730d4b815289bce12fc15f513c17c67802791d2f21",
    ),
    ("concurrent", "fixed-times-zero-orders"): (
        "f4a96ab218999218d63420e23166bd290f604ad066aac873acab092bb601ea2a",
        "8c0263b05a112f6f52c3a3efdf97fb24bd9a821bf630d3343f371f1fd33d167e",
    ),
    ("concurrent", "benchmark"): (
        "080b14ec7ff5036d3a7b01152e05fbb901808f4ad7a786485e94419a96e16e5a",
        "6cc24e475634513059163e93c14ec7e5c0098d3b3c57d39f23a02d901168873c",
    ),
    ("parallel", "defaults"): (
        "e1d8c0434c3c6e8cec74f05dc746b4f53a57b2eeaeea254865e1c918d725f34e",
        "3aae13cde8e778a565e58a21ecb5937295ea8ee72aae334a3898b564212c6963",
    ),
    ("parallel", "busy-3-cooks"): (
        "6b1b72bc9560638fad1cf4d8ec4f87db80c5b8b6f6df0533c972e155b068dfe7",
        "d5f1f1532ebc68f20f523578b119f094176235007589bb3bd391015760a57b69",
    ),
    ("parallel", "fixed-times-zero-orders"): (
        "ce1aa36d39c7d1b8f782a5d772b7fbe08dbb885e3de709f4deb9199a1ed7e264",
        "0c0f39ad1e9a99f91e25532a90241cdc851f39750bc2d5f25f9d3b5ff1468204",
    ),
    ("parallel", "benchmark"): (
        "23fd29c55d00c436c99f7f69b8da5918ccaa133110502b8df01eac9aa145412b",
        "e5b5c7d20e25e7077dcfd9bf156bd177a55d368b56747423859bbaf6fa5e1fdd",
    ),
    ("hybrid", "defaults"): (
        "04d97690cfcc6ce44b036f22985ac670259502d0d821cccb76ae2de90a8765b4",
        "aab91041ba5df087b6915175142bcd8ea2f41cf4f74901b0ebc4bdf7db50d1c9",
    ),
    ("hybrid", "busy-3-cooks"): (
        "4a44ac8ee8730d53891a9e40b0dc64169f03512287d50013e143fa3002af18a8",
        "60161fec2a9bd5930f930a65f79333689be740222ab3df11925071a0e66b943c",
    ),
    ("hybrid", "fixed-times-zero-orders"): (
        "0e1b0a2aa2eda02a71b481fc5730eafeadc0598d3ab9321db914d38c26dd74ce",
        "e1fc974080481adca9d9d491e7b0a59bc6acd5a5126900054f36caec7b3c8ac9",
    ),
    ("hybrid", "benchmark"): (
        "ae547925a99f009d4f89988caa357a4f97997a902175b0949e4f769b3fbc2a37",
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
# starting model -> sha256 of the narration. Changed on purpose seven times. Last: a CoupleArrived event says
# whether the story moves on to them as they walk in (``new_you``, 8 or 9 times a day here; without the field
# the streams are identical). Before: a CoupleArrived event says how many couples are in line before them
# ("behind 4 couples"). Before: a ModeChanged event carries the
# cooks of the new model (its narration named "several cooks" for one). Before that: a Followed event where
# the story moves on to a couple in line ("You are now couple N"). Before: staff keep their names across a
# switch (the highest numbers go home, staff still finishing their last job stay on before anyone new is
# hired), so who serves whom after a switch changed. Before that, twice, only in its Glanced events (without
# them the streams are identical): when the followed couple leaves, the narration follows the first couple
# in line (it waited for the next to walk in); then every couple runs one code (issue 21): each tells the
# glance that finds its number, and the followed couple's glances that found none are told from the same
# instants before the next event (the same glances at the same instants as when its task woke for each, and
# now also for a couple followed from the line).
EXPECTED_NARRATION: dict[str, str] = {
    "concurrent": "18420f44f6a38103f50458cfa526e8b8400e4c13b24f339d8df25ea3022cf356",
    "parallel": "60d985a917c9dc4f6daed6ac168674042771c76828249637659aecb4a62a74d4",
    "hybrid": "8d2395051e16532e2e51b962c0973993f0d36ace45c9d6258c2e4fe7a331a50b",
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
