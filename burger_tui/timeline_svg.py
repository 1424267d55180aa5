"""The lanes as a standalone SVG, a handout to print or project (``burger-tui timeline``).

Every span is drawn exactly (no cells): a rectangle in its state's colour, filled with the state's own
pattern so that a black-and-white print reads it too; waiting is a thin grey line, a job starting right
after another a white seam. Marks are drawn across the lanes (a freeze as a band), a star and the couple's
number in the lane of *you* where the story goes on with another couple, the time axis below, and a legend
in words under it. Standard library only: the file depends on nothing but an SVG viewer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from burger_tui.lane_looks import (
    COUPLE_STATES,
    COUPLE_WORDS,
    INSTANTS_WORDS,
    LOOKS,
    MARK_PRIORITY,
    STAFF_STATES,
    STAFF_WORDS,
    mark_glyph,
    mark_words,
    new_you_words,
)
from burger_tui.sim.lane_view import Kind, Lane, LanesView, Mark, MarkKind, State
from burger_tui.sim.times import clock_text

WIDTH, LABELS, MARGIN = 1600, 190, 24  # pixels: the page, the lanes' names, the right margin
TOP, LANE, GAP = 78, 20, 4  # the header's height, a lane's and the space between two
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK, FAINT = "#222222", "#DDDDDD"
AXIS_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400)
TICKS = 12  # at most, along the axis
CHAR_PIXELS = 7.4  # the width of a character of the legend, about
MARK_PIXELS = 10  # marks closer than this share a glyph
NEW_YOU_PIXELS = 60  # the most a star and a couple's number take across
# Strokes over each state's colour, in a 6-pixel tile: each state its own, for a print without colour.
PATTERNS = {
    "diagonal": '<path d="M-1,7 L7,-1" stroke-width="1.4"/>',
    "cross": '<path d="M-1,7 L7,-1 M-1,-1 L7,7" stroke-width="1"/>',
    "dots": '<circle cx="3" cy="3" r="1.1" stroke="none" fill="#000000" fill-opacity="0.45"/>',
    # white on the dark green: cooking's dark cross-hatch on its dark blue stays apart in grey
    "waves": '<path d="M0,3 Q1.5,0.5 3,3 T6,3" fill="none" stroke="#FFFFFF" stroke-opacity="0.9"/>',
    "arrows": '<path d="M1.5,1 L4.5,3 L1.5,5" fill="none" stroke-width="1"/>',
    "vertical": '<path d="M3,0 L3,6" stroke-width="1.2"/>',
}


_X = Callable[[float], float]  # simulated time to pixels across


def svg(view: LanesView, *, title: str, subtitle: str) -> str:
    """The whole picture of ``view`` as SVG text."""
    plot = WIDTH - LABELS - MARGIN
    span = max(view.end - view.start, 1e-9)

    def x(at: float) -> float:
        return LABELS + (min(max(at, view.start), view.end) - view.start) / span * plot

    lanes_top = TOP + LANE + GAP  # under the marks row
    bottom = lanes_top + len(view.lanes) * (LANE + GAP)
    legend_top = bottom + 56
    legend, legend_height = _legend(view, legend_top)
    height = legend_top + legend_height + MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family={quoteattr(FONT)} font-size="13" fill="{INK}">',
        f"<title>{escape(title)}</title>",
        _defs(),
        f'<rect width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
        f'<text x="{MARGIN}" y="32" font-size="22" font-weight="bold">{escape(title)}</text>',
        f'<text x="{MARGIN}" y="56" font-size="14">{escape(subtitle)}</text>',
        *_axis(view, x, lanes_top - GAP, bottom),
        f'<text x="{MARGIN}" y="{TOP + LANE - 6}" font-weight="bold">marks</text>',
    ]
    for row, lane in enumerate(view.lanes):
        parts += _lane(lane, x, lanes_top + row * (LANE + GAP), row)
        if lane.kind is Kind.YOU:
            parts += _new_you(view, x, lanes_top + row * (LANE + GAP))
    parts += _marks(view, x, lanes_top, bottom)
    parts += legend
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _defs() -> str:
    tiles = [
        f'<pattern id="{state.name}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{look.colour}"/>'
        f'<g stroke="#000000" stroke-opacity="0.45">{PATTERNS.get(look.pattern, "")}</g></pattern>'
        for state, look in LOOKS.items()
    ]
    return f"<defs>{''.join(tiles)}</defs>"


def _fill(state: State) -> str:
    return f"url(#{state.name})"


def _lane(lane: Lane, x: _X, top: float, row: int) -> list[str]:
    label = f"★ {lane.label}" if lane.kind is Kind.YOU else lane.label
    weight = ' font-weight="bold"' if lane.kind is Kind.YOU else ""
    parts = [
        f'<g class="lane" data-lane={quoteattr(lane.label)} data-kind="{lane.kind.name.lower()}">',
        f'<rect x="{LABELS}" y="{top}" width="{WIDTH - LABELS - MARGIN}" height="{LANE}" '
        f'fill="{"#F4F4F4" if row % 2 else "#FFFFFF"}"/>',
        f'<text x="{MARGIN}" y="{top + LANE - 6}"{weight}>{escape(label)}</text>',
    ]
    for span in lane.spans:
        left, width = x(span.start), x(span.end) - x(span.start)
        if span.state is State.WAITING:  # nothing to do: a thin line
            parts.append(_rect(left, top + LANE / 2 - 1.5, width, 3, LOOKS[State.WAITING].colour, span.state))
        else:
            parts.append(_rect(left, top + 2, width, LANE - 4, _fill(span.state), span.state))
    seam = "#FFFFFF" if lane.kind is Kind.STAFF else INK  # staff: a job starts; street, display: an instant
    for at in lane.instants:
        parts.append(f'<path d="M{x(at):.2f},{top + 1} v{LANE - 2}" stroke="{seam}" stroke-width="1.5"/>')
    parts.append("</g>")
    return parts


def _rect(left: float, top: float, width: float, height: float, fill: str, state: State) -> str:
    return (
        f'<rect x="{left:.2f}" y="{top:.1f}" width="{width:.2f}" height="{height:.1f}" fill="{fill}" '
        f'data-state="{state.name.lower()}"/>'
    )


def _new_you(view: LanesView, x: _X, top: float) -> list[str]:
    """Where another couple becomes *you*: a line across the lane, then a star and their number on a white
    halo (readable over any state's pattern); the narration's words in its tooltip."""
    parts = []
    for change in view.new_you:
        at = x(change.at)
        # After the line, or before it near the page's right edge (the number is never cut off).
        after = at + NEW_YOU_PIXELS < WIDTH - MARGIN
        parts.append(
            f'<g class="new-you" data-couple="{change.couple}">'
            f"<title>{escape(new_you_words([change]))}</title>"
            f'<path d="M{at:.2f},{top} v{LANE}" stroke="{INK}" stroke-width="2"/>'
            f'<text x="{at + 3 if after else at - 3:.2f}" y="{top + LANE - 6}" '
            f'text-anchor="{"start" if after else "end"}" font-weight="bold" stroke="#FFFFFF" '
            f'stroke-width="3" paint-order="stroke">★ {change.couple}</text></g>'
        )
    return parts


def _marks(view: LanesView, x: _X, top: float, bottom: float) -> list[str]:
    """The marks: a switch as a dashed line across the lanes, a freeze as a band; in the marks row the most
    telling glyph of those within a few pixels, all of them in its tooltip."""
    parts = []
    shown: list[tuple[float, list[Mark]]] = []  # a glyph's place and its marks, the most telling first
    for mark in sorted(view.marks, key=lambda m: MARK_PRIORITY.index(m.kind)):
        left = x(mark.at)
        near = next((marks for at, marks in shown if abs(at - left) < MARK_PIXELS), None)
        if near is None:
            shown.append((left, [mark]))
        else:
            near.append(mark)
        if mark.kind is MarkKind.FREEZE:
            parts.append(
                f'<rect x="{left:.2f}" y="{top}" width="{max(x(mark.end) - left, 2):.2f}" '
                f'height="{bottom - top}" fill="{LOOKS[State.HOLDING].colour}" fill-opacity="0.15"/>'
            )
        elif mark.kind is MarkKind.SWITCH:
            parts.append(
                f'<path d="M{left:.2f},{top} V{bottom}" stroke="{INK}" stroke-width="1.5" '
                'stroke-dasharray="6 3"/>'
            )
    for left, marks in shown:
        first = marks[0]
        told = "; ".join(f"{clock_text(m.at)} {mark_words(m.kind, m.text)}" for m in marks)
        parts.append(
            f'<g class="mark" data-kind="{first.kind.name.lower()}"><title>{escape(told)}</title>'
            f'<text x="{left:.2f}" y="{TOP + LANE - 6}" text-anchor="middle" font-weight="bold">'
            f"{escape(mark_glyph(first.kind, first.text, plain=False))}</text></g>"
        )
    return parts


def _axis(view: LanesView, x: _X, top: float, bottom: float) -> list[str]:
    """Light lines at round times across the lanes, and the times under them."""
    every = next((s for s in AXIS_STEPS if (view.end - view.start) / s <= TICKS), AXIS_STEPS[-1])
    parts = [f'<path d="M{LABELS},{bottom} H{WIDTH - MARGIN}" stroke="{INK}"/>']
    tick = math.ceil(view.start / every) * every
    while tick <= view.end:
        at = x(tick)
        parts.append(f'<path d="M{at:.2f},{top} V{bottom + 5}" stroke="{FAINT}"/>')
        parts.append(
            f'<text class="tick" x="{at:.2f}" y="{bottom + 20}" text-anchor="{_anchor(at)}">'
            f"{clock_text(tick)}</text>"
        )
        tick += every
    parts.append(
        f'<text x="{WIDTH - MARGIN}" y="{bottom + 40}" text-anchor="end">simulated time (h:mm:ss) →</text>'
    )
    return parts


def _anchor(at: float) -> str:
    """A time under the axis is centred on its tick, but never past the page's edges."""
    if at < LABELS + 30:
        return "start"
    return "end" if at > WIDTH - MARGIN - 30 else "middle"


def _legend(view: LanesView, top: float) -> tuple[list[str], float]:
    """Every state in words beside its swatch (staff, then couples), the marks and the instants."""
    rows = [
        (STAFF_WORDS, [(_swatch(state), LOOKS[state].words) for state in STAFF_STATES]),
        (COUPLE_WORDS, [(_swatch(state), LOOKS[state].words) for state in COUPLE_STATES]),
        ("marks", [(_glyph(glyph), words) for glyph, words in _MARK_LEGEND]),
    ]
    parts = ['<g class="legend">']
    y = top
    for title, entries in rows:
        parts.append(f'<text x="{MARGIN}" y="{y + 12}" font-weight="bold">{escape(title)}</text>')
        if len(title) * CHAR_PIXELS > LABELS - MARGIN:  # too long for its column: the entries start below
            y += 22
        left: float = LABELS
        for swatch, words in entries:
            width = 34 + CHAR_PIXELS * len(words)
            if left + width > WIDTH - MARGIN:
                left, y = LABELS, y + 24
            parts.append(
                f'<g class="entry" transform="translate({left:.1f},{y})">{swatch}'
                f'<text x="30" y="12">{escape(words)}</text></g>'
            )
            left += width + 18
        y += 30
    parts.append("</g>")
    return parts, y - top


_MARK_LEGEND = (
    ("P", "switched to Parallel Burgers (C, H: to Concurrent, Hybrid; a dashed line)"),
    (mark_glyph(MarkKind.JOINED, "", plain=False), mark_words(MarkKind.JOINED, "")),
    (mark_glyph(MarkKind.LEFT, "", plain=False), mark_words(MarkKind.LEFT, "")),
    (mark_glyph(MarkKind.FREEZE, "", plain=False), f"{mark_words(MarkKind.FREEZE, '')} (a shaded band)"),
    ("|", f"a tick: {INSTANTS_WORDS}; on a staff lane, a white seam: the next job begins"),
    ("★", "in the lane of you: from here the story follows another couple (its number beside)"),
)


def _swatch(state: State) -> str:
    if state is State.WAITING:
        return f'<rect y="5" width="24" height="3" fill="{LOOKS[state].colour}" data-state="waiting"/>'
    return (
        f'<rect width="24" height="14" fill="{_fill(state)}" stroke="{INK}" stroke-width="0.5" '
        f'data-state="{state.name.lower()}"/>'
    )


def _glyph(text: str) -> str:
    return f'<text x="12" y="12" text-anchor="middle" font-weight="bold">{escape(text)}</text>'
