"""Create or update the Great Expectations project in this folder: one suite per dataset of `fazhi.quality`.

Idempotent: a suite or validation definition that already matches is left untouched (no new ids, no diff), so
the committed JSON under `gx/` only changes when an expectation here changes. Run with
`.venv/bin/python expectations/setup_suites.py` after editing, and review the JSON diff.

Severities (meta.severity): `error` = the warehouse as a whole cannot be trusted, nothing is published;
`warning` = suspicious but possible, the run publishes and reports it.
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
from fazhi.quality import DATASETS  # noqa: E402

DOC_KINDS = ["annual_report", "work_summary_plan", "work_plan", "implementation_plan", "notice", "news", "academic", "other"]
ADMIN_LEVELS = ["province", "prefecture", "county", "district", "county_city", "banner", "autonomous_prefecture", "unknown"]
QUALIFIERS = ["approx_more_than", "more_than", "approx_less_than", "at_least", "at_most", "rank"]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"]
# Units seen in rule-of-law reports; an unknown unit is suspicious (a misread) but possible.
KNOWN_UNITS = [
    "件", "个", "项", "次", "名", "人", "人次", "场", "场次", "份", "条", "家", "起", "例", "篇", "期", "批", "户", "户次",
    "元", "万元", "亿元", "%", "‰", "个百分点", "百分点", "天", "日", "个工作日", "工作日", "小时", "分钟", "年", "个月",
    "部", "套", "台", "本", "册", "块", "处", "所", "支", "类", "种", "张", "宗", "单", "笔", "位", "轮", "节", "课时",
    "方阵", "名次", "位次", "部门", "领域", "平方米", "公里", "亩", "吨", "万人次", "余人", "人数", "村", "社区", "镇", "乡",
]


def error(expectation):
    expectation.meta = {"severity": "error"}
    return expectation


def warning(expectation):
    expectation.meta = {"severity": "warning"}
    return expectation


SUITES = {
    "raw_documents": [
        error(E.ExpectTableRowCountToBeBetween(min_value=1)),
        error(E.ExpectColumnValuesToNotBeNull(column="document_id")),
        error(E.ExpectColumnValuesToBeUnique(column="document_id")),
        error(E.ExpectColumnValuesToBeInSet(column="encoding", value_set=ENCODINGS)),
        error(E.ExpectColumnValuesToBeBetween(column="trimmed_length", min_value=1)),
    ],
    "raw_parsed_documents": [
        error(E.ExpectColumnValuesToBeUnique(column="document_id")),
        error(E.ExpectColumnValuesToBeInSet(column="doc_kind", value_set=DOC_KINDS)),
        error(E.ExpectColumnValuesToBeInSet(column="admin_level", value_set=ADMIN_LEVELS)),
        error(E.ExpectColumnValuesToMatchRegex(column="region_code", regex=r"^\d{6}$")),
        error(E.ExpectColumnValuesToBeInSet(column="is_plausible_year", value_set=[True])),
        error(E.ExpectColumnValuesToBeInSet(column="is_code_valid_in_year", value_set=[True])),
    ],
    "raw_parsed_figures": [
        error(E.ExpectColumnValuesToBeInSet(column="is_span_at_offsets", value_set=[True])),
        error(E.ExpectColumnValuesToBeInSet(column="is_finite_value", value_set=[True])),
        error(E.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS)),
        warning(E.ExpectColumnValuesToBeInSet(column="unit", value_set=KNOWN_UNITS, mostly=0.98)),
    ],
    "marts_dim_document": [
        error(E.ExpectTableRowCountToBeBetween(min_value=1)),
        error(E.ExpectColumnValuesToNotBeNull(column="document_id")),
        error(E.ExpectColumnValuesToBeUnique(column="document_id")),
        error(E.ExpectColumnValuesToBeUnique(column="source_file")),
        error(E.ExpectColumnValuesToBeInSet(column="doc_kind", value_set=DOC_KINDS)),
        error(E.ExpectColumnValuesToBeInSet(column="admin_level", value_set=ADMIN_LEVELS)),
    ],
    "marts_fct_indicator_observations": [
        error(E.ExpectColumnValuesToNotBeNull(column="observation_id")),
        error(E.ExpectColumnValuesToBeUnique(column="observation_id")),
        error(E.ExpectColumnValuesToNotBeNull(column="value")),
        error(E.ExpectColumnValuesToBeInSet(column="has_document", value_set=[True])),
        error(E.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS)),
    ],
}


def _signature(suite) -> list:
    return sorted(
        (e.expectation_type, sorted((k, repr(v)) for k, v in e.configuration.kwargs.items()), repr(e.meta))
        for e in suite.expectations
    )


def main() -> None:
    assert set(SUITES) == set(DATASETS), "every dataset needs a suite, every suite a dataset"
    context = gx.get_context(mode="file", project_root_dir=str(HERE))
    if context.variables.progress_bars is None or dict(context.variables.progress_bars).get("globally") is not False:
        # tqdm bars per metric flood the flow's log; the run logs one summary line instead
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        context.variables.save()
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
        if existing is None or _signature(existing) != _signature(desired):
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
            context.validation_definitions.get(name)
        except Exception:  # noqa: BLE001
            context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=existing))
            print(f"validation definition {name}: written")


if __name__ == "__main__":
    main()
