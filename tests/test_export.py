import duckdb

from fazhi.export import clean_export_leftovers, publish_parquet_exports, stage_parquet_exports


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


def test_leftover_staging_folders_are_removed(tmp_path):
    leftover = tmp_path / ".parquet.publishing-4242"
    leftover.mkdir()
    (leftover / "dim_thing.parquet").write_bytes(b"half")
    assert clean_export_leftovers(tmp_path / "parquet") == [leftover]
    assert not leftover.exists()
