"""A notice on a short terminal's two caption lines: its point first, and an error's reason kept."""

from __future__ import annotations

from textual.content import Content

from burger_tui.ui.widgets.caption import fitted

FAILED = (
    "Export failed: cannot write /home/learner/burgers/runs/monday/burger-day-seed7.json: Permission denied"
)


def test_an_error_cut_to_fit_keeps_its_reason() -> None:
    """The eleventh adversarial pass: at 100 columns an export's failure was cut before its reason."""
    shown = fitted(Content(FAILED), 40, 2, reason_last=True)
    assert len(shown.wrap(40)) <= 2
    assert shown.plain.startswith("Export failed: cannot write /home")
    assert shown.plain.endswith("…: Permission denied")


def test_a_notice_cut_to_fit_says_its_first_clauses() -> None:
    """Any other notice: as far as its last clause that fits (the point comes first)."""
    assert fitted(Content(FAILED), 40, 2).plain == "Export failed: cannot write…"


def test_a_notice_that_fits_is_whole() -> None:
    assert fitted(Content(FAILED), 200, 2, reason_last=True).plain == FAILED
