"""Parsed rows travel as Parquet parts typed exactly like raw.parsed_*: read back, they are the rows a direct insert
writes (dbt reads them so, as external sources: tests/dbt/test_parsed_models.py)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from fazhi.db import create_raw_tables
from fazhi.parse.document import parser_for
from fazhi.parse.store import PARSED_TABLES, batch_sizes, clear_parts, parse_to_parts, part_path, text_batches, write_parsed
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


def test_parts_hold_the_rows_a_direct_insert_writes_with_the_raw_tables_types(documents, tmp_path):
    region_table = str(load_settings().region_table)
    parts = [parse_to_parts(region_table, documents[:2], str(tmp_path), "000001"),
             parse_to_parts(region_table, documents[2:], str(tmp_path), "000002")]
    assert parts[0].rows["parsed_documents"] == 2 and parts[1].rows["parsed_figures"] > 0

    loaded, direct = _database(), _database()
    for table in PARSED_TABLES:
        files = ", ".join(f"'{part_path(tmp_path, table, p.part)}'" for p in parts)
        # no cast and no insert-by-name: the files' own column names, order and types must be the table's
        loaded.execute(f"insert into raw.{table} select * from read_parquet([{files}])")
        types = loaded.execute(f"select column_name, column_type from (describe select * from read_parquet([{files}]))"
                               ).fetchall()
        declared = loaded.execute("select column_name, data_type from duckdb_columns() where schema_name = 'raw' "
                                  "and table_name = ? order by column_index", [table]).fetchall()
        assert types == declared, table
    write_parsed(direct, parser_for(region_table).parse_batch(documents))
    assert _rows(loaded) == _rows(direct)


def test_a_part_appears_only_when_complete_and_clear_parts_empties_the_folder(documents, tmp_path):
    region_table = str(load_settings().region_table)
    parse_to_parts(region_table, documents[:1], str(tmp_path), "000001")
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert names == sorted(f"{table}/part-000001.parquet" for table in PARSED_TABLES)  # no partial file left beside
    clear_parts(tmp_path)
    assert tmp_path.is_dir() and not list(tmp_path.rglob("*.parquet"))


def _imported_in_worker(region_table: str, parts_dir: str, documents: list[tuple[str, str]]) -> list[str]:
    import sys

    parse_to_parts(region_table, documents, parts_dir, "000001")  # a batch's whole work
    return sorted(name for name in ("prefect", "flows", "dbt", "great_expectations", "pandas") if name in sys.modules)


def test_a_parse_worker_starts_without_importing_prefect_the_flows_or_pandas(documents, tmp_path):
    # the worker pool's initializer and a batch (what flows/parse_stage.py hands to a spawned process): importing
    # Prefect there would add about a second to every worker start, pandas half a second, on the parse stage's
    # critical path
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from fazhi.parse.store import warm_parser

    region_table = str(load_settings().region_table)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=warm_parser, initargs=(region_table,)) as pool:
        assert pool.submit(_imported_in_worker, region_table, str(tmp_path), documents[:1]).result() == []
    assert (tmp_path / "parsed_figures" / "part-000001.parquet").is_file()


def test_text_batches_stream_every_document_once_in_batches_of_the_size(documents):
    con = _database()
    addresses = {}
    for number, (document_id, text) in enumerate(documents):
        # a collected page brings its address and its site's region: weak evidence of the issuer for the parser
        address = (f"http://www.site{number}.gov.cn/a.html", "360802") if number % 2 else (None, None)
        addresses[document_id] = address
        con.execute("insert into raw.documents (document_id, content_sha256, source_file, byte_size, encoding, text, "
                    "landed_at, run_id, source_url, site_region_code) values (?, ?, ?, 1, 'utf-8', ?, now(), 'r', ?, ?)",
                    [document_id, document_id, document_id, text, *address])
    wanted = [d for d, _ in documents][1:]
    assert len(wanted) == 4
    batches = list(text_batches(con, wanted, [2, 1, 1]))
    assert [len(b) for b in batches] == [2, 1, 1]
    assert sorted(row for batch in batches for row in batch) == sorted(
        (document_id, text, *addresses[document_id]) for document_id, text in documents[1:])
    with pytest.raises(LookupError, match="1 of the documents"):
        list(text_batches(con, [*wanted, "no-such-document"], [2, 2, 1]))
    assert list(text_batches(con, [], [])) == []


@pytest.mark.parametrize("documents, size, workers, expected", [
    (0, 500, 2, []),
    (10, 500, 2, [10]),  # one batch: parsed in the flow's process, no workers started
    (500, 500, 2, [500]),
    (501, 500, 2, [126, 125, 125, 125]),
    (10_000, 500, 2, [500] * 18 + [250] * 4),  # the last round in batches of half the size
    (10_003, 500, 2, [500] * 19 + [126, 126, 126, 125]),
    (2, 1, 2, [1, 1]),
    (1_200, 500, 1, [500, 500, 100, 100]),
])
def test_batch_sizes_keep_the_size_but_cut_the_last_round_finer(documents, size, workers, expected):
    sizes = batch_sizes(documents, size, workers)
    assert sizes == expected and sum(sizes) == documents and all(0 < s <= size for s in sizes)


def test_parts_keep_every_value_where_a_guess_from_a_sample_would_not(tmp_path):
    # DuckDB guesses an object column's type from a sample of its values: a column of whole numbers with one 16.5
    # far down is guessed INTEGER, and 16.5 is read as 16 without an error
    import numpy as np

    values = np.empty(5000, dtype=object)
    values[:] = [1] * 4501 + [16.5] + [1] * 498
    with duckdb.connect() as con:
        con.register("guessed", {"value": values})
        assert con.execute("select sum(value) from guessed").fetchone()[0] != 4999 + 16.5

    # the parts are typed from the raw tables, not guessed: every value and null comes back as it was written
    from fazhi.parse.document import ParsedBatch
    from fazhi.parse.store import write_parsed_parts

    figures = [("d", i, None if i < 1500 else f"主体{i}", 16.5 if i == 4501 else float(i % 7) if i % 3 else i,
                None if i < 3000 else "件", None if i < 4000 else "more_than", i % 2 == 0, f"span{i}", i, i + 1,
                None if i < 1200 else i // 10) for i in range(5000)]
    documents = [(f"d{i}", None, "annual_report", None if i < 1500 else 2020, None if i < 1800 else
                  __import__("datetime").date(2021, 1, 1 + i % 28), False, None, None, "unknown", None, None, None,
                  None, None if i < 1900 else "high", 10, "5") for i in range(2000)]
    batch = ParsedBatch(documents=documents, figures=figures)
    write_parsed_parts(batch, tmp_path, "000001")
    with duckdb.connect() as con:
        for table, rows in (("parsed_figures", figures), ("parsed_documents", documents)):
            read = con.execute(f"select * from read_parquet('{part_path(tmp_path, table, '000001')}')").fetchall()
            assert Counter(read) == Counter(rows), table  # 3 == 3.0: a whole value may be written as an int
        assert con.execute(f"select value from read_parquet('{part_path(tmp_path, 'parsed_figures', '000001')}') "
                           "where figure_index = 4501").fetchone()[0] == 16.5


def test_a_null_where_the_raw_table_allows_none_fails_the_part(tmp_path):
    from fazhi.parse.document import ParsedBatch
    from fazhi.parse.store import write_parsed_parts

    row = ("d", 0, "主体", None, "件", None, False, "span", 0, 1, None)  # a figure without a value
    with pytest.raises(ValueError, match="parsed_figures.value"):
        write_parsed_parts(ParsedBatch(figures=[row]), tmp_path, "000001")
