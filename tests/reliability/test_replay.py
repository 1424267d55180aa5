"""A day is its settings, its seed and its log: replayed, headless or on the dashboard, the same day.

Hypothesis drives random commands, with random waits between them, on the dashboard's own clock (a
:class:`~burger_tui.sim.clock.RealClock` whose "real" time is the virtual loop's, so a day of presses runs
in milliseconds; going back and forth in it included: a day gone back in goes on as a branch from there);
then the day's log is replayed headless on a
:class:`~burger_tui.sim.clock.VirtualClock`, and both days are exported at the same instant. The files
must be identical, byte for byte: every couple at the same instants, the same statistics, the same log.
"""

from __future__ import annotations

import tempfile

from hypothesis import given
from hypothesis import strategies as st

from burger_tui.session import replayed
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from tests.helpers.presses import COMMANDS, a_day_of_presses, a_day_played_back, export
from tests.helpers.profiles import machine_settings
from tests.helpers.sim import restaurant_config

presses = st.lists(
    st.tuples(st.floats(0.0, 90.0, allow_nan=False), st.sampled_from(sorted(COMMANDS))), max_size=25
)


@machine_settings()
@given(presses=presses, seed=st.integers(0, 2**16), mode=st.sampled_from(Mode))
def test_a_logged_day_replays_to_the_bit(presses: list[tuple[float, str]], seed: int, mode: Mode) -> None:
    config = restaurant_config(
        mode, cooks=2, arrival_rate_per_min=2.0, cook_time="exp:40", eat_time="uniform:20:60", seed=seed
    )
    settings = DaySettings(config, speed=4.0)
    with tempfile.TemporaryDirectory() as live_folder, tempfile.TemporaryDirectory() as replay_folder:
        log, until, live_files = run_virtual(a_day_of_presses, settings, presses, live_folder)

        async def again() -> tuple[object, dict[str, bytes]]:
            async with replayed(log, until=until) as session:
                return session.log, export(session, replay_folder)

        assert run_virtual(again) == (log, live_files)  # the export holds the log: a replay can be replayed

    # Played back on the dashboard's own clock (`burger-tui replay FILE`): the same day again, to the bit.
    with tempfile.TemporaryDirectory() as played_folder:
        assert run_virtual(a_day_played_back, log, until, played_folder) == (log, live_files)
