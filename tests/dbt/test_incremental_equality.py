"""Incremental dbt builds through several runs' changes equal a `--full-refresh` build of the same raw tables.

The raw tables of test_dbt_build's fixture are built whole, then changed twice as landing and parsing would change
them, each time recording the run's changed documents (raw.changed_documents, as the flow does) and building
incrementally (fazhi.transform.dbt_build, as the flow runs it):

1. the district's work plan gets a new version that reports on 2022 instead of 2023 (its region-year keys move), a
   report of a new region adds the only figure of its (region, indicator), the UTF-8 copy of 延吉市's report goes (its
   GB18030 copy, another document of the same text, becomes current) and the anonymised template is removed;
2. the new region's report goes again (its keys lose all their rows), the annual report's mirror path gets another
   region's report (the annual report stays current under its first path), and the plan's text appears under an
   alphabetically first path (one text, two paths: the copy names the document now).

After each incremental build, a copy of the build file is built with `--full-refresh` and every table and view of
the staging and marts schemas must hold the same rows, order aside, but for what names the run (run ids, times) and
what lists the run's changes.
"""
from __future__ import annotations

import hashlib
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest
from test_dbt_build import LANDED_AT, Doc, _write_fixture

from fazhi import changes, transform
from fazhi.db import create_raw_tables

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"

# They list the run's changes, which a full refresh replaces by every current document.
RUN_CHANGES = {"staging.stg_raw__changed_documents", "staging.int_documents_changed", "staging.stg_raw__current_run"}


def _plan_of_2022() -> Doc:
    doc = Doc(
        "平桥区2022年法治政府建设工作计划\n"
        "一、工作目标\n"
        "行政机关负责人出庭应诉率达到97%以上。\n"
        "二、工作基础\n"
        "全区受理行政复议案件28件。\n"
    )
    doc.split_sections("一、工作目标", "二、工作基础", plans=("一、工作目标",))
    doc.figure("行政机关负责人出庭应诉率", 97, "%", "行政机关负责人出庭应诉率达到97%以上", qualifier="at_least",
               is_target=True)
    doc.figure("受理行政复议案件", 28, "件", "受理行政复议案件28件")
    return doc


def _new_region_report() -> Doc:
    doc = Doc(
        "安图县2021年法治政府建设年度报告\n"
        "一、依法全面履行政府职能\n"
        "全县办理法律援助案件212件，受理行政复议案件9件。\n"
    )
    doc.split_sections("一、依法全面履行政府职能")
    doc.figure("办理法律援助案件", 212, "件", "办理法律援助案件212件")
    doc.figure("受理行政复议案件", 9, "件", "受理行政复议案件9件")
    return doc


def _other_region_on_mirror() -> Doc:
    doc = Doc(
        "延吉市2023年法治政府建设年度报告\n"
        "一、行政复议与行政应诉\n"
        "全年受理行政复议案件21件，行政机关负责人出庭应诉率90%。\n"
    )
    doc.split_sections("一、行政复议与行政应诉")
    doc.figure("受理行政复议案件", 21, "件", "受理行政复议案件21件")
    doc.figure("行政机关负责人出庭应诉率", 90, "%", "行政机关负责人出庭应诉率90%")
    return doc


PARSED = {
    "plan_2022": ("平桥区2022年法治政府建设工作计划", "work_plan", 2022, date(2022, 3, 1), False, "411503", "平桥区",
                  "district", "河南省", "信阳市"),
    "antu": ("安图县2021年法治政府建设年度报告", "annual_report", 2021, date(2022, 2, 1), False, "222426", "安图县",
             "county", "吉林省", "延边朝鲜族自治州"),
    "yanji_2023": ("延吉市2023年法治政府建设年度报告", "annual_report", 2023, date(2024, 3, 1), False, "222401", "延吉市",
                   "county_city", "吉林省", "延边朝鲜族自治州"),
}


def _land(con, doc: Doc, key: str, path: str, run_id: str) -> None:
    """What landing and parsing store for a new document found under `path`."""
    data = doc.text.encode(doc.encoding)
    con.execute(
        "insert into raw.documents (document_id, content_sha256, source_file, byte_size, encoding, text, landed_at, "
        "run_id) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [doc.document_id, hashlib.sha256(data).hexdigest(), path, len(data), doc.encoding, doc.text,
         LANDED_AT + timedelta(days=1), run_id])
    _point(con, path, doc, run_id)
    con.execute(
        "insert into raw.parsed_documents (document_id, title, doc_kind, report_year, publish_date, is_anonymized,"
        " region_code, region_name, admin_level, province_name, prefecture_name, issuer, region_evidence,"
        " text_length, parser_version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [doc.document_id, *PARSED[key], None, None, len(doc.text), "test"])
    for section in doc.sections:
        con.execute("insert into raw.parsed_sections values (?, ?, ?, ?, ?, ?, ?, ?, ?)", [doc.document_id, *section])
    for figure in doc.figures:
        con.execute("insert into raw.parsed_figures values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [doc.document_id, *figure])
    con.execute("insert into raw.parsed_terms values (?, ?, ?)", [doc.document_id, "行政复议", 1])


def _point(con, path: str, doc: Doc, run_id: str) -> None:
    """The file at `path` holds `doc` now (added, or changed to it)."""
    con.execute("delete from raw.current_files where source_file = ?", [path])
    con.execute("insert into raw.current_files values (?, ?, ?, ?, ?)",
                [path, doc.document_id, len(doc.text.encode(doc.encoding)), run_id, run_id])


def _remove(con, path: str, run_id: str) -> str:
    document_id = con.execute("select document_id from raw.current_files where source_file = ?", [path]).fetchone()[0]
    con.execute("delete from raw.current_files where source_file = ?", [path])
    con.execute("insert into raw.removed_files values (?, ?, ?, ?)",
                [path, document_id, LANDED_AT + timedelta(days=1), run_id])
    return document_id


def _build(database: Path, work: Path, incremental: bool) -> None:
    parts = work / "parsed"
    parts.mkdir(parents=True, exist_ok=True)
    transform.dbt_build(DBT_PROJECT, database, work / "dbt", incremental=incremental, parsed_dir=parts)


def _record(database: Path, run_id: str, changed: list[tuple[str, str]]) -> None:
    with duckdb.connect(str(database)) as con:
        changes.record_run(con, run_id, datetime(2024, 4, 2, tzinfo=timezone.utc), sorted(set(changed)))


def _snapshot(database: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        relations = [f"{schema}.{name}" for schema, name in con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in ('staging', 'marts') union "
            "select schema_name, view_name from duckdb_views() where schema_name in ('staging', 'marts')").fetchall()]
        snapshot = {}
        for relation in sorted(set(relations) - RUN_CHANGES):
            schema, name = relation.split(".")
            columns = [c for c, kind in con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ? "
                "order by column_index", [schema, name]).fetchall()
                if not c.endswith("run_id") and not kind.startswith("TIMESTAMP")]
            select = ", ".join(f'"{c}"' for c in columns)
            snapshot[relation] = sorted(con.execute(f"select {select} from {relation}").fetchall(), key=repr)
    return snapshot


def _assert_equals_full_refresh(database: Path, work: Path) -> None:
    work.mkdir(parents=True)
    scratch = work / "scratch.duckdb"
    shutil.copyfile(database, scratch)
    # the models only (`dbt run`): the tests ran in the builds compared with it
    transform.run_dbt(["run", "--full-refresh"], project_dir=DBT_PROJECT, database=scratch, work_dir=work / "dbt",
                      parsed_dir=work)
    incremental, expected = _snapshot(database), _snapshot(scratch)
    assert incremental.keys() == expected.keys()
    for relation, rows in expected.items():
        assert incremental[relation] == rows, (
            f"{relation}: {len(incremental[relation])} rows incrementally, {len(rows)} built whole; only incremental: "
            f"{[r for r in incremental[relation] if r not in rows][:3]}; only whole: "
            f"{[r for r in rows if r not in incremental[relation]][:3]}")


def _keys(database: Path, region_code: str) -> set[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return set(con.execute("select report_year, indicator_code from marts.fct_region_year_indicators "
                               "where region_code = ?", [region_code]).fetchall())


@pytest.mark.timeout(600)
def test_incremental_builds_equal_a_full_refresh_through_several_changes(tmp_path):
    database = tmp_path / "build.duckdb"
    with duckdb.connect(str(database)) as con:
        create_raw_tables(con)
        docs = _write_fixture(con)
    _record(database, "run-1", [])
    _build(database, tmp_path / "run-1", incremental=False)
    pingqiao_before = _keys(database, "411503")
    assert any(year == 2023 for year, _ in pingqiao_before)

    # run 2: the plan reports on 2022 now; a new region; one copy of a text goes; the template goes
    plan_2022, antu = _plan_of_2022(), _new_region_report()
    with duckdb.connect(str(database)) as con:
        _land(con, plan_2022, "plan_2022", "plan_2023.txt", "run-2")
        _land(con, antu, "antu", "2021/antu.txt", "run-2")
        yanji = _remove(con, "2021/yanji.txt", "run-2")
        template = _remove(con, "xx_template.txt", "run-2")
    _record(database, "run-2", [
        (plan_2022.document_id, "parsed"), (plan_2022.document_id, "landed"), (docs["plan"].document_id, "unlanded"),
        (antu.document_id, "parsed"), (antu.document_id, "landed"),
        (yanji, "unlanded"), (template, "unlanded")])
    _build(database, tmp_path / "run-2", incremental=True)
    with duckdb.connect(str(database), read_only=True) as con:
        changed = {r[0] for r in con.execute("select document_id from staging.int_documents_changed").fetchall()}
    # built incrementally: the changed documents and the copy of a changed text, not the untouched annual report
    assert docs["yanji_gbk"].document_id in changed and docs["annual"].document_id not in changed
    antu_keys = _keys(database, "222426")
    assert antu_keys, "the new region's figures are quoted"
    assert _keys(database, "411503") != pingqiao_before  # the plan's keys moved from 2023 to 2022
    _assert_equals_full_refresh(database, tmp_path / "check-2")

    # run 3: the new region goes; the annual report's mirror path holds another region's report; a first path for
    # the plan's text
    yanji_2023 = _other_region_on_mirror()
    with duckdb.connect(str(database)) as con:
        antu_gone = _remove(con, "2021/antu.txt", "run-3")
        _land(con, yanji_2023, "yanji_2023", "mirror/h001.txt", "run-3")
        _point(con, "0-plan-copy.txt", plan_2022, "run-3")
    _record(database, "run-3", [
        (antu_gone, "unlanded"), (yanji_2023.document_id, "parsed"), (yanji_2023.document_id, "landed"),
        (docs["annual"].document_id, "unlanded"), (plan_2022.document_id, "landed")])
    _build(database, tmp_path / "run-3", incremental=True)
    assert _keys(database, "222426") == set()  # its keys lost all their rows
    with duckdb.connect(str(database), read_only=True) as con:
        plan_file = con.execute("select source_file from marts.dim_document where document_id = ?",
                                [plan_2022.document_id]).fetchone()[0]
    assert plan_file == "0-plan-copy.txt"
    _assert_equals_full_refresh(database, tmp_path / "check-3")
