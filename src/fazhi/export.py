"""Parquet copies of every mart, for tools without DuckDB: `<warehouse folder>/parquet/<mart>.parquet`.

A run writes all files into a hidden folder next to the export folder while the build is checked, and swaps the
folders in one step after the DuckDB file is published, so a reader never sees a half-written file or a mix of
two runs' files. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, between which the
folder is briefly missing. A reader that opened a file before the swap keeps reading the old version.

The DuckDB file is renamed into place before the folder is swapped, so a run killed between the two leaves them
from different runs. Each export therefore holds `_version.json` with the run id of the warehouse it was written
from (the same as `raw.publish_version.run_id` in the DuckDB file), and the next run re-exports the folder from
the published file when the two differ (`repair_parquet_exports`).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb

from fazhi.faults import crash_point
from fazhi.publish import read_version

STAGING_PREFIX = ".parquet.publishing-"
VERSION_FILE = "_version.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def mart_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of the `marts` schema, sorted."""
    rows = con.execute(
        """
        select table_name from duckdb_tables() where schema_name = 'marts'
        union
        select view_name from duckdb_views() where schema_name = 'marts' and not internal
        order by 1
        """
    ).fetchall()
    return [r[0] for r in rows]


def table_fingerprint(con: duckdb.DuckDBPyConnection, mart: str) -> str:
    """What a mart holds, cheaply: its columns and types, its row count and the sum of its rows' hashes (a sum, not
    an xor, so that duplicate rows do not cancel out). Hashing a table costs about a tenth of writing it as Parquet."""
    columns = con.execute(f'describe marts."{mart}"').fetchall()
    rows, total = con.execute(f'select count(*), coalesce(sum(hash(_fazhi_row)::hugeint), 0) '
                              f'from marts."{mart}" as _fazhi_row').fetchone()
    schema = ",".join(f"{name} {kind}" for name, kind, *_ in columns)
    return f"{rows}:{total}:{hashlib.sha256(schema.encode()).hexdigest()[:16]}"


def read_export_fingerprints(export_dir: Path) -> dict[str, str]:
    """{mart: fingerprint} of the files of an export folder, as its _version.json records them ({} when it does not)."""
    try:
        tables = json.loads((export_dir / VERSION_FILE).read_text(encoding="utf-8")).get("tables", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return tables if isinstance(tables, dict) else {}


def stage_parquet_exports(database: Path, export_dir: Path) -> Path:
    """Write every mart of `database` (opened read-only) into a fresh staging folder beside export_dir; return it.

    A mart whose fingerprint (`table_fingerprint`) is the one the current export recorded for its file is not written
    again: the staging folder gets a hard link to that file (published files are never written in place, so the
    link is the same bytes). A run that changed a few documents thus rewrites only the marts they changed."""
    export_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = export_dir.with_name(f"{STAGING_PREFIX}{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    previous = read_export_fingerprints(export_dir)
    fingerprints: dict[str, str] = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        con.execute("set enable_progress_bar = false")
        for mart in mart_names(con):
            target = staging / f"{mart}.parquet"
            fingerprints[mart] = table_fingerprint(con, mart)
            if previous.get(mart) == fingerprints[mart] and _link(export_dir / target.name, target):
                continue
            con.execute(f"copy (select * from marts.\"{mart}\") to '{target}' (format parquet)")
        version = read_version(database, con)
        if version is not None:
            (staging / VERSION_FILE).write_text(json.dumps({"run_id": version, "tables": fingerprints}) + "\n",
                                                encoding="utf-8")
    finally:
        con.close()
    for path in staging.iterdir():
        with open(path, "rb") as f:
            os.fsync(f.fileno())
    crash_point("publish:parquet-staged")
    return staging


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:  # gone, or another file system: written again
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically (Linux renameat2); False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish_parquet_exports(staging: Path, export_dir: Path) -> None:
    """Put the staged folder in place of export_dir and delete the previous version."""
    swap_folder_in(staging, export_dir, STAGING_PREFIX)


def swap_folder_in(staging: Path, target: Path, prefix: str) -> None:
    """Put a finished folder in place of target in one step and delete the previous version; also used for the
    report site (fazhi.site). `prefix` names the previous version while it is deleted, where renameat2 is missing."""
    if not target.exists():
        os.replace(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous version
        return
    previous = target.with_name(f"{prefix}{os.getpid()}-previous")
    os.replace(target, previous)
    os.replace(staging, target)
    shutil.rmtree(previous)


def read_export_version(export_dir: Path) -> str | None:
    """The run id of the warehouse an export folder was written from; None when it records none."""
    try:
        return json.loads((export_dir / VERSION_FILE).read_text(encoding="utf-8"))["run_id"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def repair_parquet_exports(warehouse: Path, export_dir: Path) -> bool:
    """Re-export the Parquet folder from the published warehouse when they are not from the same run (a run killed
    between its two swaps); True when it did. A warehouse published before versions were stamped is left as it is."""
    if not warehouse.exists():
        return False
    version = read_version(warehouse)
    if version is None or (export_dir.is_dir() and read_export_version(export_dir) == version):
        return False
    publish_parquet_exports(stage_parquet_exports(warehouse, export_dir), export_dir)
    return True


def remove_staging_folders(folder: Path, prefix: str) -> list[Path]:
    """Remove the staging folders named `prefix…` that a killed run left beside `folder`."""
    removed = []
    if folder.parent.is_dir():
        for path in folder.parent.glob(f"{prefix}*"):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def clean_export_leftovers(export_dir: Path) -> list[Path]:
    """Remove staging folders that a killed run left beside the export folder."""
    return remove_staging_folders(export_dir, STAGING_PREFIX)
