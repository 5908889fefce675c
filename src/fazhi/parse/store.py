"""Reading documents to parse from, and writing parsed rows to, the build file's raw tables."""
from __future__ import annotations

import duckdb

from fazhi.db import insert_rows
from fazhi.parse.document import PARSER_VERSION, ParsedBatch

PARSED_TABLES = ("parsed_documents", "parsed_sections", "parsed_figures", "parsed_terms")


def pending_document_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Current documents with no parse by this parser version, in a stable order."""
    rows = con.execute(
        """
        select distinct f.document_id
        from raw.current_files f
        left join raw.parsed_documents p on p.document_id = f.document_id and p.parser_version = ?
        where p.document_id is null
        order by 1
        """,
        [PARSER_VERSION],
    ).fetchall()
    return [r[0] for r in rows]


def read_texts(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> list[tuple[str, str]]:
    """(document_id, text) pairs for the given ids, in the same order."""
    if not document_ids:
        return []
    rows = dict(con.execute(
        "select document_id, text from raw.documents where document_id in (select unnest(?::varchar[]))",
        [document_ids],
    ).fetchall())
    return [(d, rows[d]) for d in document_ids]


def write_parsed(con: duckdb.DuckDBPyConnection, batch: ParsedBatch) -> None:
    """Replace the parsed rows of the batch's documents (a re-parse never leaves stale rows behind)."""
    ids = [row[0] for row in batch.documents]
    if not ids:
        return
    for table in PARSED_TABLES:
        con.execute(f"delete from raw.{table} where document_id in (select unnest(?::varchar[]))", [ids])
    for table, rows in zip(PARSED_TABLES, (batch.documents, batch.sections, batch.figures, batch.terms)):
        insert_rows(con, table, rows)
