"""Reading documents to parse from, and writing parsed rows to, the build file's raw tables.

Parsed rows travel as Parquet parts: whoever parses a batch (a local worker process or a Dask worker on another
machine) writes `<parts_dir>/<table>/part-<part>.parquet`, one file per parsed table, with the exact column types of
`raw.<table>`. dbt, the build file's one writer, reads the folder as external sources (source `parsed_parts`) and
appends the parts to the stored parses (dbt_project/models/parsed/), replacing earlier rows of re-parsed documents.
So parsing scales with the workers, never waits for the single writer, and ships no rows back through the scheduler.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import duckdb

from fazhi.db import duckdb_config, insert_rows, raw_column_specs
from fazhi.parse.document import PARSER_VERSION, ParsedBatch, parser_for

PARSED_TABLES = ("parsed_documents", "parsed_sections", "parsed_figures", "parsed_terms")


@dataclass(frozen=True)
class PartWritten:
    """What one parsed batch wrote: its part name and the row count per parsed table."""

    part: str
    rows: dict[str, int]


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


def batch_sizes(documents: int, size: int, workers: int) -> list[int]:
    """How many documents each batch gets: `size`, except in the last round, where the rest is cut into twice as many
    batches as there are workers, so the workers finish close together instead of one idling while another parses a
    whole batch (≈ half a batch of idle time per run). A run of `size` documents or fewer is one batch (parsed in the
    flow's process, with no workers to start)."""
    if documents <= size:
        return [documents] if documents else []
    sizes = []
    while documents > size * workers:
        sizes.append(size)
        documents -= size
    pieces = min(2 * workers, documents)
    return sizes + [documents // pieces + (1 if i < documents % pieces else 0) for i in range(pieces)]


def text_batches(con: duckdb.DuckDBPyConnection, document_ids: list[str],
                 sizes: Iterable[int]) -> Iterator[list[tuple[str, str, str | None, str | None]]]:
    """(document_id, text, source_url, site_region_code) of the given documents in batches of the given sizes, in the
    order they are stored: the page address and the collecting site's region are weak evidence of the issuer.

    One query streams them all: a query per batch would scan the text column again for each (≈ 0.8 s of the flow's
    CPU at 10,000 reports, on the cores the workers parse on)."""
    if not document_ids:
        return
    cursor = con.execute(
        "select document_id, text, source_url, site_region_code from raw.documents "
        "where document_id in (select unnest(?::varchar[]))",
        [document_ids],
    )
    wanted, read = len(set(document_ids)), 0
    for size in sizes:
        rows = cursor.fetchmany(size)
        if not rows:
            break
        read += len(rows)
        yield rows
    if read != wanted:
        raise LookupError(f"{wanted - read} of the documents to parse are not in raw.documents")


def write_parsed(con: duckdb.DuckDBPyConnection, batch: ParsedBatch) -> None:
    """Replace the parsed rows of the batch's documents (a re-parse never leaves stale rows behind)."""
    ids = [row[0] for row in batch.documents]
    if not ids:
        return
    for table in PARSED_TABLES:
        con.execute(f"delete from raw.{table} where document_id in (select unnest(?::varchar[]))", [ids])
    for table, rows in zip(PARSED_TABLES, (batch.documents, batch.sections, batch.figures, batch.terms)):
        insert_rows(con, table, rows)


def part_path(parts_dir: Path, table: str, part: str) -> Path:
    return Path(parts_dir) / table / f"part-{part}.parquet"


def write_parsed_parts(batch: ParsedBatch, parts_dir: Path, part: str) -> PartWritten:
    """Write a batch's rows as Parquet, one file per parsed table, typed exactly like `raw.<table>`.

    Each file appears under its final name only when complete (written aside, then renamed), so a reader never sees
    half a part.
    """
    # DuckDB scans the columns as NumPy arrays, with no table in between (a third less time than inserting), and no
    # pandas: importing it would add ≈ 0.5 s to every worker's start. One thread: the workers already use every core.
    con = duckdb.connect(config={"threads": 1, **duckdb_config()})
    rows: dict[str, int] = {}
    try:
        for table, table_rows in zip(PARSED_TABLES, (batch.documents, batch.sections, batch.figures, batch.terms)):
            columns = raw_column_specs(table)
            con.register("_rows", _column_arrays(table, columns, table_rows))
            typed = ", ".join(f"cast({name} as {column_type}) as {name}" for name, column_type, _ in columns)
            target = part_path(parts_dir, table, part)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            con.execute(f"copy (select {typed} from _rows) to '{partial}' (format parquet)")
            con.unregister("_rows")
            os.replace(partial, target)
            rows[table] = len(table_rows)
    finally:
        con.close()
    return PartWritten(part, rows)


def _column_arrays(table: str, columns: list[tuple[str, str, bool]], rows: list[tuple]) -> dict[str, "np.ndarray"]:
    """Row tuples as one NumPy array per column of `raw.<table>` (`columns`: its `raw_column_specs`).

    Numbers and flags that are never null go in typed arrays: DuckDB takes them as they are. Everything else (text,
    dates, numbers that may be null) goes in object arrays, whose type DuckDB guesses from a sample of the values
    before the cast in `write_parsed_parts` makes it the table's own. Such a guess is safe for text, dates and whole
    numbers, but not for a number column holding both 16 and 16.5: a sample of whole numbers makes it INTEGER, and
    16.5 becomes 16 without a word (tests/parse/test_store.py shows it). So `double` columns are typed whatever
    else they are, and a null in a typed column fails loudly here.
    """
    import numpy as np

    arrays = {}
    for index, (name, column_type, not_null) in enumerate(columns):
        values = [row[index] for row in rows]
        dtype = _DTYPES.get(column_type) if not_null or column_type == "double" else None
        if dtype is not None:
            if None in values:
                raise ValueError(f"raw.{table}.{name} is {column_type} not null, but a parsed row holds null")
            arrays[name] = np.array(values, dtype=dtype)
        else:
            column = np.empty(len(values), dtype=object)
            column[:] = values
            arrays[name] = column
    return arrays


# NumPy types of the columns DuckDB takes without guessing (fazhi.db RAW_TABLES types)
_DTYPES = {"integer": "int64", "bigint": "int64", "double": "float64", "boolean": "bool"}


def warm_parser(region_table: str) -> None:
    """Worker-process initializer: build the Parser (code table, tokenizer) before the first batch arrives. It lives
    here, not in flows/, so a worker imports only the parsers: importing Prefect would add ≈ 1 s to every start."""
    parser_for(region_table)


def parse_to_parts(region_table: str, documents: list[tuple[str, str]], parts_dir: str, part: str) -> PartWritten:
    """Parse (document_id, text) pairs and write their rows as Parquet parts: the work of one parse task."""
    return write_parsed_parts(parser_for(region_table).parse_batch(documents), Path(parts_dir), part)


def clear_parts(parts_dir: Path) -> None:
    """An empty parts folder: what a run parses starts from nothing (no part of a killed or failed run is read)."""
    shutil.rmtree(parts_dir, ignore_errors=True)
    Path(parts_dir).mkdir(parents=True, exist_ok=True)


def remove_parts(parts_dir: Path) -> None:
    """Once dbt has taken the parts in, they are only a copy of rows the build file holds."""
    shutil.rmtree(parts_dir, ignore_errors=True)
