"""The assess stage on a build file's raw tables: what it assesses and signs, and when it counts the boilerplate again."""
from __future__ import annotations

import random
from datetime import datetime

import duckdb
import numpy as np
import pytest

import reporting_corpus
from fazhi.assess import similarity, stage
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


_OUTPUTS = {
    "document_similar_pairs": "document_id, other_document_id, jaccard_similarity, containment, other_containment, "
                              "shared_shingles, boilerplate_version",
    "document_signatures": "document_id, own_shingle_count, signature, boilerplate_version",
    "document_content_checks": "document_id, placeholder_count, first_placeholder_start, first_placeholder_context",
    "document_required_parts": "document_id, part_code, evidence_kind, char_start, char_end, evidence_text",
    "document_indicator_statements": "document_id, indicator, statement, char_start, char_end, evidence_text",
    "boilerplate_shingles": "shingle_hash, boilerplate_version",
}


def _outputs(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    return {table: con.execute(f"select {columns} from raw.{table} order by all").fetchall()
            for table, columns in _OUTPUTS.items()}


def _fresh(tmp_path, name: str) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
    create_raw_tables(connection)
    return connection


def test_an_incremental_run_finds_what_a_full_refresh_of_the_same_documents_finds(con, tmp_path):
    texts = _corpus_texts(tmp_path)
    rng = random.Random(16)  # a report of its own words and, added later, a copy of it with 3 % of the characters changed
    own = [chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(800)]
    texts["xinyu"] = "".join(own)
    texts["xinyu-copy"] = "".join(c if rng.random() > 0.03 else "县" for c in own)
    _land(con, {k: v for k, v in texts.items() if k != "xinyu-copy"})  # 7 documents, then the copy (no recount)
    stage.run_assess_stage(con, "run-1", NOW)
    _land(con, {"xinyu-copy": texts["xinyu-copy"]})
    incremental = stage.run_assess_stage(con, "run-2", NOW)
    assert (incremental.signed, incremental.boilerplate_recounted) == (1, False)
    assert incremental.pairs_kept == 1  # the copy found against the stored signature of its source
    whole = _fresh(tmp_path, "whole")
    _land(whole, texts)
    stage.run_assess_stage(whole, "run-1", NOW)
    assert _outputs(con) == _outputs(whole)
    assert [p[:2] for p in _outputs(con)["document_similar_pairs"]] == [("jishui", "jizhou"), ("xinyu", "xinyu-copy")]
    whole.close()


def test_worker_processes_give_the_rows_the_stage_gives_in_process(con, tmp_path, monkeypatch):
    texts = _corpus_texts(tmp_path)
    _land(con, texts)
    stage.run_assess_stage(con, "run-1", NOW)
    monkeypatch.setattr(stage, "_PARALLEL_MIN", 1)
    monkeypatch.setattr(stage, "_BATCH", 2)  # three batches over two workers
    monkeypatch.setenv(stage.WORKERS_ENV, "2")
    parallel = _fresh(tmp_path, "parallel")
    _land(parallel, texts)
    summary = stage.run_assess_stage(parallel, "run-1", NOW)
    assert summary.timings["workers"] == 2 and summary.signed == 6
    assert _outputs(parallel) == _outputs(con)
    parallel.close()


def test_a_recount_that_finds_the_same_boilerplate_keeps_the_signatures(con, tmp_path):
    texts = _corpus_texts(tmp_path)
    _land(con, {k: texts[k] for k in ("jizhou", "qingyuan", "jian", "taihe")})
    stage.run_assess_stage(con, "run-1", NOW)
    before = _outputs(con)
    # 4 → 6 documents (a recount), the two new ones sharing nothing with the others: the same boilerplate
    _land(con, {"n1": "2020年度统计附表编号0001至0099", "n2": "附件清单ABCDEFGHIJKLMNOP"})
    summary = stage.run_assess_stage(con, "run-2", NOW)
    assert summary.boilerplate_recounted and summary.signed == 2
    after = _outputs(con)
    assert after["boilerplate_shingles"] == before["boilerplate_shingles"]
    assert [r for r in after["document_signatures"] if r[0] not in ("n1", "n2")] == before["document_signatures"]
    assert con.execute("select documents_counted from raw.similarity_state").fetchone()[0] == 6


def test_band_keys_are_stored_for_signatures_with_own_text_and_replaced_with_them(con, tmp_path):
    _land(con, _corpus_texts(tmp_path))
    stage.run_assess_stage(con, "run-1", NOW)
    counts = dict(con.execute("select s.document_id, count(b.band) from raw.document_signatures s "
                              "left join raw.document_signature_bands b using (document_id) group by 1").fetchall())
    own = dict(con.execute("select document_id, own_shingle_count from raw.document_signatures").fetchall())
    assert counts == {d: similarity.BANDS if own[d] else 0 for d in own}
    signatures = dict(con.execute("select document_id, signature from raw.document_signatures").fetchall())
    for document_id, keys in con.execute("select document_id, list(band_key order by band) from "
                                         "raw.document_signature_bands group by 1").fetchall():
        assert keys == similarity.band_keys(np.frombuffer(signatures[document_id], dtype=np.uint32))
    stage.run_assess_stage(con, "run-2", NOW, full_refresh=True)
    assert con.execute("select count(*) from raw.document_signature_bands").fetchone()[0] == sum(counts.values())
