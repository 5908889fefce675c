"""Run dbt on the build file, in a subprocess.

In-process dbt keeps the DuckDB file open for the rest of the process (STACK.md), and a crash in dbt must not take
the flow with it, so dbt always runs as its own process with the project and profiles directories passed
explicitly and the build file named by `FAZHI_BUILD_DATABASE` (read by dbt_project/profiles.yml).

The big per-document models are incremental (dbt_project/macros/incremental_by_document.sql). They are rebuilt
whole (`dbt build --full-refresh`) when the build file does not record that they were built from this very dbt
project, the Python modules its Python models import, parser and dbt/DuckDB versions (`project_fingerprint`, kept
in raw.dbt_build_state), so a changed model, macro, seed, mapper or parser never leaves rows computed the old way. When it does record that, an incremental build leaves
out what only the project decides, which the recorded build already made and tested: the seeds, the models made of
seeds alone (the dimensions of regions, years, indicators and topics) with their tests, and the unit tests.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from fazhi.child_processes import die_with_parent


class DbtFailed(RuntimeError):
    """dbt exited non-zero: a model, seed or test failed; the message holds the end of its output."""


@dataclass(frozen=True)
class DbtResult:
    command: str
    output: str


def dbt_executable() -> str:
    """The dbt of this interpreter's environment, whatever PATH says."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(args: list[str], *, project_dir: Path, database: Path, work_dir: Path,
            parsed_dir: Path | None = None, extra_env: dict[str, str] | None = None) -> DbtResult:
    """Run `dbt <args>` on the given build file; raise DbtFailed with the failing lines when it fails. parsed_dir:
    the folder of this run's parsed Parquet parts (source parsed_parts), when not the one in FAZHI_PARSED_DIR."""
    work_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **({"FAZHI_PARSED_DIR": str(parsed_dir)} if parsed_dir is not None else {}),
        "FAZHI_BUILD_DATABASE": str(database),
        "DBT_TARGET_PATH": str(work_dir / "target"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_PARTIAL_PARSE": "true",
        **(extra_env or {}),
    }
    command = [dbt_executable(), *args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    # dies with the run: a killed run must not leave dbt writing the build file (fazhi.child_processes)
    proc = subprocess.run(command, env=env, capture_output=True, text=True, preexec_fn=die_with_parent())
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        failing = [line for line in output.splitlines() if any(k in line for k in ("ERROR", "FAIL", "Error", "error"))]
        summary = "\n".join(failing[-25:]) or output[-3000:]
        raise DbtFailed(f"dbt {' '.join(args)} failed (exit {proc.returncode}):\n{summary}")
    return DbtResult(command=" ".join(command), output=output)


def dbt_build(project_dir: Path, database: Path, work_dir: Path, incremental: bool = False,
              parsed_dir: Path | None = None) -> DbtResult:
    """The whole dbt project on the build file, every model whole but the stored parses (which take in the parts in
    `parsed_dir`); or, `incremental` (only on a build file that records a build of this project_fingerprint), what
    the raw tables and the parts feed, the per-document models incrementally."""
    if incremental:
        args = ["build", "--select", "source:raw+", "source:parsed_parts+", "--exclude-resource-type", "unit_test"]
        return run_dbt(args, project_dir=project_dir, database=database, work_dir=work_dir, parsed_dir=parsed_dir)
    # Built whole, the big models each need the whole memory limit (two at once ran out of 1 GB at 100,000 reports:
    # the one DuckDB process shares it), and the heaviest, the indicator mapper, has worker processes of its own;
    # so one model at a time unless FAZHI_DBT_THREADS says otherwise.
    threads = os.environ.get("FAZHI_DBT_THREADS") or "1"
    return run_dbt(["build", "--full-refresh"], project_dir=project_dir, database=database, work_dir=work_dir,
                   parsed_dir=parsed_dir, extra_env={"FAZHI_DBT_THREADS": threads})


# What a dbt build reads besides the raw tables; dbt's own output (target/, logs/) is not part of it.
_PROJECT_FOLDERS = ("models", "macros", "seeds", "tests")
_PROJECT_FILES = ("dbt_project.yml", "profiles.yml")
# Python modules that dbt's Python models import: a changed mapper re-maps every stored figure.
_MODEL_MODULES = ("fazhi.parse.indicators",)


def project_fingerprint(project_dir: Path, parser_version: str) -> str:
    """A hash of every file of the dbt project that shapes the models, of the parser version and of the versions of
    dbt and DuckDB that run them."""
    versions = {name: importlib.metadata.version(name) for name in ("dbt-core", "dbt-duckdb", "duckdb")}
    digest = hashlib.sha256(f"parser {parser_version}\n{sorted(versions.items())}\n".encode())
    paths = [project_dir / name for name in _PROJECT_FILES]
    for folder in _PROJECT_FOLDERS:
        paths.extend(p for p in (project_dir / folder).rglob("*") if p.is_file())
    for path in sorted(p for p in paths if p.exists()):
        digest.update(f"{path.relative_to(project_dir).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for module in _MODEL_MODULES:
        digest.update(f"{module}\n".encode())
        digest.update(hashlib.sha256(Path(importlib.util.find_spec(module).origin).read_bytes()).digest())
    return digest.hexdigest()


def built_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint the build file's incremental models were last built from (None: never, or unknown)."""
    row = con.execute("select project_fingerprint from raw.dbt_build_state").fetchone()
    return row[0] if row else None


def record_build(con: duckdb.DuckDBPyConnection, fingerprint: str, run_id: str, now: datetime) -> None:
    con.execute("begin transaction")
    con.execute("delete from raw.dbt_build_state")
    con.execute("insert into raw.dbt_build_state values (?, ?, ?)", [fingerprint, run_id, now])
    con.execute("commit")
