"""Scale-out: the parse stage runs unchanged on a Dask cluster (Prefect's Dask task runner), and the warehouse it
builds is the one a single process builds.

A local cluster of two worker processes on loopback stands in for the real one: the flow reaches it by
FAZHI_DASK_ADDRESS, the parse tasks run on its workers and write their Parquet parts, and `fazhi run` loads them.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import generate_corpus
import pytest

from fazhi.parse.store import batch_sizes

ROOT = Path(__file__).resolve().parents[2]
FAZHI = Path(sys.executable).with_name("fazhi")
BATCH_SIZE = "6"  # 29 documents → 7 batches (the last round cut finer, fazhi.parse.store.batch_sizes): work for both

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    shutil.copytree(ROOT / "raw", raw)
    generate_corpus.write_corpus(raw / "generated", reports=24, seed=11)
    return raw


def _run(raw: Path, warehouse: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect"),
                   "FAZHI_PARSE_BATCH_SIZE": BATCH_SIZE, **env}
    for name in ("FAZHI_RAW_DIR", "FAZHI_WAREHOUSE", "FAZHI_DASK_ADDRESS", "FAZHI_PARSED_DIR"):
        if name not in env:
            environment.pop(name, None)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse)],
                          env=environment, capture_output=True, text=True, timeout=300, cwd=warehouse.parent)


def _checksums(warehouse: Path) -> dict[str, tuple[int, str]]:
    """(rows, checksum) of every marts and raw.parsed_* table; columns that name the run or its time are left out."""
    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name = 'marts' "
            "or (schema_name = 'raw' and table_name like 'parsed_%') order by 1, 2").fetchall()
        for schema, table in tables:
            if table == "fct_quality_checks":
                continue  # one row per check of each run: nothing to compare between runs
            columns = [name for name, kind in con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ? "
                "order by column_name", [schema, table]).fetchall()
                if kind != "TIMESTAMP" and not name.endswith("run_id") and name != "file_event_id"]
            select = ", ".join('"' + column + '"' for column in columns)
            rows = con.execute(f"select {select} from {schema}.{table}").fetchall()
            digest = hashlib.sha256(repr(sorted(rows, key=repr)).encode("utf-8")).hexdigest()
            out[f"{schema}.{table}"] = (len(rows), digest)
    return out


def test_dask_cluster_builds_the_same_warehouse_as_one_process(raw_dir, tmp_path):
    distributed = pytest.importorskip("distributed")

    single = _run(raw_dir, tmp_path / "single" / "fazhi.duckdb", FAZHI_PARSE_WORKERS="1")
    assert single.returncode == 0, single.stdout[-3000:] + single.stderr[-3000:]
    assert "(in-process)" in single.stdout + single.stderr

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        parts = tmp_path / "shared-parts"  # what the workers and the flow share on a real cluster
        scaled = _run(raw_dir, tmp_path / "dask" / "fazhi.duckdb", FAZHI_DASK_ADDRESS=cluster.scheduler_address,
                      FAZHI_PARSED_DIR=str(parts), FAZHI_PARSE_WORKERS="2")
        assert scaled.returncode == 0, scaled.stdout[-3000:] + scaled.stderr[-3000:]
        with distributed.Client(cluster) as client:
            ran_on = client.run(lambda dask_worker: sum(1 for key in dask_worker.state.log
                                                        if "parse-batch" in str(key) or "parse_batch" in str(key)))
    log = scaled.stdout + scaled.stderr
    assert f"(dask:{cluster.scheduler_address})" in log
    batches = len(batch_sizes(29, int(BATCH_SIZE), 2))
    assert batches == 7 and f"parsed batch {batches}/{batches}" in log
    assert len(ran_on) == 2 and all(count > 0 for count in ran_on.values()), ran_on  # both workers parsed batches
    assert not any(parts.rglob("*.parquet")), "the parts dbt took in are cleaned up"

    expected, built = _checksums(tmp_path / "single" / "fazhi.duckdb"), _checksums(tmp_path / "dask" / "fazhi.duckdb")
    assert built.keys() == expected.keys()
    assert {t for t in expected if built[t] != expected[t]} == set()
    assert expected["raw.parsed_documents"][0] == 29
