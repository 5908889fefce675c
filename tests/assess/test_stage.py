"""The assess stage on a build file's raw tables: what it assesses and signs, and when it counts the boilerplate again."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

import reporting_corpus
from fazhi.assess import stage
from fazhi.assess.content import ASSESS_VERSION
from fazhi.db import create_raw_tables, insert_rows

NOW = datetime(2026, 1, 1)


def _land(con: duckdb.DuckDBPyConnection, texts: dict[str, str]) -> None:
    """Land texts as the landing step would: a document per text, a current file per document."""
    insert_rows(con, "documents", [(name, "sha", name, len(t), "utf-8", t, NOW, "r", None, None, None)
                                   for name, t in texts.items()])  # no source_url, fetched_at, site_region_code
    insert_rows(con, "current_files", [(name, name, len(t), "r", "r") for name, t in texts.items()])


def _corpus_texts(tmp_path) -> dict[str, str]:
    folder = tmp_path / "raw"
    reporting_corpus.write_corpus(folder)
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "build.duckdb"))
    create_raw_tables(connection)
    yield connection
    connection.close()


def test_a_first_run_counts_the_boilerplate_signs_everything_and_pairs_only_the_copy(con, tmp_path):
    _land(con, _corpus_texts(tmp_path))
    summary = stage.run_assess_stage(con, "run-1", NOW)
    assert (summary.assessed, summary.signed, summary.boilerplate_recounted) == (6, 6, True)
    assert summary.boilerplate_shingles > 0
    pairs = con.execute("select document_id, other_document_id, jaccard_similarity from raw.document_similar_pairs"
                        ).fetchall()
    assert [(a, b) for a, b, _ in pairs] == [("jishui", "jizhou")]
    assert con.execute("select count(*) from raw.document_content_checks where assess_version = ?",
                       [ASSESS_VERSION]).fetchone()[0] == 6
    parts = dict(con.execute("select part_code, evidence_kind from raw.document_required_parts "
                             "where document_id = 'jian'").fetchall())
    assert set(parts) == {"measures_results", "next_year_plan", "other_matters"}


def test_a_later_run_signs_only_the_new_document_against_the_stored_signatures(con, tmp_path):
    texts = _corpus_texts(tmp_path)
    _land(con, texts)
    stage.run_assess_stage(con, "run-1", NOW)
    first = dict(con.execute("select document_id, run_id from raw.document_signatures").fetchall())
    _land(con, {"xiajiang": texts["qingyuan"].replace("青原区", "峡江县")})
    summary = stage.run_assess_stage(con, "run-2", NOW)
    assert (summary.assessed, summary.signed, summary.boilerplate_recounted) == (1, 1, False)
    signed = dict(con.execute("select document_id, run_id from raw.document_signatures").fetchall())
    assert {d: r for d, r in signed.items() if d in first} == first  # the stored signatures were not redone
    assert signed["xiajiang"] == "run-2"
    assert con.execute("select document_id, other_document_id, run_id from raw.document_similar_pairs order by 1"
                       ).fetchall() == [("jishui", "jizhou", "run-1"), ("qingyuan", "xiajiang", "run-2")]


def test_nothing_new_means_nothing_signed_and_a_full_refresh_redoes_everything(con, tmp_path):
    _land(con, _corpus_texts(tmp_path))
    stage.run_assess_stage(con, "run-1", NOW)
    again = stage.run_assess_stage(con, "run-2", NOW)
    assert (again.assessed, again.signed, again.candidate_pairs) == (0, 0, 0)
    full = stage.run_assess_stage(con, "run-3", NOW, full_refresh=True)
    assert (full.assessed, full.signed, full.boilerplate_recounted) == (6, 6, True)
    assert con.execute("select count(*) from raw.document_similar_pairs").fetchone()[0] == 1


def test_the_boilerplate_is_counted_again_once_the_corpus_has_grown_by_more_than_a_quarter(con, tmp_path):
    texts = _corpus_texts(tmp_path)
    _land(con, {k: texts[k] for k in ("jizhou", "qingyuan", "jian", "taihe")})
    stage.run_assess_stage(con, "run-1", NOW)
    _land(con, {k: texts[k] for k in ("jishui", "yongfeng")})  # 4 → 6 documents
    summary = stage.run_assess_stage(con, "run-2", NOW)
    assert summary.boilerplate_recounted and summary.signed == 6
    assert con.execute("select documents_counted from raw.similarity_state").fetchone()[0] == 6


def test_a_failure_leaves_the_raw_tables_as_they_were(con, tmp_path, monkeypatch):
    _land(con, _corpus_texts(tmp_path))

    def broken(*args, **kwargs):
        raise RuntimeError("signing failed")

    monkeypatch.setattr(stage, "compare_documents", broken)
    with pytest.raises(RuntimeError, match="signing failed"):
        stage.run_assess_stage(con, "run-1", NOW)
    assert con.execute("select count(*) from raw.document_content_checks").fetchone()[0] == 0
