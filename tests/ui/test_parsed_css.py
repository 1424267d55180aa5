"""The stylesheet kept as parsed between starts (``burger_tui/ui/parsed_css.py``, issue 20: start-up).

A second start parses no CSS before its first frame and looks the same as the first; rules kept for another
theme, another Textual or in a broken file are parsed again; a cache that cannot be written is no error.
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

import burger_tui.ui
from burger_tui.ui import parsed_css
from burger_tui.ui.app import BurgerApp
from burger_tui.ui.parsed_css import KeptStylesheet
from tests.helpers.styles import styles_of

SIZE = (120, 40)


class CountedParses:
    """Textual's parser, as the stylesheet calls it, counting the pieces of CSS it parses."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self._parse = textual.css.parse.parse
        monkeypatch.setattr(textual.css.stylesheet, "parse", self)

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


async def test_a_second_start_parses_no_css_and_looks_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache" / "stylesheet.pickle"  # its folder made as it is written
    first_parses, first = await _first_frame(path, CountedParses(monkeypatch))
    assert first_parses > 0
    assert path.exists()
    second_parses, second = await _first_frame(path, CountedParses(monkeypatch))
    assert second_parses == 0
    assert second == first


def _kept(path: Path, variables: dict[str, str]) -> KeptStylesheet:
    """A stylesheet that has parsed one rule and kept it in ``path``."""
    stylesheet = KeptStylesheet(path, variables=variables)
    stylesheet.add_source("Screen { color: $primary; }", read_from=("test", "css"))
    stylesheet.parse()
    stylesheet.keep()
    return stylesheet


VARIABLES = {"primary": "#004578"}


def test_rules_kept_are_read_back_for_the_same_variables_and_textual(tmp_path: Path) -> None:
    path = tmp_path / "stylesheet.pickle"
    written = _kept(path, VARIABLES)
    read = KeptStylesheet(path, variables=dict(VARIABLES))
    assert [rule.css for rules in read.kept.values() for rule in rules] == [
        rule.css for rule in written.rules
    ]


def test_after_a_change_of_theme_the_css_is_parsed_for_it(tmp_path: Path) -> None:
    stylesheet = _kept(tmp_path / "stylesheet.pickle", VARIABLES)
    stylesheet.set_variables({"primary": "#ff0000"})  # as Textual does when the theme changes
    stylesheet.parse()  # as when a new widget's CSS arrives: every source again
    assert "#FF0000" in stylesheet.css


def test_rules_kept_for_other_variables_or_another_textual_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stylesheet.pickle"
    _kept(path, VARIABLES)
    assert KeptStylesheet(path, variables={"primary": "#ff0000"}).kept == {}
    monkeypatch.setattr(parsed_css, "textual_identity", lambda: ("elsewhere", 0, 0))
    assert KeptStylesheet(path, variables=VARIABLES).kept == {}


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])  # the last: pickled None
def test_a_broken_file_is_parsed_again_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "stylesheet.pickle"
    path.write_bytes(content)
    stylesheet = _kept(path, VARIABLES)
    assert stylesheet.rules  # parsed
    assert KeptStylesheet(path, variables=VARIABLES).kept  # and now kept


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "a file").write_text("in the way of a folder")
    _kept(tmp_path / "a file" / "stylesheet.pickle", VARIABLES)
    (tmp_path / "a folder").mkdir()  # in the way of the file: written beside it, then not renamed over it
    _kept(tmp_path / "a folder", VARIABLES)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a file", "a folder"]  # nothing left behind
    assert list((tmp_path / "a folder").iterdir()) == []


def test_rules_no_longer_asked_for_are_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "stylesheet.pickle"
    _kept(path, VARIABLES)
    changed = KeptStylesheet(path, variables=VARIABLES)
    changed.add_source("Screen { color: $primary 50%; }", read_from=("test", "css"))  # the CSS edited
    changed.parse()
    changed.keep()
    kept = KeptStylesheet(path, variables=VARIABLES).kept
    assert [rule.css for rules in kept.values() for rule in rules] == [rule.css for rule in changed.rules]
