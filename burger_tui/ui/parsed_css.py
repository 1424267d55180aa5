"""The dashboard's stylesheet as Textual parsed it the last time, kept between runs (issue 20: start-up).

Before the first frame Textual parses every rule of ``app.tcss`` and of each widget's ``DEFAULT_CSS``, and
tokenizes the theme's variables for them: about 40 M instructions, a tenth of the start-up the dashboard
adds to a bare Textual app's. The rules Textual makes of a piece of CSS depend only on its text, where it
came from, the theme's variables and Textual itself, so :class:`KeptStylesheet` keeps them in a file and
takes them from it while all of those are the same (any other is parsed, and kept for the next run).

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

RulesKey = tuple[str, CSSLocation, bool, int, str]
"""What Textual's rules for a piece of CSS depend on, the theme's variables aside: the arguments of
``Stylesheet._parse_rules`` (the CSS, where it came from, default or not, its tie-breaker, its scope)."""


def textual_identity() -> tuple[str, int, int]:
    """The Textual that parsed the rules: where its CSS parser is, and when and how big it was written (an
    upgrade or a reinstall writes it again)."""
    parser = os.stat(textual.css.parse.__file__)
    return textual.css.parse.__file__, parser.st_mtime_ns, parser.st_size


class KeptStylesheet(Stylesheet):
    """Textual's stylesheet, whose rules come from ``path`` while their CSS, the theme's variables and
    Textual are those they were parsed with there; :meth:`keep` writes what it parsed itself."""

    def __init__(self, path: Path, *, variables: dict[str, str]) -> None:
        super().__init__(variables=variables)
        self.path = path
        self.kept = _read(path, variables)
        self.used: dict[RulesKey, list[RuleSet]] = {}
        """The rules this run has asked for: what :meth:`keep` writes (rules no longer asked for go)."""
        self.parsed = False
        """Whether any were not in the file."""

    @classmethod
    def instead_of(cls, stylesheet: Stylesheet, path: Path) -> KeptStylesheet:
        """One to take the place of ``stylesheet``, a new app's (nothing read into it yet), its rules kept in
        ``path``."""
        assert not stylesheet.source, "a stylesheet with sources read: they would be lost"
        return cls(path, variables=stylesheet._variables)

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

    def keep(self) -> None:
        """Write the rules asked for so far to the file, if any of them had to be parsed; quietly not if that
        fails (the next run parses them again)."""
        if not self.parsed:
            return
        rules = dict(self.used)
        try:
            data = pickle.dumps({"textual": textual_identity(), "variables": self._variables, "rules": rules})
        except Exception:  # a Textual whose rules cannot be pickled: they are parsed at every start
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


def _read(path: Path, variables: dict[str, str]) -> dict[RulesKey, list[RuleSet]]:
    """The rules kept in ``path`` if Textual parsed them with ``variables``; none if not, or if the file is
    missing or not what :meth:`KeptStylesheet.keep` writes (the rules are parsed again)."""
    try:
        with path.open("rb") as file:
            kept: dict[str, Any] = pickle.load(file)
        if kept["textual"] == textual_identity() and kept["variables"] == variables:
            rules: dict[RulesKey, list[RuleSet]] = kept["rules"]
            return rules
    except Exception:  # any file that is not ours, or no longer Textual's: its rules are parsed again
        pass
    return {}
