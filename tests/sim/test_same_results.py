"""Same seed, same day, release after release: speed-ups of the engine must not change one bit of it.

The digests below are sha256 of what the code gave before the headless speed-ups of issue 16 (commit
2ac2c78): ``burger-tui simulate --json`` without ``wall_time_s`` (keys sorted), the ``--export`` CSV
byte for byte, and the narration (every event, in order) of days switched live and followed couple
by couple, as the dashboard runs them. Regenerate them only for a change of results that is meant and
explained in its commit: ``python -m tests.sim.test_same_results`` prints the current digests. The
reports' digests changed on purpose since, twice (the CSVs did not change): percentiles exact up to 4,096
waits, then the config's ``opening_line`` (issue 24).
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
        "267c874441c604f57df8c0eee0c24ac358222149708dc7fab3160d4ccda0eb42",
        "16445be0f5388059f0db9b08c8ad3ce796999b7fe5694af2b8fa0b03483e00b7",
    ),
    ("concurrent", "busy-3-cooks"): (
        "39618c18f429d9095f186f49e03bd6aa20fef0cf7aa59620161a0c87f17995d3",
        "f046871347b57147819206730d4b815289bce12fc15f513c17c67802791d2f21",
    ),
    ("concurrent", "fixed-times-zero-orders"): (
        "b30ed7556474820cc9608c6f2d18b5acfcb38803e9a2e2798081118e4d0ee22e",
        "8c0263b05a112f6f52c3a3efdf97fb24bd9a821bf630d3343f371f1fd33d167e",
    ),
    ("concurrent", "benchmark"): (
        "21e32dc691b8acfaeddd03feaad551111a655c051c43c9327acc198784fa990d",
        "6cc24e475634513059163e93c14ec7e5c0098d3b3c57d39f23a02d901168873c",
    ),
    ("parallel", "defaults"): (
        "0de90008368d5ecfd88a6800bcb0bec47a91b7fda34813ac530171f783826551",
        "3aae13cde8e778a565e58a21ecb5937295ea8ee72aae334a3898b564212c6963",
    ),
    ("parallel", "busy-3-cooks"): (
        "da8ec45b2e2606bc11e6e561a0aa36436a805851694e1819af34744cc89c35ac",
        "d5f1f1532ebc68f20f523578b119f094176235007589bb3bd391015760a57b69",
    ),
    ("parallel", "fixed-times-zero-orders"): (
        "b342b089b541a4f7b850ae26135ed0811dfb08a4f1144b5093ec51b6ad373414",
        "0c0f39ad1e9a99f91e25532a90241cdc851f39750bc2d5f25f9d3b5ff1468204",
    ),
    ("parallel", "benchmark"): (
        "b0df127cd3601022649a5a40ae8b8d50b76ede0a5c3b2075f981f024d3816bcd",
        "e5b5c7d20e25e7077dcfd9bf156bd177a55d368b56747423859bbaf6fa5e1fdd",
    ),
    ("hybrid", "defaults"): (
        "a7d05c414845fc38bcaa53db6b566ef95eba8cf2772d30f612f96feb4fcff38b",
        "aab91041ba5df087b6915175142bcd8ea2f41cf4f74901b0ebc4bdf7db50d1c9",
    ),
    ("hybrid", "busy-3-cooks"): (
        "404cbd3c7a230f2d9f082bf89aa1a14624253ea827f558b779cff87ea1b17d3d",
        "60161fec2a9bd5930f930a65f79333689be740222ab3df11925071a0e66b943c",
    ),
    ("hybrid", "fixed-times-zero-orders"): (
        "b7b383b0d001534fcb8266983472a7466deb35138db2357f9a3e37152d47b8ac",
        "e1fc974080481adca9d9d491e7b0a59bc6acd5a5126900054f36caec7b3c8ac9",
    ),
    ("hybrid", "benchmark"): (
        "1627b68662b7b5e91126436ddc43e19efa98a9ef99df5bac8c60ccd3d9c6b986",
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
# starting model -> sha256 of the narration. Changed on purpose six times. Last: a CoupleArrived event says
# how many couples are in line before them ("behind 4 couples"). Before: a ModeChanged event carries the
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
    "concurrent": "1666765b8ad7babff3d5b54610f1c4214750d7b3dc24352250527580e70ed51f",
    "parallel": "99b194a01b53136c2e646fc568a0372651f465f03edf9aa26e6bfb67c0c2759d",
    "hybrid": "7594a27ad22cc7a90544a4598acbd38ba34496925680a866b6c1a162e8c41a48",
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
