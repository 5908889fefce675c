"""The build file and the published warehouse.

A run never writes the published file: it copies the last published warehouse into a private build file, works
there, and only when everything passed copies the build into a temporary file next to the warehouse (in DuckDB's
v1.0.0 storage format and without index-backed keys, so BI tools bundling any DuckDB 1.x open it) and renames it
over the warehouse in one atomic `os.replace`. Readers holding the old file keep reading it; new readers see the new
version; nobody waits.

The build file has the same file name as the warehouse (in the state folder), so DuckDB gives both the same catalog
name and the views dbt creates (which name their catalog) keep working in the published copy.
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
    return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_database_without_keys(con: duckdb.DuckDBPyConnection, source: str, target: str) -> None:
    """`COPY FROM DATABASE` minus PRIMARY KEY and UNIQUE constraints, keeping NOT NULL, defaults and comments.

    DuckDB 1.0 cannot open a file holding an index that DuckDB 2.0 wrote, even in v1.0.0 storage ("Serialization
    Error … field id: 103"); the keys only guard the build, which gets them back (db.create_raw_tables).
    """
    tables = con.execute(
        "select schema_name, table_name, comment from duckdb_tables() where database_name = ? order by table_oid",
        [source]).fetchall()
    views = con.execute(
        "select schema_name, view_name, sql, comment from duckdb_views() "
        "where database_name = ? and not internal order by view_oid", [source]).fetchall()
    columns = con.execute(
        "select schema_name, table_name, column_name, is_nullable, column_default, comment from duckdb_columns() "
        "where database_name = ? order by table_oid, column_index", [source]).fetchall()
    table_names = {(t[0], t[1]) for t in tables}

    con.execute("begin")  # one commit for the tables: a commit per statement costs more than the copying
    for schema in sorted({t[0] for t in tables} | {v[0] for v in views}):
        con.execute(f'create schema if not exists "{target}"."{schema}"')
    for schema, table, comment in tables:
        name = f'"{target}"."{schema}"."{table}"'
        con.execute(f'create table {name} as select * from "{source}"."{schema}"."{table}"')
        if comment:
            con.execute(f"comment on table {name} is {_sql_string(comment)}")
    for schema, table, column, nullable, default, comment in columns:
        if (schema, table) not in table_names:
            continue  # a view's columns come from its SQL
        name = f'"{target}"."{schema}"."{table}"'
        if not nullable:
            con.execute(f'alter table {name} alter column "{column}" set not null')
        if default is not None:
            con.execute(f'alter table {name} alter column "{column}" set default {default}')
        if comment:
            con.execute(f'comment on column {name}."{column}" is {_sql_string(comment)}')
    con.execute("commit")

    # A view's SQL names its dependencies without a catalog: create them inside the target, dependencies first (a
    # view whose dependency is missing yet fails and is tried again). A view made in v1.0.0 storage (a build starts
    # as a copy of the published file) keeps its lambdas in the arrow syntax, which DuckDB 2.0 parses only on request.
    con.execute("set lambda_syntax = 'ENABLE_SINGLE_ARROW'")
    con.execute(f'use "{target}"')
    pending = list(views)
    while pending:
        failed, error = [], None
        for view in pending:
            try:
                con.execute(view[2])
            except duckdb.CatalogException as exc:
                failed.append(view)
                error = exc
        if len(failed) == len(pending):
            raise error
        pending = failed
    con.execute("begin")
    for schema, view, _, comment in views:
        if comment:
            con.execute(f'comment on view "{target}"."{schema}"."{view}" is {_sql_string(comment)}')
    for schema, table, column, _, _, comment in columns:
        if comment and (schema, table) not in table_names:
            con.execute(f'comment on column "{target}"."{schema}"."{table}"."{column}" is {_sql_string(comment)}')
    con.execute("commit")
    con.execute("use memory")


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
        _copy_database_without_keys(con, catalog, "publish_target")
        crash_point("publish:copied")
        con.execute("checkpoint publish_target")
        con.execute("detach publish_target")
        con.execute(f'detach "{catalog}"')
    finally:
        con.close()
    _remove_wal(tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    crash_point("publish:written")
    _remove_wal(warehouse)
    os.replace(tmp, warehouse)
    crash_point("publish:replaced")
    _fsync_dir(warehouse.parent)


def clean_publish_leftovers(warehouse: Path) -> list[Path]:
    """Remove half-written publish files that a killed run left next to the warehouse."""
    removed = []
    if warehouse.parent.is_dir():
        for path in warehouse.parent.glob(f".{warehouse.name}.publishing-*"):
            path.unlink()
            removed.append(path)
    return removed
