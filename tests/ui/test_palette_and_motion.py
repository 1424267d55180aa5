"""For everyone: the states' colours are Okabe and Ito's, each beside its glyph or its words (never the colour
alone), and no motion is made where none is asked for (``TEXTUAL_ANIMATIONS=none``)."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input

from burger_tui.lane_looks import LOOKS
from burger_tui.sim.lane_view import State
from burger_tui.sim.model import Mode, Phase
from burger_tui.ui.screens.export_dialog import ExportDialog
from burger_tui.ui.symbols import COLOURS, EMOJI
from burger_tui.ui.widgets.counter import CounterPanel
from burger_tui.ui.widgets.kitchen import KitchenPanel
from burger_tui.ui.widgets.street import StreetPanel
from burger_tui.ui.widgets.tables import TablesPanel
from tests.helpers.driving import advance, dashboard, make_app

# Okabe, M. and Ito, K. (2008), Color Universal Design: the eight colours.
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
# What each state's colour goes with on screen: its glyph, or its words (a bar goes with its percentage).
BESIDE = {
    "standing": (EMOJI.standing, "standing"),
    "talking": (EMOJI.talking, EMOJI.glancing),
    "eating": (EMOJI.eating,),
    "ordering": ("%",),
    "cooking": ("%",),
    "you": (EMOJI.you,),
}
STATE = re.compile(r"\[[^\]]*\$(" + "|".join(BESIDE) + r")\b[^\]]*\](.*?)\[/")


def test_the_states_colours_are_okabe_and_itos_and_the_lanes() -> None:
    assert set(COLOURS.values()) <= OKABE_ITO
    # a state is one colour on the floor and in the lanes (w, burger-tui timeline)
    for state, lane in (("standing", State.STANDING), ("talking", State.TALKING), ("eating", State.EATING)):
        assert COLOURS[state] == LOOKS[lane].colour, state
    assert COLOURS["ordering"] == LOOKS[State.ORDERING].colour
    assert COLOURS["cooking"] == LOOKS[State.COOKING].colour
    # Those shown side by side (a standing crowd beside cooks at work, a table talking beside one eating)
    # are different colours.
    shown_together = ["standing", "talking", "eating", "cooking", "you"]
    assert len({COLOURS[state] for state in shown_together}) == len(shown_together)


@pytest.mark.parametrize("mode", list(Mode), ids=str)
async def test_no_state_is_told_by_its_colour_alone(mode: Mode) -> None:
    app, source = make_app(mode=mode, seed=7, auto=True)
    seen: set[tuple[str, str]] = set()  # (where, state) shown in colour
    async with dashboard(app, size=(160, 50)) as pilot:
        await pilot.press("O")
        for _ in range(30):  # a look every 5 s of the rush
            await advance(pilot, source, 5, step=1.0)
            screen = app.dashboard
            snapshot = screen.session.snapshot()
            for panel in (
                screen.query_one(CounterPanel),
                screen.query_one(KitchenPanel),
                screen.query_one(StreetPanel),
            ):
                for line in panel.markup(snapshot).splitlines():
                    for state, _text in STATE.findall(line):
                        seen.add((type(panel).__name__, state))
                        assert any(mark in line for mark in BESIDE[state]), (state, line)
            tables = screen.query_one(TablesPanel)
            for couple in snapshot.couples(Phase.SEATED) + snapshot.couples(Phase.EATING):
                drawn = "\n".join(tables._table(couple, looking=False))
                for state, _text in STATE.findall(drawn):
                    seen.add(("TablesPanel", state))
                    assert any(mark in drawn for mark in BESIDE[state]), (state, drawn)
    # the day showed what this checks
    expected = {("CounterPanel", "ordering"), ("TablesPanel", "eating")}
    if mode is Mode.PARALLEL:
        expected |= {("CounterPanel", "standing"), ("CounterPanel", "cooking"), ("CounterPanel", "you")}
    else:
        expected |= {("KitchenPanel", "cooking"), ("KitchenPanel", "you"), ("TablesPanel", "talking")}
        expected |= {("StreetPanel", "you")}
    assert expected <= seen, expected - seen


@pytest.mark.parametrize("level", ["none", "full"])
async def test_no_blinking_cursor_when_no_motion_is_asked_for(level: str) -> None:
    app, _source = make_app()
    app.animation_level = level  # type: ignore[assignment]  # what TEXTUAL_ANIMATIONS sets
    async with dashboard(app, size=(120, 40)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one(Input).cursor_blink is (level != "none")
