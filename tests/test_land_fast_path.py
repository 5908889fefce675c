"""Landing does not read a file again while its size and modification time are those it was last read with."""
from __future__ import annotations

import os
from datetime import datetime

import duckdb
import pytest

from fazhi import land
from fazhi.db import create_raw_tables

REPORT = "吉州区2016年度法治政府建设情况报告\n2016年,我区受理行政复议案件{n}件。\n"
NOW = datetime(2026, 1, 1, 8, 0, 0)
AN_HOUR_AGO_NS = (int(NOW.timestamp()) - 3600) * 10**9


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files landing opens, in order."""
    opened: list[str] = []
    read = land._read_capped

    def counting(path, cap):
        opened.append(path.name)
        return read(path, cap)

    monkeypatch.setattr(land, "_read_capped", counting)
    return opened


def _write(path, n: int, mtime_ns: int = AN_HOUR_AGO_NS) -> None:
    path.write_text(REPORT.format(n=n), encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def _current(con) -> dict[str, str]:
    return dict(con.execute("select source_file, document_id from raw.current_files").fetchall())


@pytest.fixture
def con():
    connection = duckdb.connect()
    create_raw_tables(connection)
    yield connection
    connection.close()


def test_unchanged_files_are_not_read_again(tmp_path, con, reads):
    for name, n in (("a.txt", 1), ("b.txt", 2)):
        _write(tmp_path / name, n)
    first = land.land_folder(con, tmp_path, "run1", NOW)
    before = _current(con)
    assert sorted(reads) == ["a.txt", "b.txt"] and first.documents_new == 2

    reads.clear()
    again = land.land_folder(con, tmp_path, "run2", NOW)
    assert reads == []
    assert _current(con) == before
    assert (again.files_seen, again.documents_new, again.documents_known) == (2, 0, 2)


def test_a_rewritten_file_is_read_even_at_the_same_size(tmp_path, con, reads):
    _write(tmp_path / "a.txt", 1)
    land.land_folder(con, tmp_path, "run1", NOW)
    old = _current(con)["a.txt"]

    _write(tmp_path / "a.txt", 7, mtime_ns=AN_HOUR_AGO_NS + 1)  # same length, one nanosecond later
    reads.clear()
    summary = land.land_folder(con, tmp_path, "run2", NOW)
    assert reads == ["a.txt"] and summary.documents_new == 1
    assert _current(con)["a.txt"] != old


def test_a_file_written_during_its_landing_tick_is_read_again(tmp_path, con, reads):
    (tmp_path / "a.txt").write_text(REPORT.format(n=1), encoding="utf-8")  # mtime: now
    land.land_folder(con, tmp_path, "run1", NOW)
    assert con.execute("select modified_ns from raw.landed_file_stats").fetchall() == [(None,)]

    reads.clear()
    land.land_folder(con, tmp_path, "run2", NOW)
    assert reads == ["a.txt"]  # its mtime could not vouch for its bytes


def test_rehash_reads_every_file_and_catches_a_change_that_kept_size_and_mtime(tmp_path, con, reads):
    _write(tmp_path / "a.txt", 1)
    land.land_folder(con, tmp_path, "run1", NOW)
    _write(tmp_path / "a.txt", 9)  # same size, mtime set back: only reading the bytes can tell

    reads.clear()
    land.land_folder(con, tmp_path, "run2", NOW)
    assert reads == []
    land.land_folder(con, tmp_path, "run3", NOW, rehash=True)
    assert reads == ["a.txt"]
    assert _current(con)["a.txt"] == land.document_id_for(REPORT.format(n=9).encode("utf-8"))[0]


def test_a_removed_file_is_recorded_even_though_nothing_is_read(tmp_path, con, reads):
    _write(tmp_path / "a.txt", 1)
    _write(tmp_path / "b.txt", 2)
    land.land_folder(con, tmp_path, "run1", NOW)
    (tmp_path / "b.txt").unlink()

    reads.clear()
    summary = land.land_folder(con, tmp_path, "run2", NOW)
    assert reads == [] and summary.files_removed == 1
    assert list(_current(con)) == ["a.txt"]
