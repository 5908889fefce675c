"""End to end: `fazhi run` on the sample reports, as a user runs it, in a subprocess."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CONTRACT_TABLES = [
    "dim_document", "fct_indicator_observations", "dim_region", "dim_year", "dim_indicator", "dim_topic",
    "fct_region_year_indicators", "fct_document_topics", "fct_quality_checks",
]

pytestmark = pytest.mark.slow


def snapshot(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            "documents": con.execute("select document_id, source_file from marts.dim_document order by 1").fetchall(),
            "observations": con.execute(
                "select observation_id, value, unit from marts.fct_indicator_observations order by 1").fetchall(),
            "counts": {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0]
                       for t in CONTRACT_TABLES if t != "fct_quality_checks"},
        }


def test_run_publishes_every_contract_table(built):
    _, _, warehouse, result = built
    assert "published" in result.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        schemas = {r[0] for r in con.execute(
            "select distinct schema_name from duckdb_tables() union select distinct schema_name from duckdb_views() "
            "where not internal").fetchall()}
        assert schemas <= {"raw", "staging", "marts", "main"}
        for table in CONTRACT_TABLES:
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] > 0, table
        assert con.execute("select count(*) from marts.dim_document").fetchone()[0] == 5
        # provenance: every span is the text at its offsets
        bad = con.execute("""
            select count(*) from marts.fct_indicator_observations o
            join raw.documents d using (document_id)
            where substr(d.text, o.char_start + 1, o.char_end - o.char_start) <> o.raw_span
        """).fetchone()[0]
        assert bad == 0
        failed = con.execute("select count(*) from marts.fct_quality_checks where not success and severity = 'error'")
        assert failed.fetchone()[0] == 0


def test_second_run_is_idempotent_and_keeps_ids(built, run_fazhi):
    base, raw, warehouse, _ = built
    before = snapshot(warehouse)
    again = run_fazhi(raw, warehouse, cwd=base)
    assert again.returncode == 0, again.stderr[-3000:]
    assert snapshot(warehouse) == before


def test_blocking_failure_leaves_published_file_untouched(built, run_fazhi, tmp_path):
    base, _, warehouse, _ = built
    empty = tmp_path / "broken-raw"
    empty.mkdir()
    (empty / "image.txt").write_bytes(bytes(range(256)) * 8)  # not text: rejected, so no document at all
    digest = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    failed = run_fazhi(empty, warehouse, cwd=base)
    assert failed.returncode != 0
    assert "FAILED" in failed.stderr
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == digest
    assert not list(warehouse.parent.glob(".fazhi.duckdb.publishing-*"))


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="shared/ dev set not beside the checkout")
def test_dev_set_score_meets_the_foundation_targets(built, tmp_path):
    _, _, warehouse, _ = built
    out = tmp_path / "score.json"
    proc = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(SHARED / "devset"),
         "--warehouse", str(warehouse), "--json", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    score = json.loads(out.read_text())
    assert score["region_accuracy_pct"] == 100.0
    assert score["report_year_accuracy_pct"] == 100.0
    assert score["doc_kind_accuracy_pct"] == 100.0
    assert score["anonymized_flag_recall_pct"] == 100.0
    assert score["indicator_precision"] >= 0.90
    assert score["indicator_recall"] >= 0.80
