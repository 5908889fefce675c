"""The build file and the published warehouse.

A run never writes the published file: it copies the last published warehouse into a private build file, works
there, and only when everything passed copies the build into a temporary file next to the warehouse (in DuckDB's
v1.0.0 storage format, so BI tools bundling DuckDB 1.x open it) and renames it over the warehouse in one atomic
`os.replace`. Readers holding the old file keep reading it; new readers see the new version; nobody waits.

The build file has the same file name as the warehouse (in the state folder), so DuckDB gives both the same catalog
name and the views dbt creates (which name their catalog) keep working in the published copy.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

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
        return True
    return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_build(build: Path, warehouse: Path) -> None:
    """Copy the finished build into the warehouse path atomically, readable by DuckDB 1.x and 2.x."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    tmp = warehouse.with_name(f".{warehouse.name}.publishing-{os.getpid()}")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        if stale.exists():
            stale.unlink()
    catalog = build.stem
    con = duckdb.connect()
    try:
        con.execute(f"attach '{build}' as \"{catalog}\" (read_only)")
        con.execute(f"attach '{tmp}' as publish_target (storage_version '{PUBLISH_STORAGE_VERSION}')")
        con.execute(f'copy from database "{catalog}" to publish_target')
        con.execute("checkpoint publish_target")
        con.execute("detach publish_target")
        con.execute(f'detach "{catalog}"')
    finally:
        con.close()
    _remove_wal(tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    _remove_wal(warehouse)
    os.replace(tmp, warehouse)
    _fsync_dir(warehouse.parent)


def clean_publish_leftovers(warehouse: Path) -> list[Path]:
    """Remove half-written publish files that a killed run left next to the warehouse."""
    removed = []
    if warehouse.parent.is_dir():
        for path in warehouse.parent.glob(f".{warehouse.name}.publishing-*"):
            path.unlink()
            removed.append(path)
    return removed
