"""The dashboard's stylesheet as Textual made it the last time, kept between runs (issue 20: start-up).

Before the first frame Textual computes the theme's ~150 variables, then parses every rule of ``app.tcss``
and of each widget's ``DEFAULT_CSS`` with them: about 45 M instructions, a tenth of the start-up the
dashboard adds to a bare Textual app's. The variables depend only on the theme, the app's defaults for
them (``App.get_theme_variable_defaults``) and Textual, the rules
Textual makes of a piece of CSS only on its text, where it came from, the variables and Textual: a
:class:`KeptCss` file keeps them, and :class:`KeptStylesheet` takes its rules from it while all of those
are the same (any other is parsed, and kept for the next run).

It overrides ``Stylesheet._parse_rules``, Textual's own (private): ``tests/ui/test_parsed_css.py`` fails if
Textual changes it. The file is a pickle in the user's own cache directory, read as Python reads its
bytecode caches: whoever may write there may already run code as the user.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

import textual.css.parse
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.theme import Theme

RulesKey = tuple[str, CSSLocation, bool, int, str]
"""What Textual's rules for a piece of CSS depend on, the theme's variables aside: the arguments of
``Stylesheet._parse_rules`` (the CSS, where it came from, default or not, its tie-breaker, its scope)."""


def theme_key(theme: Theme, defaults: dict[str, str]) -> str:
    """What the variables of ``theme`` depend on, Textual aside: the theme, and the app's defaults."""
    return repr((theme, sorted(defaults.items())))


def textual_identity() -> tuple[str, int, int]:
    """The Textual that made the variables and rules: where its CSS parser is, and when and how big it was
    written (an upgrade or a reinstall writes it again)."""
    parser = os.stat(textual.css.parse.__file__)
    return textual.css.parse.__file__, parser.st_mtime_ns, parser.st_size


class KeptCss:
    """What a file at ``path`` kept of an earlier run's stylesheet: nothing if it is missing, not what
    :meth:`KeptStylesheet.keep` writes, or from another Textual."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.theme = ""
        """What the variables were made for (:func:`theme_key`)."""
        self.variables: dict[str, str] = {}
        self.rules: dict[RulesKey, list[RuleSet]] = {}
        """The rules made with those variables."""
        try:
            with path.open("rb") as file:
                kept: dict[str, Any] = pickle.load(file)
            if kept["textual"] == textual_identity():
                self.theme, self.variables, self.rules = kept["theme"], kept["variables"], kept["rules"]
        except Exception:  # any file that is not ours: the variables are made and the rules parsed again
            pass

    def variables_for(self, theme: str) -> dict[str, str] | None:
        """The variables kept for ``theme`` (:func:`theme_key`), if they were made for it."""
        return self.variables if self.variables and theme == self.theme else None


class KeptStylesheet(Stylesheet):
    """Textual's stylesheet, whose rules come from ``kept`` while their CSS, the theme's variables and
    Textual are those they were parsed with; :meth:`keep` writes what it asked for, if it parsed any."""

    def __init__(self, kept: KeptCss, *, variables: dict[str, str]) -> None:
        super().__init__(variables=variables)
        self.path = kept.path
        self.kept = kept.rules if kept.variables == variables else {}
        self.used: dict[RulesKey, list[RuleSet]] = {}
        """The rules this run has asked for: what :meth:`keep` writes (rules no longer asked for go)."""
        self.parsed = False
        """Whether any were not kept."""

    @classmethod
    def instead_of(cls, stylesheet: Stylesheet, kept: KeptCss) -> KeptStylesheet:
        """One to take the place of ``stylesheet``, a new app's (nothing read into it yet)."""
        assert not stylesheet.source, "a stylesheet with sources read: they would be lost"
        return cls(kept, variables=stylesheet._variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self.kept, self.used, self.parsed = {}, {}, False  # another theme: its rules are parsed, not kept

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self.kept.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            self.parsed = True
        self.used[key] = rules
        return rules

    def keep(self, theme: str) -> None:
        """Write the rules asked for so far, with the variables made for ``theme`` (:func:`theme_key`), if any
        of the rules had to be parsed; quietly not if that fails (the next run makes them again)."""
        if not self.parsed:
            return
        rules = dict(self.used)
        try:
            kept = {"textual": textual_identity(), "theme": theme, "variables": self._variables}
            data = pickle.dumps({**kept, "rules": rules})
        except Exception:  # a Textual without its files, or rules that cannot be pickled: made at every start
            return
        temporary: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Whole or not at all: a run starting meanwhile (a classroom's tabs) reads the old file or this.
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, prefix=".", delete=False) as file:
                temporary = file.name
                file.write(data)
            os.replace(temporary, self.path)
        except OSError:
            if temporary is not None:
                with suppress(OSError):
                    os.unlink(temporary)
            return
        self.kept, self.parsed = rules, False
