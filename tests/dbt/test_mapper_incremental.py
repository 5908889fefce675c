"""The indicator mapper's Python model (int_figure_indicators_matched) is incremental like the SQL models.

Real `fazhi run`s (real dbt) on a small corpus, in worker processes as a big cold run maps (FAZHI_MAPPER_WORKERS=2
and batches of about 100 figures, so that even this corpus takes several batches): a cold build maps every figure; a
run with nothing changed maps none (every row keeps the run id of the run that mapped it); a run after files were
added, changed and removed maps the figures of the added and changed documents only and drops the rows of the
removed one; and the table then holds exactly the rows of a build from scratch on the final folder, mapped in
one batch in dbt's own process.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import generate_corpus
import pytest

ROOT = Path(__file__).resolve().parents[2]
FAZHI = Path(sys.executable).with_name("fazhi")
MODEL = "staging.int_figure_indicators_matched"

pytestmark = pytest.mark.slow


def run_fazhi(raw: Path, warehouse: Path, workers: str = "2", batch_figures: str = "100"
              ) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect"),
           # by default worker processes and batches of ~100 figures: this small corpus takes several batches
           "FAZHI_MAPPER_WORKERS": workers, "FAZHI_MAPPER_BATCH_FIGURES": batch_figures}
    env.pop("FAZHI_RAW_DIR", None)
    env.pop("FAZHI_WAREHOUSE", None)
    return subprocess.run([str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse)],
                          cwd=raw.parent, env=env, capture_output=True, text=True, timeout=900)


def _run_id(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select run_id from raw.current_run").fetchone()[0]


def _mapped_by_run(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(con.execute(f"select mapped_run_id, count(*) from {MODEL} group by all").fetchall())


def _rows(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"select * exclude (mapped_run_id) from {MODEL} order by all").fetchall()


def _figures_of_changed_current_documents(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("""
            select count(*) from staging.stg_raw__parsed_figures
            where document_id in (select document_id from staging.int_documents_changed)
                and document_id in (select document_id from staging.int_documents_current)
        """).fetchone()[0]


def _model_ran(warehouse: Path) -> bool:
    results = json.loads((warehouse.parent / ".fazhi.state" / "dbt" / "target" / "run_results.json").read_text())
    return any(r["unique_id"] == "model.fazhi.int_figure_indicators_matched" and r["status"] == "success"
               for r in results["results"])


def _tables_left_in_main(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()]


def test_the_mapper_maps_only_what_a_run_changed_and_equals_a_build_from_scratch(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    generate_corpus.write_corpus(raw, 12, seed=11)
    warehouse = tmp_path / "incremental" / "fazhi.duckdb"

    cold = run_fazhi(raw, warehouse)
    assert cold.returncode == 0, cold.stdout[-3000:] + cold.stderr[-3000:]
    first_run = _run_id(warehouse)
    cold_mapped = _mapped_by_run(warehouse)
    assert list(cold_mapped) == [first_run] and cold_mapped[first_run] > 300

    unchanged = run_fazhi(raw, warehouse)
    assert unchanged.returncode == 0, unchanged.stdout[-3000:] + unchanged.stderr[-3000:]
    assert _run_id(warehouse) != first_run
    assert _model_ran(warehouse)  # it ran, incrementally, and mapped no figure
    assert _mapped_by_run(warehouse) == cold_mapped
    assert _tables_left_in_main(warehouse) == []  # nor left the table dbt-duckdb builds its new rows in

    generated = sorted(p for p in raw.rglob("*") if p.is_file() and p.parent != raw)
    generate_corpus.write_corpus(raw, 3, seed=11, start=100)  # added
    generated[0].write_bytes(generated[5].read_bytes().replace("。".encode(), "；".encode(), 3))  # changed
    generated[1].unlink()  # removed
    changed = run_fazhi(raw, warehouse)
    assert changed.returncode == 0, changed.stdout[-3000:] + changed.stderr[-3000:]
    assert "incremental models built whole" not in changed.stdout + changed.stderr
    third_run = _run_id(warehouse)
    mapped = _mapped_by_run(warehouse)
    expected = _figures_of_changed_current_documents(warehouse)
    assert expected > 0 and mapped[third_run] == expected  # the added and changed documents' figures, no others
    assert set(mapped) == {first_run, third_run} and mapped[first_run] < cold_mapped[first_run]
    assert _tables_left_in_main(warehouse) == []

    scratch = tmp_path / "scratch" / "fazhi.duckdb"
    reference = run_fazhi(raw, scratch, workers="1", batch_figures="25000")  # in one batch, in dbt's process
    assert reference.returncode == 0, reference.stdout[-3000:] + reference.stderr[-3000:]
    assert _rows(warehouse) == _rows(scratch)
