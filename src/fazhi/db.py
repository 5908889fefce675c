"""The one place that opens DuckDB, and the DDL of the `raw` schema that landing and parsing write.

Readers (tests, quality checks, the CLI's summaries) open files read-only; only the flow's build step writes, and it
writes the *build* file, never the published warehouse.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

# Every table landing and parsing write. dbt declares them as sources (dbt_project/models/staging/_raw__sources.yml).
RAW_TABLES: dict[str, str] = {
    # One row per distinct content ever landed (same bytes → same document_id); never deleted by a later run.
    "documents": """
        document_id     varchar not null,     -- first 16 hex digits of the content's SHA-256
        content_sha256  varchar not null,
        source_file     varchar not null,     -- path relative to the raw folder where it was first seen
        byte_size       bigint not null,
        encoding        varchar not null,     -- utf-8, utf-8-sig, gb18030, utf-16
        text            varchar not null,     -- the decoded text, exactly as decoded
        landed_at       timestamp not null,
        run_id          varchar not null,
        source_url      varchar,              -- where it came from: its sidecar's URL, or a saved page's own address
        fetched_at      timestamp,            -- when the collector fetched it (UTC); null without a sidecar
        site_region_code varchar              -- region code the sources file gives the site it came from
    """,
    # The files present in the raw folder at the latest landing, and the document each one holds.
    "current_files": """
        source_file     varchar not null,
        document_id     varchar not null,
        byte_size       bigint not null,
        first_seen_run_id varchar not null,
        run_id          varchar not null
    """,
    # A file that was present in an earlier landing and is gone now: its removal, recorded once.
    "removed_files": """
        source_file     varchar not null,
        document_id     varchar not null,
        removed_at      timestamp not null,
        run_id          varchar not null
    """,
    # Files that could not be landed as text, with a plain reason; rewritten on every landing.
    "rejected_files": """
        source_file     varchar not null,
        byte_size       bigint,
        reason          varchar not null,
        rejected_at     timestamp not null,
        run_id          varchar not null
    """,
    # Size and modification time of each current file when its bytes were last read: a file that still shows both is
    # not read again (land.py); rewritten on every landing. modified_ns is null where the time cannot be trusted.
    "landed_file_stats": """
        source_file     varchar not null,
        document_id     varchar not null,
        byte_size       bigint not null,
        modified_ns     bigint
    """,
    "parsed_documents": """
        document_id     varchar not null,
        title           varchar,
        doc_kind        varchar not null,
        report_year     integer,
        publish_date    date,
        is_anonymized   boolean not null,
        region_code     varchar,
        region_name     varchar,
        admin_level     varchar not null,
        province_name   varchar,
        prefecture_name varchar,
        issuer          varchar,
        region_evidence varchar,
        region_confidence varchar,
        text_length     integer not null,
        parser_version  varchar not null
    """,
    "parsed_sections": """
        document_id     varchar not null,
        section_index   integer not null,
        parent_index    integer,
        level           integer not null,
        ordinal         varchar,
        heading         varchar not null,
        char_start      integer not null,
        char_end        integer not null,
        is_plan         boolean not null
    """,
    "parsed_figures": """
        document_id     varchar not null,
        figure_index    integer not null,
        subject_text    varchar,
        value           double not null,
        unit            varchar,
        qualifier       varchar,
        is_target       boolean not null,
        raw_span        varchar not null,
        char_start      integer not null,
        char_end        integer not null,
        section_index   integer
    """,
    "parsed_terms": """
        document_id     varchar not null,
        term            varchar not null,
        term_count      integer not null
    """,
    # The reports under review (fazhi.assess, written by the flow's assess stage before dbt build; only documents
    # without an assessment by the current fazhi.assess.content.ASSESS_VERSION are assessed again).
    # One row per assessed document: its placeholders and blanks (a template defect), the first of them shown.
    "document_content_checks": """
        document_id     varchar not null,
        placeholder_count integer not null,
        first_placeholder_start integer,
        first_placeholder_end integer,
        first_placeholder_context varchar,
        assess_version  varchar not null,
        run_id          varchar not null
    """,
    # One row per required part of the 2019 督察工作规定 a document shows, with the span that shows it.
    "document_required_parts": """
        document_id     varchar not null,
        part_code       varchar not null,     -- fazhi.assess.content.PART_CODES
        evidence_kind   varchar not null,     -- heading, wording
        char_start      integer not null,
        char_end        integer not null,
        evidence_text   varchar not null
    """,
    # One row per document and core indicator (行政复议, 行政诉讼, 出庭应诉): figures stated, words only, not mentioned.
    "document_indicator_statements": """
        document_id     varchar not null,
        indicator       varchar not null,
        statement       varchar not null,     -- figures, words_only, not_mentioned
        char_start      integer,
        char_end        integer,
        evidence_text   varchar
    """,
    # The boilerplate shingles (fazhi.assess.similarity) the stored signatures leave out, and when they were counted.
    "boilerplate_shingles": """
        shingle_hash    bigint not null,
        boilerplate_version varchar not null
    """,
    "similarity_state": """
        boilerplate_version varchar not null,
        documents_counted integer not null,   -- current documents when the boilerplate was counted
        sample_size     integer not null,
        boilerplate_count integer not null,
        computed_at     timestamp not null,
        run_id          varchar not null
    """,
    # Each document's MinHash signature over its own (non-boilerplate) shingles; kept, so a new document is compared
    # with the stored signatures instead of every pair again.
    "document_signatures": """
        document_id     varchar not null,
        own_shingle_count integer not null,   -- 0: all boilerplate, no signature indexed
        signature       blob not null,        -- NUM_PERM uint32 hash values
        boilerplate_version varchar not null,
        run_id          varchar not null
    """,
    # Pairs of documents whose own text overlaps at least PAIR_THRESHOLD (exact Jaccard), document_id < other.
    "document_similar_pairs": """
        document_id     varchar not null,
        other_document_id varchar not null,
        jaccard_similarity double not null,
        containment     double not null,      -- share of document_id's own shingles found in the other
        other_containment double not null,
        shared_shingles integer not null,
        boilerplate_version varchar not null,
        run_id          varchar not null
    """,
    # The documents whose rows this run's dbt build replaces in the incremental models (dbt_project/models/
    # intermediate/int_documents_changed.sql): parsed in this run, or held by a file added, changed, renamed or
    # removed by this run's landing. Rewritten on every run.
    "changed_documents": """
        document_id     varchar not null,
        change          varchar not null,     -- parsed, landed (a file holds it now), unlanded (a file held it)
        run_id          varchar not null
    """,
    # The run building this file, one row, written before dbt build: dbt reads the run id from here (an environment
    # variable in a model would make dbt parse it again on every run).
    "current_run": """
        run_id          varchar not null,
        recorded_at     timestamp not null
    """,
    # What the incremental dbt models were last built from (fazhi.transform): another fingerprint rebuilds them all.
    "dbt_build_state": """
        project_fingerprint varchar not null,
        run_id          varchar not null,
        built_at        timestamp not null
    """,
    # Every quality check of every run, failed runs included (also kept outside the build file, see quality.py).
    "quality_check_results": """
        run_id          varchar not null,
        checked_at      timestamp not null,
        suite           varchar not null,
        check_name      varchar not null,
        severity        varchar not null,
        success         boolean not null,
        observed_value  varchar,
        details         varchar
    """,
}


# The key of each raw table that has one. Checked (check_raw_keys), not declared: the build file is published as
# it is (publish.py), and DuckDB 1.x cannot open a file holding an index that DuckDB 2.x wrote.
RAW_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "current_files": ("source_file",),
    "parsed_documents": ("document_id",),
    "document_content_checks": ("document_id",),
    "document_signatures": ("document_id",),
    "document_similar_pairs": ("document_id", "other_document_id"),
}


class RawKeyViolation(RuntimeError):
    """A raw table holds two rows with the same key: landing or parsing wrote a row twice."""


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the `raw` schema and every table in it that does not exist yet, and add the nullable columns a table
    gained since the file was built (null in its earlier rows)."""
    con.execute("create schema if not exists raw")
    for name, columns in RAW_TABLES.items():
        con.execute(f"create table if not exists raw.{name} ({columns})")
        existing = {
            row[0] for row in con.execute(
                "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ?",
                [name],
            ).fetchall()
        }
        for column, column_type, not_null in raw_column_specs(name):
            # without it, a stored raw.parsed_* table and this parser's parts differ and dbt stops the build
            # (on_schema_change: fail); a new not-null column needs a migration of its own
            if column not in existing and not not_null:
                con.execute(f"alter table raw.{name} add column {column} {column_type}")


def check_raw_keys(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = tuple(RAW_KEYS)) -> None:
    """Raise RawKeyViolation when a raw table holds a key twice; call it before committing what was written."""
    for table in tables:
        key = ", ".join(RAW_KEYS[table])
        duplicate = con.execute(f"select {key} from raw.{table} group by all having count(*) > 1 limit 1").fetchone()
        if duplicate is not None:
            raise RawKeyViolation(f"raw.{table}: key ({key}) = {duplicate} is held by more than one row")


DEFAULT_MEMORY_LIMIT = "1GB"


def duckdb_config() -> dict[str, str]:
    """Settings of every DuckDB connection the product opens: `memory_limit` from FAZHI_DUCKDB_MEMORY_LIMIT (default
    1GB), so that DuckDB spills to disk instead of growing with the corpus (its own default is 80 % of the machine).
    A file's spill goes to DuckDB's default temporary folder beside it (`<file>.tmp`: the build file's is in the
    warehouse's state folder)."""
    return {"memory_limit": os.environ.get("FAZHI_DUCKDB_MEMORY_LIMIT", "").strip() or DEFAULT_MEMORY_LIMIT}


@contextmanager
def connect(path: Path | str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a DuckDB file and always close it, so no process keeps a file locked longer than it needs."""
    con = duckdb.connect(str(path), read_only=read_only, config=duckdb_config())
    try:
        yield con
    finally:
        con.close()


def raw_columns(table: str) -> list[str]:
    """Column names of a raw table, in DDL order."""
    return [name for name, _ in raw_column_types(table)]


def raw_column_specs(table: str) -> list[tuple[str, str, bool]]:
    """(name, type, not null) of each column of a raw table, in DDL order."""
    columns = []
    for line in RAW_TABLES[table].strip().splitlines():
        definition = line.split("--")[0].strip().rstrip(",")
        if definition:
            name, column_type = definition.split()[:2]
            columns.append((name, column_type, definition.endswith("not null")))
    return columns


def raw_column_types(table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of a raw table, in DDL order."""
    return [(name, column_type) for name, column_type, _ in raw_column_specs(table)]


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Bulk-insert tuples (in DDL column order) into raw.<table>; row-by-row executemany is far too slow."""
    if not rows:
        return
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=raw_columns(table))
    con.register("_insert_rows", frame)
    try:
        con.execute(f"insert into raw.{table} by name select * from _insert_rows")
    finally:
        con.unregister("_insert_rows")


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """`insert_rows` without pandas (≈ 0.6 s to import, and a copy of every text): one NumPy array per column, cast to
    the table's types by DuckDB. For tables without a nullable `double` column: DuckDB guesses an object column's
    type from a sample of its values, and a sample of whole numbers would cut 16.5 to 16 (fazhi.parse.store)."""
    if not rows:
        return
    import numpy as np

    columns = raw_column_specs(table)
    if any(column_type == "double" and not not_null for _, column_type, not_null in columns):
        raise ValueError(f"raw.{table} has a nullable double column: use insert_rows")
    arrays = {}
    for index, (name, column_type, not_null) in enumerate(columns):
        dtype = _NUMPY_TYPES.get(column_type) if not_null else None
        if dtype is not None:
            arrays[name] = np.array([row[index] for row in rows], dtype=dtype)
        else:
            arrays[name] = np.empty(len(rows), dtype=object)
            arrays[name][:] = [row[index] for row in rows]
    typed = ", ".join(f"cast({name} as {column_type}) as {name}" for name, column_type, _ in columns)
    con.register("_insert_columns", arrays)
    try:
        con.execute(f"insert into raw.{table} by name select {typed} from _insert_columns")
    finally:
        con.unregister("_insert_columns")


# NumPy types of the not-null columns DuckDB takes as they are (RAW_TABLES types)
_NUMPY_TYPES = {"integer": "int64", "bigint": "int64", "double": "float64", "boolean": "bool"}
