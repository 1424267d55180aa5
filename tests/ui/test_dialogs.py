"""Every dialog closes once: a quick second key never closes what is under it.

Keys arrive back to back, as from a user (``quick_press``): the second one is on its way before the
first one's dialog is gone.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual._context import active_app
from textual.app import App
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

import burger_tui.export
from burger_tui.atomic_files import shown
from burger_tui.sim.snapshot import DaySnapshot
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.palette import OnceCommandPalette
from burger_tui.ui.screens.cleaning import CleaningScreen
from burger_tui.ui.screens.export_dialog import ExportDialog
from burger_tui.ui.screens.help import HelpScreen
from burger_tui.ui.screens.sim_error import SimErrorScreen
from tests.helpers.days import every_day
from tests.helpers.driving import advance, dashboard, key_event, make_app, notices, quick_press, settle

SIZE = (120, 40)
HELD_S = 60  # a bound on what the held palette test waits for: past it, the palette never went


@pytest.mark.parametrize("keys", [("enter", "enter"), ("enter", "escape"), ("escape", "enter")])
async def test_the_export_dialog_submits_once(
    keys: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 25): Enter twice quickly dismissed the dialog twice, and the second dismiss
    popped the dashboard itself (ScreenStackError: Can't pop screen) and ended the app."""
    exports: list[str] = []
    export_run = burger_tui.export.export_run

    def counted(prefix: str, *args: object, **kwargs: object) -> object:
        exports.append(prefix)
        return export_run(prefix, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(burger_tui.export, "export_run", counted)
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one(Input).value = str(tmp_path / "day")
        await quick_press(pilot, *keys)
        await settle(pilot)
        assert app.screen_stack == [app.dashboard]
        assert app.is_running
        assert app.return_code is None
        assert exports == ([str(tmp_path / "day")] if keys[0] == "enter" else [])
        assert not app.dashboard.session.snapshot().paused  # resumed once, as it was before the dialog


async def test_a_path_typed_quickly_then_enter_is_the_path_written(tmp_path: Path) -> None:
    """The tenth adversarial pass: a path typed (or sent by a script) and Enter straight after it wrote to
    a path cut short, the default name, or nothing (11 of 14): Enter is matched as it arrives, and read the
    input before it had taken the keys typed ahead."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one(Input).value = ""
        await quick_press(pilot, *f"{tmp_path}/typed", "enter")
        await settle(pilot)
        assert app.screen_stack == [app.dashboard]
    assert sorted(os.listdir(tmp_path)) == ["typed.csv", "typed.json"]


def couples(snapshot: DaySnapshot) -> int:
    return sum(map(len, snapshot.by_phase.values()))


async def test_keys_typed_right_after_e_go_to_the_export_dialog() -> None:
    """The eleventh adversarial pass saw keys typed within milliseconds of ``e`` run as the dashboard's
    commands (``o`` ordered, ``m`` switched the model); the twelfth saw them lost. Textual hands each key to
    the focused widget as it arrives and matches bindings as it comes back: these were handed to the
    dashboard before ``e`` had opened the dialog (see ``typed_ahead``)."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        before = app.dashboard.session.snapshot()
        await quick_press(pilot, "e", "o", "m")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one(Input).value == "om"  # typed over the name offered, which is selected
        after = app.dashboard.session.snapshot()
        assert (after.mode, couples(after), after.paused) == (before.mode, couples(before), True)
        await quick_press(pilot, "escape")
        await settle(pilot)
        assert not app.dashboard.session.snapshot().paused


async def test_e_a_path_and_enter_typed_quickly_write_that_path(tmp_path: Path) -> None:
    """The twelfth adversarial pass: ``e``, a path and Enter sent back to back wrote the default name (and
    replaced the export there), or nothing: the path's keys were lost (1 in 10, and 6 in 39)."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await quick_press(pilot, "e", *f"{tmp_path}/quick", "enter")
        await settle(pilot)
        assert app.screen_stack == [app.dashboard]
    assert sorted(os.listdir(tmp_path)) == ["quick.csv", "quick.json"]


async def test_exports_typed_in_bursts_write_their_paths_however_the_keys_are_spread(tmp_path: Path) -> None:
    """The thirteenth adversarial pass, under load: ``e``, a path and Enter sent in one burst, a second or so
    after the last, went wrong 9 times in 43. The path's letters ran as the dashboard's commands (``r`` reset
    the day, ``m`` switched the model), a leading ``/`` was lost, or nothing was written. Here each burst's
    keys are spread over the app's work by 0 to 39 turns of the event loop between keys: before the app
    handed on one key at a time (``typed_ahead``), 2 spreads in 14 lost an export. The ``o`` after each
    Enter must order a couple on the dashboard, not be typed into the dialog closing."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        before = app.dashboard.session.snapshot()
        assert app._driver is not None
        for turns in range(40):
            for key in ("e", *f"{tmp_path}/by{turns}", "enter", "o"):  # o: a couple, on the dashboard
                app._driver.send_message(key_event(key))
                for _ in range(turns):
                    await asyncio.sleep(0)
        await quick_press(pilot)  # until every key is handed on
        await settle(pilot)
        assert app.screen_stack == [app.dashboard]
        after = app.dashboard.session.snapshot()
        assert (after.mode, couples(after), after.paused) == (
            before.mode,
            couples(before) + 40,
            before.paused,
        )
    assert sorted(os.listdir(tmp_path)) == sorted(
        f"by{turns}.{kind}" for turns in range(40) for kind in ("csv", "json")
    )


async def test_the_next_key_is_handed_on_once_the_last_ones_binding_ran_and_its_screen_settled() -> None:
    """The first CI run of ``typed_ahead`` lost 2 of the 40 spread exports above, under load: a key's turn
    ended as it reached the screen, before the app had run its binding (the next key could then reach a
    dialog before its text box was focused). Here, as soon as the app holds no key: ``space``'s binding has
    run, and after ``e`` the export dialog is on top with its text box focused."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await quick_press(pilot, "space")  # waits only until the app holds no key
        assert app.dashboard.session.snapshot().paused
        await quick_press(pilot, "e")
        assert isinstance(app.screen, ExportDialog)
        assert app.focused is app.screen.query_one(Input)


async def test_an_export_told_after_the_app_ended_tells_nobody(tmp_path: Path) -> None:
    """The ninth adversarial pass: a signal to the app's group within ~20 ms of Enter in the export dialog
    ended the app as the export was written, and its notice then mounted the caption on the dashboard,
    detached by then (MountError, exit 1); the frame after it would have painted widgets without styles."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE):
        screen = app.dashboard
        assert screen.caption is None  # no notice yet: the export's would mount the caption
    assert not screen.is_attached
    active_app.set(app)  # as in the app's own tasks, still ending
    screen._show_export(screen.session.export_to(str(tmp_path / "day")))  # what Enter's callback does
    assert screen.caption is None


@pytest.mark.parametrize("typed", ["[", "x[@click=", "[/b", "[red]"])
async def test_a_path_with_brackets_is_shown_and_said_as_typed(typed: str, tmp_path: Path) -> None:
    """The seventh adversarial pass: "[" typed in the export's path ended the app, in the dialog's line
    that says where the files land and in the notice that says where they went (or why not): markup
    read the path as tags. "[red]" was swallowed as a style."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one(Input).value = ""
        prefix = f"{tmp_path}/missing{typed}/day"  # a folder that does not exist: the failure's notice
        await pilot.press(*prefix)
        await settle(pilot)
        where = dialog.query_one("#export-where", Static)
        assert f"missing{typed}" in str(where.render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert app.screen_stack == [app.dashboard]
        assert f"missing{typed}" in notices(app)
        assert "Export failed" in notices(app)


async def test_the_export_dialog_offers_the_current_folder_written_out_and_says_where_files_land(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new user did not know where a bare ``burger-day-seed7`` would go (the folder the dashboard was
    started in): the path is offered written out, and a line says, as it is typed, what it writes, and what
    it replaces (an export over another one replaced it without a word)."""
    home = tmp_path / "home"
    folder = home / "burgers"
    (folder / "runs").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(folder)
    app, _ = make_app(seed=7)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("e")
        screen = app.screen
        assert isinstance(screen, ExportDialog)
        prefix = screen.query_one(Input)

        async def typed(text: str) -> str:  # in the dialog open
            app.screen.query_one(Input).value = text
            await pilot.pause()
            return str(app.screen.query_one("#export-where", Static).render())

        offered = "~/burgers/burger-day-seed7"
        assert prefix.value == offered
        day = "burger-day-seed7.json and burger-day-seed7.csv"
        assert await typed(offered) == f"writes {day} in ~/burgers"
        assert await typed("runs/") == f"writes {day} in ~/burgers/runs"  # a folder holds the day's name
        elsewhere = tmp_path / "elsewhere" / "day"  # outside the home folder: from the root
        elsewhere.parent.mkdir()
        assert await typed(str(elsewhere)) == f"writes day.json and day.csv in {elsewhere.parent}"
        assert await typed("..") == f"writes {day} in ~"
        (folder / "runs" / "old.csv").write_text("")
        assert await typed("runs/old") == "writes old.json, replaces old.csv in ~/burgers/runs"
        (folder / "runs" / "dj.csv").mkdir()  # the eleventh adversarial pass: it said "replaces dj.csv"
        assert await typed("runs/dj") == "cannot export there: dj.csv is a folder in ~/burgers/runs"
        long = "x" * 300  # the thirteenth adversarial pass: such paths were said to be written, until Enter
        assert await typed(long) == f"cannot write {shown(long + '.json')}: File name too long"
        missing = "cannot write nowhere/day.json: the folder nowhere does not exist"
        assert await typed("nowhere/day") == missing
        assert await typed("day\0") == "cannot export to day\\x00: a file name cannot contain a NUL character"
        await typed(offered)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")  # again, over the day just written
        assert await typed(offered) == f"replaces {day} in ~/burgers"
    assert (folder / "burger-day-seed7.json").is_file()
    assert (folder / "burger-day-seed7.csv").is_file()


async def test_the_export_dialog_in_a_folder_removed_since_offers_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tenth adversarial pass: the folder the dashboard was started in removed, e ended the app (the
    dialog wrote the offered path out from a current folder that no longer exists: FileNotFoundError)."""
    home = tmp_path / "home"
    home.mkdir()
    started_in = tmp_path / "removed"
    started_in.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(started_in)
    started_in.rmdir()
    app, _ = make_app(seed=7)
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        prefix = dialog.query_one(Input)
        assert prefix.value == "~/burger-day-seed7"
        where = dialog.query_one("#export-where", Static)
        assert str(where.render()) == "writes burger-day-seed7.json and burger-day-seed7.csv in ~"
        prefix.value = "day"  # relative to a folder that is gone
        await pilot.pause()
        assert "the folder burger-tui started in is gone" in str(where.render())
        await pilot.press("enter")
        await settle(pilot)
        assert "Export failed" in notices(app)
        await pilot.press("e")
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
    assert (home / "burger-day-seed7.json").is_file()


@pytest.mark.parametrize(
    ("key", "screen", "keys"),
    [
        ("question_mark", HelpScreen, ("escape", "escape")),
        ("question_mark", HelpScreen, ("escape", "question_mark", "q")),
        ("h", CleaningScreen, ("escape", "escape")),
    ],
)
async def test_the_other_dialogs_close_once(key: str, screen: type, keys: tuple[str, ...]) -> None:
    """They close through their bindings, which Textual matches against the screen on top when the
    key arrives: a second key goes to what is under the dialog, never to the dialog closed."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, screen)
        await quick_press(pilot, *keys)
        await settle(pilot)
        assert app.screen_stack == [app.dashboard]
        assert app.is_running
        assert not app.dashboard.session.snapshot().paused


async def test_the_error_dialog_closes_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app, source = make_app()
    days = every_day(app)
    async with dashboard(app, size=SIZE) as pilot:
        (failing,) = days

        def grill_fire(*_: object) -> None:
            raise ValueError("the grill caught fire")

        monkeypatch.setattr(failing.board, "add_ticket", grill_fire)
        await pilot.press("o")
        await advance(pilot, source, 30, step=2)
        await settle(pilot)
        assert isinstance(app.screen, SimErrorScreen)
        await quick_press(pilot, "r", "escape", "r")
        await settle(pilot)
        assert app.screen_stack == [app.dashboard]
        assert app.is_running
        assert app.dashboard.session.running
        assert app.dashboard.session.days >= 2  # a new day (the second r may reset it again)
        assert not failing.running


@pytest.mark.parametrize("key", ["pagedown", "pageup"])
async def test_a_page_key_as_the_command_palette_opens_is_no_crash(key: str) -> None:
    """Ctrl+P and a page key at once: Textual's list had its options but not yet their lines (KeyError, the
    app ended; found by the adversarial pass)."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await quick_press(pilot, "ctrl+p", key)
        await settle(pilot)
        assert app.is_running
        await pilot.press("escape")
        await pilot.press("o")  # still answering
        assert app.dashboard.session.snapshot().stats.arrived == 1


async def test_the_command_palette_closes_once() -> None:
    """Ctrl+P, a command, Enter twice quickly: the second Enter dismissed the palette again and popped the
    dashboard (Textual's ScreenStackError, the app ended)."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"rush")
        await settle(pilot)
        await quick_press(pilot, "enter", "enter")
        await settle(pilot)
        assert app.screen is app.dashboard
        assert app.is_running
        await pilot.press("o")  # still answering


def test_every_palette_textual_opens_is_ours() -> None:
    """Textual's methods that open a palette (ctrl+p, the theme picker, ``search_commands``): the app has
    its own of each, which opens :class:`OnceCommandPalette` (a new one in Textual fails here)."""
    openers = {
        name
        for name, method in inspect.getmembers(App, inspect.isfunction)
        if "CommandPalette(" in inspect.getsource(method)
    }
    assert openers == {"action_command_palette", "search_commands", "search_themes"}
    assert all(getattr(BurgerApp, name) is not getattr(App, name) for name in openers)


async def test_the_theme_picker_and_search_commands_are_ours() -> None:
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        for open_it in (app.action_command_palette, app.action_change_theme, lambda: app.search_commands([])):
            open_it()
            await settle(pilot)
            assert isinstance(app.screen, OnceCommandPalette)
            await pilot.press("escape")
            assert app.screen_stack == [app.dashboard]


async def open_the_theme_picker(pilot: Pilot[None]) -> CommandPalette:
    """Ctrl+P, "theme", Enter: the palette goes, its command opens the theme picker. Back as it is pushed."""
    await pilot.press("ctrl+p", *"theme")
    await settle(pilot)
    palette = pilot.app.screen
    pushed: asyncio.Event = asyncio.Event()

    def changed(screen: Screen[object]) -> None:
        if isinstance(screen, CommandPalette) and screen is not palette:
            pushed.set()  # the picker, pushed by a callback of the app a few turns after Enter

    pilot.app.screen_change_signal.subscribe(pilot.app, changed)
    pilot.app.simulate_key("enter")
    await pushed.wait()
    picker = pilot.app.screen
    assert isinstance(picker, CommandPalette)
    return picker


@pytest.mark.parametrize("key", ["pagedown", "pageup"])
async def test_a_page_key_as_the_theme_picker_opens_is_no_crash(key: str) -> None:
    """Found by the fourth adversarial pass (3 of 4): Textual's theme picker was its own palette, without
    our guards: a page key before its list was laid out (KeyError, the app ended)."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await open_the_theme_picker(pilot)
        await quick_press(pilot, key)
        await settle(pilot)
        assert app.is_running
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_the_theme_picker_closes_once() -> None:
    """The fourth adversarial pass: the theme picker, Enter twice (ScreenStackError: the app ended)."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await open_the_theme_picker(pilot)
        await settle(pilot)
        await quick_press(pilot, "enter", "enter")
        await settle(pilot)
        assert app.screen is app.dashboard
        assert app.is_running
        await pilot.press("o")
        assert app.dashboard.session.snapshot().stats.arrived == 1


@dataclass
class Held:
    """Commands found when the test says so; a palette closing waits for the test to shut it."""

    found: asyncio.Event = field(default_factory=asyncio.Event)
    shutting: asyncio.Event = field(default_factory=asyncio.Event)
    shut: asyncio.Event = field(default_factory=asyncio.Event)
    searched: bool = False

    def provider(self) -> type[Provider]:
        held = self

        class HeldProvider(Provider):
            async def search(self, query: str) -> Hits:
                held.searched = True
                await held.found.wait()
                yield Hit(1, query, lambda: None)

            async def shutdown(self) -> None:
                held.shutting.set()
                await held.shut.wait()

        return HeldProvider


@pytest.mark.parametrize("closed_by", ["escape", "another screen"])
async def test_a_palette_closed_searches_no_more(closed_by: str) -> None:
    """The fourth adversarial pass's most frequent crash: a key typed just before Escape reached the palette
    (``Input.Changed``) after it was dismissed, and Textual started a search; the palette's children go
    first as it is removed, its searches only after its providers shut down, so the search, done then,
    found no ``CommandList`` (NoMatches, the app ended). The same for the palette's first search when
    another screen's ``dismiss`` popped it (Textual pops the screen on top; Escape cancels, that does not)."""
    held = Held()
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        palette = OnceCommandPalette(providers=[held.provider()])
        await app.push_screen(palette)
        await settle(pilot)
        if closed_by == "escape":
            palette.dismiss()  # as Escape does, after it cancelled the search
            palette.workers.cancel_node(palette)
            palette.post_message(Input.Changed(palette.query_one(Input), "the"))  # the key typed before
        else:
            app.pop_screen()  # as a screen under it does as it is dismissed
        app.simulate_key("o")  # the app takes the palette down after its next message
        try:
            async with asyncio.timeout(HELD_S):  # without the fix the palette's removal never ends
                await held.shutting.wait()  # its children gone, its searches not yet cancelled by Textual
                searches = [worker for worker in app.workers if worker.node is palette]
                held.found.set()
                if searches:  # (an empty list would wait for every worker of the app)
                    await app.workers.wait_for_complete(searches)
        finally:
            held.found.set()
            held.shut.set()
        await settle(pilot)
        assert app.is_running
        assert app.screen is app.dashboard
        await pilot.press("o")
        assert app.dashboard.session.snapshot().stats.arrived == 2


@pytest.mark.parametrize("over", [None, "question_mark"])
async def test_a_palette_left_before_it_mounted_opens_nothing(over: str | None) -> None:
    """The fifth adversarial pass (2 crashes in ~4,000 keys: the theme picker opened, then PageDown Enter at
    once, run by the app before the palette's own messages). Its mount handler came after it was left and
    opened it anyway: over the dashboard alone it found no screen under it (``IndexError``), over another
    its first search found no ``CommandList`` (``NoMatches``). Either ended the app."""
    held = Held()
    held.found.set()
    held.shut.set()
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        if over is not None:
            await pilot.press(over)
        under = list(app.screen_stack)
        palette = OnceCommandPalette(providers=[held.provider()])
        app.push_screen(palette)
        app.pop_screen()  # in the same turn: before the palette has handled its Mount
        await settle(pilot)
        assert not held.searched
        assert app.is_running
        assert app.screen_stack == under
        await pilot.press("escape" if over else "o")
        await pilot.press("o")
        assert app.dashboard.session.snapshot().stats.arrived == (1 if over else 2)


async def test_a_palette_under_another_closes_neither() -> None:
    """The sixth storm (ctrl+p, "theme", Enter twice: two theme pickers, one over the other): Escape, on its
    way to the first as the second came over it, dismissed the first, and Textual's dismiss pops the screen
    on top: the second went, the first stayed with its result given. Its next Escape gave it again
    (``InvalidStateError``: the app ended). A palette not on top ignores a dismiss."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        under, over = OnceCommandPalette(), OnceCommandPalette()
        await app.push_screen(under)
        await app.push_screen(over)
        await settle(pilot)
        under.dismiss()  # its Escape, handled after the other came over it
        await settle(pilot)
        assert app.screen_stack == [app.dashboard, under, over]
        await pilot.press("escape")
        await pilot.press("escape")
        assert app.screen_stack == [app.dashboard]
        assert app.is_running
        await pilot.press("o")
        assert app.dashboard.session.snapshot().stats.arrived == 1


async def test_a_command_chosen_twice_quickly_runs_once() -> None:
    """Enter twice on a command, both on their way before the first is handled: each chose it, and the
    second ran it again from the palette already dismissed (the theme command opened two theme pickers)."""
    runs: list[str] = []
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        palette = app.search_commands([("Count", lambda: runs.append("ran"))])
        await palette
        await settle(pilot)
        palette_screen = app.screen
        assert isinstance(palette_screen, OnceCommandPalette)
        field_ = palette_screen.query_one(Input)
        await pilot.press(*"count")
        await settle(pilot)
        for _ in range(2):  # both in one turn, as two Enters reach it
            field_.post_message(Input.Submitted(field_, field_.value))
        await settle(pilot)
        assert runs == ["ran"]
        assert app.screen_stack == [app.dashboard]
        assert app.is_running


async def test_ctrl_p_as_a_palette_goes_opens_another() -> None:
    """Found by the fourth adversarial pass: ctrl+p as a palette was being removed (off the stack, still
    the app's) pushed a second with the same fixed id (DuplicateIds, the app ended)."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        first = app.screen
        first.dismiss()  # what Enter or Escape does
        await quick_press(pilot, "ctrl+p")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, OnceCommandPalette)
        assert app.screen is not first
        await pilot.press("ctrl+p")  # one at a time
        assert app.screen_stack[1:] == [app.screen]
        await pilot.press("escape")
        assert app.screen_stack == [app.dashboard]


@pytest.mark.parametrize("keys", [("q", "O"), ("q", "o", "m", "O", "c")])
async def test_keys_right_after_quit_end_the_app_cleanly(keys: tuple[str, ...]) -> None:
    """Found by the third adversarial pass (5 of 5 in a terminal): ``q`` then ``O`` before the app had gone;
    the rush's command ended after the dashboard was taken down, its notice was mounted there: MountError,
    a traceback and exit 1."""
    app, _ = make_app()
    async with dashboard(app, size=SIZE) as pilot:
        await quick_press(pilot, *keys)
    assert app.return_code == 0
