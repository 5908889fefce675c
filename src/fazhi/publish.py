"""The build file and the published warehouse.

A run never writes the published file: it copies the last published warehouse into a private build file, works
there, and only when everything passed renames the build over the warehouse in one atomic `os.replace`. Readers
holding the old file keep reading it; new readers see the new version; nobody waits.

The build file is what gets published, so it is kept readable by BI tools bundling any DuckDB 1.x: it is created in
DuckDB's v1.0.0 storage format (a copy of the published file keeps it) and holds no index-backed keys (DuckDB 1.0
cannot open a file holding an index that DuckDB 2.x wrote; db.check_raw_keys guards the raw tables' keys instead).
Publishing therefore rewrites nothing: a checkpoint, an fsync and a rename.

The build file has the same file name as the warehouse (in the state folder), so DuckDB gives both the same catalog
name and the views dbt creates (which name their catalog) keep working in the published file.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from fazhi.faults import crash_point

PUBLISH_STORAGE_VERSION = "v1.0.0"


def _remove_wal(path: Path) -> None:
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.unlink()


def prepare_build_file(warehouse: Path, build: Path) -> bool:
    """Start a run's build file from the last published warehouse (or empty). True when one was published."""
    build.parent.mkdir(parents=True, exist_ok=True)
    for stale in (build, build.with_name(build.name + ".wal")):
        if stale.exists():
            stale.unlink()
    if warehouse.exists():
        shutil.copyfile(warehouse, build)
        crash_point("prepare:copied")
        return True
    con = duckdb.connect()  # a first build: an empty file in the storage format it will be published in
    try:
        con.execute(f"attach '{_sql_path(build)}' as new_build (storage_version '{PUBLISH_STORAGE_VERSION}')")
    finally:
        con.close()
    return False


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_build(build: Path, warehouse: Path) -> None:
    """Make the finished build the published warehouse, atomically; the build file is gone afterwards."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(build))
    try:
        _check_readable_by_duckdb1(con)
        con.execute("checkpoint")  # everything in the file itself: a write-ahead log is not published
    finally:
        con.close()
    crash_point("publish:checkpointed")
    wal = build.with_name(build.name + ".wal")
    if wal.exists() and wal.stat().st_size:
        raise RuntimeError(f"{build}: write-ahead log left after the checkpoint, not published")
    _remove_wal(build)
    with open(build, "rb+") as f:
        os.fsync(f.fileno())
    crash_point("publish:written")
    _remove_wal(warehouse)
    os.replace(build, warehouse)
    crash_point("publish:replaced")
    _fsync_dir(warehouse.parent)
    _fsync_dir(build.parent)


def _check_readable_by_duckdb1(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to publish a file that BI tools on DuckDB 1.x could not open."""
    storage = con.execute("select tags['storage_version'] from duckdb_databases() "
                          "where database_name = current_database()").fetchone()[0]
    if not str(storage).startswith(PUBLISH_STORAGE_VERSION):
        raise RuntimeError(f"build file in storage {storage}, not {PUBLISH_STORAGE_VERSION}: not published")
    keys = con.execute("select schema_name || '.' || table_name from duckdb_constraints() "
                       "where database_name = current_database() and constraint_type in ('PRIMARY KEY', 'UNIQUE') "
                       "order by 1").fetchall()
    if keys:
        raise RuntimeError(f"index-backed keys on {', '.join(k[0] for k in keys)}: not published")


def clean_publish_leftovers(warehouse: Path) -> list[Path]:
    """Remove half-written publish files that earlier versions of a killed run left next to the warehouse."""
    removed = []
    if warehouse.parent.is_dir():
        for path in warehouse.parent.glob(f".{warehouse.name}.publishing-*"):
            path.unlink()
            removed.append(path)
    return removed
