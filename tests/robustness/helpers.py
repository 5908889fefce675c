"""Running `fazhi run` as a user does (a subprocess) and reading what it published, for the robustness tests."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

FAZHI = Path(sys.executable).with_name("fazhi")
# A small parent process that reports the peak memory of the largest process under it (fazhi, dbt, the Prefect
# server). Started from this small parent, not from pytest: Linux carries a parent's peak over into its children.
_MEASURING_PARENT = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(f'PEAK_RSS_KB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float | None = None

    @property
    def run_id(self) -> str | None:
        found = re.search(r"run (\d{8}T\d{6}-[0-9a-f]{8}): ", self.stdout + self.stderr)
        return found.group(1) if found else None

    def tail(self) -> str:
        return (self.stdout[-3000:] + "\n---\n" + self.stderr[-4000:])


def fazhi_env(warehouse: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect"), **extra}
    env.pop("FAZHI_RAW_DIR", None)
    env.pop("FAZHI_WAREHOUSE", None)
    return env


def fazhi_command(raw: Path, warehouse: Path) -> list[str]:
    return [str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse)]


def run_fazhi(raw: Path, warehouse: Path, *, measure: bool = False, timeout: int = 600, **env: str) -> Run:
    command = fazhi_command(raw, warehouse)
    if measure:
        command = [sys.executable, "-c", _MEASURING_PARENT, *command]
    proc = subprocess.run(command, env=fazhi_env(warehouse, **env), capture_output=True, text=True, timeout=timeout,
                          cwd=warehouse.parent)
    peak = re.search(r"PEAK_RSS_KB (\d+)", proc.stderr)
    return Run(proc.returncode, proc.stdout, proc.stderr, int(peak.group(1)) / 1024 if peak else None)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def marts_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' "
        "union select view_name from duckdb_views() where schema_name = 'marts' and not internal order by 1"
    ).fetchall()]


def table_rows(con: duckdb.DuckDBPyConnection, table: str, drop: set[str] = frozenset()) -> list[tuple]:
    """Every row of a marts table, columns in name order minus `drop`, sorted: a content snapshot of the table."""
    columns = sorted(r[0] for r in con.execute(
        "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = ?", [table]
    ).fetchall() if r[0] not in drop)
    select = ", ".join(f'"{c}"' for c in columns)
    return sorted(con.execute(f"select {select} from marts.{table}").fetchall(), key=repr)


def table_checksum(rows: list[tuple]) -> str:
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


def columns_stamped_with(con: duckdb.DuckDBPyConnection, run_id: str) -> set[tuple[str, str]]:
    """(table, column) of marts columns holding this run's id: the stamp of the run that last saw a row."""
    stamped = set()
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' and data_type = 'VARCHAR'"
    ).fetchall():
        hit = con.execute(f'select count(*) from marts."{table}" where "{column}" = ?', [run_id]).fetchone()[0]
        if hit:
            stamped.add((table, column))
    return stamped


def open_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(warehouse), read_only=True)
