"""The warehouse `fazhi run` builds from the sample reports, once per session, shared by the end-to-end tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAZHI = Path(sys.executable).with_name("fazhi")


def _run_fazhi(raw: Path, warehouse: Path, cwd: Path, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect")}
    env.pop("FAZHI_RAW_DIR", None)
    env.pop("FAZHI_WAREHOUSE", None)
    return subprocess.run(
        [str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse), *options],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def run_fazhi():
    """`fazhi run --raw-dir RAW --warehouse FILE [options]` in a subprocess, as a user runs it."""
    return _run_fazhi


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    raw = base / "raw"
    shutil.copytree(ROOT / "raw", raw)
    warehouse = base / "out" / "fazhi.duckdb"
    first = _run_fazhi(raw, warehouse, cwd=base)  # started outside the project: paths never depend on cwd
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    return base, raw, warehouse, first
