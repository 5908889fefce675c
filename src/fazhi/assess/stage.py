"""The assess stage: required content and copying of the current documents, into the build file's raw tables.

Runs after parsing and before dbt build, on the build file (its one writer). Incremental like parsing, and in one
pass over the texts that need work (streamed in batches, spread over worker processes when there are many):

- content (fazhi.assess.content) only for documents with no assessment by the current ASSESS_VERSION;
- signatures (fazhi.assess.similarity) only for documents with none under the stored boilerplate. A signature's LSH
  band keys are stored beside it (raw.document_signature_bands), and the new ones are compared with the stored
  ones by a join on those keys in DuckDB: no index of every signature is built or held in Python, and a run costs
  what it signs, not the corpus.

The boilerplate is counted (on the BOILERPLATE_SAMPLE current documents with the smallest ids) on the first run, on
a full refresh, when the similarity settings change, and once the number of current documents has moved by more
than a quarter since it was counted: a boilerplate share is a property of the corpus, stable while it grows by a
little. A count that finds a different boilerplate forgets every signature and pair (all are made again, as on a
full refresh); one that finds the same keeps them. So the stored pairs always equal what a full refresh would find
with the stored boilerplate, and equal a full refresh itself whenever a count would find the same boilerplate;
between counts a full refresh may count a slightly different one (the sample has moved), which is the price of not
signing every document again each time a few are added. A count costs BOILERPLATE_SAMPLE texts, whatever the
corpus size; the signing after a changed count costs what a cold run's signing costs, once per growth by a quarter.

Dbt reads the rows (sources `raw.document_*`) and keeps those of current documents.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, Iterator

import duckdb
import numpy as np

from fazhi.assess import similarity
from fazhi.assess.content import ASSESS_VERSION, assess_content
from fazhi.db import insert_rows

_BATCH = 500  # documents per batch: a batch's texts (≈ 6 MB) and rows are all that is held at once
_PAIR_CHUNK = 2000  # candidate pairs verified at once (their documents' shingle sets are held)
_PARALLEL_MIN = 2000  # documents to work on from which worker processes pay for their start (≈ 1 s)
_RECOUNT_GROWTH = 1.25  # count the boilerplate again when the corpus has grown (or shrunk) by this factor
WORKERS_ENV = "FAZHI_ASSESS_WORKERS"  # worker processes for a big batch (default: the CPU count; 1: in-process)

# What a boilerplate version depends on besides the boilerplate itself. "lsh=bands" since the band keys are stored:
# a build file signed before has none, so its signatures are made again once (with their band keys).
_SIMILARITY_SETTINGS = (f"k={similarity.SHINGLE_SIZE};perm={similarity.NUM_PERM};seed={similarity.SEED};"
                        f"scheme={similarity.SCHEME};share={similarity.BOILERPLATE_SHARE};"
                        f"min={similarity.BOILERPLATE_MIN_DOCUMENTS};sample={similarity.BOILERPLATE_SAMPLE};"
                        f"lsh=bands:{similarity.BANDS}x{similarity.ROWS}")

# The LSH band keys of each stored signature with own shingles (fazhi.assess.similarity.band_keys). Made here, not
# in fazhi.db.RAW_TABLES, as only this stage reads or writes it (dbt does not).
_BANDS_DDL = """
    create table if not exists raw.document_signature_bands (
        document_id     varchar not null,
        band            smallint not null,
        band_key        blob not null,        -- the band's ROWS uint32 hash values
        boilerplate_version varchar not null
    )
"""


@dataclass
class AssessSummary:
    assessed: int = 0  # documents whose content was assessed
    signed: int = 0  # documents signed
    boilerplate_recounted: bool = False
    boilerplate_shingles: int = 0
    candidate_pairs: int = 0
    pairs_kept: int = 0
    timings: dict = field(default_factory=dict)


@dataclass
class BatchRows:
    """The rows one batch of documents gives, in raw-table column order."""
    checks: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    signatures: list = field(default_factory=list)
    assessed: list = field(default_factory=list)  # document ids
    signed: list = field(default_factory=list)


def work_on_batch(documents: list[tuple[str, str, bool, bool]], boilerplate: np.ndarray, version: str,
                  run_id: str) -> BatchRows:
    """Content assessment (where asked) and signature with band keys (where asked) of (id, text, assess, sign)
    documents. Pure: runs in a worker process for big batches."""
    out, signer = BatchRows(), _signer()
    for document_id, text, assess, sign in documents:
        if assess:
            found = assess_content(text)
            first = found.placeholders[0] if found.placeholders else None
            out.checks.append((document_id, len(found.placeholders), first and first.char_start,
                               first and first.char_end, first and first.context, ASSESS_VERSION, run_id))
            out.parts += [(document_id, e.part_code, e.evidence_kind, e.char_start, e.char_end, e.evidence_text)
                          for e in found.parts.values()]
            out.statements += [(document_id, s.indicator, s.state, s.char_start, s.char_end, s.evidence_text)
                               for s in found.indicators.values()]
            out.assessed.append(document_id)
        if sign:
            own = similarity.own_shingles(similarity.shingle_hashes(text), boilerplate)
            values = signer.hashvalues(own)
            out.signatures.append((document_id, len(own), values.tobytes(), version, run_id))
            out.signed.append(document_id)
    return out


_SIGNER: similarity.Signer | None = None


def _signer() -> similarity.Signer:
    global _SIGNER
    if _SIGNER is None:
        _SIGNER = similarity.Signer()
    return _SIGNER


def _texts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Iterator[tuple[str, str]]:
    """(document_id, text) of the given documents, streamed in batches (one query: one scan of the texts)."""
    if not ids:
        return
    cursor = con.cursor()  # its own result: the caller may query `con` while this one streams
    try:
        cursor.execute("select document_id, text from raw.documents where document_id in (select unnest(?))", [ids])
        while rows := cursor.fetchmany(_BATCH):
            yield from rows
    finally:
        cursor.close()


def _current_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(distinct document_id) from raw.current_files").fetchone()[0]


def _sample_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The current documents the boilerplate is counted on: those with the smallest ids (content hashes, so a fair
    draw)."""
    return [r[0] for r in con.execute("select distinct document_id from raw.current_files order by 1 limit ?",
                                      [similarity.BOILERPLATE_SAMPLE]).fetchall()]


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


def recount_boilerplate(con: duckdb.DuckDBPyConnection, current: int, run_id: str, now: datetime,
                        stored_version: str | None = None) -> tuple[str, np.ndarray]:
    """Count the boilerplate on the sample of the current documents and store it. A boilerplate other than
    `stored_version`'s forgets every signature and pair made under another one; the same keeps them."""
    sample = _sample_ids(con)
    boilerplate = similarity.boilerplate_hashes(similarity.shingle_hashes(text) for _, text in _texts(con, sample))
    version = _version(boilerplate)
    tables = ["boilerplate_shingles", "similarity_state"]
    if version != stored_version:
        tables += ["document_signatures", "document_signature_bands", "document_similar_pairs"]
    for table in tables:
        con.execute(f"delete from raw.{table}")
    insert_rows(con, "boilerplate_shingles", [(int(h), version) for h in boilerplate])
    insert_rows(con, "similarity_state", [(version, current, len(sample), len(boilerplate), now, run_id)])
    return version, boilerplate


def _work_ids(full_refresh: bool) -> str:
    """The current documents that need their content assessed or a signature, with which (parameters: the
    ASSESS_VERSION, the boilerplate version)."""
    return f"""
        select f.document_id,
               {'true' if full_refresh else 'c.document_id is null'} as assess,
               {'true' if full_refresh else 's.document_id is null'} as sign
        from (select distinct document_id from raw.current_files) f
        left join (select distinct document_id from raw.document_content_checks where assess_version = ?) c
            on c.document_id = f.document_id
        left join (select distinct document_id from raw.document_signatures where boilerplate_version = ?) s
            on s.document_id = f.document_id
        where {'true' if full_refresh else 'c.document_id is null or s.document_id is null'}
    """


def _work_query(full_refresh: bool) -> str:
    """Their texts, unordered: every document's rows are its own, and pairs are found after all are signed."""
    return f"""
        select w.document_id, d.text, w.assess, w.sign
        from ({_work_ids(full_refresh)}) w join raw.documents d on d.document_id = w.document_id
    """


def _workers(documents: int) -> int:
    if documents < _PARALLEL_MIN:
        return 1
    wanted = os.environ.get(WORKERS_ENV)
    return max(1, int(wanted) if wanted else (os.cpu_count() or 1))


def _write(con: duckdb.DuckDBPyConnection, rows: BatchRows) -> None:
    """Insert the batch's rows (the documents' earlier rows were deleted before the batches: _delete_earlier)."""
    if rows.signed:
        con.execute("insert into _assess_signed select unnest(?)", [rows.signed])
    insert_rows(con, "document_content_checks", rows.checks)
    insert_rows(con, "document_required_parts", rows.parts)
    insert_rows(con, "document_indicator_statements", rows.statements)
    insert_rows(con, "document_signatures", rows.signatures)


def _delete_earlier(con: duckdb.DuckDBPyConnection, work: str, parameters: list, full_refresh: bool) -> None:
    """Delete the rows the documents to work on hold from before (an assessment or signature under another version),
    in one statement per table rather than one per batch."""
    tables = {"assess": ("document_content_checks", "document_required_parts", "document_indicator_statements"),
              "sign": ("document_signatures", "document_signature_bands")}
    for flag, names in tables.items():
        for table in names:
            if full_refresh:
                con.execute(f"delete from raw.{table}")
            else:
                con.execute(f"delete from raw.{table} where document_id in "
                            f"(select document_id from ({work}) where {flag})", parameters)


def _store_band_keys(con: duckdb.DuckDBPyConnection, version: str) -> None:
    """The LSH band keys of the signatures made in this run, cut from the stored signature in SQL (band b is values
    b·ROWS … b·ROWS+ROWS-1: bytes 4·ROWS·b+1 … of the little-endian blob, as similarity.band_keys cuts them). A
    signature of a document all boilerplate (nothing of its own to be copied) gets none, as it was never indexed."""
    width = 4 * similarity.ROWS
    con.execute(
        f"""
        insert into raw.document_signature_bands
        select s.document_id, b.band, s.signature[b.band * {width} + 1 : (b.band + 1) * {width}], s.boilerplate_version
        from raw.document_signatures s
        semi join _assess_signed n on n.document_id = s.document_id
        cross join (select range::smallint as band from range({similarity.BANDS})) b
        where s.boilerplate_version = ? and s.own_shingle_count > 0
        """, [version])


def _warm() -> None:
    """Import what a batch needs and make the signer, while the flow's process counts the boilerplate."""
    _signer()


def _die_with(parent: int) -> None:
    """Worker initializer: a run killed with SIGKILL must leave no worker behind (fazhi.child_processes does the
    same for dbt); on Linux the kernel kills the worker when its parent dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)


def start_workers(documents: int) -> ProcessPoolExecutor | None:
    """Worker processes for this many documents to work on (None: too few to pay for their start), already
    importing what they need."""
    workers = _workers(documents)
    if workers == 1:
        return None
    # spawn: the flow process runs threads (Prefect's, DuckDB's), which a forked child must not inherit
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_die_with, initargs=(os.getpid(),))
    for _ in range(workers):
        pool.submit(_warm)
    return pool


def _work(con: duckdb.DuckDBPyConnection, full_refresh: bool, boilerplate: np.ndarray, version: str, run_id: str,
          summary: AssessSummary, pool: ProcessPoolExecutor | None) -> None:
    """Assess and sign the documents that need it: batches streamed from the build file, worked on here or on the
    worker processes, their rows written as they come back."""
    parameters = [ASSESS_VERSION, version]
    con.execute("create or replace temp table _assess_signed (document_id varchar)")
    reader = con.cursor()  # its own result, streamed while `con` writes (it reads committed rows only)
    try:
        reader.execute(_work_query(full_refresh), parameters)  # before the deletes below: it sees what needs work
        _delete_earlier(con, _work_ids(full_refresh), parameters, full_refresh)
        batches = iter(lambda: reader.fetchmany(_BATCH), [])
        if pool is None:
            for batch in batches:
                _count_and_write(con, work_on_batch(batch, boilerplate, version, run_id), summary)
            return
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(work_on_batch, batch, boilerplate, version, run_id))
            if len(pending) > 2 * pool._max_workers:  # bounded: a few batches in flight, not the corpus
                _count_and_write(con, pending.popleft().result(), summary)
        while pending:
            _count_and_write(con, pending.popleft().result(), summary)
    finally:
        reader.close()


def _count_and_write(con: duckdb.DuckDBPyConnection, rows: BatchRows, summary: AssessSummary) -> None:
    _write(con, rows)
    summary.assessed += len(rows.assessed)
    summary.signed += len(rows.signed)


def candidate_pairs(con: duckdb.DuckDBPyConnection, version: str) -> list[tuple[str, str]]:
    """(a, b) pairs, a < b, of a document signed in this run with any current signed document (the new ones among
    themselves too) sharing an LSH band key: what a MinHashLSH index of the stored signatures returns for the new
    ones (tests/assess/test_similarity.py compares them)."""
    return con.execute(
        """
        with new as (
            select document_id, band, band_key from raw.document_signature_bands
            where boilerplate_version = ? and document_id in (select document_id from _assess_signed)
        )
        select distinct least(n.document_id, o.document_id), greatest(n.document_id, o.document_id)
        from new n
        join raw.document_signature_bands o
            on o.band = n.band and o.band_key = n.band_key and o.boilerplate_version = ?
            and o.document_id <> n.document_id
        where o.document_id in (select document_id from raw.current_files)
        order by 1, 2
        """, [version, version]).fetchall()


def compare_documents(con: duckdb.DuckDBPyConnection, run_id: str, version: str, boilerplate: np.ndarray,
                      summary: AssessSummary) -> AssessSummary:
    """Store the pairs the documents signed in this run form with the signed ones (and each other) whose exact
    Jaccard similarity is at least PAIR_THRESHOLD."""
    _store_band_keys(con, version)
    candidates = candidate_pairs(con, version)
    summary.candidate_pairs = len(candidates)
    for start in range(0, len(candidates), _PAIR_CHUNK):
        pairs = _verified_pairs(con, candidates[start:start + _PAIR_CHUNK], boilerplate, version, run_id)
        if pairs:
            con.execute("delete from raw.document_similar_pairs where (document_id, other_document_id) in "
                        "(select unnest(?), unnest(?))", [[p[0] for p in pairs], [p[1] for p in pairs]])
        insert_rows(con, "document_similar_pairs", pairs)
        summary.pairs_kept += len(pairs)
    return summary


def _verified_pairs(con: duckdb.DuckDBPyConnection, candidates: Iterable[tuple[str, str]], boilerplate: np.ndarray,
                    version: str, run_id: str) -> list[tuple]:
    """The candidates whose exact overlap reaches PAIR_THRESHOLD, as raw.document_similar_pairs rows."""
    candidates = sorted(candidates)
    involved = sorted({d for pair in candidates for d in pair})
    own = {document_id: similarity.own_shingles(similarity.shingle_hashes(text), boilerplate)
           for document_id, text in _texts(con, involved)}
    rows = []
    for a, b in candidates:
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
    con.execute(_BANDS_DDL)
    con.execute("begin transaction")
    pool = None
    try:
        start = clock()
        stored, counted, boilerplate = _stored_boilerplate(con)
        current = _current_count(con)
        recount = full_refresh or _needs_recount(stored, counted, current, boilerplate)
        # a recount may change the boilerplate, and then every document is signed again: workers for all of them
        pool = start_workers(current if recount else con.execute(
            f"select count(*) from ({_work_ids(False)})", [ASSESS_VERSION, stored]).fetchone()[0])
        summary.timings["workers"] = pool._max_workers if pool is not None else 1
        version = stored
        if recount:
            version, boilerplate = recount_boilerplate(con, current, run_id, now,
                                                       None if full_refresh else stored)
            summary.boilerplate_recounted = True
        summary.boilerplate_shingles = len(boilerplate)
        summary.timings["boilerplate"] = round(clock() - start, 3)
        start = clock()
        # a full refresh assesses and signs everything; else what has no row under the current versions (the
        # reader sees committed rows: a recount that changed the boilerplate changed the version, so none match)
        _work(con, full_refresh, boilerplate, version, run_id, summary, pool)
        summary.timings["content_and_signatures"] = round(clock() - start, 3)
        start = clock()
        compare_documents(con, run_id, version, boilerplate, summary)
        summary.timings["pairs"] = round(clock() - start, 3)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return summary
