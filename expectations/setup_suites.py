"""Create or update the Great Expectations project in this folder: one suite per dataset of `fazhi.quality`.

Idempotent: a suite or validation definition that already matches is left untouched (no new ids, no diff), so
the committed JSON under `gx/` only changes when an expectation here changes. Run with `make suites` (or
`.venv/bin/python expectations/setup_suites.py`) after editing, and review the JSON diff.

Severities (meta.severity), decided per check below:
- `error`: the warehouse as a whole cannot be trusted — broken keys or provenance, an invalid enumeration (a code
  bug), an impossible figure leaking into the facts, a collapse in volume against the last published run (an
  unmounted or half-copied source folder), region resolution or section parsing collapsing. Nothing is published and
  the run exits non-zero.
- `quarantine`: single records are impossible (出庭应诉率182%). dbt already kept them out of the facts users query
  (see dbt_project/models/intermediate/int_observations_screened.sql) and lists them in
  marts.fct_quarantined_observations; the check counts them, the run publishes and alerts with the records.
- `warning`: suspicious but possible (a year-over-year jump, an unknown unit, one report without sections, an
  implausible report year in one document): the run publishes and alerts.
A check that cannot run at all (the GX expectation raised) counts as an error: it guards nothing.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
from great_expectations import expectations as E  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
from fazhi.extract import ENCODINGS as EXTRACTION_ENCODINGS  # noqa: E402
from fazhi.quality import DATASETS, SEVERITIES, violation_sql  # noqa: E402

DOC_KINDS = ["annual_report", "work_summary_plan", "work_plan", "implementation_plan", "notice", "news", "academic", "other"]
ADMIN_LEVELS = ["province", "prefecture", "county", "district", "county_city", "banner", "autonomous_prefecture", "unknown"]
# what a figure's value is (fazhi.parse.indicators.value_basis)
VALUE_BASES = ["year_total", "cumulative", "reduced_to", "before", "reduced_by", "increased_by"]
QUALIFIERS = ["approx_more_than", "more_than", "approx_less_than", "at_least", "at_most", "rank"]
ENCODINGS = list(EXTRACTION_ENCODINGS)  # how a text was obtained: a charset, html:<charset>, pdf-text, docx
# The units the figure parser reads (fazhi/parse/figures.py), as written; an unknown one means the parser changed or
# misread, which is suspicious but possible. Extend the list when the parser learns a unit.
KNOWN_UNITS = [
    "件", "件次", "个", "项", "次", "名", "人", "人次", "场", "场次", "份", "条", "家", "家次", "起", "例", "篇", "期",
    "期次", "批", "批次", "户", "户次", "宗", "卷", "车次", "班次", "元", "美元", "%", "‰", "个百分点", "百分点", "倍", "分",
    "天", "日", "周", "个工作日", "工作日", "小时", "分钟", "年", "个月", "课时", "学时", "部", "套", "台", "本", "册",
    "块", "处", "所", "座", "支", "类", "种", "张", "单", "笔", "位", "轮", "节", "辆", "栋", "间", "门", "方阵", "梯队",
    "名次", "位次", "部门", "单位", "领域", "企业", "县市区", "县区", "区县", "乡镇", "街道", "村", "社区", "镇", "乡",
    "平方米", "平方公里", "立方米", "公里", "千米", "米", "公顷", "亩", "吨", "千瓦",
]

# Thresholds, reviewed with the severities.
VOLUME_MIN_SHARE = 0.5  # documents or observations falling by more than half against the last published run
REGION_RESOLVED_MIN_SHARE = 0.8  # warning below: the region resolver misses more reports than usual
REGION_RESOLVED_COLLAPSE_SHARE = 0.5  # error below: region resolution is broken, fct_region_year_indicators hollow
SECTIONS_COLLAPSE_SHARE = 0.5  # error when fewer genuine reports than this have a section: the outline parser broke
YEAR_OVER_YEAR_MAX_FACTOR = 10  # a region's achieved figure ten times larger or smaller than the year before


# GX's own severity field, shown in Data Docs, from ours (which decides what a run does)
GX_SEVERITY = {"error": "critical", "quarantine": "warning", "warning": "warning"}


def _with(severity: str, description: str, expectation):
    expectation.meta = {"severity": severity}
    expectation.severity = GX_SEVERITY[severity]
    expectation.description = description
    return expectation


def error(description: str, expectation):
    return _with("error", description, expectation)


def quarantine(description: str, expectation):
    return _with("quarantine", description, expectation)


def warning(description: str, expectation):
    return _with("warning", description, expectation)


SUITES = {
    # landed files (current ones)
    "raw_documents": [
        error("document ids present", E.ExpectColumnValuesToNotBeNull(column="document_id")),
        error("decoded with a known encoding", E.ExpectColumnValuesToBeInSet(column="encoding", value_set=ENCODINGS)),
        error("text not empty", E.ExpectColumnValuesToBeInSet(column="has_text", value_set=[True])),
    ],
    "raw_documents_whole": [
        error("documents landed (none: an empty or unmounted source folder)",
              E.ExpectColumnValuesToBeBetween(column="document_count", min_value=1)),
        error("document ids unique", E.ExpectColumnValuesToBeBetween(column="duplicate_document_ids_rows",
                                                                     min_value=0, max_value=0)),
    ],
    # parser metadata of every landed content
    "raw_parsed_documents_whole": [
        error("one metadata row per document", E.ExpectColumnValuesToBeBetween(column="duplicate_document_ids_rows",
                                                                               min_value=0, max_value=0)),
    ],
    "raw_parsed_documents": [
        error("document kind known", E.ExpectColumnValuesToBeInSet(column="doc_kind", value_set=DOC_KINDS)),
        error("admin level known", E.ExpectColumnValuesToBeInSet(column="admin_level", value_set=ADMIN_LEVELS)),
        error("region codes have 6 digits", E.ExpectColumnValuesToMatchRegex(column="region_code", regex=r"^\d{6}$")),
        warning("report year between 1990 and next year",
                E.ExpectColumnValuesToBeInSet(column="is_plausible_year", value_set=[True])),
        warning("region code valid in the report year (code table)",
                E.ExpectColumnValuesToBeInSet(column="is_code_valid_in_year", value_set=[True])),
    ],
    # parsed figures: provenance and sanity
    "raw_parsed_figures": [
        error("every raw_span equals the text at its offsets (provenance)",
              E.ExpectColumnValuesToBeInSet(column="is_span_at_offsets", value_set=[True])),
        error("values finite", E.ExpectColumnValuesToBeInSet(column="is_finite_value", value_set=[True])),
        error("qualifier known", E.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS)),
        warning("unit from the known list", E.ExpectColumnValuesToBeInSet(column="unit", value_set=KNOWN_UNITS)),
    ],
    "marts_dim_document": [
        error("document ids present", E.ExpectColumnValuesToNotBeNull(column="document_id")),
        error("document kind known", E.ExpectColumnValuesToBeInSet(column="doc_kind", value_set=DOC_KINDS)),
        error("admin level known", E.ExpectColumnValuesToBeInSet(column="admin_level", value_set=ADMIN_LEVELS)),
        warning("each genuine report has at least one section",
                E.ExpectColumnValuesToBeBetween(column="report_section_count", min_value=1)),
    ],
    "marts_dim_document_whole": [
        error("documents published (none: an empty source folder)",
              E.ExpectColumnValuesToBeBetween(column="document_count", min_value=1)),
        error("document ids unique", E.ExpectColumnValuesToBeBetween(column="duplicate_document_ids_rows",
                                                                     min_value=0, max_value=0)),
        error("source files unique", E.ExpectColumnValuesToBeBetween(column="duplicate_source_files_rows",
                                                                     min_value=0, max_value=0)),
        error(f"at least {SECTIONS_COLLAPSE_SHARE:.0%} of genuine reports have a section (outline parser broken)",
              E.ExpectColumnValuesToBeBetween(column="genuine_report_with_section_share",
                                              min_value=SECTIONS_COLLAPSE_SHARE)),
    ],
    "marts_fct_indicator_observations": [
        error("observation ids present", E.ExpectColumnValuesToNotBeNull(column="observation_id")),
        error("values present", E.ExpectColumnValuesToNotBeNull(column="value")),
        error("every observation's document is in dim_document",
              E.ExpectColumnValuesToBeInSet(column="has_document", value_set=[True])),
        error("qualifier known", E.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS)),
        error("values within the indicator's catalogue bounds (an impossible figure leaked past the quarantine)",
              E.ExpectColumnValuesToBeInSet(column="is_within_indicator_bounds", value_set=[True])),
        error("value basis known", E.ExpectColumnValuesToBeInSet(column="value_basis", value_set=VALUE_BASES)),
    ],
    "marts_fct_indicator_observations_whole": [
        error("observation ids unique", E.ExpectColumnValuesToBeBetween(column="duplicate_observation_ids_rows",
                                                                        min_value=0, max_value=0)),
    ],
    "marts_fct_region_year_indicators": [
        error("keys present", E.ExpectColumnValuesToNotBeNull(column="region_year_indicator_id")),
        error("region present", E.ExpectColumnValuesToNotBeNull(column="region_code")),
        error("year present", E.ExpectColumnValuesToNotBeNull(column="report_year")),
        error("indicator present", E.ExpectColumnValuesToNotBeNull(column="indicator_code")),
        error("quoted values within the indicator's catalogue bounds (0–100 for a rate, counts non-negative)",
              E.ExpectColumnValuesToBeInSet(column="is_within_indicator_bounds", value_set=[True])),
    ],
    "marts_fct_region_year_indicators_whole": [
        error("keys unique", E.ExpectColumnValuesToBeBetween(column="duplicate_keys_rows", min_value=0, max_value=0)),
        error("one row per region, year and indicator",
              E.ExpectColumnValuesToBeBetween(column="duplicate_region_year_indicators_rows", min_value=0,
                                              max_value=0)),
    ],
    "marts_fct_quarantined_observations": [
        error("quarantine keys unique", E.ExpectColumnValuesToBeBetween(column="duplicate_observation_ids_rows",
                                                                        min_value=0, max_value=0)),
        quarantine("no impossible figure quarantined (each one is kept out of the facts)",
                   E.ExpectColumnValuesToBeBetween(column="quarantined_count", min_value=0, max_value=0)),
    ],
    "marts_region_coverage": [
        error(f"at least {REGION_RESOLVED_COLLAPSE_SHARE:.0%} of genuine reports have a resolved region",
              E.ExpectColumnValuesToBeBetween(column="region_resolved_share",
                                              min_value=REGION_RESOLVED_COLLAPSE_SHARE)),
        warning(f"at least {REGION_RESOLVED_MIN_SHARE:.0%} of genuine reports have a resolved region",
                E.ExpectColumnValuesToBeBetween(column="region_resolved_share", min_value=REGION_RESOLVED_MIN_SHARE)),
    ],
    "marts_indicator_year_over_year": [
        warning(f"no region's indicator changes more than {YEAR_OVER_YEAR_MAX_FACTOR}-fold from one year to the next",
                E.ExpectColumnValuesToBeBetween(column="jump_factor", max_value=YEAR_OVER_YEAR_MAX_FACTOR)),
    ],
    "marts_fct_reporting_compliance": [
        error("region present", E.ExpectColumnValuesToNotBeNull(column="region_code")),
        error("year present", E.ExpectColumnValuesToNotBeNull(column="report_year")),
        error("finding known", E.ExpectColumnValuesToBeInSet(
            column="finding", value_set=["report found", "not found in the collected corpus"])),
        error("share shared with other regions within 0–1",
              E.ExpectColumnValuesToBeBetween(column="share_shared_with_other_regions", min_value=0, max_value=1)),
        error("report score within 0–1", E.ExpectColumnValuesToBeBetween(column="report_score", min_value=0,
                                                                          max_value=1)),
    ],
    "marts_fct_reporting_compliance_whole": [
        error("one row per government and year",
              E.ExpectColumnValuesToBeBetween(column="duplicate_region_years_rows", min_value=0, max_value=0)),
    ],
    "marts_fct_province_reporting_compliance_whole": [
        error("one row per province and year",
              E.ExpectColumnValuesToBeBetween(column="duplicate_province_years_rows", min_value=0, max_value=0)),
    ],
    "marts_fct_province_reporting_compliance": [
        *[error(f"{share} within 0–1", E.ExpectColumnValuesToBeBetween(column=share, min_value=0, max_value=1))
          for share in ("share_found", "share_on_time", "share_complete", "share_found_counties")],
    ],
    "marts_fct_report_assessments_whole": [
        error("document ids unique", E.ExpectColumnValuesToBeBetween(column="duplicate_document_ids_rows",
                                                                     min_value=0, max_value=0)),
    ],
    "marts_fct_report_assessments": [
        error("document ids present", E.ExpectColumnValuesToNotBeNull(column="document_id")),
        *[error(f"{score} within 0–1", E.ExpectColumnValuesToBeBetween(column=score, min_value=0, max_value=1))
          for score in ("on_time_score", "required_parts_score", "data_disclosure_score", "originality_score",
                        "report_score", "share_shared_with_other_regions")],
        error("required parts between 0 and 5",
              E.ExpectColumnValuesToBeBetween(column="required_parts_found", min_value=0, max_value=5)),
    ],
    "marts_fct_document_similarity_whole": [
        error("pairs unique", E.ExpectColumnValuesToBeBetween(column="duplicate_pairs_rows", min_value=0,
                                                              max_value=0)),
    ],
    "marts_fct_document_similarity": [
        error("every source is a current document",
              E.ExpectColumnValuesToBeInSet(column="has_source_document", value_set=[True])),
        error("every flagged copy points at an earlier document",
              E.ExpectColumnValuesToBeInSet(column="is_source_earlier", value_set=[True])),
        error("similarity within the pair threshold and 1",
              E.ExpectColumnValuesToBeBetween(column="jaccard_similarity", min_value=0.5, max_value=1)),
        *[error(f"{share} within 0–1", E.ExpectColumnValuesToBeBetween(column=share, min_value=0, max_value=1))
          for share in ("share_of_document_in_source", "share_of_source_in_document")],
    ],
    "run_volume": [
        error(f"documents did not fall by more than {1 - VOLUME_MIN_SHARE:.0%} against the last published run",
              E.ExpectColumnValuesToBeBetween(column="document_share", min_value=VOLUME_MIN_SHARE)),
        error(f"observations did not fall by more than {1 - VOLUME_MIN_SHARE:.0%} against the last published run",
              E.ExpectColumnValuesToBeBetween(column="observation_share", min_value=VOLUME_MIN_SHARE)),
    ],
}


def _signature(suite) -> list:
    return sorted(
        (e.expectation_type, sorted((k, repr(v)) for k, v in e.configuration.kwargs.items()), repr(e.meta),
         e.description, getattr(e.severity, "value", e.severity))
        for e in suite.expectations
    )


def main() -> None:
    assert set(SUITES) == set(DATASETS), "every dataset needs a suite, every suite a dataset"
    for expectations in SUITES.values():
        for expectation in expectations:
            # checked in DuckDB first and in batches (fazhi.quality): a check of the whole is an aggregate dataset
            violation_sql(expectation)
    assert set(GX_SEVERITY) == set(SEVERITIES), "every severity needs its GX counterpart"
    context = gx.get_context(mode="file", project_root_dir=str(HERE))
    if context.variables.progress_bars is None or dict(context.variables.progress_bars).get("globally") is not False:
        # tqdm bars per metric flood the flow's log; the run logs one summary line instead
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        context.variables.save()
    site = context.get_config().data_docs_sites.get("local_site")
    if site is not None and site.get("show_how_to_buttons", True):
        # the tutorial footer links to the web; the run's Data Docs are for offline reading
        context.update_data_docs_site("local_site", {**site, "show_how_to_buttons": False})
        print("data docs site local_site: how-to buttons off")
    try:
        source = context.data_sources.get("warehouse")
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas("warehouse")
    for name, expectations in SUITES.items():
        desired = gx.ExpectationSuite(name=name, expectations=expectations)
        try:
            existing = context.suites.get(name)
        except Exception:  # noqa: BLE001 - GX raises several types for "not found"
            existing = None
        suite_changed = existing is None or _signature(existing) != _signature(desired)
        if suite_changed:
            if existing is not None:
                context.suites.delete(name)
            existing = context.suites.add(desired)
            print(f"suite {name}: written ({len(expectations)} expectations)")
        try:
            asset = source.get_asset(name)
        except LookupError:
            asset = source.add_dataframe_asset(name)
        try:
            batch = asset.get_batch_definition("whole")
        except KeyError:
            batch = asset.add_batch_definition_whole_dataframe("whole")
        try:
            definition = context.validation_definitions.get(name)
        except Exception:  # noqa: BLE001
            definition = None
        if definition is not None and (suite_changed or definition.suite.id != existing.id):
            # a rewritten suite has a new id: the definition must point at it
            context.validation_definitions.delete(name)
            definition = None
        if definition is None:
            context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=existing))
            print(f"validation definition {name}: written")


if __name__ == "__main__":
    main()
