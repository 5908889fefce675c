"""The build file and the published warehouse.

A run never writes the published file: it copies the last published warehouse into a private build file, works
there, and only when everything passed renames the build over the warehouse in one atomic `os.replace`. Readers
holding the old file keep reading it; new readers see the new version; nobody waits.

The build file is what gets published, so it is kept readable by BI tools bundling any DuckDB 1.x: it is created in
DuckDB's v1.0.0 storage format (a copy of the published file keeps it) and holds no index-backed keys (DuckDB 1.0
cannot open a file holding an index that DuckDB 2.x wrote; db.check_raw_keys guards the raw tables' keys instead).
Publishing therefore rewrites nothing: a checkpoint, an fsync and a rename. DuckDB reuses the blocks freed by
deleted rows and dropped tables but never gives them back, so a file rebuilt whole (a full refresh) would keep the
size of both versions: when free blocks are a large share of the file, the build is first compacted into a fresh
file (`COPY FROM DATABASE`, same storage format, comments kept), which costs one copy of the data.

The build file has the same file name as the warehouse (in the state folder), so DuckDB gives both the same catalog
name and the views dbt creates (which name their catalog) keep working in the published file.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from fazhi.faults import crash_point

PUBLISH_STORAGE_VERSION = "v1.0.0"
# Compact a build file when at least this share of its blocks is free …
COMPACT_FREE_SHARE = 0.25
# … and it is larger than this (a small file is cheap to keep as it is).
COMPACT_MIN_BYTES = 4 * 1024 * 1024
COMPACTING_SUFFIX = ".compacting"


def _remove_wal(path: Path) -> None:
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.unlink()


def prepare_build_file(warehouse: Path, build: Path) -> bool:
    """Start a run's build file from the last published warehouse (or empty). True when one was published."""
    build.parent.mkdir(parents=True, exist_ok=True)
    for stale in (build, build.with_name(build.name + ".wal"), build.with_name(build.name + COMPACTING_SUFFIX),
                  build.with_name(build.name + COMPACTING_SUFFIX + ".wal")):
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


def fsync_path(path: Path) -> None:
    """fsync a file or a folder (a folder: so that a rename in it is on disk)."""
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
    compact_if_bloated(build)
    with open(build, "rb+") as f:
        os.fsync(f.fileno())
    crash_point("publish:written")
    _remove_wal(warehouse)
    os.replace(build, warehouse)
    crash_point("publish:replaced")
    fsync_path(warehouse.parent)
    fsync_path(build.parent)


@dataclass(frozen=True)
class FileSpace:
    total_blocks: int
    free_blocks: int
    block_size: int

    @property
    def free_share(self) -> float:
        return self.free_blocks / self.total_blocks if self.total_blocks else 0.0


def file_space(path: Path) -> FileSpace:
    """Blocks of a DuckDB file and how many of them are free (`pragma database_size`)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        block_size, total, free = con.execute(
            "select block_size, total_blocks, free_blocks from pragma_database_size() "
            "where database_name = current_database()").fetchone()
    finally:
        con.close()
    return FileSpace(total_blocks=total, free_blocks=free, block_size=block_size)


def compact_if_bloated(build: Path) -> bool:
    """Rewrite a checkpointed build file without its free blocks when they are a large share of it; True if it was.

    The compacted copy is written beside the build, fsynced and renamed over it: the build is private to the run,
    so a crash at any point leaves the published warehouse as it was (the next run deletes the leftover)."""
    space = file_space(build)
    if build.stat().st_size < COMPACT_MIN_BYTES or space.free_share < COMPACT_FREE_SHARE:
        return False
    compacted = build.with_name(build.name + COMPACTING_SUFFIX)
    for stale in (compacted, compacted.with_name(compacted.name + ".wal")):
        if stale.exists():
            stale.unlink()
    con = duckdb.connect()
    try:
        # the source under its own catalog name, so that nothing stored with a catalog-qualified name breaks
        con.execute(f"attach '{_sql_path(build)}' as \"{build.stem}\" (read_only)")
        con.execute(f"attach '{_sql_path(compacted)}' as compacted (storage_version '{PUBLISH_STORAGE_VERSION}')")
        con.execute(f"copy from database \"{build.stem}\" to compacted")
        con.execute("checkpoint compacted")
    finally:
        con.close()
    _remove_wal(compacted)
    with open(compacted, "rb+") as f:
        os.fsync(f.fileno())
    crash_point("publish:compacted")
    os.replace(compacted, build)
    return True


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


VERSION_TABLE = "publish_version"


def stamp_version(build: Path, run_id: str, published_at) -> None:
    """Record in the build which run publishes it (`raw.publish_version`): the Parquet export carries the same
    run id in its `_version.json`, so a reader can prove that both come from one run."""
    con = duckdb.connect(str(build))
    try:
        con.execute(f"create or replace table raw.{VERSION_TABLE} as "
                    "select ?::varchar as run_id, ?::timestamptz as published_at", [run_id, published_at])
    finally:
        con.close()


def read_version(database: Path, con: duckdb.DuckDBPyConnection | None = None) -> str | None:
    """The run id a warehouse was published by; None when it has none (published before versions were stamped)."""
    own = con is None
    con = duckdb.connect(str(database), read_only=True) if own else con
    try:
        found = con.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                            "and schema_name = 'raw' and table_name = ?", [VERSION_TABLE]).fetchone()[0]
        return con.execute(f"select run_id from raw.{VERSION_TABLE}").fetchone()[0] if found else None
    finally:
        if own:
            con.close()


def clean_publish_leftovers(warehouse: Path) -> list[Path]:
    """Remove half-written publish files that earlier versions of a killed run left next to the warehouse."""
    removed = []
    if warehouse.parent.is_dir():
        for path in warehouse.parent.glob(f".{warehouse.name}.publishing-*"):
            path.unlink()
            removed.append(path)
    return removed
