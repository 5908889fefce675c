"""The one place that opens DuckDB, and the DDL of the `raw` schema that landing and parsing write.

Readers (tests, quality checks, the CLI's summaries) open files read-only; only the flow's build step writes, and it
writes the *build* file, never the published warehouse.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

# Every table landing and parsing write. dbt declares them as sources (dbt_project/models/staging/_raw__sources.yml).
RAW_TABLES: dict[str, str] = {
    # One row per distinct content ever landed (same bytes → same document_id); never deleted by a later run.
    "documents": """
        document_id     varchar primary key,  -- first 16 hex digits of the content's SHA-256
        content_sha256  varchar not null,
        source_file     varchar not null,     -- path relative to the raw folder where it was first seen
        byte_size       bigint not null,
        encoding        varchar not null,     -- utf-8, utf-8-sig, gb18030, utf-16
        text            varchar not null,     -- the decoded text, exactly as decoded
        landed_at       timestamp not null,
        run_id          varchar not null
    """,
    # The files present in the raw folder at the latest landing, and the document each one holds.
    "current_files": """
        source_file     varchar primary key,
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
        document_id     varchar primary key,
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


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the `raw` schema and every table in it that does not exist yet, with its primary key.

    The published file carries no keys (publish.py: DuckDB 1.0 readers), so a build started from it gets them back.
    """
    con.execute("create schema if not exists raw")
    for name, columns in RAW_TABLES.items():
        con.execute(f"create table if not exists raw.{name} ({columns})")
        keys = _primary_key_columns(name)
        has_key = con.execute(
            "select count(*) from duckdb_constraints() where database_name = current_database() "
            "and schema_name = 'raw' and table_name = ? and constraint_type = 'PRIMARY KEY'", [name]).fetchone()[0]
        if keys and not has_key:
            con.execute(f"alter table raw.{name} add primary key ({', '.join(keys)})")


def _primary_key_columns(table: str) -> list[str]:
    return [line.split()[0] for line in RAW_TABLES[table].strip().splitlines()
            if "primary key" in line.split("--")[0].lower()]


@contextmanager
def connect(path: Path | str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a DuckDB file and always close it, so no process keeps a file locked longer than it needs."""
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def raw_columns(table: str) -> list[str]:
    """Column names of a raw table, in DDL order."""
    names = []
    for line in RAW_TABLES[table].strip().splitlines():
        line = line.strip()
        if line and not line.startswith("--"):
            names.append(line.split()[0])
    return names


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
