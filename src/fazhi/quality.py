"""Great Expectations helpers: the datasets a run validates, and running the committed suites on them.

Suites live as reviewed JSON in `expectations/gx/` and are written only by `expectations/setup_suites.py`; a run
only reads them. GX cannot compute metrics on DuckDB through SQL (see STACK.md), so each dataset is a query read
into a pandas DataFrame through a read-only connection. Checks whose rule depends on the run's date or on a join
(report years up to next year, codes valid in the report year, provenance of every span) are computed in the
dataset's SQL as boolean columns and asserted by the suite.

Every expectation carries `meta.severity`: `error` blocks publishing; `warning` publishes and is reported.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fazhi.db import connect

# dataset name → SQL over the build file. Suites are named after the dataset they validate.
DATASETS: dict[str, str] = {
    "raw_documents": """
        select d.document_id, d.encoding, length(d.text) as text_length, length(trim(d.text)) as trimmed_length
        from raw.documents d join raw.current_files f using (document_id)
    """,
    "raw_parsed_documents": """
        select p.document_id, p.doc_kind, p.admin_level, p.report_year, p.region_code,
               p.report_year is null or p.report_year between 1990 and year(current_date) + 1 as is_plausible_year,
               p.region_code is null or exists (
                   select 1 from raw.admin_divisions a
                   where a.region_code = p.region_code
                     and (p.report_year is null or (a.valid_from_year <= p.report_year
                          and (a.valid_until_year is null or p.report_year < a.valid_until_year)))
               ) as is_code_valid_in_year
        from raw.parsed_documents p
    """,
    "raw_parsed_figures": """
        select f.document_id, f.figure_index, f.value, f.unit, f.qualifier,
               isfinite(f.value) as is_finite_value,
               substr(d.text, f.char_start + 1, f.char_end - f.char_start) = f.raw_span as is_span_at_offsets
        from raw.parsed_figures f join raw.documents d using (document_id)
    """,
    "marts_dim_document": """
        select document_id, source_file, doc_kind, admin_level, region_code, report_year, is_anonymized
        from marts.dim_document
    """,
    "marts_fct_indicator_observations": """
        select o.observation_id, o.document_id, o.indicator_code, o.value, o.unit, o.qualifier,
               o.document_id in (select document_id from marts.dim_document) as has_document
        from marts.fct_indicator_observations o
    """,
}


@dataclass(frozen=True)
class CheckResult:
    run_id: str
    checked_at: datetime
    suite: str
    check_name: str
    severity: str
    success: bool
    observed_value: str | None
    details: str | None

    def as_row(self) -> tuple:
        return tuple(asdict(self).values())


def _check_name(config: Any) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k in ("column", "column_A", "column_B", "column_list")}
    target = ",".join(str(v) for v in kwargs.values())
    return f"{config.type}({target})" if target else config.type


def _observed(result: dict) -> str | None:
    if "observed_value" in result:
        value = result["observed_value"]
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if "unexpected_count" in result:
        return f"{result['unexpected_count']} unexpected of {result.get('element_count')}"
    return None


def _details(result: dict) -> str | None:
    sample = result.get("partial_unexpected_list")
    if sample:
        return json.dumps(sample[:5], ensure_ascii=False, default=str)
    return None


def gx_context(expectations_dir: Path):
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx  # slow import (2-3 s): only in the validating step

    return gx.get_context(mode="file", project_root_dir=str(expectations_dir))


def load_datasets(database: Path) -> dict[str, Any]:
    """Every dataset as a pandas DataFrame, read through one read-only connection."""
    with connect(database, read_only=True) as con:
        return {name: con.execute(sql).df() for name, sql in DATASETS.items()}


def run_quality_checks(database: Path, expectations_dir: Path, run_id: str, now: datetime) -> list[CheckResult]:
    """Run every committed suite on its dataset; one CheckResult per expectation."""
    import logging

    context = gx_context(expectations_dir)
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    frames = load_datasets(database)
    results: list[CheckResult] = []
    for name, frame in frames.items():
        definition = context.validation_definitions.get(name)
        outcome = definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
        for r in outcome.results:
            config = r.expectation_config
            severity = (config.meta or {}).get("severity", "error")
            result = r.result or {}
            if r.exception_info and r.exception_info.get("raised_exception"):
                result = {"details": r.exception_info.get("exception_message")}
            results.append(CheckResult(
                run_id=run_id, checked_at=now, suite=name, check_name=_check_name(config), severity=severity,
                success=bool(r.success), observed_value=_observed(result), details=_details(result),
            ))
    return results


def blocking_failures(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if not r.success and r.severity == "error"]


def append_history(history: Path, results: list[CheckResult]) -> None:
    """Keep every run's results outside the build file, so failed runs (never published) are kept too."""
    history.parent.mkdir(parents=True, exist_ok=True)
    with history.open("a", encoding="utf-8") as f:
        for r in results:
            row = asdict(r)
            row["checked_at"] = r.checked_at.isoformat()
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_history(history: Path) -> list[tuple]:
    """Rows for raw.quality_check_results from the history file (empty when there is none)."""
    if not history.exists():
        return []
    rows = []
    for line in history.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a killed run
        row["checked_at"] = datetime.fromisoformat(row["checked_at"])
        rows.append(CheckResult(**row).as_row())
    return rows
