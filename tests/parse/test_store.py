"""Parsed rows travel as Parquet parts and load into raw.parsed_* exactly as if inserted directly."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fazhi.db import create_raw_tables
from fazhi.parse.document import PARSER_VERSION, parser_for
from fazhi.parse.store import PARSED_TABLES, load_parsed_parts, parse_to_parts, write_parsed
from fazhi.settings import load_settings

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def documents() -> list[tuple[str, str]]:
    return [(path.stem, path.read_text(encoding="utf-8")) for path in SAMPLES]


def _database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_raw_tables(con)
    return con


def _rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {table: con.execute(f"select * from raw.{table} order by all").fetchall() for table in PARSED_TABLES}


def test_parts_load_the_rows_a_direct_insert_writes(documents, tmp_path):
    region_table = str(load_settings().region_table)
    parts = [parse_to_parts(region_table, documents[:2], str(tmp_path), "000001"),
             parse_to_parts(region_table, documents[2:], str(tmp_path), "000002")]
    assert parts[0].rows["parsed_documents"] == 2 and parts[1].rows["parsed_figures"] > 0

    loaded, direct = _database(), _database()
    load_parsed_parts(loaded, tmp_path, [p.part for p in parts])
    write_parsed(direct, parser_for(region_table).parse_batch(documents))
    assert _rows(loaded) == _rows(direct)
    assert not list(tmp_path.rglob("*.parquet"))  # loaded parts are removed
    # the column types are the raw tables' own (a part is never read with guessed types)
    section_index = loaded.execute("select data_type from duckdb_columns() where table_name = 'parsed_figures' "
                                   "and column_name = 'section_index'").fetchone()[0]
    assert section_index == "INTEGER"


def test_a_reparse_replaces_the_earlier_rows(documents, tmp_path):
    region_table = str(load_settings().region_table)
    con = _database()
    load_parsed_parts(con, tmp_path, [parse_to_parts(region_table, documents, str(tmp_path), "000001").part])
    before = _rows(con)
    con.execute("update raw.parsed_documents set parser_version = 'old'")
    con.execute("insert into raw.parsed_terms values (?, '陈旧词', 1)", [documents[0][0]])

    load_parsed_parts(con, tmp_path, [parse_to_parts(region_table, documents[:1], str(tmp_path), "000002").part])
    after = _rows(con)
    assert after["parsed_terms"] == before["parsed_terms"]  # the stale term is gone, nothing doubled
    versions = dict(con.execute("select document_id, parser_version from raw.parsed_documents").fetchall())
    assert versions[documents[0][0]] == PARSER_VERSION
    assert {v for d, v in versions.items() if d != documents[0][0]} == {"old"}


def _imported_in_worker(region_table: str) -> list[str]:
    import sys

    return sorted(name for name in ("prefect", "flows", "dbt", "great_expectations") if name in sys.modules)


def test_a_parse_worker_starts_without_importing_prefect_or_the_flows():
    # the worker pool's initializer and task (what flows/parse_stage.py hands to a spawned process): importing Prefect
    # there would add about a second to every worker start, on the parse stage's critical path
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from fazhi.parse.store import warm_parser

    region_table = str(load_settings().region_table)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=warm_parser, initargs=(region_table,)) as pool:
        assert pool.submit(_imported_in_worker, region_table).result() == []
