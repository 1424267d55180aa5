"""The dashboard's record spool: rows kept on disk export exactly as the records themselves would."""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from burger_tui import spool as spool_module
from burger_tui.export import ExportError, export_archive, export_run
from burger_tui.sim.headless import run_simulation
from burger_tui.sim.model import Mode, RestaurantConfig
from burger_tui.sim.records import CustomerRecord, CustomerRecorder
from burger_tui.spool import RecordSpool
from tests.helpers.sim import known

STATS = {"served": 0}


@pytest.fixture
def spool() -> Iterator[RecordSpool]:
    spool = RecordSpool()
    yield spool
    spool.close()


def day_records(mode: Mode, couples: int = 60) -> list[CustomerRecord]:
    recorder = CustomerRecorder()
    run_simulation(RestaurantConfig(mode=mode, cooks=3, seed=7), couples, listeners=[recorder])
    return recorder.records


def exported_csv(tmp_path: Path, name: str, records: list[CustomerRecord] | RecordSpool) -> bytes:
    return export_run(tmp_path / name, STATS, records).csv.read_bytes()


@pytest.mark.parametrize("mode", list(Mode))
def test_a_spooled_day_exports_the_same_bytes_as_its_records(
    mode: Mode, spool: RecordSpool, tmp_path: Path
) -> None:
    records = day_records(mode)  # parallel has no turn numbers: empty cells round-trip too
    for record in records:
        spool.write_record(record)
    assert spool.rows == len(records)
    assert exported_csv(tmp_path, "spool", spool) == exported_csv(tmp_path, "list", records)


def test_exporting_mid_day_leaves_the_spool_appending_where_it_was(
    spool: RecordSpool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool_module, "CHUNK", 5)  # many small reads, split inside a multi-byte name
    records = [*day_records(Mode.HYBRID, 20), CustomerRecord("hybrid", 99, 9, "Cuisinière 1", *[1.5] * 12)]
    for record in records[:10]:
        spool.write_record(record)
    assert exported_csv(tmp_path, "first", spool) == exported_csv(tmp_path, "first-list", records[:10])
    for record in records[10:]:
        spool.write_record(record)
    assert exported_csv(tmp_path, "all", spool) == exported_csv(tmp_path, "all-list", records)


def test_a_write_error_stops_spooling_and_fails_the_export(
    spool: RecordSpool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    class FullDisk:
        def writerow(self, row: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(spool, "_writer", FullDisk())
    spool.write_record(day_records(Mode.CONCURRENT, 1)[0])  # never raises: the day goes on
    assert spool.rows == 0
    with pytest.raises(ExportError, match="records could not be kept: No space left on device"):
        export_run(tmp_path / "day", STATS, spool)
    assert os.listdir(tmp_path) == []  # nothing half-written


def test_records_after_close_are_dropped() -> None:
    spool = RecordSpool()
    spool.close()
    spool.write_record(day_records(Mode.CONCURRENT, 1)[0])  # a cancelled day's last couple
    assert spool.rows == 0


def test_a_spool_that_cannot_be_made_lets_the_day_go_on_and_fails_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))  # e.g. TMPDIR not writable

    monkeypatch.setattr(tempfile, "TemporaryFile", no_room)
    spool = RecordSpool()  # never raises: the dashboard opens its day anyway
    spool.write_record(day_records(Mode.CONCURRENT, 1)[0])
    assert (spool.rows, spool.size()) == (0, 0)
    with pytest.raises(ExportError, match=r"records could not be kept: Permission denied$"):
        export_run(tmp_path / "day", STATS, spool)
    assert os.listdir(tmp_path) == []


def test_the_size_of_a_spool_on_a_full_disk_is_zero_not_an_error(spool: RecordSpool, tmp_path: Path) -> None:
    spool.write_record(day_records(Mode.CONCURRENT, 1)[0])  # in the file's buffer, not yet on disk

    class FullDisk:
        closed = False

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real_file, spool._file = spool._file, FullDisk()  # type: ignore[assignment]
    assert spool.size() == 0  # the dashboard shows it: it must not raise
    spool._file = real_file
    with pytest.raises(ExportError, match=r"records could not be kept: No space left on device$"):
        export_run(tmp_path / "day", STATS, spool)


def test_a_served_export_is_the_same_pair_in_one_zip(spool: RecordSpool, tmp_path: Path) -> None:
    records = day_records(Mode.CONCURRENT, 30)
    for record in records[:20]:
        spool.write_record(record)
    stats = {"served": 20, "mode": "concurrent"}
    archive = zipfile.ZipFile(io.BytesIO(export_archive("day", stats, spool, inside=records[20:])))
    on_disk = export_run(tmp_path / "day", stats, spool, inside=records[20:])
    assert archive.namelist() == ["day.json", "day.csv"]
    assert archive.read("day.csv") == on_disk.csv.read_bytes()  # the same bytes as the file export
    assert json.loads(archive.read("day.json")) == json.loads(on_disk.json.read_text()) == stats


def test_a_served_export_of_statistics_json_cannot_hold_is_one_line(spool: RecordSpool) -> None:
    with pytest.raises(
        ExportError, match=r"^cannot write day\.json: the statistics hold a number JSON cannot"
    ):
        export_archive("day", {"mean": float("nan")}, spool)


def test_going_back_keeps_the_rows_of_the_couples_who_had_left_and_appends_after_them(
    spool: RecordSpool, tmp_path: Path
) -> None:
    records = day_records(Mode.PARALLEL, 30)
    records[3] = dataclasses.replace(records[3], served_by="Cuisinière 1")  # its row is longer in bytes
    for record in records:
        spool.write_record(record)
    at = known(records[9].left_at)  # a tie: the tenth and any who left with them are kept
    kept = [record for record in records if known(record.left_at) <= at]
    spool.go_back_to(at)
    assert spool.rows == len(kept)
    assert exported_csv(tmp_path, "back", spool) == exported_csv(tmp_path, "back-list", kept)
    for record in records[len(kept) :]:  # the day goes on from there as it did
        spool.write_record(record)
    assert exported_csv(tmp_path, "again", spool) == exported_csv(tmp_path, "again-list", records)
