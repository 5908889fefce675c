import json
import shutil
from datetime import datetime, timezone

import duckdb

from fazhi.export import (
    clean_export_leftovers,
    publish_parquet_exports,
    read_export_version,
    repair_parquet_exports,
    stage_parquet_exports,
)
from fazhi.publish import prepare_build_file, publish_build, read_version, stamp_version


def _build(path, value):
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists raw; create schema if not exists marts")
    con.execute("create or replace table marts.dim_thing as select range as id, ? as v from range(3)", [value])
    con.execute("create or replace view marts.fct_view as select id from marts.dim_thing where id > 0")
    con.execute("create or replace table raw.not_a_mart as select 1 as x")
    con.close()


def _read(path):
    with duckdb.connect() as con:
        return con.execute(f"select distinct v from read_parquet('{path}')").fetchall()


def test_every_mart_is_exported_and_swapped_in_whole(tmp_path):
    build, export_dir = tmp_path / "state" / "fazhi.duckdb", tmp_path / "parquet"
    build.parent.mkdir()
    _build(build, "first")
    publish_parquet_exports(stage_parquet_exports(build, export_dir), export_dir)
    assert sorted(p.name for p in export_dir.iterdir()) == ["dim_thing.parquet", "fct_view.parquet"]
    held = open(export_dir / "dim_thing.parquet", "rb")  # a reader that opened the old version

    _build(build, "second")
    staged = stage_parquet_exports(build, export_dir)
    assert _read(export_dir / "dim_thing.parquet") == [("first",)]  # staging never touches the published files
    publish_parquet_exports(staged, export_dir)
    assert _read(export_dir / "dim_thing.parquet") == [("second",)]
    assert held.read(4) == b"PAR1"  # the old file is still whole for whoever holds it
    held.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parquet", "state"]  # no staging folder left behind


def test_a_mart_that_did_not_change_is_linked_not_written_again(tmp_path):
    build, export_dir = tmp_path / "state" / "fazhi.duckdb", tmp_path / "parquet"
    build.parent.mkdir()
    _first_build(build)
    _build(build, "first")
    stamp_version(build, "run-1", datetime.now(timezone.utc))
    publish_parquet_exports(stage_parquet_exports(build, export_dir), export_dir)
    recorded = json.loads((export_dir / "_version.json").read_text())["tables"]
    assert sorted(recorded) == ["dim_thing", "fct_view"]
    before = {name: (export_dir / f"{name}.parquet").stat().st_ino for name in recorded}

    with duckdb.connect(str(build)) as con:  # one mart changes; the other keeps its rows
        con.execute("create or replace view marts.fct_view as select id from marts.dim_thing where id > 1")
    stamp_version(build, "run-2", datetime.now(timezone.utc))
    publish_parquet_exports(stage_parquet_exports(build, export_dir), export_dir)
    after = {name: (export_dir / f"{name}.parquet").stat().st_ino for name in recorded}
    assert after["dim_thing"] == before["dim_thing"]  # the same file, hard-linked into the new folder
    assert after["fct_view"] != before["fct_view"]
    with duckdb.connect() as con:
        assert con.execute(f"select id from read_parquet('{export_dir / 'fct_view.parquet'}')").fetchall() == [(2,)]
        assert con.execute(f"select count(*) from read_parquet('{export_dir / 'dim_thing.parquet'}')").fetchone() == (3,)

    with duckdb.connect(str(build)) as con:  # the same count and columns, other values: written again
        con.execute("update marts.dim_thing set v = 'third' where id = 0")
    stamp_version(build, "run-3", datetime.now(timezone.utc))
    publish_parquet_exports(stage_parquet_exports(build, export_dir), export_dir)
    assert (export_dir / "dim_thing.parquet").stat().st_ino != before["dim_thing"]
    assert sorted(v for (v,) in _read(export_dir / "dim_thing.parquet")) == ["first", "third"]


def test_leftover_staging_folders_are_removed(tmp_path):
    leftover = tmp_path / ".parquet.publishing-4242"
    leftover.mkdir()
    (leftover / "dim_thing.parquet").write_bytes(b"half")
    assert clean_export_leftovers(tmp_path / "parquet") == [leftover]
    assert not leftover.exists()


def _first_build(build):
    prepare_build_file(build.with_name("never-published.duckdb"), build)  # v1.0.0 storage, as a run starts one


def _publish(build, warehouse, export_dir, run_id):
    """What a run's publish stage does, in its order: stamp, stage the export, rename the file, swap the folder."""
    stamp_version(build, run_id, datetime.now(timezone.utc))
    staged = stage_parquet_exports(build, export_dir)
    publish_build(build, warehouse)
    return staged


def test_the_export_names_the_run_of_the_warehouse_it_was_written_from(tmp_path):
    build, warehouse, export_dir = tmp_path / "state" / "fazhi.duckdb", tmp_path / "fazhi.duckdb", tmp_path / "parquet"
    build.parent.mkdir()
    _first_build(build)
    _build(build, "first")
    publish_parquet_exports(_publish(build, warehouse, export_dir, "run-1"), export_dir)
    assert read_version(warehouse) == read_export_version(export_dir) == "run-1"
    assert json.loads((export_dir / "_version.json").read_text())["run_id"] == "run-1"
    assert repair_parquet_exports(warehouse, export_dir) is False  # one version: nothing to do


def test_a_run_killed_between_its_two_swaps_leaves_versions_a_reader_can_tell_apart_and_the_next_run_repairs(
        tmp_path):
    build, warehouse, export_dir = tmp_path / "state" / "fazhi.duckdb", tmp_path / "fazhi.duckdb", tmp_path / "parquet"
    build.parent.mkdir()
    _first_build(build)
    _build(build, "first")
    publish_parquet_exports(_publish(build, warehouse, export_dir, "run-1"), export_dir)
    shutil.copyfile(warehouse, build)
    _build(build, "second")
    _publish(build, warehouse, export_dir, "run-2")  # killed here: the DuckDB file is new, the folder is not

    assert (read_version(warehouse), read_export_version(export_dir)) == ("run-2", "run-1")
    assert _read(export_dir / "dim_thing.parquet") == [("first",)]
    clean_export_leftovers(export_dir)  # what the next run does first …
    assert repair_parquet_exports(warehouse, export_dir) is True  # … then this
    assert read_export_version(export_dir) == "run-2"
    assert _read(export_dir / "dim_thing.parquet") == [("second",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fazhi.duckdb", "parquet", "state"]


def test_a_missing_export_is_written_and_a_warehouse_without_a_version_is_left_alone(tmp_path):
    build, warehouse, export_dir = tmp_path / "state" / "fazhi.duckdb", tmp_path / "fazhi.duckdb", tmp_path / "parquet"
    build.parent.mkdir()
    _first_build(build)
    _build(build, "first")
    publish_build(build, warehouse)  # as published before versions were stamped
    assert read_version(warehouse) is None
    assert repair_parquet_exports(warehouse, export_dir) is False and not export_dir.exists()
    shutil.copyfile(warehouse, build)
    _publish(build, warehouse, export_dir, "run-2")
    shutil.rmtree(tmp_path / next(p.name for p in tmp_path.iterdir() if p.name.startswith(".parquet")))
    assert repair_parquet_exports(warehouse, export_dir) is True
    assert read_export_version(export_dir) == "run-2"
