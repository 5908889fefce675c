"""The stored parses (raw.parsed_*) are dbt models that read the parse stage's Parquet parts as external sources.

Each test runs the real `dbt build --select parsed` on a small build file, with FAZHI_PARSED_DIR naming a folder of
parts written by the parse stage's own code (fazhi.parse.store.parse_to_parts).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from fazhi.db import create_raw_tables
from fazhi.parse.document import PARSER_VERSION, parser_for
from fazhi.parse.store import PARSED_TABLES, clear_parts, parse_to_parts, write_parsed
from fazhi.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT = ROOT / "dbt_project"
SAMPLES = sorted((ROOT / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def documents() -> list[tuple[str, str]]:
    return [(path.stem, path.read_text(encoding="utf-8")) for path in SAMPLES]


def _dbt(database: Path, parts: Path, work: Path, *args: str) -> None:
    env = {**os.environ, "FAZHI_BUILD_DATABASE": str(database), "FAZHI_PARSED_DIR": str(parts),
           "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run([str(Path(sys.executable).with_name("dbt")), "build", "--select", "parsed", *args,
                             "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT)],
                            env=env, cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def _rows(database: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {table: con.execute(f"select * from raw.{table} order by all").fetchall() for table in PARSED_TABLES}


def _build_file(tmp_path: Path, name: str, stored: list[tuple[str, str]]) -> tuple[Path, Path, Path]:
    """(build file, parts folder, dbt work folder): a build file with the raw tables and the parses of `stored`
    written directly, and an empty parts folder."""
    database, parts, work = tmp_path / name, tmp_path / f"{name}.parsed", tmp_path / f"{name}.work"
    work.mkdir()
    with duckdb.connect(str(database)) as con:
        create_raw_tables(con)
        write_parsed(con, parser_for(str(load_settings().region_table)).parse_batch(stored))
    clear_parts(parts)
    return database, parts, work


def test_parts_are_appended_and_replace_earlier_parses_of_the_same_documents(documents, tmp_path):
    region_table = str(load_settings().region_table)
    # stored before this run: the first three documents, parsed by an older parser that also found a stale term
    database, parts, work = _build_file(tmp_path, "build.duckdb", documents[:3])
    with duckdb.connect(str(database)) as con:
        con.execute("update raw.parsed_documents set parser_version = 'old'")
        con.execute("insert into raw.parsed_terms values (?, '陈旧词', 1)", [documents[0][0]])
    # this run parsed the first document again and the rest for the first time, in two parts
    parse_to_parts(region_table, documents[:1], str(parts), "000001")
    parse_to_parts(region_table, documents[3:], str(parts), "000002")

    _dbt(database, parts, work)

    after = _rows(database)
    expected = _rows(_build_file(tmp_path, "direct.duckdb", documents)[0])  # the rows of a direct insert
    assert after["parsed_terms"] == expected["parsed_terms"]  # the stale term is gone, nothing doubled
    assert after["parsed_figures"] == expected["parsed_figures"]
    assert after["parsed_sections"] == expected["parsed_sections"]
    versions = {row[0]: row[-1] for row in after["parsed_documents"]}
    assert len(versions) == len(documents)
    assert [versions[d] for d, _ in documents] == [PARSER_VERSION, "old", "old"] + [PARSER_VERSION] * (
        len(documents) - 3)  # documents not in a part keep their stored parse


def test_a_run_without_parts_changes_nothing_and_full_refresh_keeps_the_stored_parses(documents, tmp_path):
    # an empty parts folder: DuckDB's read_parquet would fail on a pattern that matches no file
    database, parts, work = _build_file(tmp_path, "build.duckdb", documents)
    before = _rows(database)
    _dbt(database, parts, work)
    assert _rows(database) == before
    _dbt(database, tmp_path / "no-such-folder", work, "--full-refresh")  # the parts hold only a run's parses
    assert _rows(database) == before


def test_a_document_parsed_twice_in_one_run_fails_the_build(documents, tmp_path):
    # two parts holding the same document would store it twice: the key test on raw.parsed_documents stops the build
    region_table = str(load_settings().region_table)
    database, parts, work = _build_file(tmp_path, "build.duckdb", [])
    parse_to_parts(region_table, documents[:1], str(parts), "000001")
    parse_to_parts(region_table, documents[:1], str(parts), "000002")
    with pytest.raises(AssertionError, match="unique_parsed_documents_document_id"):
        _dbt(database, parts, work)


def test_stored_parses_from_before_a_new_nullable_column_take_this_parsers_parts(documents, tmp_path):
    # a build file whose raw.parsed_documents predates region_confidence (parser version 4): create_raw_tables adds
    # the column, so the stored rows and this parser's parts agree and dbt appends instead of failing the build
    database, parts, work = _build_file(tmp_path, "build.duckdb", documents)
    with duckdb.connect(str(database)) as con:
        con.execute("alter table raw.parsed_documents drop column region_confidence")
        con.execute("update raw.parsed_documents set parser_version = 'old'")
        create_raw_tables(con)
        assert con.execute("select count(*) from raw.parsed_documents where region_confidence is not null").fetchone()[0] == 0
    parse_to_parts(str(load_settings().region_table), documents[:2], str(parts), "000001")

    _dbt(database, parts, work)

    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("select document_id, parser_version, region_confidence from raw.parsed_documents").fetchall()
    by_id = {document_id: (version, confidence) for document_id, version, confidence in rows}
    assert len(rows) == len(documents)
    assert [by_id[d][0] for d, _ in documents] == [PARSER_VERSION] * 2 + ["old"] * (len(documents) - 2)
    assert by_id[documents[0][0]][1] == "high"  # the re-parsed sample report with its region in the title
