"""Run dbt on the build file, in a subprocess.

In-process dbt keeps the DuckDB file open for the rest of the process (STACK.md), and a crash in dbt must not take
the flow with it, so dbt always runs as its own process with the project and profiles directories passed
explicitly and the build file named by `FAZHI_BUILD_DATABASE` (read by dbt_project/profiles.yml).
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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
            run_id: str | None = None) -> DbtResult:
    """Run `dbt <args>` on the given build file; raise DbtFailed with the failing lines when it fails."""
    work_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "FAZHI_BUILD_DATABASE": str(database),
        "FAZHI_RUN_ID": run_id or "manual",  # stamped on marts.fct_quarantined_observations
        "DBT_TARGET_PATH": str(work_dir / "target"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_PARTIAL_PARSE": "true",
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


def dbt_build(project_dir: Path, database: Path, work_dir: Path, run_id: str | None = None) -> DbtResult:
    """Seeds, models and tests: the whole dbt project on the build file."""
    return run_dbt(["build"], project_dir=project_dir, database=database, work_dir=work_dir, run_id=run_id)
