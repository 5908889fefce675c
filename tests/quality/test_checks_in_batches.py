"""The quality checks on what a run changed, in batches (issue 16), on a warehouse `fazhi run` built from ten reports.

Each test copies the built file, says which documents "this run" changed (raw.changed_documents and dbt's
staging.int_documents_changed, as a run's dbt build leaves them), breaks rows in it and runs the committed suites.
"""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from alert_receivers import clean_environment, run_fazhi, ten_documents
from fazhi import quality

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("batches")
    warehouse = base / "out" / "fazhi.duckdb"
    warehouse.parent.mkdir()
    result = run_fazhi(ten_documents(base / "ten"), warehouse, clean_environment())
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return warehouse


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    work = tmp_path_factory.mktemp("gx")
    return quality.gx_context(quality.prepare_gx_project(ROOT / "expectations", work))


def documents(database: Path) -> list[tuple[str, str]]:
    """(document_id, source_file) of the documents with figures, in a stable order."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select document_id, source_file from marts.dim_document d where exists "
                           "(select 1 from marts.fct_indicator_observations o where o.document_id = d.document_id) "
                           "order by source_file").fetchall()


def copy_with(built: Path, target: Path, changed: list[str], *statements: str) -> Path:
    """A copy of the built file in which this run changed `changed`, broken by `statements`."""
    shutil.copyfile(built, target)
    with duckdb.connect(str(target)) as con:
        con.execute("delete from raw.changed_documents")
        con.execute("delete from staging.int_documents_changed")
        con.execute("insert into raw.changed_documents select unnest($ids), 'parsed', 'test'", {"ids": changed})
        con.execute("insert into staging.int_documents_changed select unnest($ids)", {"ids": changed})
        for statement in statements:
            con.execute(statement)
    return target


def check(database: Path, context, tmp_path: Path, *, changed_only: bool = True) -> dict[tuple[str, str], object]:
    results = quality.run_quality_checks(database, ROOT / "expectations", "test", datetime(2026, 1, 1),
                                         work_dir=tmp_path / "gx", volume=quality.read_volume(database),
                                         context=context, parsed_in_run_only=changed_only)
    return {(r.suite, r.description): r for r in results}


SPAN = ("raw_parsed_figures", "every raw_span equals the text at its offsets (provenance)")
QUALIFIER = ("marts_fct_indicator_observations", "qualifier known")


def break_figure(document_id: str) -> list[str]:
    """A figure whose span is not the text at its offsets, and a mart row with an unknown qualifier."""
    return [f"update raw.parsed_figures set raw_span = raw_span || '号' where document_id = '{document_id}' "
            f"and figure_index = (select min(figure_index) from raw.parsed_figures where document_id = '{document_id}')",
            f"update marts.fct_indicator_observations set qualifier = 'about' where observation_id = (select "
            f"min(observation_id) from marts.fct_indicator_observations where document_id = '{document_id}')"]


def test_a_clean_warehouse_passes_every_check(built, context, tmp_path):
    (first, _), *_ = documents(built)
    results = check(copy_with(built, tmp_path / "w.duckdb", [first]), context, tmp_path)
    assert [r.label() for r in results.values() if not r.success] == []
    assert len({suite for suite, _ in results}) == len(quality.DATASETS)


def test_a_bad_row_in_a_changed_document_fails_and_names_the_record(built, context, tmp_path):
    (first, first_file), (second, _), *_ = documents(built)
    database = copy_with(built, tmp_path / "w.duckdb", [first, second], *break_figure(first))
    results = check(database, context, tmp_path)
    for key in (SPAN, QUALIFIER):
        result = results[key]
        assert not result.success and result.severity == "error", result.label()
        assert result.observed_value.startswith("1 unexpected of ")
        assert first_file in result.details, result.details
    assert quality.blocking_failures(list(results.values()))


def test_a_bad_row_in_an_unchanged_document_is_checked_by_a_full_refresh(built, context, tmp_path):
    """An incremental run checks the rows of the documents it changed: those of the others were checked by the run
    that changed them and have not changed since. A full refresh (every document parsed, every model built whole:
    dbt's int_documents_changed then lists every current document) checks every row, as does changed_only=False."""
    (first, _), (second, second_file), *_ = documents(built)
    incremental = copy_with(built, tmp_path / "incremental.duckdb", [first], *break_figure(second))
    results = check(incremental, context, tmp_path)
    assert results[SPAN].success and results[QUALIFIER].success
    assert results[SPAN].observed_value == "0 unexpected of " + str(count_figures(incremental, first))

    with duckdb.connect(str(built), read_only=True) as con:
        every = [r[0] for r in con.execute("select document_id from marts.dim_document").fetchall()]
    refresh = copy_with(built, tmp_path / "refresh.duckdb", every, *break_figure(second))
    for results in (check(refresh, context, tmp_path), check(incremental, context, tmp_path, changed_only=False)):
        for key in (SPAN, QUALIFIER):
            assert not results[key].success and second_file in results[key].details, results[key].label()


def count_figures(database: Path, document_id: str) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select count(*) from raw.parsed_figures where document_id = ?", [document_id]).fetchone()[0]


def test_checks_of_the_whole_see_unchanged_documents(built, context, tmp_path):
    """Uniqueness and quarantine are counted over the whole warehouse in DuckDB, whatever the run changed."""
    (first, _), (second, second_file), *_ = documents(built)
    database = copy_with(
        built, tmp_path / "w.duckdb", [first],
        f"insert into marts.fct_indicator_observations select * from marts.fct_indicator_observations "
        f"where document_id = '{second}' limit 1",
        f"insert into marts.fct_quarantined_observations by name select observation_id, document_id, source_file, "
        f"indicator_code, value, unit, raw_span, char_start, 'outside_indicator_bounds' as quarantine_rule, "
        f"'rate above 100' as quarantine_reason, 'test' as run_id from marts.fct_indicator_observations "
        f"join marts.dim_document using (document_id) where document_id = '{second}' limit 1")
    results = check(database, context, tmp_path)
    unique = results["marts_fct_indicator_observations_whole", "observation ids unique"]
    assert not unique.success and unique.severity == "error" and unique.observed_value == "2", unique.label()
    quarantined = results["marts_fct_quarantined_observations",
                          "no impossible figure quarantined (each one is kept out of the facts)"]
    assert not quarantined.success and quarantined.severity == "quarantine" and quarantined.observed_value == "1"
    assert second_file in quarantined.details and "rate above 100" in quarantined.details
    assert quality.failures(list(results.values()), "quarantine") == [quarantined]


def test_batches_and_the_duckdb_prefilter_decide_as_whole_frames_do(built, context, tmp_path, monkeypatch):
    """Rows broken in many ways, checked in batches of 50 rows of which GX sees only those DuckDB found suspect,
    give every check the outcome and counts GX gives on each dataset read whole into one DataFrame."""
    monkeypatch.setenv("FAZHI_QUALITY_BATCH_ROWS", "50")
    database = copy_with(
        built, tmp_path / "w.duckdb", [],
        "update marts.fct_reporting_compliance set report_score = 2",  # hundreds of rows: several batches
        "update raw.documents set text = '   ' where document_id = (select min(document_id) from raw.documents)",
        "update raw.documents set encoding = 'ebcdic' where document_id = (select max(document_id) from raw.documents)",
        "update raw.parsed_figures set unit = 'zz' where figure_index % 3 = 0",
        "update raw.parsed_figures set value = 'nan'::double where figure_index % 7 = 1",
        "update marts.fct_indicator_observations set value = null where char_start % 5 = 0",
        "update raw.parsed_documents set region_code = '12345' where report_year % 2 = 0",
        "update marts.dim_document set doc_kind = 'memo', section_count = 0 where report_year % 2 = 1",
        "update marts.fct_region_year_indicators set quoted_value = -1 where report_year % 2 = 0")
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_reporting_compliance").fetchone()[0] > 3 * 50
    batched = check(database, context, tmp_path, changed_only=False)
    frames = quality.load_datasets(database, quality.read_volume(database), parsed_in_run_only=False)
    whole = {}
    for name, frame in frames.items():
        outcome = context.validation_definitions.get(name).run(batch_parameters={"dataframe": frame},
                                                               result_format={"result_format": "SUMMARY"})
        for r in outcome.results:
            whole[name, r.expectation_config.description] = (bool(r.success), r.result.get("unexpected_count"),
                                                              r.result.get("element_count"))
    assert set(whole) == set(batched)
    failed = 0
    for key, (success, unexpected, elements) in whole.items():
        result = batched[key]
        assert result.success == success, (key, result.label())
        if not quality.DATASETS[key[0]].aggregate:
            assert result.observed_value == f"{unexpected} unexpected of {elements}", (key, result.label())
        failed += not success
    assert failed >= 7
