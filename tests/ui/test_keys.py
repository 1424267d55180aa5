"""Every binding, pressed through Pilot, checked through the day's snapshots (``DaySession.snapshot``)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input, Static

from burger_tui.sim.live import RUSH_SIZE, SPEEDS
from burger_tui.sim.model import MAX_COOKS, Mode, Phase, Role, planned_staff
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.keys import KEYS
from burger_tui.ui.palette import OnceCommandPalette
from burger_tui.ui.screens.cleaning import CleaningScreen
from burger_tui.ui.screens.compare import CompareScreen
from burger_tui.ui.screens.export_dialog import ExportDialog
from burger_tui.ui.screens.help import HelpScreen, help_content
from burger_tui.ui.screens.web_lesson import WebLessonScreen
from burger_tui.ui.symbols import ASCII, EMOJI, Symbols
from tests.helpers.days import every_day
from tests.helpers.driving import advance, dashboard, make_app, notices, resize, settle

SIZE = (120, 40)


def inside(snapshot: DaySnapshot) -> list[int]:
    """The couples inside, by arrival."""
    return sorted(couple.id for couples in snapshot.by_phase.values() for couple in couples)


async def test_o_adds_one_couple_to_the_line() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("o")
        snapshot = app.dashboard.session.snapshot()
        assert snapshot.stats.arrived == 1
        assert len(inside(snapshot)) == 1


async def test_shift_o_is_a_rush_of_ten() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        assert app.dashboard.session.snapshot().stats.arrived == RUSH_SIZE


async def test_m_cycles_the_models_live_and_restaffs() -> None:
    app, source = make_app(cooks=3)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 20)
        seen = []
        for _ in range(3):
            await pilot.press("m")
            await settle(pilot)
            snapshot = app.dashboard.session.snapshot()
            seen.append(snapshot.mode)
            on_duty = {role: 0 for role in Role}
            for member in snapshot.staff:
                if not member.off_duty:
                    on_duty[member.role] += 1
            assert {r: n for r, n in on_duty.items() if n} == planned_staff(snapshot.mode, snapshot.cooks)
        assert seen == [Mode.PARALLEL, Mode.HYBRID, Mode.CONCURRENT]
        assert app.dashboard.session.snapshot().stats.arrived == RUSH_SIZE  # nobody appeared or vanished


async def test_plus_and_minus_change_the_cooks_within_limits() -> None:
    app, _ = make_app(mode=Mode.PARALLEL, cooks=2)
    async with dashboard(app, size=SIZE) as pilot:
        session = app.dashboard.session
        await pilot.press("plus")
        assert session.snapshot().cooks == 3
        await pilot.press("minus", "minus")
        assert session.snapshot().cooks == 1
        await pilot.press("minus")
        assert session.snapshot().cooks == 1  # never below one
        assert "Cooks stay between" in notices(app)  # not silent
        for _ in range(MAX_COOKS - 1):
            await session.more_cooks()  # the command of "plus", without a key press of real time each
        assert session.snapshot().cooks == MAX_COOKS
        await pilot.press("plus")
        assert session.snapshot().cooks == MAX_COOKS  # never above the most


def cashier_progress(snapshot: DaySnapshot) -> float:
    (cashier,) = (member for member in snapshot.staff if member.role is Role.CASHIER)
    return cashier.progress


async def test_space_pauses_everything_including_work_in_progress() -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("o")
        await advance(pilot, source, 3)
        progress = cashier_progress(app.dashboard.session.snapshot())
        assert 0 < progress < 1
        await pilot.press("space")
        assert app.dashboard.session.snapshot().paused
        frozen_at = app.dashboard.session.shown_time()
        await advance(pilot, source, 30)
        assert app.dashboard.session.shown_time() == frozen_at
        assert cashier_progress(app.dashboard.session.snapshot()) == progress
        await pilot.press("space")
        assert not app.dashboard.session.snapshot().paused
        await advance(pilot, source, 1)
        assert app.dashboard.session.shown_time() == frozen_at + 1


async def test_brackets_step_the_speed_and_clamp() -> None:
    app, source = make_app(speed=1.0)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert app.dashboard.session.snapshot().speed == 2.0
        before = app.dashboard.session.shown_time()
        await advance(pilot, source, 1)
        assert app.dashboard.session.shown_time() == before + 2.0  # speed applies at once
        for _ in range(10):
            await pilot.press("right_square_bracket")
        assert app.dashboard.session.snapshot().speed == SPEEDS[-1]
        for _ in range(10):
            await pilot.press("left_square_bracket")
        assert app.dashboard.session.snapshot().speed == SPEEDS[0]
        assert "Speed stays between" in notices(app)  # not silent


async def test_a_toggles_automatic_arrivals() -> None:
    app, source = make_app(arrival_rate_per_min=30.0)
    async with dashboard(app, size=SIZE) as pilot:
        session = app.dashboard.session
        await advance(pilot, source, 60)
        assert session.snapshot().stats.arrived == 0
        await pilot.press("a")
        assert session.snapshot().auto_arrivals
        await advance(pilot, source, 60)
        assert session.snapshot().stats.arrived > 5
        await pilot.press("a")
        assert not session.snapshot().auto_arrivals
        arrived = session.snapshot().stats.arrived
        await advance(pilot, source, 60)
        # At most one arrival was already on its way.
        assert session.snapshot().stats.arrived <= arrived + 1


async def test_r_starts_a_new_day_and_ends_every_task_of_the_old_one() -> None:
    app, source = make_app()
    days = every_day(app)
    async with dashboard(app, size=SIZE) as pilot:
        session = app.dashboard.session
        await pilot.press("O")
        await advance(pilot, source, 30)
        await pilot.press("r")
        await settle(pilot)
        assert session.days == len(days) == 2
        old, new = days
        assert not old.running
        assert new.running
        assert session.running
        assert session.snapshot().stats.arrived == 0
        assert session.shown_time() == 0


async def test_question_mark_opens_and_escape_closes_help() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_is_kept_between_opens_and_opens_at_its_top_at_the_terminals_size() -> None:
    """One help screen for the app (a new one each ``?`` held the loop ~60 ms as it first showed): opened
    again, it is the same screen, at its first line, laid out at the terminal's size of the moment."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("question_mark")
        first = app.screen
        assert isinstance(first, HelpScreen)
        text = first.query_one("#help-text", Static)
        assert "CONCURRENT BURGERS VS PARALLEL BURGERS" in str(text.content)
        body = first.query_one("#help-body")
        body.scroll_end(animate=False)
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("escape")
        await resize(pilot, 80, 24)
        await pilot.press("question_mark")
        assert app.screen is first
        assert body.scroll_y == 0
        assert body.outer_size.width <= 80
        assert text.size.width < 80 - 4  # wrapped inside the box at the new width
        await pilot.press("escape")
        assert app.screen_stack == [app.dashboard]


async def test_q_quits_and_cancels_the_day() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        assert app.dashboard.session.running
        await pilot.press("q")
        await pilot.pause()
    assert not app.dashboard.session.running


async def test_the_palette_offers_every_action() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for key in KEYS:
            assert key.help in titles or key.action == "quit"
        assert "Quit" in titles
        assert "Theme" in titles


async def test_a_switch_in_the_middle_of_everything_loses_nobody() -> None:
    app, source = make_app(cooks=2)
    async with dashboard(app, size=SIZE) as pilot:
        for _ in range(3):
            await pilot.press("O")
        await advance(pilot, source, 90, step=3)
        snapshot = app.dashboard.session.snapshot()
        assert snapshot.couples(Phase.IN_LINE)
        assert snapshot.couples(Phase.SEATED)
        for key in "mmmmm":
            await pilot.press(key)
            await advance(pilot, source, 25, step=5)
        await advance(pilot, source, 3 * 3600, step=60)
        snapshot = app.dashboard.session.snapshot()
        stats = snapshot.stats
        assert stats.arrived == stats.served == stats.left == 3 * RUSH_SIZE
        assert not inside(snapshot)


async def test_c_opens_the_comparison_of_the_three_models() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)


async def test_e_exports_statistics_and_couples_where_the_user_says(tmp_path: Path) -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 3600, step=30)
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        prefix_input = app.screen.query_one(Input)
        prefix_input.value = str(tmp_path / "day")
        await pilot.press("enter")
        await pilot.pause()
    stats = json.loads((tmp_path / "day.json").read_text())
    assert stats["served"] == RUSH_SIZE
    rows = list(csv.DictReader((tmp_path / "day.csv").open()))
    assert len(rows) == RUSH_SIZE


async def test_a_failed_export_is_a_message_not_a_crash(tmp_path: Path) -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one(Input).value = str(tmp_path / "missing-dir" / "day")
        await pilot.press("enter")
        await pilot.pause()
        assert "Export failed:" in notices(app)
        assert app.is_running


async def test_closing_the_compare_screen_leaves_the_day_running() -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.press("escape")
        await settle(pilot)
        assert app.dashboard.session.running
        await pilot.press("o")
        await advance(pilot, source, 3600, step=30)
        assert app.dashboard.session.snapshot().stats.left == 1


async def test_keys_under_another_screen_leave_the_dashboard_alone() -> None:
    app, _ = make_app(cooks=3)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("o")
        for screen_key, closing_key in (("c", "escape"), ("question_mark", "escape")):
            await pilot.press(screen_key)
            await pilot.press("r", "m", "o", "plus", "space", "c")
            assert len(app.screen_stack) == 2  # no second screen on top either
            await pilot.press(closing_key)
            await settle(pilot)
            assert len(app.screen_stack) == 1
        snapshot = app.dashboard.session.snapshot()
        assert snapshot.mode is Mode.CONCURRENT
        assert snapshot.stats.arrived == 1
        assert snapshot.cooks == 3
        assert not snapshot.paused
        assert app.dashboard.session.days == 1


def _export(app_screen: object, prefix: Path) -> None:
    assert isinstance(app_screen, ExportDialog)
    app_screen.query_one(Input).value = str(prefix)


async def test_e_after_a_live_switch_labels_each_couple_with_the_model_that_took_its_order(
    tmp_path: Path,
) -> None:
    app, source = make_app(cooks=3, seed=3)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 60, step=5)  # the cashier has taken a few orders, not all ten
        switched_at = app.dashboard.session.shown_time()
        await pilot.press("m")  # concurrent -> parallel
        await settle(pilot)
        await advance(pilot, source, 3600, step=30)
        await pilot.press("e")
        _export(app.screen, tmp_path / "day")
        await pilot.press("enter")
        await pilot.pause()
    stats = json.loads((tmp_path / "day.json").read_text())
    assert stats["mode"] == "parallel"
    assert stats["config"]["mode"] == "parallel"
    assert stats["config"]["cooks"] == 3
    # The staff each model employed (Concurrent's one cook, whatever the setting), and the setting.
    assert stats["started_as"] == {
        "mode": "concurrent",
        "staff": {"cashier": 1, "cook": 1},
        "cooks_setting": 3,
    }
    assert stats["switches"] == [
        {"at_s": switched_at, "mode": "parallel", "staff": {"cashier-cook": 3}, "cooks_setting": 3}
    ]
    rows = list(csv.DictReader((tmp_path / "day.csv").open(newline="")))
    assert len(rows) == RUSH_SIZE
    assert {row["mode"] for row in rows} == {"concurrent", "parallel"}
    for row in rows:
        if row["mode"] == "concurrent":
            assert row["turn_number"]
            assert row["served_by"] == "Cashier"
        else:
            assert not row["turn_number"]
            assert row["served_by"].startswith("Cashier-cook")


async def test_e_mid_day_writes_a_row_for_every_couple_that_arrived(tmp_path: Path) -> None:
    app, source = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 300, step=10)
        snapshot = app.dashboard.session.snapshot()
        assert 0 < snapshot.stats.left < RUSH_SIZE  # some left, some still inside
        still_inside = inside(snapshot)
        await pilot.press("e")
        _export(app.screen, tmp_path / "day")
        await pilot.press("enter")
        await pilot.pause()
    stats = json.loads((tmp_path / "day.json").read_text())
    rows = list(csv.DictReader((tmp_path / "day.csv").open(newline="")))
    assert len(rows) == RUSH_SIZE == stats["config"]["customers"]
    assert sum(1 for row in rows if row["picked_up_at"]) == stats["served"]
    last = len(still_inside)
    assert [int(row["couple"]) for row in rows[-last:]] == still_inside  # still inside: last, by arrival
    assert all(row["left_at"] == "" for row in rows[-last:])
    assert all(row["left_at"] for row in rows[:-last])


async def test_an_export_name_too_long_or_a_huge_seed_never_ends_the_day(tmp_path: Path) -> None:
    """A 300-digit seed gave a default name too long for the file system: e, enter, and the app was
    gone with the day. Seeds are 64-bit now; whatever the name, a failure is a notification."""
    app, source = make_app(seed=-(2**63))
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("O")
        await advance(pilot, source, 30)
        await pilot.press("e")
        name = Path(app.screen.query_one(Input).value).name  # offered in the current folder
        assert len(name) < 40  # the default name stays short for any seed
        app.screen.query_one(Input).value = str(tmp_path / ("x" * 300))
        await pilot.press("enter")
        await pilot.pause()
        assert "Export failed:" in notices(app)
        assert "too long" in notices(app)
        assert app.dashboard.session.running
        assert app.is_running
        await advance(pilot, source, 30)
        assert app.dashboard.session.snapshot().stats.arrived >= RUSH_SIZE


@pytest.mark.parametrize("symbols", [EMOJI, ASCII])
def test_help_shows_every_key_as_it_is_written(symbols: Symbols) -> None:
    shown = help_content(symbols).plain
    assert "[/" not in shown  # no markup leaked ("[" the key once swallowed the "[/b]" after it)
    lines = shown.splitlines()
    for key in KEYS:
        assert any(line.strip().startswith(f"{key.shown} ") for line in lines), key.shown


@pytest.fixture
def away(monkeypatch: pytest.MonkeyPatch) -> tuple[BurgerApp, list[bool]]:
    """An app whose Ctrl+Z records whether the day was paused while at the shell, instead of going there."""
    app, _ = make_app()
    paused_while_away: list[bool] = []
    monkeypatch.setattr(
        app,
        "action_suspend_process",
        lambda: paused_while_away.append(app.dashboard.session.snapshot().paused),
    )
    return app, paused_while_away


@pytest.mark.parametrize("paused_before", [False, True])
async def test_ctrl_z_suspends_with_the_restaurant_paused_until_fg(
    paused_before: bool, away: tuple[BurgerApp, list[bool]]
) -> None:
    """Ctrl+Z was a key nobody bound (the terminal's raw mode makes it one): the dashboard went on. Now it
    goes back to the shell, the restaurant paused meanwhile (a day run on would jump at fg), and as it was
    after."""
    app, paused_while_away = away
    async with dashboard(app, size=SIZE) as pilot:
        if paused_before:
            await pilot.press("space")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert paused_while_away == [True]
        assert app.dashboard.session.snapshot().paused is paused_before


@pytest.mark.parametrize(
    ("key", "screen"),
    [
        ("question_mark", HelpScreen),
        ("e", ExportDialog),
        ("ctrl+p", OnceCommandPalette),
        ("h", CleaningScreen),
        ("f", WebLessonScreen),
    ],
)
async def test_ctrl_z_suspends_over_the_other_screens_too(
    key: str,
    screen: type[Screen[object]],
    away: tuple[BurgerApp, list[bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The eleventh adversarial pass: Ctrl+Z did nothing over the help (or a comparison, a lesson). The
    thirteenth: nor over the export dialog and the palette, whose text box took it as undo (a user typing
    ``fg`` there, believing they were at the shell, wrote ./fg.json), nor over the lessons: a modal
    screen's bindings end the search for a key's binding before the app's."""
    monkeypatch.setattr(CleaningScreen, "clean", lambda _self: None)  # the lessons' work is not the point
    monkeypatch.setattr(WebLessonScreen, "serve", lambda _self: None)
    app, paused_while_away = away
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, screen)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert paused_while_away == [True]
        assert isinstance(app.screen, screen)


async def test_ctrl_z_in_a_browser_says_what_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = make_app()
    monkeypatch.setattr(type(app), "is_web", property(lambda _app: True))
    monkeypatch.setattr(
        app, "action_suspend_process", lambda: pytest.fail("a tab has no shell to go back to")
    )
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "space pauses" in notices(app)
        assert not app.dashboard.session.snapshot().paused
