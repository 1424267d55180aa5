"""The stylesheet kept as made between starts (``burger_tui/ui/parsed_css.py``, issue 20: start-up).

A second start makes no theme variables and parses no CSS before its first frame, and looks the same as the
first; what was kept for another theme, another Textual or in a broken file is made again; a cache that
cannot be written is no error.
The first test fails if Textual stops parsing through ``Stylesheet._parse_rules``, which the module overrides.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import textual.css.parse
import textual.css.stylesheet
from textual.css.model import RuleSet
from textual.design import ColorSystem
from textual.theme import Theme

import burger_tui.ui
from burger_tui.ui import parsed_css
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.parsed_css import KeptCss, KeptStylesheet, RulesKey, theme_key
from tests.helpers.styles import styles_of

SIZE = (120, 40)


class CountedParses:
    """Textual's parser, as the stylesheet calls it, counting the pieces of CSS it parses, and the times a
    theme makes its variables (``Theme.to_color_system``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self._parse = textual.css.parse.parse
        monkeypatch.setattr(textual.css.stylesheet, "parse", self)
        colours = Theme.to_color_system

        def counted_colours(theme: Theme) -> ColorSystem:
            self.count += 1
            return colours(theme)

        monkeypatch.setattr(Theme, "to_color_system", counted_colours)

    def __call__(self, *args: Any, **kwargs: Any) -> Iterable[RuleSet]:
        self.count += 1
        return self._parse(*args, **kwargs)


async def _first_frame(path: Path, parses: CountedParses) -> tuple[int, dict[str, dict[str, str]]]:
    """Start the dashboard with its stylesheet kept in ``path``: the pieces of CSS parsed before its first
    frame, and how its widgets look."""
    parsed_before_the_first_frame: list[int] = []

    class App(BurgerApp):
        CSS_PATH = str(Path(burger_tui.ui.__file__).parent / "app.tcss")  # else looked for beside this test

        def on_ready(self) -> None:  # before BurgerApp's, which keeps the stylesheet
            parsed_before_the_first_frame.append(parses.count)

    app = App(auto_arrivals=False, loop_lag_meter=False, kept_css=path)
    async with app.run_test(size=SIZE):
        return parsed_before_the_first_frame[0], styles_of(app.dashboard)


async def test_a_second_start_makes_no_variables_parses_no_css_and_looks_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache" / "stylesheet.pickle"  # its folder made as it is written
    first_parses, first = await _first_frame(path, CountedParses(monkeypatch))
    assert first_parses > 0
    assert path.exists()
    second_parses, second = await _first_frame(path, CountedParses(monkeypatch))
    assert second_parses == 0
    assert second == first


VARIABLES = {"primary": "#004578"}
THEME = theme_key(Theme("test", primary="#004578"), {"standing": "#e69f00"})


def _kept(path: Path, variables: dict[str, str] = VARIABLES) -> KeptStylesheet:
    """A stylesheet that has parsed one rule and kept it in ``path``, with ``variables`` made for THEME."""
    stylesheet = KeptStylesheet(KeptCss(path), variables=variables)
    stylesheet.add_source("Screen { color: $primary; }", read_from=("test", "css"))
    stylesheet.parse()
    stylesheet.keep(THEME)
    return stylesheet


def _css(rules: dict[RulesKey, list[RuleSet]]) -> list[str]:
    return [rule.css for kept in rules.values() for rule in kept]


def test_what_is_kept_is_read_back_for_the_same_theme_and_textual(tmp_path: Path) -> None:
    path = tmp_path / "stylesheet.pickle"
    written = _kept(path)
    kept = KeptCss(path)
    assert kept.variables_for(THEME) == VARIABLES
    assert _css(KeptStylesheet(kept, variables=dict(VARIABLES)).kept) == [rule.css for rule in written.rules]


def test_what_is_kept_for_another_theme_its_defaults_or_textual_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stylesheet.pickle"
    _kept(path)
    assert (
        KeptCss(path).variables_for(theme_key(Theme("test", primary="#ff0000"), {"standing": "#e69f00"}))
        is None
    )
    assert KeptCss(path).variables_for(theme_key(Theme("test", primary="#004578"), {})) is None
    assert KeptStylesheet(KeptCss(path), variables={"primary": "#ff0000"}).kept == {}
    monkeypatch.setattr(parsed_css, "textual_identity", lambda: ("elsewhere", 0, 0))
    assert KeptCss(path).variables_for(THEME) is None
    assert KeptStylesheet(KeptCss(path), variables=VARIABLES).kept == {}


def test_after_a_change_of_theme_the_css_is_parsed_for_it(tmp_path: Path) -> None:
    stylesheet = _kept(tmp_path / "stylesheet.pickle")
    stylesheet.set_variables({"primary": "#ff0000"})  # as Textual does when the theme changes
    stylesheet.parse()  # as when a new widget's CSS arrives: every source again
    assert "#FF0000" in stylesheet.css


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])  # the last: pickled None
def test_a_broken_file_is_parsed_again_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "stylesheet.pickle"
    path.write_bytes(content)
    assert KeptCss(path).variables_for(THEME) is None
    assert _kept(path).rules  # parsed
    assert KeptStylesheet(KeptCss(path), variables=VARIABLES).kept  # and now kept


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "a file").write_text("in the way of a folder")
    _kept(tmp_path / "a file" / "stylesheet.pickle")
    (tmp_path / "a folder").mkdir()  # in the way of the file: written beside it, then not renamed over it
    _kept(tmp_path / "a folder")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a file", "a folder"]  # nothing left behind
    assert list((tmp_path / "a folder").iterdir()) == []


def test_rules_no_longer_asked_for_are_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "stylesheet.pickle"
    _kept(path)
    changed = KeptStylesheet(KeptCss(path), variables=VARIABLES)
    changed.add_source("Screen { color: $primary 50%; }", read_from=("test", "css"))  # the CSS edited
    changed.parse()
    changed.keep(THEME)
    assert _css(KeptStylesheet(KeptCss(path), variables=VARIABLES).kept) == [
        rule.css for rule in changed.rules
    ]
