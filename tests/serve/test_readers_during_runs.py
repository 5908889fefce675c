"""BI readers and runs never get in each other's way, and DuckDB 1.x reads what a run publishes.

Reader processes on DuckDB 2.x (the project's) and 1.x (a small venv per version under .venv-duckdb1/, made once)
query the published file in a loop, read-only, while two runs publish: some reconnect for every query, others keep
one connection open the whole time, like a BI tool left connected. Every read must see one complete published
version, no read may fail, and both runs must publish.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
FAZHI = Path(sys.executable).with_name("fazhi")
DUCKDB1_VERSIONS = ("1.0.0", "1.5.6")  # the oldest and the newest 1.x on the package index
DUCKDB1_HOME = ROOT / ".venv-duckdb1"

pytestmark = pytest.mark.slow

READER = r'''
import json, os, sys, time
import duckdb

path, stop, out, mode = sys.argv[1:5]
QUERY = """
    select (select string_agg(document_id, ',' order by document_id) from marts.dim_document),
           (select count(*) from marts.fct_indicator_observations),
           (select count(*) from marts.fct_region_year_indicators),
           (select count(*) from marts.fct_quality_checks)
"""
seen, errors, absent, held = {}, [], 0, None
while not os.path.exists(stop):
    if not os.path.exists(path):
        absent += 1
    else:
        try:
            if mode == "reconnect":  # a fresh connection per query, closed after it
                con = duckdb.connect(path, read_only=True)
                try:
                    version = json.dumps(con.execute(QUERY).fetchone())
                finally:
                    con.close()
            else:  # "held": one connection for the whole time, like a BI tool left connected
                held = held or duckdb.connect(path, read_only=True)
                version = json.dumps(held.execute(QUERY).fetchone())
            seen[version] = seen.get(version, 0) + 1
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    time.sleep(0.2)
with open(out, "w") as f:
    json.dump({"duckdb": duckdb.__version__, "seen": seen, "errors": errors[:20], "error_count": len(errors),
               "absent": absent}, f)
'''


def duckdb1_python(version: str) -> Path:
    """Python of a venv with duckdb==version, made once and reused (skip when pip cannot install it)."""
    venv = DUCKDB1_HOME / version
    python = venv / "bin" / "python"
    DUCKDB1_HOME.mkdir(exist_ok=True)
    with open(DUCKDB1_HOME / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # other test sessions may make the same venv
        check = [str(python), "-c", f"import duckdb; assert duckdb.__version__ == '{version}'"]
        if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
            return python
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              f"duckdb=={version}"], capture_output=True, text=True, timeout=300)
        if pip.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            pytest.skip(f"pip cannot install duckdb=={version}: {pip.stderr.strip()[-300:]}")
    return python


def published_version(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return json.dumps(con.execute("""
            select (select string_agg(document_id, ',' order by document_id) from marts.dim_document),
                   (select count(*) from marts.fct_indicator_observations),
                   (select count(*) from marts.fct_region_year_indicators),
                   (select count(*) from marts.fct_quality_checks)
        """).fetchone())


def fazhi_run(raw: Path, warehouse: Path, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect")}
    return subprocess.run([str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse), *options],
                          env=env, capture_output=True, text=True, timeout=600)


def test_readers_on_duckdb_1_and_2_see_only_complete_versions_while_runs_publish(tmp_path):
    pythons = {"2.x": Path(sys.executable)} | {v: duckdb1_python(v) for v in DUCKDB1_VERSIONS}
    raw, warehouse, stop = tmp_path / "raw", tmp_path / "out" / "fazhi.duckdb", tmp_path / "stop"
    shutil.copytree(ROOT / "raw", raw)
    script = tmp_path / "reader.py"
    script.write_text(READER)
    # One process per mode: DuckDB shares one open database among a process's connections to a file, so a process
    # holding a connection would see the old version through every new one too.
    readers = {(name, mode): subprocess.Popen([str(python), str(script), str(warehouse), str(stop),
                                               str(tmp_path / f"reader-{name}-{mode}.json"), mode],
                                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for name, python in pythons.items() for mode in ("reconnect", "held")}
    try:
        first = fazhi_run(raw, warehouse)
        assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
        version_1 = published_version(warehouse)
        time.sleep(1)  # every reader gets to read version 1
        text = (raw / "001_6a5ad52178c00f0c.txt").read_text(encoding="utf-8")
        (raw / "001_revised.txt").write_text(text + "\n（本报告经修订后重新发布。）\n", encoding="utf-8")
        second = fazhi_run(raw, warehouse, "--incremental")  # a changed folder: the incremental run publishes
        assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-2000:]
        assert "published" in second.stdout
        version_2 = published_version(warehouse)
        time.sleep(3)  # every reader gets to read version 2
    finally:
        stop.touch()
        outputs = {key: proc.communicate(timeout=60)[0] for key, proc in readers.items()}
    assert version_1 != version_2
    for (name, mode), output in outputs.items():
        result = json.loads((tmp_path / f"reader-{name}-{mode}.json").read_text())
        assert result["error_count"] == 0, (name, mode, result["errors"], output)
        assert name == "2.x" or result["duckdb"] == name
        if mode == "reconnect":  # every read one whole published version, the new one as soon as it is there
            assert set(result["seen"]) == {version_1, version_2}, (name, result["seen"])
        else:  # a connection left open keeps reading the version it opened, whole, through both publishes
            assert set(result["seen"]) == {version_1}, (name, result["seen"])
