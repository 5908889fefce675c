"""Great Expectations helpers: the datasets a run validates, running the committed suites on them, and the history.

Suites live as reviewed JSON in `expectations/gx/` and are written only by `expectations/setup_suites.py`; a run
only reads them. GX cannot compute metrics on DuckDB through SQL (see STACK.md), so each dataset is a query whose
rows GX validates as pandas DataFrames read through a read-only connection. Checks whose rule depends on the run's
date, on a join or on the previous publication (report years up to next year, codes valid in the report year,
provenance of every span, bounds from the catalogue, volume against the last published warehouse) are computed in
the dataset's SQL as columns and asserted by the suite. A dataset's `record` column names each row for people (file,
span, region …): failed checks report the records that broke them.

What a run reads stays small (issue 16): every expectation checks single values, so DuckDB first finds the rows that
could break one (violation_sql, from the suite itself) and GX validates only those, in batches of
FAZHI_QUALITY_BATCH_ROWS; checks of the whole (row counts, uniqueness, shares, quarantined records, volume) are
aggregate datasets, one row computed in DuckDB. The rows of document-keyed datasets whose values depend only on their
document are checked for the documents the run changed (every document on a first build or a full refresh).

A run validates with a private copy of the GX project in the warehouse's state folder (a few small files), so its
validation results and Data Docs belong to that warehouse and never pile up in the committed `expectations/`.

Every expectation carries `meta.severity` (decided per check in setup_suites.py): `error` blocks publishing;
`quarantine` means impossible records were kept out of the facts (the run publishes and alerts); `warning` publishes
and alerts.
"""
from __future__ import annotations

import json
import logging
import math
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from fazhi.db import connect

SEVERITIES = ("error", "quarantine", "warning")
RECORD_COLUMN = "record"

# Rows of a document-keyed dataset this run must check: on an incremental run those of the documents whose rows it
# rebuilt (dbt's staging.int_documents_changed, every current document after a whole dbt build, i.e. a first build, a
# full refresh or a changed project; plus raw.changed_documents, what landing and parsing touched). Rows of the other
# documents are those an earlier run checked, unchanged since. A row without a key is always checked. Datasets filter
# their table with it before joining: DuckDB does not push the `or` through a join (7x slower at 10,000 reports).
def _in_run(column: str) -> str:
    return f"""(not $changed_only or {column} is null or {column} in (
        select document_id from staging.int_documents_changed
        union select document_id from raw.changed_documents))"""


SPAN_MISMATCHES = "span_mismatches"  # a frame registered on the reading connection (register_span_mismatches)


def register_span_mismatches(con: Any, changed_only: bool) -> int:
    """Register, as the view span_mismatches(document_id, figure_index), the parsed figures in scope whose raw_span
    is not the document's text at char_start–char_end; returns how many. Python indexes a str by code point in O(1)
    where DuckDB's substr walks the UTF-8 text to the offset (2.6 s against 0.7 s at 10,000 reports), and reads the
    figures in batches with only the texts of their documents, so memory stays bounded by the batch."""
    import pandas  # with GX, only in the validating step

    figures = con.cursor()  # its own result stream; the texts are read on `con` meanwhile
    figures.execute(f"""
        select document_id, figure_index, char_start, char_end, raw_span from raw.parsed_figures f
        where {_in_run('f.document_id')}""", {"changed_only": changed_only})
    mismatches: list[tuple[str, int]] = []
    while rows := figures.fetchmany(batch_rows()):
        ids = sorted({row[0] for row in rows})
        texts = dict(con.execute("select document_id, text from raw.documents where document_id in "
                                 "(select unnest($ids))", {"ids": ids}).fetchall())
        mismatches += [(document_id, index) for document_id, index, start, end, span in rows
                       if document_id not in texts or texts[document_id][start:end] != span]
    figures.close()
    con.register(SPAN_MISMATCHES, pandas.DataFrame(mismatches, columns=["document_id", "figure_index"]).astype(
        {"document_id": "object", "figure_index": "int64"}))
    return len(mismatches)


@dataclass(frozen=True)
class Dataset:
    """SQL over the build file; `aggregate`: one row computed over the whole warehouse (counts, shares, duplicates),
    whose columns are the observed values. Every expectation of every suite checks single values (setup_suites.py
    asserts it), so a dataset of any size is checked in DuckDB first and only the rows that break some expectation,
    in batches, go to Great Expectations, which decides."""

    sql: str
    aggregate: bool = False


def _duplicates(table_sql: str, key: str, what: str) -> str:
    """A one-row count of the rows whose key occurs more than once (nulls ignored, as GX's unique check does), with
    the first duplicated keys."""
    return f"""
        with keyed as (select {key} as key, count(*) as n from ({table_sql}) where {key} is not null group by all)
        select coalesce(sum(n) filter (where n > 1), 0)::bigint as duplicate_{what}_rows,
               left(string_agg(key::varchar, ', ' order by key) filter (where n > 1), 500) as duplicate_{what}
        from keyed
    """


# dataset name → what it checks. Suites are named after the dataset they validate.
DATASETS: dict[str, Dataset] = {
    "raw_documents": Dataset(f"""
        -- not empty once trimmed (trim removes spaces): a regex stops at the first other character, where trim
        -- copies the whole text (1.6 s against 0.07 s at 10,000 reports)
        select d.document_id, d.encoding, regexp_matches(d.text, '[^ ]') as has_text, f.record
        from (select * from raw.documents where {_in_run('document_id')}) d
        -- one row per current document, also when its content lies under several names
        join (select document_id, min(source_file) as record from raw.current_files group by document_id) f
            using (document_id)
    """),
    "raw_documents_whole": Dataset("""
        with current_documents as (
            select d.document_id from raw.documents d
            join (select distinct document_id from raw.current_files) f using (document_id)
        ), duplicates as (""" + _duplicates("select * from current_documents", "document_id", "document_ids") + """)
        select (select count(*) from current_documents) as document_count, duplicates.*,
               concat_ws('; ', (select count(*) from current_documents) || ' current documents',
                         'duplicated: ' || duplicate_document_ids) as record
        from duplicates
    """, aggregate=True),
    "raw_parsed_documents": Dataset(f"""
        select p.document_id, p.doc_kind, p.admin_level, p.report_year, p.region_code,
               p.report_year is null or p.report_year between 1990 and year(current_date) + 1 as is_plausible_year,
               p.region_code is null or exists (
                   select 1 from raw.admin_divisions a
                   where a.region_code = p.region_code
                     and (p.report_year is null or (a.valid_from_year <= p.report_year
                          and (a.valid_until_year is null or p.report_year < a.valid_until_year)))
               ) as is_code_valid_in_year,
               concat_ws(' ', d.source_file, p.region_code, p.report_year) as record
        from (select * from raw.parsed_documents where {_in_run('document_id')}) p
        left join raw.documents d using (document_id)
    """),
    "raw_parsed_documents_whole": Dataset(f"""
        with duplicates as ({_duplicates("select document_id from raw.parsed_documents", "document_id",
                                         "document_ids")})
        select *, 'duplicated: ' || duplicate_document_ids as record from duplicates
    """, aggregate=True),
    # A document's parsed rows never change after the run that parsed it checked them: a run checks only its
    # documents' figures. Whether each span is the text at its offsets is found in Python (span_mismatches).
    "raw_parsed_figures": Dataset(f"""
        select f.document_id, f.figure_index, f.value, f.unit, f.qualifier,
               isfinite(f.value) as is_finite_value,
               not exists (select 1 from {SPAN_MISMATCHES} m
                           where m.document_id = f.document_id and m.figure_index = f.figure_index)
                   as is_span_at_offsets,
               d.source_file || ' @' || f.char_start || ': ' || f.raw_span as record
        from (select * from raw.parsed_figures where {_in_run('document_id')}) f
        join raw.documents d using (document_id)
    """),
    "marts_dim_document": Dataset(f"""
        select document_id, source_file, doc_kind, admin_level, region_code, report_year, is_anonymized,
               is_genuine_report, section_count,
               case when is_genuine_report then section_count end as report_section_count,
               source_file as record
        from marts.dim_document
        where {_in_run('document_id')}
    """),
    "marts_dim_document_whole": Dataset("""
        with ids as (""" + _duplicates("select document_id from marts.dim_document", "document_id",
                                       "document_ids") + """),
        files as (""" + _duplicates("select source_file from marts.dim_document", "source_file",
                                    "source_files") + """),
        sections as (
            select count(*) as document_count,
                   count(*) filter (where is_genuine_report) as genuine_report_count,
                   (count(*) filter (where is_genuine_report and section_count >= 1))
                       / nullif(count(*) filter (where is_genuine_report and section_count is not null), 0)
                       as genuine_report_with_section_share
            from marts.dim_document
        )
        select *, concat_ws('; ', document_count || ' documents',
                            genuine_report_count || ' genuine reports, share with a section '
                                || coalesce(round(genuine_report_with_section_share, 3)::varchar, '-'),
                            'duplicated ids: ' || duplicate_document_ids,
                            'duplicated files: ' || duplicate_source_files) as record
        from sections, ids, files
    """, aggregate=True),
    "marts_fct_indicator_observations": Dataset(f"""
        select o.observation_id, o.document_id, o.indicator_code, o.value, o.unit, o.qualifier, o.value_basis,
               d.document_id is not null as has_document,
               -- false, not null, for an indicator without bounds: every catalogue indicator, old or new, is checked
               case when o.indicator_code is not null
                   then coalesce(o.value between i.min_value and i.max_value, false) end as is_within_indicator_bounds,
               coalesce(d.source_file, o.document_id) || ' @' || o.char_start || ': ' || o.raw_span as record
        from (select * from marts.fct_indicator_observations where {_in_run('document_id')}) o
        left join marts.dim_document d using (document_id)
        left join marts.dim_indicator i using (indicator_code)
    """),
    "marts_fct_indicator_observations_whole": Dataset(f"""
        with duplicates as ({_duplicates("select observation_id from marts.fct_indicator_observations",
                                         "observation_id", "observation_ids")})
        select *, 'duplicated: ' || duplicate_observation_ids as record from duplicates
    """, aggregate=True),
    "marts_fct_region_year_indicators": Dataset("""
        select r.region_year_indicator_id, r.region_code, r.report_year, r.indicator_code, r.quoted_value,
               coalesce(r.quoted_value between i.min_value and i.max_value, false) as is_within_indicator_bounds,
               concat_ws(' ', r.region_name, r.report_year, r.indicator_code, '=', r.quoted_value) as record
        from marts.fct_region_year_indicators r
        left join marts.dim_indicator i using (indicator_code)
    """),
    "marts_fct_region_year_indicators_whole": Dataset("""
        with ids as (""" + _duplicates("select region_year_indicator_id from marts.fct_region_year_indicators",
                                       "region_year_indicator_id", "keys") + """),
        triples as (""" + _duplicates(
            "select region_code, report_year, indicator_code from marts.fct_region_year_indicators "
            "where coalesce(region_code, report_year::varchar, indicator_code) is not null",
            "concat_ws(' ', region_code, report_year, indicator_code)", "region_year_indicators") + """)
        select *, concat_ws('; ', 'duplicated keys: ' || duplicate_keys,
                            'duplicated region/year/indicator: ' || duplicate_region_year_indicators) as record
        from ids, triples
    """, aggregate=True),
    "marts_fct_quarantined_observations": Dataset("""
        with duplicates as (""" + _duplicates("select observation_id from marts.fct_quarantined_observations",
                                              "observation_id", "observation_ids") + """),
        quarantined as (
            select count(*) as quarantined_count,
                   left(string_agg(source_file || ' @' || char_start || ': ' || raw_span || ' — ' || quarantine_reason,
                                   ' | ' order by source_file, char_start), 2000) as quarantined_records
            from marts.fct_quarantined_observations
        )
        select *, concat_ws('; ', quarantined_records, 'duplicated: ' || duplicate_observation_ids) as record
        from quarantined, duplicates
    """, aggregate=True),
    # share of genuine (annual_report, work_summary_plan, work_plan), non-anonymised reports whose region resolved
    "marts_region_coverage": Dataset("""
        select count(*) as genuine_report_count,
               count(region_code) as region_resolved_count,
               case when count(*) > 0 then count(region_code) / count(*) end as region_resolved_share,
               'genuine, non-anonymised reports with a resolved region' as record
        from marts.dim_document
        where is_genuine_report and not is_anonymized
    """, aggregate=True),
    # a region's achieved indicator against the year before: how many times larger the larger figure is
    "marts_indicator_year_over_year": Dataset("""
        with achieved as (
            select r.region_code, r.region_name, r.report_year, r.indicator_code, i.indicator_name_zh, r.quoted_value
            from marts.fct_region_year_indicators r join marts.dim_indicator i using (indicator_code)
            where not r.is_quoted_target
        )
        select cur.region_code, cur.indicator_code, cur.report_year,
               prev.quoted_value as previous_value, cur.quoted_value as value,
               greatest(cur.quoted_value, prev.quoted_value) / least(cur.quoted_value, prev.quoted_value)
                   as jump_factor,
               concat(cur.region_name, ' ', cur.indicator_name_zh, ' ', prev.report_year, '→', cur.report_year,
                      ': ', prev.quoted_value, ' → ', cur.quoted_value) as record
        from achieved cur
        join achieved prev
          on prev.region_code = cur.region_code and prev.indicator_code = cur.indicator_code
         and prev.report_year = cur.report_year - 1
        where least(cur.quoted_value, prev.quoted_value) > 0
    """),
    # the reports under review (README "Reports under review")
    "marts_fct_reporting_compliance": Dataset("""
        select region_code, report_year, finding, has_report, share_shared_with_other_regions, report_score,
               concat_ws(' ', region_name, report_year, finding, primary_document_id) as record
        from marts.fct_reporting_compliance
    """),
    "marts_fct_reporting_compliance_whole": Dataset(f"""
        with duplicates as ({_duplicates(
            "select region_code, report_year from marts.fct_reporting_compliance "
            "where coalesce(region_code, report_year::varchar) is not null",
            "concat_ws(' ', region_code, report_year)", "region_years")})
        select *, 'duplicated: ' || duplicate_region_years as record from duplicates
    """, aggregate=True),
    "marts_fct_province_reporting_compliance": Dataset("""
        select province_name, report_year, share_found, share_on_time, share_complete, share_found_counties,
               concat_ws(' ', province_name, report_year) as record
        from marts.fct_province_reporting_compliance
    """),
    "marts_fct_province_reporting_compliance_whole": Dataset(f"""
        with duplicates as ({_duplicates(
            "select province_name, report_year from marts.fct_province_reporting_compliance "
            "where coalesce(province_name, report_year::varchar) is not null",
            "concat_ws(' ', province_name, report_year)", "province_years")})
        select *, 'duplicated: ' || duplicate_province_years as record from duplicates
    """, aggregate=True),
    # scores depend on the other documents (originality, shares): every row is checked, in DuckDB first
    "marts_fct_report_assessments": Dataset("""
        select document_id, required_parts_found, on_time_score, required_parts_score, data_disclosure_score,
               originality_score, report_score, share_shared_with_other_regions,
               concat_ws(' ', region_name, report_year, document_id) as record
        from marts.fct_report_assessments
    """),
    "marts_fct_report_assessments_whole": Dataset(f"""
        with duplicates as ({_duplicates("select document_id from marts.fct_report_assessments", "document_id",
                                         "document_ids")})
        select *, 'duplicated: ' || duplicate_document_ids as record from duplicates
    """, aggregate=True),
    # a flagged copy must point at an earlier document: by publish date, else report year
    "marts_fct_document_similarity": Dataset("""
        select s.document_id || '>' || s.source_document_id as pair_key, s.jaccard_similarity,
               s.share_of_document_in_source, s.share_of_source_in_document, s.is_flagged_copy,
               source.document_id is not null as has_source_document,
               case when s.is_flagged_copy then case s.source_decided_by
                   when 'publish_date' then s.source_publish_date < s.publish_date
                   when 'report_year' then s.source_report_year < s.report_year
                   else false end end as is_source_earlier,
               concat_ws(' ', copy.source_file, '<', source.source_file, s.jaccard_similarity) as record
        from marts.fct_document_similarity s
        left join marts.dim_document copy on copy.document_id = s.document_id
        left join marts.dim_document source on source.document_id = s.source_document_id
    """),
    "marts_fct_document_similarity_whole": Dataset(f"""
        with duplicates as ({_duplicates(
            "select document_id || '>' || source_document_id as pair_key from marts.fct_document_similarity",
            "pair_key", "pairs")})
        select *, 'duplicated: ' || duplicate_pairs as record from duplicates
    """, aggregate=True),
    # this build against the last published warehouse (counts recorded before landing; null on a first run)
    "run_volume": Dataset("""
        with counts as (
            select cast($previous_documents as bigint) as previous_documents,
                   (select count(*) from marts.dim_document) as current_documents,
                   cast($previous_observations as bigint) as previous_observations,
                   (select count(*) from marts.fct_indicator_observations) as current_observations
        )
        select *,
               case when previous_documents > 0 then current_documents / previous_documents end as document_share,
               case when previous_observations > 0 then current_observations / previous_observations end
                   as observation_share,
               concat('documents ', coalesce(previous_documents::varchar, '-'), ' → ', current_documents,
                      ', observations ', coalesce(previous_observations::varchar, '-'), ' → ', current_observations)
                   as record
        from counts
    """, aggregate=True),
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
    description: str | None = None  # what the check means, for people; kept in the history file, not the table

    def as_row(self) -> tuple:
        """The row of raw.quality_check_results (its columns, in DDL order)."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.name != "description")

    def label(self) -> str:
        """One line naming the check and what was observed, for summaries and alerts."""
        text = f"{self.suite}: {self.check_name}"
        if self.description:
            text += f" — {self.description}"
        if self.observed_value is not None:
            text += f" (observed {self.observed_value})"
        if self.details:
            text += f": {self.details}"
        return text


@dataclass(frozen=True)
class Volume:
    """Documents and observations in a warehouse's marts; None where the mart does not exist (a first run)."""

    documents: int | None = None
    observations: int | None = None

    def as_previous(self) -> dict[str, int | None]:
        """The run_volume dataset's parameters, when this is the last published run's volume."""
        return {"previous_documents": self.documents, "previous_observations": self.observations}


def read_volume(database: Path) -> Volume:
    """marts.dim_document and marts.fct_indicator_observations counts. Read from the build file right after it was
    copied from the published warehouse (before landing), this is the last published run's volume."""
    counts: dict[str, int | None] = {}
    with connect(database, read_only=True) as con:
        existing = {r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
        for key, table in (("documents", "dim_document"), ("observations", "fct_indicator_observations")):
            counts[key] = con.execute(f"select count(*) from marts.{table}").fetchone()[0] if table in existing else None
    return Volume(**counts)


def quarantined_records(database: Path, limit: int = 200) -> list[dict]:
    """The rows of marts.fct_quarantined_observations (the first `limit`), for the run's summary and alert."""
    columns = ("observation_id", "document_id", "source_file", "indicator_code", "value", "unit", "raw_span",
               "quarantine_rule", "quarantine_reason", "run_id")
    with connect(database, read_only=True) as con:
        if not con.execute("select count(*) from duckdb_tables() where schema_name = 'marts' "
                           "and table_name = 'fct_quarantined_observations'").fetchone()[0]:
            return []
        rows = con.execute(f"select {', '.join(columns)} from marts.fct_quarantined_observations "
                           "order by source_file, char_start limit ?", [limit]).fetchall()
    return [dict(zip(columns, row)) for row in rows]


def _check_name(config: Any) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k in ("column", "column_A", "column_B", "column_list")}
    target = ",".join(str(v) if not isinstance(v, list) else ",".join(v) for v in kwargs.values())
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


def _details(result: dict, frame: Any, success: bool) -> str | None:
    """The first records that broke the check (named by the dataset's record column), else the values."""
    sample: list = [row.get(RECORD_COLUMN) for row in result.get("partial_unexpected_index_list") or []
                     if isinstance(row, dict) and row.get(RECORD_COLUMN) is not None]
    if not sample:
        sample = list(result.get("partial_unexpected_list") or [])
    if not sample and not success and frame is not None and RECORD_COLUMN in frame.columns:
        sample = frame[RECORD_COLUMN].dropna().head(5).tolist()  # a failed table-level check: show what is there
    if sample:
        return json.dumps(sample[:5], ensure_ascii=False, default=str)
    return None


def prepare_gx_project(expectations_dir: Path, work_dir: Path) -> Path:
    """A fresh private copy of the committed GX project (no `uncommitted/`) under work_dir; returns work_dir."""
    target = work_dir / "gx"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(expectations_dir / "gx", target, ignore=shutil.ignore_patterns("uncommitted", "__pycache__"))
    return work_dir


def gx_context(project_root: Path):
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx  # slow import (2-3 s): only in the validating step

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    return gx.get_context(mode="file", project_root_dir=str(project_root))


def open_gx_project_in_background(expectations_dir: Path, work_dir: Path) -> Future:
    """The private GX project's context (prepare_gx_project + gx_context), opened on a thread: importing GX takes
    2–3 s, which a run spends while dbt builds in its own process and this one waits."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gx-open")
    try:
        return executor.submit(lambda: gx_context(prepare_gx_project(expectations_dir, work_dir)))
    finally:
        executor.shutdown(wait=False)


BATCH_ROWS = 100_000  # rows handed to Great Expectations at once (FAZHI_QUALITY_BATCH_ROWS): bounds the memory


def batch_rows() -> int:
    return max(1, int(os.environ.get("FAZHI_QUALITY_BATCH_ROWS", BATCH_ROWS)))


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def violation_sql(expectation: Any) -> str:
    """A DuckDB condition true for every row the expectation could find unexpected (and maybe a few more): the
    rows handed to GX, which decides. Nulls are ignored as GX ignores them, except by the not-null check, which
    also takes NaN (pandas counts it as missing). Only checks of single values can run in batches."""
    kwargs = expectation.configuration.kwargs
    if kwargs.get("mostly", 1) != 1:
        raise ValueError(f"{expectation.expectation_type} with mostly: a share of the whole, not a value check")
    column = '"' + kwargs["column"].replace('"', '""') + '"'
    kind = expectation.expectation_type
    if kind == "expect_column_values_to_not_be_null":
        return f"({column} is null or lower({column}::varchar) = 'nan')"
    if kind == "expect_column_values_to_be_in_set":
        values = ", ".join(_literal(v) for v in kwargs["value_set"])
        return f"({column} is not null and {column} not in ({values}))" if values else f"({column} is not null)"
    if kind == "expect_column_values_to_be_between":
        bounds = []
        if kwargs.get("min_value") is not None:
            bounds.append(f"{column} {'<=' if kwargs.get('strict_min') else '<'} {_literal(kwargs['min_value'])}")
        if kwargs.get("max_value") is not None:
            bounds.append(f"{column} {'>=' if kwargs.get('strict_max') else '>'} {_literal(kwargs['max_value'])}")
        return f"coalesce({' or '.join(bounds) or 'false'}, false)"
    if kind == "expect_column_values_to_match_regex":
        return f"({column} is not null and not regexp_matches({column}::varchar, {_literal(kwargs['regex'])}))"
    raise ValueError(f"{kind} is not a check of single values")


def _parameters(sql: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in parameters.items() if f"${k}" in sql}


def load_datasets(database: Path, previous: Volume | None = None, parsed_in_run_only: bool = False) -> dict[str, Any]:
    """Every dataset whole as a pandas DataFrame (for inspection and tests: a run never reads them whole)."""
    parameters = {**(previous or Volume()).as_previous(), "changed_only": parsed_in_run_only}
    with connect(database, read_only=True) as con:
        register_span_mismatches(con, parsed_in_run_only)
        return {name: con.execute(d.sql, _parameters(d.sql, parameters)).df() for name, d in DATASETS.items()}


def _batches(con: Any, name: str, dataset: Dataset, expectations: list, parameters: dict[str, Any]):
    """(rows in scope, frames to validate): an aggregate's one row; else the rows breaking some expectation, in
    batches of batch_rows() (at least one frame, empty when every row passed)."""
    used = _parameters(dataset.sql, parameters)
    if dataset.aggregate:
        frame = con.execute(dataset.sql, used).df()
        return len(frame), iter([frame])
    # DuckDB drops the unused columns of the dataset's projection: counting does not compute the checks
    rows = con.execute(f"select count(*) from ({dataset.sql}) as data", used).fetchone()[0]
    condition = " or ".join(violation_sql(e) for e in expectations) or "false"
    result = con.execute(f"select * from ({dataset.sql}) as data where {condition}", used)
    size = batch_rows()
    vectors = max(1, size // 2048)  # DuckDB hands out rows in vectors of 2,048

    def frames():
        frame = result.fetch_df_chunk(vectors)
        if not len(frame):
            yield frame
        while len(frame):
            for start in range(0, len(frame), size):
                yield frame.iloc[start:start + size]
            frame = result.fetch_df_chunk(vectors)
    return rows, frames()


def _merge(total: dict | None, result: dict) -> dict:
    """One expectation's results over the batches of a dataset: counts added, the first unexpected records kept."""
    if total is None:
        return dict(result)
    merged = dict(total)
    merged["unexpected_count"] = total.get("unexpected_count", 0) + result.get("unexpected_count", 0)
    for key in ("partial_unexpected_list", "partial_unexpected_index_list"):
        merged[key] = (list(total.get(key) or []) + list(result.get(key) or []))[:20]
    return merged


def run_quality_checks(database: Path, expectations_dir: Path, run_id: str, now: datetime, *,
                       work_dir: Path, volume: Volume | None = None, context: Any = None,
                       parsed_in_run_only: bool = False) -> list[CheckResult]:
    """Run every committed suite on its dataset; one CheckResult per expectation, in suite order.

    `volume` is the last published run's (None on a first run). parsed_in_run_only: the document-keyed datasets
    hold only the rows of the documents this run changed (see _in_run), as an ordinary run checks them; without it,
    every row. Validation results are stored in the private GX project under work_dir, from which build_data_docs
    renders; `context` is that project's, when already open (open_gx_project_in_background).
    """
    if context is None:
        context = gx_context(prepare_gx_project(expectations_dir, work_dir))
    parameters = {**(volume or Volume()).as_previous(), "changed_only": parsed_in_run_only}
    results: list[CheckResult] = []
    with connect(database, read_only=True) as con:
        register_span_mismatches(con, parsed_in_run_only)
        for name, dataset in DATASETS.items():
            results.extend(_validate(con, context, name, dataset, parameters, run_id, now))
    return results


def _validate(con: Any, context: Any, name: str, dataset: Dataset, parameters: dict[str, Any], run_id: str,
              now: datetime) -> list[CheckResult]:
    import pandas  # with GX, only in the validating step
    definition = context.validation_definitions.get(name)
    expectations = list(definition.suite.expectations)
    merged: dict[str, dict] = {}
    success: dict[str, bool] = {}
    configs: dict[str, Any] = {}
    last_frame = None
    try:
        rows, frames = _batches(con, name, dataset, expectations, parameters)
        for frame in frames:
            last_frame = frame
            result_format: dict[str, Any] = {"result_format": "SUMMARY"}
            if RECORD_COLUMN in frame.columns:
                result_format["unexpected_index_column_names"] = [RECORD_COLUMN]
            outcome = definition.run(batch_parameters={"dataframe": frame}, result_format=result_format)
            for r in outcome.results:
                config = r.expectation_config
                configs[config.id] = config
                result = r.result or {}
                if r.exception_info and r.exception_info.get("raised_exception"):
                    result = {"exception": r.exception_info.get("exception_message")}
                merged[config.id] = _merge(merged.get(config.id), result)
                success[config.id] = success.get(config.id, True) and bool(r.success)
    except Exception as exc:  # noqa: BLE001 - the dataset's SQL failed: none of its checks ran
        for e in expectations:
            configs[e.id] = e.configuration
            merged[e.id], success[e.id] = {"exception": f"{type(exc).__name__}: {exc}"}, False
        rows = 0
    checks = []
    for e in expectations:  # GX returns results unordered: the suite's order
        config, result = configs.get(e.id, e.configuration), merged.get(e.id, {})
        severity = (config.meta or {}).get("severity", "error")
        if "exception" in result:
            result = {"observed_value": f"exception: {result['exception']}"}
            severity = "error"  # a check that cannot run guards nothing
        elif dataset.aggregate and last_frame is not None and len(last_frame):
            value = last_frame[config.kwargs["column"]].iloc[0]
            result = {**result, "observed_value": None if pandas.isna(value) else
                      value.item() if hasattr(value, "item") else value}  # the aggregate itself, for the history
        elif "unexpected_count" in result:
            result = {**result, "element_count": rows}  # of the rows in scope, not of those handed to GX
        ok = success.get(e.id, False)
        checks.append(CheckResult(
            run_id=run_id, checked_at=now, suite=name, check_name=_check_name(config), severity=severity,
            success=ok, observed_value=_observed(result), details=_details(result, last_frame, ok),
            description=config.description,
        ))
    return checks


def failures(results: list[CheckResult], severity: str) -> list[CheckResult]:
    return [r for r in results if not r.success and r.severity == severity]


def blocking_failures(results: list[CheckResult]) -> list[CheckResult]:
    return failures(results, "error")


def stage_failure(run_id: str, now: datetime, stage: str, error: str) -> CheckResult:
    """A run that failed before or outside Great Expectations (landing, parsing, dbt) as a failed check;
    `error` is what the stage raised, "RuntimeError: …"."""
    kind, _, message = error.partition(": ")
    return CheckResult(
        run_id=run_id, checked_at=now, suite="pipeline", check_name=f"stage {stage} completes", severity="error",
        success=False, observed_value=kind, details=(message or error)[:2000],
        description=f"the {stage} stage raised an error",
    )


def append_history(history: Path, results: list[CheckResult]) -> None:
    """Keep every run's results outside the build file, so failed runs (never published) are kept too."""
    history.parent.mkdir(parents=True, exist_ok=True)
    if history.exists() and history.stat().st_size:
        with history.open("rb+") as f:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":  # a run killed mid-write left a half line: end it, or the next record joins it
                f.write(b"\n")
    with history.open("a", encoding="utf-8") as f:
        for r in results:
            row = asdict(r)
            row["checked_at"] = r.checked_at.isoformat()
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_history(history: Path) -> list[tuple]:
    """Rows for raw.quality_check_results from the history file (empty when there is none)."""
    if not history.exists():
        return []
    known = {f.name for f in fields(CheckResult)}
    rows = []
    for line in history.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            row["checked_at"] = datetime.fromisoformat(row["checked_at"])
            rows.append(CheckResult(**{k: v for k, v in row.items() if k in known}).as_row())
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            continue  # a line cut short by a killed run
    return rows


def build_data_docs(project_root: Path, target: Path, run_id: str, results: list[CheckResult],
                    context: Any = None) -> Path:
    """Render the run's validation results (stored under project_root) as offline Data Docs in target/<run_id>."""
    from fazhi.data_docs import publish_site

    if context is None:
        context = gx_context(project_root)
    context.build_data_docs(site_names=["local_site"])
    site_config = context.get_config().data_docs_sites["local_site"]
    site = project_root / "gx" / site_config["store_backend"]["base_directory"]
    return publish_site(site, target, run_id, results)
