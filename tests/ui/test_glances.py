"""A seated couple's glances: the simulation says when they look up, the dining room how long it shows."""

from __future__ import annotations

from burger_tui.sim.snapshot import Glances
from burger_tui.ui.widgets.tables import GLANCE_LASTS_S, looks_up


def test_a_couple_is_drawn_looking_up_for_a_while_from_each_glance() -> None:
    glances = Glances(first=10.0, every=8.0)
    looking = [t for t in (9.9, 10.0, 11.49, 11.5, 17.9, 18.0, 810.0) if looks_up(glances, t)]
    # Not yet (sat down, first glance to come); GLANCE_LASTS_S from each glance; the next 8 s after it.
    assert GLANCE_LASTS_S == 1.5
    assert looking == [10.0, 11.49, 18.0, 810.0]
    assert not looks_up(None, 18.0)  # not seated: no glances
