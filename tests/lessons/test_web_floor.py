"""The web lesson's floor drawn from a look at the server: who shows which face, how many of each, in rows."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.content import Content

from burger_tui.lessons.web_floor import Face, FloorLook, counts, faces, in_the_app
from burger_tui.lessons.web_results import Style
from burger_tui.ui.symbols import ASCII, EMOJI
from burger_tui.ui.widgets.web_floor import MAX_ROWS, floor_markup, rack, rows


def _look(couples: str, lent: int = 0, lag_s: float = 0.0) -> FloorLook:
    return FloorLook(tokens=4, lent=lent, lag_s=lag_s, worst_lag_s=lag_s, couples=couples)


def test_couples_the_server_has_not_seen_are_at_the_door() -> None:
    shown = faces(_look("tsd"), 5, threadpool=False)
    assert shown == [Face.TALKING, Face.STANDING, Face.SERVED, Face.DOOR, Face.DOOR]


def test_in_a_threadpool_style_a_couple_with_nothing_cooking_holds_a_token_or_every_one_is_lent() -> None:
    """Every token lent (4), one to the standing couple: three of the couples with nothing on the fire hold
    the others (their call in a thread), and only the rest wait for a token; with a token free nobody
    waits for one. (A new user read "99 waiting for a token" beside 40 threads: 40 of them had one.)"""
    shown = faces(_look("ooooos", lent=4), 6, threadpool=True)
    assert shown == [Face.ORDERING] * 3 + [Face.TOKEN] * 2 + [Face.STANDING]
    assert faces(_look("oos", lent=3), 3, threadpool=True) == [Face.ORDERING, Face.ORDERING, Face.STANDING]
    assert faces(_look("oos", lent=1), 3, threadpool=True) == [Face.ORDERING, Face.ORDERING, Face.STANDING]
    assert faces(_look("oot"), 3, threadpool=False) == [Face.ORDERING, Face.ORDERING, Face.TALKING]


def test_while_the_loop_is_held_everyone_not_served_is_frozen() -> None:
    look = _look("ddho", lag_s=0.3)
    assert look.held
    shown = faces(look, 6, threadpool=False)
    assert shown == [Face.SERVED, Face.SERVED, Face.HOLDING] + [Face.FROZEN] * 3  # the door's too
    assert in_the_app(shown) == 4


@pytest.mark.parametrize("couples", ["", "ssoo", "ddddssoooo", "t" * 10, "ddh"])
def test_the_counts_add_up_to_every_couple_sent(couples: str) -> None:
    counted = counts(faces(_look(couples), 10, threadpool=True))
    assert sum(n for _face, n in counted) == 10
    assert counted[-1][0] is Face.SERVED  # always said, even when nobody is served yet
    assert [face for face, _n in counted] == sorted((f for f, _n in counted), key=list(Face).index)


@pytest.mark.parametrize(("width", "per_row"), [(74, 25), (94, 25), (119, 40), (196, 50), (60, 20)])
def test_rows_are_round_lengths_that_fit(width: int, per_row: int) -> None:
    shown = faces(_look("d" * 30 + "s" * 40 + "o" * 30), 100, threadpool=True)
    drawn = [Content.from_markup(row).plain for row in rows(shown, EMOJI, width)]
    assert len(drawn) == -(-100 // per_row)
    assert all(cell_len(row) == 3 * per_row - 1 <= width for row in drawn[:-1])  # the last may be short
    assert cell_len(drawn[-1]) == 3 * (100 - per_row * (len(drawn) - 1)) - 1


def test_more_couples_than_rows_are_counted_not_drawn() -> None:
    shown = faces(_look(""), 1000, threadpool=False)
    drawn = rows(shown, ASCII, 74)
    assert len(drawn) == MAX_ROWS + 1
    assert Content.from_markup(drawn[-1]).plain == f"and {1000 - 25 * MAX_ROWS} more, counted below"


def test_the_rack_has_a_cell_a_token_up_to_forty() -> None:
    assert rack(1, 4) == "Threadpool █░░░ 1/4 tokens taken"
    assert rack(40, 80).count("█") == 20  # 40 cells at most: two tokens a cell
    assert rack(0, 40).count("░") == 40


@pytest.mark.parametrize("style", list(Style))
def test_the_ascii_floor_has_no_emoji(style: Style) -> None:
    look = _look("ddhsot")
    plain = Content.from_markup(floor_markup(style, look, 20, ASCII, 74)).plain
    assert all(cell_len(line) == len(line) for line in plain.splitlines())  # one cell a character: no emoji
    assert all(glyph not in plain for glyph in (EMOJI.standing, EMOJI.talking, EMOJI.frozen))


def test_the_floor_says_where_every_couple_is() -> None:
    look = FloorLook(tokens=40, lent=40, lag_s=0.0, worst_lag_s=0.03, couples="d" * 41 + "s" * 40 + "o" * 19)
    plain = Content.from_markup(floor_markup(Style.DEF, look, 100, EMOJI, 74)).plain.splitlines()
    assert plain[0] == "Threadpool " + "█" * 40 + " 40/40 tokens taken"
    assert plain[-2] == "👫 19 waiting for a token · 😞 40 standing · 🍔 41 served"
    assert plain[-1] == "Server's loop lag (measured inside it): 0.00 s, worst this style 0.03 s"
