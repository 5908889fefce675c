"""The assess stage: required content and copying of the current documents, into the build file's raw tables.

Runs after parsing and before dbt build, on the build file (its one writer). Incremental like parsing:

- content (fazhi.assess.content) only for documents with no assessment by the current ASSESS_VERSION;
- signatures (fazhi.assess.similarity) only for documents with none under the stored boilerplate; each new one is
  compared, through a MinHashLSH index of the stored signatures, with the documents already signed and not with
  every pair again. The boilerplate is counted again (and every document signed again) on a full refresh, on the
  first run, when the similarity settings change, or once the number of current documents has moved by more than a
  quarter since it was counted: a boilerplate share is a property of the corpus, stable while it grows by a little.

Dbt reads the rows (sources `raw.document_*`) and keeps those of current documents.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterator

import duckdb
import numpy as np

from fazhi.assess import similarity
from fazhi.assess.content import ASSESS_VERSION, assess_content
from fazhi.db import insert_rows

_BATCH = 500
_RECOUNT_GROWTH = 1.25  # count the boilerplate again when the corpus has grown (or shrunk) by this factor

# What a boilerplate version depends on besides the boilerplate itself.
_SIMILARITY_SETTINGS = (f"k={similarity.SHINGLE_SIZE};perm={similarity.NUM_PERM};seed={similarity.SEED};"
                        f"scheme={similarity.SCHEME};share={similarity.BOILERPLATE_SHARE};"
                        f"min={similarity.BOILERPLATE_MIN_DOCUMENTS};sample={similarity.BOILERPLATE_SAMPLE}")


@dataclass
class AssessSummary:
    assessed: int = 0  # documents whose content was assessed
    signed: int = 0  # documents signed
    boilerplate_recounted: bool = False
    boilerplate_shingles: int = 0
    candidate_pairs: int = 0
    pairs_kept: int = 0
    timings: dict = field(default_factory=dict)


def _current_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("select distinct document_id from raw.current_files order by 1").fetchall()]


def _texts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Iterator[tuple[str, str]]:
    """(document_id, text) of the given documents, streamed in batches (one query: one scan of the texts)."""
    if not ids:
        return
    cursor = con.execute("select document_id, text from raw.documents where document_id in (select unnest(?))",
                         [ids])
    while rows := cursor.fetchmany(_BATCH):
        yield from rows


def documents_to_assess(con: duckdb.DuckDBPyConnection, full_refresh: bool = False) -> list[str]:
    """Current documents without a content assessment by this ASSESS_VERSION (all of them on a full refresh)."""
    if full_refresh:
        return _current_ids(con)
    return [r[0] for r in con.execute(
        """
        select distinct f.document_id
        from raw.current_files f
        left join raw.document_content_checks c on c.document_id = f.document_id and c.assess_version = ?
        where c.document_id is null
        order by 1
        """, [ASSESS_VERSION]).fetchall()]


def assess_content_of(con: duckdb.DuckDBPyConnection, ids: list[str], run_id: str) -> int:
    """Assess the documents' content and replace their rows in the content tables."""
    checks, parts, statements = [], [], []
    for document_id, text in _texts(con, ids):
        found = assess_content(text)
        first = found.placeholders[0] if found.placeholders else None
        checks.append((document_id, len(found.placeholders), first and first.char_start, first and first.char_end,
                       first and first.context, ASSESS_VERSION, run_id))
        parts += [(document_id, e.part_code, e.evidence_kind, e.char_start, e.char_end, e.evidence_text)
                  for e in found.parts.values()]
        statements += [(document_id, s.indicator, s.state, s.char_start, s.char_end, s.evidence_text)
                       for s in found.indicators.values()]
    for table in ("document_content_checks", "document_required_parts", "document_indicator_statements"):
        con.execute(f"delete from raw.{table} where document_id in (select unnest(?))", [ids])
    insert_rows(con, "document_content_checks", checks)
    insert_rows(con, "document_required_parts", parts)
    insert_rows(con, "document_indicator_statements", statements)
    return len(checks)


def _stored_boilerplate(con: duckdb.DuckDBPyConnection) -> tuple[str | None, int, np.ndarray]:
    state = con.execute("select boilerplate_version, documents_counted from raw.similarity_state").fetchone()
    if state is None:
        return None, 0, np.empty(0, dtype=np.uint32)
    hashes = con.execute("select shingle_hash from raw.boilerplate_shingles where boilerplate_version = ? "
                         "order by 1", [state[0]]).fetchnumpy()["shingle_hash"]
    return state[0], state[1], np.asarray(hashes, dtype=np.uint32)


def _version(boilerplate: np.ndarray) -> str:
    digest = hashlib.sha256(_SIMILARITY_SETTINGS.encode())
    digest.update(np.ascontiguousarray(boilerplate, dtype=np.uint32).tobytes())
    return digest.hexdigest()[:16]


def _needs_recount(version: str | None, counted: int, current: int, boilerplate: np.ndarray) -> bool:
    if version is None or version != _version(boilerplate):  # never counted, or counted under other settings
        return True
    return current > counted * _RECOUNT_GROWTH or current * _RECOUNT_GROWTH < counted


def recount_boilerplate(con: duckdb.DuckDBPyConnection, current: list[str], run_id: str,
                        now: datetime) -> tuple[str, np.ndarray]:
    """Count the boilerplate on a sample of the current documents (those with the smallest ids: content hashes,
    so a fair draw), store it, and forget every signature and pair made under another one."""
    sample = current[:similarity.BOILERPLATE_SAMPLE]
    boilerplate = similarity.boilerplate_hashes(similarity.shingle_hashes(text) for _, text in _texts(con, sample))
    version = _version(boilerplate)
    for table in ("boilerplate_shingles", "similarity_state", "document_signatures", "document_similar_pairs"):
        con.execute(f"delete from raw.{table}")
    insert_rows(con, "boilerplate_shingles", [(int(h), version) for h in boilerplate])
    insert_rows(con, "similarity_state", [(version, len(current), len(sample), len(boilerplate), now, run_id)])
    return version, boilerplate


def _stored_index(con: duckdb.DuckDBPyConnection, version: str, current: set[str]):
    index = similarity.new_index()
    for document_id, signature in con.execute(
            "select document_id, signature from raw.document_signatures "
            "where boilerplate_version = ? and own_shingle_count > 0 order by 1", [version]).fetchall():
        if document_id in current:
            index.insert(document_id, similarity.signature_from_bytes(signature))
    return index


def compare_documents(con: duckdb.DuckDBPyConnection, run_id: str, now: datetime, full_refresh: bool = False,
                      summary: AssessSummary | None = None) -> AssessSummary:
    """Sign the current documents not signed under the stored boilerplate and store the pairs they form with the
    signed ones (and each other) whose exact Jaccard similarity is at least PAIR_THRESHOLD."""
    summary = summary or AssessSummary()
    current = _current_ids(con)
    version, counted, boilerplate = _stored_boilerplate(con)
    if full_refresh or _needs_recount(version, counted, len(current), boilerplate):
        version, boilerplate = recount_boilerplate(con, current, run_id, now)
        summary.boilerplate_recounted = True
    summary.boilerplate_shingles = len(boilerplate)
    signed = {r[0] for r in con.execute("select document_id from raw.document_signatures "
                                        "where boilerplate_version = ?", [version]).fetchall()}
    to_sign = [d for d in current if d not in signed]
    index = _stored_index(con, version, set(current))
    signer = similarity.Signer()
    rows, new = [], []
    for document_id, text in _texts(con, to_sign):
        own = similarity.own_shingles(similarity.shingle_hashes(text), boilerplate)
        signature = signer.sign(own)
        rows.append((document_id, len(own), similarity.signature_bytes(signature), version, run_id))
        if len(own):
            new.append((document_id, signature))
    con.execute("delete from raw.document_signatures where document_id in (select unnest(?))", [to_sign])
    insert_rows(con, "document_signatures", rows)
    candidates = similarity.candidate_pairs(index, new)
    summary.signed, summary.candidate_pairs = len(rows), len(candidates)
    pairs = _verified_pairs(con, candidates, boilerplate, version, run_id)
    if pairs:
        con.execute("delete from raw.document_similar_pairs where (document_id, other_document_id) in "
                    "(select unnest(?), unnest(?))", [[p[0] for p in pairs], [p[1] for p in pairs]])
    insert_rows(con, "document_similar_pairs", pairs)
    summary.pairs_kept = len(pairs)
    return summary


def _verified_pairs(con: duckdb.DuckDBPyConnection, candidates: set[tuple[str, str]], boilerplate: np.ndarray,
                    version: str, run_id: str) -> list[tuple]:
    """The candidates whose exact overlap reaches PAIR_THRESHOLD, as raw.document_similar_pairs rows."""
    involved = sorted({d for pair in candidates for d in pair})
    own = {document_id: similarity.own_shingles(similarity.shingle_hashes(text), boilerplate)
           for document_id, text in _texts(con, involved)}
    rows = []
    for a, b in sorted(candidates):
        found = similarity.overlap(own[a], own[b])
        if found.jaccard >= similarity.PAIR_THRESHOLD:
            rows.append((a, b, round(found.jaccard, 6), round(found.containment, 6),
                         round(found.other_containment, 6), found.shared, version, run_id))
    return rows


def run_assess_stage(con: duckdb.DuckDBPyConnection, run_id: str, now: datetime, full_refresh: bool = False,
                     clock: Callable[[], float] | None = None) -> AssessSummary:
    """Content assessment and copy comparison of the current documents that need them, in one transaction."""
    import time

    clock = clock or time.perf_counter
    summary = AssessSummary()
    con.execute("begin transaction")
    try:
        start = clock()
        ids = documents_to_assess(con, full_refresh)
        summary.assessed = assess_content_of(con, ids, run_id) if ids else 0
        summary.timings["content"] = round(clock() - start, 3)
        start = clock()
        compare_documents(con, run_id, now, full_refresh, summary)
        summary.timings["similarity"] = round(clock() - start, 3)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return summary
