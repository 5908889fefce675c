"""One `fazhi run` over the whole adversarial corpus (tests/robustness/corpus.py), as a user runs it: the run
completes and publishes, every file is in the warehouse or rejected with its reason (and the CLI says which), no
figure comes from a placeholder or from damaged text, memory stays bounded, a second run changes nothing, and a
vanished raw folder fails the run instead of publishing an emptied warehouse."""
from __future__ import annotations

import re
import shutil

import pytest

from corpus import KIND_NAMES, unlock, write_corpus
from fazhi.cli import MAX_REJECTED_SHOWN
from helpers import (
    columns_stamped_with,
    file_digest,
    marts_tables,
    open_read_only,
    run_fazhi,
    table_checksum,
    table_rows,
)

pytestmark = pytest.mark.slow

# Marts that are a log of runs, one row per check per run by design: a rerun adds rows to them.
RUN_LOGS = {"fct_quality_checks"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversarial-run")
    raw = base / "raw"
    kinds = {k.name: k for k in write_corpus(raw)}
    warehouse = base / "out" / "fazhi.duckdb"
    warehouse.parent.mkdir()
    run = run_fazhi(raw, warehouse, measure=True)
    assert run.returncode == 0, run.tail()
    yield raw, kinds, warehouse, run
    unlock(raw)


def test_the_run_publishes_despite_every_bad_file_and_lists_rejections(built):
    _, kinds, warehouse, run = built
    rejected_paths = [p for k in kinds.values() if k.outcome == "rejected" for p in k.files]
    assert f"published {warehouse}" in run.stdout
    assert f"rejected files ({len(rejected_paths)}):" in run.stdout
    listed = re.findall(r"^    (.+?): (.+)$", run.stdout.split("rejected files", 1)[1], re.MULTILINE)
    assert len(listed) == MAX_REJECTED_SHOWN  # capped …
    assert f"… and {len(rejected_paths) - MAX_REJECTED_SHOWN} more" in run.stdout  # … and counted
    with open_read_only(warehouse) as con:
        reasons = dict(con.execute("select source_file, reason from raw.rejected_files").fetchall())
    for path, reason in listed:
        assert reasons[path] == reason


@pytest.mark.parametrize("name", KIND_NAMES)
def test_each_kind_is_in_the_warehouse_or_rejected_with_its_reason(built, name):
    _, kinds, warehouse, _ = built
    kind = kinds[name]
    with open_read_only(warehouse) as con:
        current = dict(con.execute("select source_file, document_id from raw.current_files").fetchall())
        rejected = dict(con.execute("select source_file, reason from raw.rejected_files").fetchall())
        events = set(con.execute("select source_file, event_type from marts.fct_file_events").fetchall())
        for path in kind.files:
            if kind.outcome == "ignored":
                assert path not in current and path not in rejected
            elif kind.outcome == "rejected":
                assert kind.reason in rejected[path]
                assert (path, "rejected") in events and path not in current
            else:
                document_id = current[path]
                assert (path, "added") in events
                encoding, = con.execute("select encoding from raw.documents where document_id = ?",
                                        [document_id]).fetchone()
                assert encoding == kind.encoding
                in_marts = con.execute("select count(*) from marts.dim_source_file where source_file = ? "
                                       "and dim_document_id is not null", [path]).fetchone()[0]
                assert in_marts == 1
                values = {r[0] for r in con.execute(
                    "select value from marts.fct_indicator_observations where document_id = ?", [document_id]
                ).fetchall()}
                assert set(kind.figures) <= values
                if kind.figures_exact is not None:
                    assert values == kind.figures_exact


def test_no_observation_is_read_next_to_a_damaged_character_or_a_placeholder(built):
    _, _, warehouse, _ = built
    with open_read_only(warehouse) as con:
        spans = [r[0] for r in con.execute("select raw_span from marts.fct_indicator_observations").fetchall()]
        offsets_wrong = con.execute("""
            select count(*) from marts.fct_indicator_observations o join raw.documents d using (document_id)
            where substr(d.text, o.char_start + 1, o.char_end - o.char_start) <> o.raw_span""").fetchone()[0]
    assert spans and offsets_wrong == 0
    damaged = re.compile(r"[?？\ufffd][0-9０-９]|[0-9０-９][?？\ufffd]|[XxＸ×*＊][0-9]|[0-9][XxＸ×*＊]")
    assert [s for s in spans if damaged.search(s)] == []


def test_memory_stays_bounded(built):
    *_, run = built
    print(f"peak RSS of the largest process of the run over the corpus (50 MB file included): {run.peak_rss_mb:.0f} MB")
    assert run.peak_rss_mb is not None and run.peak_rss_mb < 1500


def test_a_second_run_over_the_same_files_gives_identical_marts(built):
    raw, _, warehouse, first = built
    with open_read_only(warehouse) as con:
        tables = [t for t in marts_tables(con) if t not in RUN_LOGS]
        before = {t: table_rows(con, t) for t in tables}
    again = run_fazhi(raw, warehouse)
    assert again.returncode == 0, again.tail()
    with open_read_only(warehouse) as con:
        assert [t for t in marts_tables(con) if t not in RUN_LOGS] == tables
        # the only columns allowed to change name the run that last saw a row (e.g. a current file's latest landing)
        stamped = columns_stamped_with(con, again.run_id)
        print("columns stamped with the run that last saw the row:", sorted(stamped))
        after = {t: table_rows(con, t) for t in tables}
        for table in tables:
            drop = {column for t, column in stamped if t == table}
            expected = sorted((_without(row, table, drop, con) for row in before[table]), key=repr)
            assert table_checksum(table_rows(con, table, drop)) == table_checksum(expected), table
    assert len(after["fct_file_events"]) == len(before["fct_file_events"])  # an unchanged folder adds no event
    assert not any(t == "dim_document" or t == "fct_indicator_observations" for t, _ in stamped)


def _without(row: tuple, table: str, drop: set[str], con) -> tuple:
    columns = sorted(r[0] for r in con.execute(
        "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = ?", [table]).fetchall())
    return tuple(value for column, value in zip(columns, row) if column not in drop)


def test_a_vanished_raw_folder_fails_the_run_and_keeps_the_published_warehouse(built, tmp_path):
    _, _, warehouse, _ = built
    digest = file_digest(warehouse)
    gone = run_fazhi(tmp_path / "unmounted-share", warehouse)
    assert gone.returncode == 2 and "raw folder not found" in gone.stderr
    mount_point = tmp_path / "mount-point"  # an unmounted share: the folder is there, empty
    mount_point.mkdir()
    empty = run_fazhi(mount_point, warehouse)
    assert empty.returncode == 1, empty.tail()
    assert "is the share mounted?" in empty.stderr
    assert file_digest(warehouse) == digest
    assert not list(warehouse.parent.glob(".fazhi.duckdb.publishing-*"))
    shutil.rmtree(mount_point)
