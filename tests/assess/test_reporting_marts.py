"""The reporting marts on a small corpus whose assessment is known (tests/assess/corpus.py), built by `fazhi run`."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import reporting_corpus as corpus

pytestmark = pytest.mark.slow

FAZHI = Path(sys.executable).with_name("fazhi")


def _run(raw: Path, warehouse: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect")}
    env.pop("FAZHI_RAW_DIR", None)
    env.pop("FAZHI_WAREHOUSE", None)
    done = subprocess.run([str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse)],
                          cwd=warehouse.parent, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("reporting")
    raw = base / "raw"
    regions = corpus.write_corpus(raw)
    warehouse = base / "out" / "fazhi.duckdb"
    warehouse.parent.mkdir()
    first = _run(raw, warehouse)
    return base, raw, warehouse, regions, first


def _rows(warehouse: Path, sql: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _compliance(warehouse: Path, region: str) -> dict:
    rows = _rows(warehouse, "select * from marts.fct_reporting_compliance where region_name = ? and report_year = 2020",
                 [region])
    assert len(rows) == 1, rows
    return rows[0]


def test_every_report_is_resolved_to_its_county(built):
    _, _, warehouse, regions, _ = built
    found = {r["source_file"]: r["region_name"] for r in _rows(
        warehouse, "select source_file, region_name from marts.dim_document where doc_kind = 'annual_report'")}
    assert found == regions


def test_an_on_time_complete_report(built):
    row = _compliance(built[2], "吉州区")
    assert row["has_report"] and row["finding"] == "report found" and row["primary_region_confidence"] == "high"
    assert str(row["publish_date"]) == "2021-03-15" and str(row["reporting_deadline_date"]) == "2021-03-31"
    assert row["days_after_deadline"] == -16 and row["is_published_by_deadline"]
    assert row["required_parts_found"] == 5 and row["missing_required_parts"] == [] and row["is_complete"]
    assert row["core_indicators_with_figures"] == 3 and not row["has_placeholders"]
    assert not row["is_flagged_copy"]


def test_a_late_report(built):
    row = _compliance(built[2], "青原区")
    assert row["days_after_deadline"] == 50 and row["is_published_by_deadline"] is False
    assert row["is_complete"]


def test_a_report_missing_two_required_parts(built):
    row = _compliance(built[2], "吉安县")
    assert row["missing_required_parts"] == ["shortcomings_causes", "leaders_duties"]
    assert row["required_parts_found"] == 3 and not row["is_complete"] and row["has_leaders_duties"] is False
    parts = _rows(built[2], "select part_code, is_found, evidence_kind, char_start, char_end, evidence_text "
                  "from marts.fct_report_required_parts where document_id = ? order by part_number",
                  [row["primary_document_id"]])
    assert [p["is_found"] for p in parts] == [True, False, False, True, True]
    text = _rows(built[2], "select text from raw.documents where document_id = ?", [row["primary_document_id"]])[0]["text"]
    for part in parts:
        if part["is_found"]:  # the span shows the part: it starts at its heading in the landed text
            assert text[part["char_start"]:].startswith(part["evidence_text"])


def test_a_neighbours_report_with_the_names_changed_is_flagged_with_the_neighbour_as_source(built):
    warehouse = built[2]
    copy, source = _compliance(warehouse, "吉水县"), _compliance(warehouse, "吉州区")
    assert copy["is_flagged_copy"] and copy["likely_source_document_id"] == source["primary_document_id"]
    assert copy["share_shared_with_other_regions"] > 0.8
    pairs = _rows(warehouse, "select * from marts.fct_document_similarity where is_flagged_copy")
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair["region_name"], pair["source_region_name"]) == ("吉水县", "吉州区")
    assert pair["source_decided_by"] == "publish_date" and pair["source_publish_date"] < pair["publish_date"]
    assert pair["region_relation"] == "other_region" and pair["jaccard_similarity"] >= 0.6  # the copy threshold


def test_two_reports_sharing_only_the_outlines_boilerplate_are_not_similar(built):
    warehouse = built[2]
    from fazhi.assess import similarity

    texts = {r["region_name"]: r["text"] for r in _rows(
        warehouse, "select d.region_name, r.text from marts.dim_document d join raw.documents r using (document_id) "
                   "where d.region_name in ('泰和县', '永丰县')")}
    raw_overlap = similarity.overlap(similarity.shingle_hashes(texts["泰和县"]), similarity.shingle_hashes(texts["永丰县"]))
    assert raw_overlap.jaccard > similarity.PAIR_THRESHOLD  # without leaving the boilerplate out they would pair
    pairs = _rows(warehouse, "select * from marts.fct_document_similarity "
                             "where region_name in ('泰和县', '永丰县') or source_region_name in ('泰和县', '永丰县')")
    assert pairs == []
    for region in ("泰和县", "永丰县"):
        assert _compliance(warehouse, region)["share_shared_with_other_regions"] == 0


def test_a_province_where_most_counties_have_no_report(built):
    warehouse = built[2]
    province = _rows(warehouse, "select * from marts.fct_province_reporting_compliance "
                                "where province_name = '江西省' and report_year = 2020")[0]
    assert province["reports_found"] == 6 and province["expected_governments"] > 100
    assert province["share_found"] == pytest.approx(6 / province["expected_governments"])
    assert province["share_on_time"] == pytest.approx(5 / province["expected_governments"])
    assert province["share_complete"] == pytest.approx(3 / province["expected_governments"])  # 吉州区, 青原区, 吉水县
    missing = _rows(warehouse, "select region_name, finding, document_ids from marts.fct_reporting_compliance "
                               "where province_name = '江西省' and report_year = 2020 and not has_report")
    assert len(missing) == province["expected_governments"] - 6
    assert {m["finding"] for m in missing} == {"not found in the collected corpus"}
    assert {"南昌市", "江西省", "峡江县"} <= {m["region_name"] for m in missing}
    assert all(m["document_ids"] == [] for m in missing)
    # only 江西省 holds reports: no other province is expected to report
    assert {r["province_name"] for r in _rows(warehouse, "select distinct province_name "
                                                         "from marts.fct_reporting_compliance")} == {"江西省"}


def test_scores_follow_the_documented_weights(built):
    rows = {r["region_name"]: r for r in _rows(built[2], "select * from marts.fct_report_assessments")}
    jizhou = rows["吉州区"]
    assert jizhou["report_score"] == pytest.approx(0.25 * 1 + 0.35 * 1 + 0.20 * 1 + 0.20 * 1)
    late = rows["青原区"]
    assert late["on_time_score"] == 0 and late["report_score"] == pytest.approx(
        0.35 * late["required_parts_score"] + 0.20 * late["data_disclosure_score"] + 0.20 * late["originality_score"])
    assert rows["吉水县"]["originality_score"] < 0.2
    # the source of the copy shares its text with 吉水县 but keeps its originality
    assert jizhou["share_shared_with_other_regions"] > 0.8 and jizhou["originality_score"] == 1


def test_a_new_report_is_compared_with_the_stored_signatures_only(built):
    base, raw, warehouse, _, first = built
    assert re.search(r"signed 6 \(boilerplate recounted", first.stdout + first.stderr)
    qingyuan = (raw / "qingyuan.txt").read_text(encoding="utf-8")
    (raw / "xiajiang.txt").write_text(qingyuan.replace("青原区", "峡江县").replace("2021年5月20日", "2021年6月1日"),
                                      encoding="utf-8")
    second = _run(raw, warehouse)
    log = second.stdout + second.stderr
    assert re.search(r"assessed 1 documents' content, signed 1 \(boilerplate kept", log), log[-3000:]
    row = _compliance(warehouse, "峡江县")
    assert row["is_flagged_copy"] and row["likely_source_document_id"] == _compliance(warehouse, "青原区")[
        "primary_document_id"]
    # the earlier pair is still there, found by the first run
    assert len(_rows(warehouse, "select * from marts.fct_document_similarity where is_flagged_copy")) == 2
