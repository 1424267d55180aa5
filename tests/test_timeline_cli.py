"""``burger-tui timeline FILE --svg OUT``: the lanes of an exported day as an SVG handout.

The SVG is read back with ``xml.etree`` and checked against the day's own export: each couple's rectangles
sit where its CSV row says it ordered, stood or talked, and ate. Bad input is one line and exit code 2, and
leaves no file behind (nor a half-written one).
"""

from __future__ import annotations

import argparse
import csv
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from burger_tui.cli import main
from burger_tui.cli.options import parse_instant
from burger_tui.cli.timeline import SVG_COUPLES
from burger_tui.lane_looks import LOOKS
from burger_tui.sim.live import DaySettings
from burger_tui.sim.model import Mode
from burger_tui.sim.virtual_loop import run_virtual
from burger_tui.timeline_svg import LABELS, MARGIN, WIDTH
from tests.helpers.presses import a_day_of_presses
from tests.helpers.sim import restaurant_config

SVG = "{http://www.w3.org/2000/svg}"
PRESSES = [(5.3, "rush"), (40.0, "next_model"), (7.7, "add_order"), (1.0, "toggle_pause"), (3.0, "step")]
PRESSES += [(2.0, "toggle_pause"), (11.0, "more_cooks"), (30.0, "rush")]


@pytest.fixture(scope="module")
def exported_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JSON (and CSV) of a seeded day of presses, exported as the dashboard's ``e`` does."""
    folder = tmp_path_factory.mktemp("day")
    config = restaurant_config(Mode.CONCURRENT, cooks=2, arrival_rate_per_min=2.0, seed=3)
    run_virtual(a_day_of_presses, DaySettings(config), PRESSES, str(folder))
    (day,) = folder.glob("*.json")
    return day


def timeline(day: Path, out: Path, *options: str) -> ET.Element:
    assert main(["timeline", str(day), "--svg", str(out), *options]) == 0
    return ET.parse(out).getroot()


def lanes(root: ET.Element) -> dict[str, ET.Element]:
    return {g.attrib["data-lane"]: g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "lane"}


def stretch(root: ET.Element) -> tuple[float, float]:
    """The times of the first and last ticks' places on the axis: the SVG's own scale, read back."""
    ticks = [t for t in root.iter(f"{SVG}text") if t.attrib.get("class") == "tick"]
    (x0, t0), (x1, t1) = [(float(t.attrib["x"]), _seconds(t.text or "")) for t in (ticks[0], ticks[-1])]
    per_pixel = (t1 - t0) / (x1 - x0)
    return t0 + (LABELS - x0) * per_pixel, t0 + (WIDTH - MARGIN - x0) * per_pixel


def _seconds(clock: str) -> float:
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def spans(lane: ET.Element, start: float, end: float) -> list[tuple[str, float, float]]:
    """Each drawn rectangle of a lane back in simulated time: (state, from, to)."""
    scale = (end - start) / (WIDTH - MARGIN - LABELS)
    return [
        (
            rect.attrib["data-state"],
            start + (float(rect.attrib["x"]) - LABELS) * scale,
            start + (float(rect.attrib["x"]) + float(rect.attrib["width"]) - LABELS) * scale,
        )
        for rect in lane.iter(f"{SVG}rect")
        if "data-state" in rect.attrib
    ]


def test_the_svg_has_a_lane_per_actor_as_the_days_own_export_tells_it(
    exported_day: Path, tmp_path: Path
) -> None:
    root = timeline(exported_day, tmp_path / "day.svg")
    found = lanes(root)
    labels = list(found)
    assert labels[:3] == ["street", "Cashier", "Cashier-cook 1"]  # the counter, then the kitchen
    assert {"Cook 1", "counter display", "you"} <= set(labels)
    couples = [label for label in labels if label.startswith("couple ")]
    assert 0 < len(couples) <= SVG_COUPLES
    start, end = stretch(root)
    assert start == pytest.approx(0.0, abs=0.5)
    with exported_day.with_suffix(".csv").open(encoding="utf-8", newline="") as file:
        rows = {f"couple {row['couple']}": row for row in csv.DictReader(file)}
    pixel = (end - start) / (WIDTH - MARGIN - LABELS) * 0.02  # the SVG writes places to 1/100 pixel
    for label in couples:
        row, drawn = rows[label], spans(found[label], start, end)
        began, ordered, left = (
            when(row, time, end) for time in ("order_started_at", "ordered_at", "left_at")
        )
        ordering = [(a, b) for state, a, b in drawn if state == "ordering"]
        assert ordering == ([(near(began, pixel), near(ordered, pixel))] if began < ordered else [])
        waited = {state for state, _, _ in drawn} & {"standing", "talking"}
        assert waited <= ({"talking"} if row["turn_number"] else {"standing"})
        assert max(b for _, _, b in drawn) == near(left, pixel)


def when(row: dict[str, str], time: str, end: float) -> float:
    """A time of a couple's CSV row; what had not happened by the export goes on to the stretch's end."""
    return float(row[time]) if row[time] else end


def near(time: float, pixel: float) -> object:
    return pytest.approx(time, abs=pixel)


def test_the_svg_has_a_legend_in_words_and_marks_the_switch(exported_day: Path, tmp_path: Path) -> None:
    root = timeline(exported_day, tmp_path / "day.svg")
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "legend"]
    words = {text.text for text in legend.iter(f"{SVG}text")}
    assert {look.words for look in LOOKS.values()} <= words
    swatches = {rect.attrib["data-state"] for rect in legend.iter(f"{SVG}rect")}
    assert swatches == {state.name.lower() for state in LOOKS}
    switches = [g for g in root.iter(f"{SVG}g") if g.attrib.get("data-kind") == "switch"]
    assert len(switches) == 1  # next_model: to Parallel Burgers
    assert "Parallel Burgers" in (root.findtext(f"{SVG}title") or "")


def test_the_lane_of_you_marks_each_couple_the_story_goes_on_with(exported_day: Path, tmp_path: Path) -> None:
    """The story follows couple 1, and as *you* leave, the first couple in line then (or, nobody in line, the
    next to walk in): worked out from the export's CSV, each change is a star in the lane of you, at its
    instant, with the couple's number."""
    with exported_day.with_suffix(".csv").open(encoding="utf-8", newline="") as file:
        rows = {int(row["couple"]): row for row in csv.DictReader(file)}
    expected, you = [], rows[1]
    while you["left_at"]:
        left = float(you["left_at"])
        in_line = [
            row
            for row in rows.values()
            if float(row["arrived_at"]) <= left < when(row, "order_started_at", math.inf)
        ]
        later = [row for row in rows.values() if float(row["arrived_at"]) > left]
        if not in_line and not later:
            break
        you = min(in_line or later, key=lambda row: float(row["arrived_at"]))
        expected.append((int(you["couple"]), left if in_line else float(you["arrived_at"])))
    assert len(expected) > 1
    root = timeline(exported_day, tmp_path / "day.svg")
    start, end = stretch(root)
    scale = (end - start) / (WIDTH - MARGIN - LABELS)
    stars = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "new-you"]
    drawn = [(g.findtext(f"{SVG}text"), start + (line_x(g) - LABELS) * scale) for g in stars]
    assert drawn == [(f"★ {couple}", near(at, scale * 0.02)) for couple, at in expected]


def line_x(group: ET.Element) -> float:
    """Where across the page the line of ``group`` is drawn (its path's ``M x,y v...``)."""
    (path,) = group.iter(f"{SVG}path")
    return float(path.attrib["d"][1:].split(",")[0])


def test_from_and_to_keep_the_lanes_within_them(exported_day: Path, tmp_path: Path) -> None:
    root = timeline(exported_day, tmp_path / "part.svg", "--from", "0:01:00", "--to", "2:30")
    start, end = stretch(root)
    assert start == pytest.approx(60.0, abs=0.5)
    assert end == pytest.approx(150.0, abs=0.5)
    for lane in lanes(root).values():
        for rect in lane.iter(f"{SVG}rect"):
            if "data-state" in rect.attrib:
                left = float(rect.attrib["x"])
                assert LABELS <= left <= left + float(rect.attrib["width"]) <= WIDTH - MARGIN + 0.01


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--from", "3:00", "--to", "2:00"], "must come before the end"),
        (["--to", "9:00:00"], "is beyond the day"),
        (["--from", "9:00:00"], "must come before the end"),
        (["--from", "soon"], "is not an instant of the day"),
        (["--to", "1:75"], "minutes and seconds go from 0 to 59"),
    ],
)
def test_a_stretch_the_day_does_not_have_is_one_line_and_exit_2(
    exported_day: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], says: str
) -> None:
    out = tmp_path / "lanes.svg"
    out.write_text("the handout of last week", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["timeline", str(exported_day), "--svg", str(out), *options])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert says in err
    assert out.read_text(encoding="utf-8") == "the handout of last week"  # left as it was
    assert sorted(path.name for path in tmp_path.iterdir()) == ["lanes.svg"]  # no temporary file left


def test_a_file_that_is_not_a_day_is_read_days_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "day.json"
    damaged.write_text('{"served": 3', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["timeline", str(damaged), "--svg", str(tmp_path / "lanes.svg")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is not a day's JSON export" in err
    assert not (tmp_path / "lanes.svg").exists()


def test_a_path_that_cannot_be_written_is_one_line_and_exit_2(
    exported_day: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(SystemExit) as exit_info:
        main(["timeline", str(exported_day), "--svg", str(tmp_path / "no/such/folder/lanes.svg")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cannot write" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["folder"]
    assert list((tmp_path / "folder").iterdir()) == []


@pytest.mark.parametrize("folder", ["out/", "out"])
def test_a_folder_holds_the_handout_under_the_days_name_as_export_does(
    exported_day: Path, tmp_path: Path, folder: str
) -> None:
    """``--svg out/`` said "a folder of that name is in the way", where ``--export out/`` writes into it."""
    (tmp_path / "out").mkdir()
    assert main(["timeline", str(exported_day), "--svg", str(tmp_path / folder)]) == 0
    (handout,) = (tmp_path / "out").iterdir()
    assert handout.name == f"{exported_day.stem}.svg"
    assert lanes(ET.parse(handout).getroot())


def test_svg_dash_writes_the_handout_to_stdout(
    exported_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--svg -`` wrote a file named "-" (the twelfth adversarial pass); "-" is stdout, as Unix tools
    read it. The SVG is the one a file would hold, and only it is on stdout."""
    monkeypatch.chdir(tmp_path)
    as_file = ET.tostring(timeline(exported_day, tmp_path / "day.svg"))
    capsys.readouterr()
    assert main(["timeline", str(exported_day), "--svg", "-"]) == 0
    out, err = capsys.readouterr()
    assert ET.tostring(ET.fromstring(out)) == as_file
    assert err.endswith(f"wrote the SVG to stdout ({len(lanes(ET.fromstring(out)))} lanes)\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["day.svg"]  # no file named "-"


def test_an_empty_svg_path_is_refused_as_empty(
    exported_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--svg ''`` said "cannot write .: a folder ... in the way" (the twelfth adversarial pass)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["timeline", str(exported_day), "--svg", ""])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "burger-tui timeline: error: argument --svg: the path is empty" in err
    assert list(tmp_path.iterdir()) == []


def test_without_svg_it_says_so_in_one_line(exported_day: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["timeline", str(exported_day)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--svg" in err


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:03:00", 180.0),
        ("3:00", 180.0),
        ("180", 180.0),
        ("1:02:03.5", 3723.5),
        (" 2:30 ", 150.0),
        (".5", 0.5),
    ],
)
def test_an_instant_is_read_as_the_dashboards_clock_writes_it(text: str, seconds: float) -> None:
    assert parse_instant(text) == seconds


@pytest.mark.parametrize("text", ["", "-1", "1e3", "3:00:00:00", "a:00", "9" * 5000, "1:60"])
def test_what_is_not_an_instant_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        parse_instant(text)
    assert "\n" not in str(refused.value)
