import os
import subprocess
import sys
import threading

import duckdb
import pytest

from fazhi.db import RawKeyViolation, check_raw_keys, create_raw_tables
from fazhi.publish import (
    COMPACT_FREE_SHARE,
    COMPACTING_SUFFIX,
    clean_publish_leftovers,
    compact_if_bloated,
    file_space,
    prepare_build_file,
    publish_build,
)
from fazhi.runlock import WarehouseBusy, run_lock


def _make_build(path, value):
    prepare_build_file(path.with_name("never-published.duckdb"), path)  # a first build: empty, v1.0.0 storage
    con = duckdb.connect(str(path))
    con.execute("create schema raw; create schema marts")
    con.execute("create table raw.t as select ? as v", [value])
    con.execute(f'create view marts.v as select v from "{path.stem}".raw.t')
    con.close()


def test_publish_copies_build_atomically_in_v1_storage_and_views_work(tmp_path):
    state, wh = tmp_path / "state", tmp_path / "wh"
    state.mkdir()
    build, warehouse = state / "fazhi.duckdb", wh / "fazhi.duckdb"
    _make_build(build, 1)
    publish_build(build, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select v from marts.v").fetchall() == [(1,)]
    tags = dict(con.execute("select database_name, tags from duckdb_databases()").fetchall())
    assert tags["fazhi"]["storage_version"].startswith("v1.0.0")
    con.close()
    assert sorted(p.name for p in wh.iterdir()) == ["fazhi.duckdb"]  # no temporary file, no write-ahead log
    assert not build.exists()  # renamed into place: publishing rewrites nothing


def test_reader_keeps_old_version_while_a_new_one_is_published(tmp_path):
    build, warehouse = tmp_path / "s" / "fazhi.duckdb", tmp_path / "fazhi.duckdb"
    build.parent.mkdir()
    _make_build(build, 1)
    publish_build(build, warehouse)
    reader = duckdb.connect(str(warehouse), read_only=True)
    _make_build(build, 2)
    publish_build(build, warehouse)  # never blocked by the open reader
    assert reader.execute("select v from raw.t").fetchone() == (1,)
    reader.close()
    with duckdb.connect(str(warehouse), read_only=True) as fresh:
        assert fresh.execute("select v from raw.t").fetchone() == (2,)


def test_prepare_build_starts_from_published_and_removes_stale_files(tmp_path):
    build, warehouse = tmp_path / "s" / "fazhi.duckdb", tmp_path / "fazhi.duckdb"
    assert prepare_build_file(warehouse, build) is False
    build.parent.mkdir(exist_ok=True)
    _make_build(build, 7)
    publish_build(build, warehouse)
    (build.parent / "fazhi.duckdb.wal").write_bytes(b"stale")
    assert prepare_build_file(warehouse, build) is True
    assert not (build.parent / "fazhi.duckdb.wal").exists()
    with duckdb.connect(str(build)) as con:
        assert con.execute("select v from raw.t").fetchone() == (7,)


def test_leftover_publish_files_are_cleaned(tmp_path):
    warehouse = tmp_path / "fazhi.duckdb"
    leftover = tmp_path / ".fazhi.duckdb.publishing-1234"
    leftover.write_bytes(b"half")
    assert clean_publish_leftovers(warehouse) == [leftover]
    assert not leftover.exists()


def _try_lock_in_another_thread(lock) -> BaseException | None:
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            with run_lock(lock):
                outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    worker = threading.Thread(target=attempt)
    worker.start()
    worker.join()
    return outcome[0]


def test_run_lock_is_exclusive_and_released(tmp_path):
    lock = tmp_path / "run.lock"
    with run_lock(lock):
        assert isinstance(_try_lock_in_another_thread(lock), WarehouseBusy)  # a served flow run in another thread
        probe = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                                "from fazhi.runlock import run_lock\nwith run_lock(Path(sys.argv[1])): pass", str(lock)],
                               capture_output=True, text=True)
        assert probe.returncode != 0 and "another run is building this warehouse" in probe.stderr
    with run_lock(lock):  # released after the first holder ended
        assert f"pid {os.getpid()}" in lock.read_text()


def test_run_lock_is_reentrant_in_its_thread_so_the_cli_can_hold_it_across_the_flow(tmp_path):
    lock = tmp_path / "run.lock"
    with run_lock(lock):
        with run_lock(lock):  # the flow, started by `fazhi run` while it holds the lock
            assert isinstance(_try_lock_in_another_thread(lock), WarehouseBusy)
        assert isinstance(_try_lock_in_another_thread(lock), WarehouseBusy)  # the outer hold survives the inner
    assert _try_lock_in_another_thread(lock) is None


def test_published_file_keeps_not_null_comments_and_lambda_views(tmp_path):
    # the build is published as it is: what DuckDB 1.x readers need is checked in tests/serve/test_readers_during_runs
    build, warehouse = tmp_path / "s" / "fazhi.duckdb", tmp_path / "fazhi.duckdb"
    assert prepare_build_file(warehouse, build) is False
    con = duckdb.connect(str(build))
    create_raw_tables(con)
    con.execute("insert into raw.current_files values ('a.txt', 'd1', 3, 'r1', 'r1')")
    con.execute("create schema staging; create schema marts")
    con.execute("create view staging.v as select list_filter(['a', ''], lambda s: s <> '') as kept, source_file "
                "from raw.current_files")
    con.execute("create table marts.t as select * from staging.v")
    con.execute("comment on table marts.t is 'one row per file'; comment on column marts.t.kept is '保留'")
    con.close()
    publish_build(build, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from duckdb_constraints() where constraint_type in "
                           "('PRIMARY KEY', 'UNIQUE')").fetchone() == (0,)
        assert con.execute("select is_nullable from duckdb_columns() where table_name = 'current_files' "
                           "and column_name = 'document_id'").fetchone() == (False,)
        assert con.execute("select comment from duckdb_tables() where table_name = 't'").fetchone() == (
            "one row per file",)
        assert con.execute("select comment from duckdb_columns() where table_name = 't' and column_name = 'kept'"
                           ).fetchone() == ("保留",)
        assert con.execute("select kept, source_file from staging.v").fetchall() == [(["a"], "a.txt")]
        assert con.execute("select tags['storage_version'] from duckdb_databases() where database_name = 'fazhi'"
                           ).fetchone()[0].startswith("v1.0.0")


def test_a_build_duckdb1_could_not_open_is_not_published(tmp_path):
    warehouse = tmp_path / "fazhi.duckdb"
    keyed, newer = tmp_path / "keyed" / "fazhi.duckdb", tmp_path / "newer" / "fazhi.duckdb"
    _make_build(keyed, 1)
    with duckdb.connect(str(keyed)) as con:
        con.execute("create table raw.k (id integer primary key)")  # an index DuckDB 1.0 cannot read
    with pytest.raises(RuntimeError, match="index-backed keys on raw.k"):
        publish_build(keyed, warehouse)
    newer.parent.mkdir()
    duckdb.connect(str(newer)).close()  # DuckDB 2's own storage format
    with pytest.raises(RuntimeError, match="storage"):
        publish_build(newer, warehouse)
    assert not warehouse.exists()


def test_raw_keys_are_checked(tmp_path):
    with duckdb.connect(str(tmp_path / "b.duckdb")) as con:
        create_raw_tables(con)
        con.execute("insert into raw.current_files values ('a.txt', 'd1', 3, 'r1', 'r1')")
        check_raw_keys(con)
        con.execute("insert into raw.current_files values ('a.txt', 'd2', 3, 'r1', 'r1')")
        with pytest.raises(RawKeyViolation, match="current_files"):
            check_raw_keys(con)


def _bloated_build(path):
    """A build file whose big table was rebuilt whole behind a table written after it, as a full refresh rebuilds
    them: the old version's blocks are free in the middle of the file, where they cannot be cut off its end."""
    _make_build(path, 1)
    con = duckdb.connect(str(path))
    con.execute("comment on table raw.t is 'kept through compaction'")
    facts = "select range as id, md5(range::varchar || random()::varchar) as payload from range(300000)"
    con.execute(f"create table marts.facts as {facts}")
    con.execute("checkpoint")
    con.execute("create table marts.written_after as select range as id from range(1000)")
    con.execute("checkpoint")
    con.execute(f"create or replace table marts.facts as {facts}")
    con.execute("checkpoint")
    con.close()


def test_a_bloated_build_is_compacted_before_publishing_with_its_content(tmp_path):
    build, warehouse = tmp_path / "s" / "fazhi.duckdb", tmp_path / "fazhi.duckdb"
    build.parent.mkdir()
    _bloated_build(build)
    before = file_space(build)
    assert before.free_share >= COMPACT_FREE_SHARE, before  # what a full refresh leaves
    with duckdb.connect(str(build), read_only=True) as con:
        expected = con.execute("select count(*), sum(hash(payload)) from marts.facts").fetchone()
    size_before = build.stat().st_size

    publish_build(build, warehouse)

    assert warehouse.stat().st_size < 0.8 * size_before
    assert file_space(warehouse).free_share < COMPACT_FREE_SHARE
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*), sum(hash(payload)) from marts.facts").fetchone() == expected
        assert con.execute("select v from marts.v").fetchall() == [(1,)]  # views still bind
        assert con.execute("select comment from duckdb_tables() where table_name = 't'").fetchone() == (
            "kept through compaction",)
        storage = con.execute("select tags['storage_version'] from duckdb_databases() "
                              "where database_name = current_database()").fetchone()[0]
        assert storage.startswith("v1.0.0")  # still readable by BI tools on any DuckDB 1.x
    assert sorted(p.name for p in build.parent.iterdir()) == []  # no compaction file left


def test_a_compact_build_is_published_without_a_copy(tmp_path):
    build = tmp_path / "s" / "fazhi.duckdb"
    build.parent.mkdir()
    _make_build(build, 1)
    con = duckdb.connect(str(build))
    con.execute("create table marts.facts as select range as id, md5(range::varchar) as payload from range(300000)")
    con.close()
    inode = build.stat().st_ino
    assert compact_if_bloated(build) is False
    assert build.stat().st_ino == inode


def test_a_leftover_compaction_file_is_removed_when_the_next_build_starts(tmp_path):
    build, warehouse = tmp_path / "s" / "fazhi.duckdb", tmp_path / "fazhi.duckdb"
    build.parent.mkdir()
    _make_build(build, 1)
    publish_build(build, warehouse)
    (build.parent / f"fazhi.duckdb{COMPACTING_SUFFIX}").write_bytes(b"half-written by a killed run")
    prepare_build_file(warehouse, build)
    assert sorted(p.name for p in build.parent.iterdir()) == ["fazhi.duckdb"]
