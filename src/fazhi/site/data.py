"""What the report site shows, read from a published warehouse (read-only) into plain dicts, one per page.

Pages are read by group, never by a query per page (a warehouse has thousands of region pages): the region pages of a
batch of regions from one query per mart filtered to those regions, the indicator pages likewise. Before reading,
`page_fingerprints` digests in DuckDB, with one grouped pass per table, exactly the columns each region and indicator
page shows, so the build (fazhi.site.build) reads and renders only the pages whose digest changed. The contexts hold
only JSON-able values.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

import duckdb

DOC_KIND_ZH = {
    "annual_report": "年度报告", "work_summary_plan": "总结与计划", "work_plan": "工作要点/计划",
    "implementation_plan": "实施方案", "notice": "通知", "news": "新闻", "academic": "学术", "other": "其他",
}
# A sentence ends at these; the context shown with a figure is the sentence around its span.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
CONTEXT_CHARS = 160  # characters read on each side of a span to find its sentence
RANKED_REGIONS = 10  # top and bottom regions listed on an indicator page
MAX_LISTED = 2000  # rows of a long list (missing reports) shown on a page; the rest is counted, not listed


def _plain(value):
    """A value as JSON and Jinja want it: dates as ISO text, floats without noise."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [{n: _plain(v) for n, v in zip(names, row)} for row in cursor.fetchall()]


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "union select schema_name || '.' || view_name from duckdb_views() where not internal"
    ).fetchall()
    return {r[0] for r in rows}


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    rows = con.execute("select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
                       [schema, table]).fetchall()
    return {r[0] for r in rows}


def sentence_around(window: str, span_start: int, span_end: int) -> tuple[str, str]:
    """The text before and after window[span_start:span_end] within its sentence (cut at 。！？； and line ends)."""
    start = 0
    for match in _SENTENCE_END.finditer(window, 0, span_start):
        start = match.end()
    end_match = _SENTENCE_END.search(window, span_end)
    end = end_match.end() if end_match else len(window)
    return window[start:span_start].lstrip(), window[span_end:end].rstrip()


def _quality_status(checks: list[dict]) -> str:
    """One word for a run: failed (a blocking check failed), quarantine, warning or passed."""
    failed = {c["severity"] for c in checks if not c["success"]}
    for status in ("error", "quarantine", "warning"):
        if status in failed:
            return {"error": "failed"}.get(status, status)
    return "passed"


# The columns each page kind reads. A page's fingerprint is a hash of exactly these (site.build), computed in DuckDB
# per region and per indicator with one grouped query per table, so an unchanged page is neither read nor rendered.
_DOCUMENT_COLUMNS = ("document_id", "source_file", "title", "doc_kind", "region_code", "region_name", "province_name",
                     "prefecture_name", "report_year", "publish_date", "is_anonymized")
_VALUE_COLUMNS = ("region_code", "region_name", "report_year", "indicator_code", "quoted_value", "quoted_unit",
                  "quoted_qualifier", "is_quoted_target", "quoted_observation_id", "quoted_raw_span",
                  "observation_count", "document_count", "distinct_value_count", "min_value", "max_value",
                  "has_disagreement")
# of _VALUE_COLUMNS, those an indicator page shows (its pages read most of the table: only these leave DuckDB)
_INDICATOR_PAGE_COLUMNS = ("region_code", "region_name", "report_year", "indicator_code", "quoted_value", "quoted_unit",
                           "quoted_raw_span", "has_disagreement")
_OBSERVATION_COLUMNS = ("observation_id", "document_id", "indicator_code", "value", "unit", "qualifier", "is_target",
                        "raw_span", "char_start", "char_end")


def _values_shown(alias: str = "") -> str:
    """The fct_region_year_indicators rows a page shows: a region's values and an indicator's distribution."""
    return f"{alias}region_code is not null and {alias}quoted_value is not null"


def _has_region(alias: str = "") -> str:
    """A document's region has a page (an empty code is no region)."""
    return f"{alias}region_code is not null and {alias}region_code <> ''"


REQUIRED = ("marts.dim_document", "marts.fct_indicator_observations", "marts.fct_region_year_indicators",
            "marts.dim_indicator", "marts.fct_quality_checks")


def check_published(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The warehouse's relations; ValueError when it lacks a mart the pages read."""
    relations = _relations(con)
    missing = [t for t in REQUIRED if t not in relations]
    if missing:
        raise ValueError(f"not a published Fazhi warehouse: {', '.join(missing)} missing")
    return relations


def _url_column(con: duckdb.DuckDBPyConnection) -> str:
    # source_url is in the contract but filled by the collector; a warehouse built before it has no such column
    return "source_url" if "source_url" in _columns(con, "marts", "dim_document") else "null"


def _row_hash(alias: str, columns: tuple[str, ...]) -> str:
    """An order-independent digest of a group of rows: the sum of their row hashes, with the row count beside it.
    (The rows of a group are distinct by their key, so no two cancel out.)"""
    qualified = ", ".join(c if c == "null" else f"{alias}.{c}" for c in columns)
    return f"count(*)::varchar || ':' || sum(hash({qualified})::hugeint)::varchar"


@dataclass(frozen=True)
class Fingerprints:
    """Digests of the data each page reads. `shared` covers what every region and indicator page reads besides its
    own rows (the indicator names, whether the landed text is there)."""
    shared: str
    regions: dict[str, str]  # region_code → digest of its documents, values and observations
    region_documents: dict[str, int]  # region_code → its documents (to size the batches a build reads)
    indicators: dict[str, str]  # indicator_code → digest of its values (and whether each region has a page)
    indicator_rows: dict[str, int]


def page_fingerprints(con: duckdb.DuckDBPyConnection, relations: set[str]) -> Fingerprints:
    """One grouped pass per table: no row leaves DuckDB, so this costs a scan, not a read of the corpus."""
    url = _url_column(con)
    names = con.execute("select count(*)::varchar || ':' || coalesce(sum(hash(indicator_code, indicator_name_zh, "
                        "indicator_name_en, unit))::hugeint, 0)::varchar from marts.dim_indicator").fetchone()[0]
    shared = f"{names}|text:{'raw.documents' in relations}|url:{url}"
    # the text a source sentence is cut from is the document's landed text: content_sha256 stands for it
    doc_columns = _DOCUMENT_COLUMNS + (url, "content_sha256")
    rows = con.execute(f"""
        with docs as (
            select region_code, count(*) as documents,
                   {_row_hash("d", doc_columns)} as digest
            from marts.dim_document d where {_has_region()} group by region_code
        ), vals as (
            select region_code, {_row_hash("v", _VALUE_COLUMNS)} as digest
            from marts.fct_region_year_indicators v where {_values_shown()} group by region_code
        ), obs as (
            select d.region_code, {_row_hash("o", _OBSERVATION_COLUMNS)} as digest
            from marts.fct_indicator_observations o join marts.dim_document d on d.document_id = o.document_id
            where {_has_region("d.")} and o.indicator_code is not null group by d.region_code
        )
        select docs.region_code, docs.documents,
               docs.digest || '|' || coalesce(vals.digest, '-') || '|' || coalesce(obs.digest, '-')
        from docs left join vals using (region_code) left join obs using (region_code)
    """).fetchall()
    regions = {code: digest for code, _, digest in rows}
    region_documents = {code: documents for code, documents, _ in rows}
    shown = _INDICATOR_PAGE_COLUMNS
    rows = con.execute(f"""
        with pages as (select distinct region_code from marts.dim_document where {_has_region()})
        select v.indicator_code, count(*),
               {_row_hash("v", shown)} || ':' || sum(hash(v.region_code, p.region_code is not null))::hugeint::varchar
        from marts.fct_region_year_indicators v left join pages p on p.region_code = v.region_code
        where {_values_shown("v.")} group by v.indicator_code
    """).fetchall()
    return Fingerprints(shared=shared, regions=regions, region_documents=region_documents,
                        indicators={code: digest for code, _, digest in rows},
                        indicator_rows={code: n for code, n, _ in rows})


def read_indicator_names(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    return {r["indicator_code"]: r for r in _records(
        con, "select indicator_code, indicator_name_zh, indicator_name_en, unit from marts.dim_indicator")}


def _read_values(con: duckdb.DuckDBPyConnection, key: str, codes: list[str] | None,
                 columns: tuple[str, ...] = _VALUE_COLUMNS) -> list[dict]:
    where = f"and {key} in (select unnest(?))" if codes is not None else ""
    return _records(con, f"""
        select {", ".join(columns)}
        from marts.fct_region_year_indicators
        where {_values_shown()} {where}
        order by region_code, indicator_code, report_year
    """, [codes] if codes is not None else None)


def read_region_pages(con: duckdb.DuckDBPyConnection, relations: set[str], codes: list[str] | None,
                      indicator_names: dict[str, dict]) -> dict[str, dict]:
    """The contexts of the region pages of `codes` (None: every region), reading only those regions' rows."""
    documents = _read_documents(con, codes)
    values = _read_values(con, "region_code", codes)
    document_ids = None if codes is None else [d["document_id"] for d in documents]
    observations = _read_observations(con, relations, document_ids)
    return _region_pages(documents, values, observations, indicator_names)


def read_indicator_pages(con: duckdb.DuckDBPyConnection, codes: list[str] | None, indicator_names: dict[str, dict],
                         region_pages: set[str]) -> dict[str, dict]:
    """The contexts of the indicator pages of `codes` (None: every indicator); `region_pages` are the regions with a
    page, which the rankings link to."""
    return _indicator_pages(_read_values(con, "indicator_code", codes, _INDICATOR_PAGE_COLUMNS), indicator_names,
                            region_pages)


def read_overview(con: duckdb.DuckDBPyConnection, indicator_names: dict[str, dict]) -> dict:
    """The overview page's context, aggregated in DuckDB (the same numbers the region and indicator pages show)."""
    per_year_kind = con.execute("select report_year, doc_kind, count(*) from marts.dim_document "
                                "where report_year is not null group by all").fetchall()
    per_province = con.execute(f"""
        select coalesce(nullif(province_name, ''), '(省份不明)'), count(distinct region_code)
        from marts.dim_document where {_has_region()} group by 1
    """).fetchall()
    documents, regions = con.execute(f"select count(*), count(distinct region_code) filter (where {_has_region()}) "
                                     "from marts.dim_document").fetchone()
    observations = con.execute("select count(*) from marts.fct_indicator_observations").fetchone()[0]
    values = con.execute(f"select count(*) from marts.fct_region_year_indicators where {_values_shown()}").fetchone()[0]
    # each region's names are those of its latest document, as on its page
    region_rows = _records(con, f"""
        select region_code, region_name, province_name, prefecture_name, report_count, first_year, last_year
        from (
            select region_code, region_name, province_name, prefecture_name,
                   count(*) over w as report_count, min(report_year) over w as first_year,
                   max(report_year) over w as last_year,
                   row_number() over (partition by region_code
                                      order by coalesce(report_year, 0) desc, document_id desc) as latest
            from marts.dim_document where {_has_region()}
            window w as (partition by region_code)
        ) where latest = 1
    """)
    indicator_rows = con.execute(f"""
        select indicator_code, count(distinct region_code), count(*)
        from marts.fct_region_year_indicators where {_values_shown()} group by indicator_code
    """).fetchall()
    indicators = []
    for code, region_count, row_count in indicator_rows:
        name = indicator_names.get(code, {})
        indicators.append({"indicator_code": code, "indicator_name_zh": name.get("indicator_name_zh") or code,
                           "unit": name.get("unit"), "region_count": region_count, "row_count": row_count})
    return {
        "document_count": documents,
        "region_count": regions,
        "observation_count": observations,
        "value_count": values,
        "reports_by_year_kind": [
            {"report_year": y, "doc_kind": k, "doc_kind_zh": DOC_KIND_ZH.get(k, k), "reports": n}
            for y, k, n in sorted(per_year_kind, key=lambda r: (r[0], r[1]))
        ],
        "regions_by_province": [{"province_name": p, "regions": n}
                                for p, n in sorted(per_province, key=lambda r: (-r[1], r[0]))],
        "regions": sorted(region_rows, key=lambda p: (p["province_name"] or "", p["region_code"])),
        "indicators": sorted(indicators, key=lambda p: (-p["region_count"], p["indicator_code"])),
    }


def _read_documents(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None) -> list[dict]:
    where = "where region_code in (select unnest(?))" if codes is not None else ""
    return _records(con, f"""
        select {", ".join(_DOCUMENT_COLUMNS)}, {_url_column(con)} as source_url
        from marts.dim_document {where}
        order by region_code, report_year, publish_date, document_id
    """, [codes] if codes is not None else None)


def _read_observations(con: duckdb.DuckDBPyConnection, relations: set[str],
                       document_ids: list[str] | None = None) -> dict[str, list[dict]]:
    """Mapped observations by region code, each with the sentence it was read from: of the documents given (None:
    every document, all their texts in memory at once: for tests and small warehouses). The documents are picked in
    each table's scan (a semi-join on their ids), so a batch reads its own documents' rows and texts only."""
    picked = "where document_id in (select unnest(?))" if document_ids is not None else ""
    params = [document_ids] if document_ids is not None else []
    rows = con.execute(f"""
        select d.region_code, o.observation_id, o.document_id, o.indicator_code, o.value, o.unit, o.qualifier,
               o.is_target, o.raw_span, o.char_start, o.char_end, d.report_year, d.title, d.source_file
        from (select * from marts.fct_indicator_observations {picked}) o
        join marts.dim_document d on d.document_id = o.document_id
        where d.region_code is not null and o.indicator_code is not null
        order by d.region_code, o.indicator_code, d.report_year, o.document_id, o.char_start
    """, params).fetchall()
    # Each document's landed text once, cut in Python: DuckDB's substr walks the UTF-8 text from its start for every
    # figure (most of the time this took). The published file holds the text; a marts-only copy may not.
    texts: dict[str, str] = {}
    if "raw.documents" in relations:
        texts = dict(con.execute(f"select document_id, text from raw.documents {picked}", params).fetchall())
    by_region: dict[str, list[dict]] = defaultdict(list)
    for (region, obs_id, doc_id, code, value, unit, qualifier, is_target, span, start, end, year, title,
         source) in rows:
        text = texts.get(doc_id)
        before = after = ""  # no landed text to read the sentence from: the span alone
        if text and start is not None and end is not None:
            window_start = max(start - CONTEXT_CHARS, 0)
            window = text[window_start:end + CONTEXT_CHARS]
            if window and window[start - window_start:end - window_start] == span:
                before, after = sentence_around(window, start - window_start, end - window_start)
        by_region[region].append({
            "observation_id": obs_id, "document_id": doc_id, "indicator_code": code, "value": _plain(value),
            "unit": unit, "qualifier": qualifier, "is_target": is_target, "raw_span": span, "char_start": start,
            "char_end": end, "report_year": year, "title": title, "source_file": source, "before": before,
            "after": after,
        })
    return by_region


def _region_pages(documents: list[dict], values: list[dict], observations: dict[str, list[dict]],
                  indicator_names: dict[str, dict]) -> dict[str, dict]:
    pages: dict[str, dict] = {}
    docs_by_region: dict[str, list[dict]] = defaultdict(list)
    for d in documents:
        if d["region_code"]:
            docs_by_region[d["region_code"]].append(d)
    values_by_region: dict[str, list[dict]] = defaultdict(list)
    for v in values:
        values_by_region[v["region_code"]].append(v)
    for code, docs in docs_by_region.items():
        latest = max(docs, key=lambda d: (d["report_year"] or 0, d["document_id"]))
        region_obs = observations.get(code, [])
        by_key: dict[tuple, list[dict]] = defaultdict(list)
        for o in region_obs:
            by_key[(o["report_year"], o["indicator_code"])].append(o)
        rows = []
        for v in values_by_region.get(code, []):
            name = indicator_names.get(v["indicator_code"], {})
            rows.append({**v, "indicator_name_zh": name.get("indicator_name_zh") or v["indicator_code"],
                         "observation_ids": [o["observation_id"] for o in
                                             by_key.get((v["report_year"], v["indicator_code"]), [])]})
        years = [d["report_year"] for d in docs if d["report_year"] is not None]
        pages[code] = {
            "region_code": code, "region_name": latest["region_name"], "province_name": latest["province_name"],
            "prefecture_name": latest["prefecture_name"], "report_count": len(docs),
            "first_year": min(years) if years else None, "last_year": max(years) if years else None,
            "reports": [{**d, "doc_kind_zh": DOC_KIND_ZH.get(d["doc_kind"], d["doc_kind"])} for d in docs],
            "values": rows,
            "disagreement_count": sum(1 for r in rows if r["has_disagreement"]),
            "observations": [{**o, "indicator_name_zh": indicator_names.get(o["indicator_code"], {}).get(
                "indicator_name_zh") or o["indicator_code"]} for o in region_obs],
        }
    return pages


def _quantile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), so the table and the box agree."""
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _indicator_pages(values: list[dict], indicator_names: dict[str, dict],
                     regions: Container[str]) -> dict[str, dict]:
    by_indicator: dict[str, list[dict]] = defaultdict(list)
    for v in values:
        by_indicator[v["indicator_code"]].append(v)
    pages = {}
    for code, rows in by_indicator.items():
        name = indicator_names.get(code, {})
        by_year: dict[int, list[float]] = defaultdict(list)
        for r in rows:
            by_year[r["report_year"]].append(float(r["quoted_value"]))
        per_year = []
        for year in sorted(by_year):
            xs = sorted(by_year[year])
            per_year.append({"report_year": year, "regions": len(xs), "min": _plain(xs[0]),
                             "q1": _plain(round(_quantile(xs, 0.25), 4)), "median": _plain(round(median(xs), 4)),
                             "q3": _plain(round(_quantile(xs, 0.75), 4)), "max": _plain(xs[-1])})
        latest_year = max(by_year)
        latest = sorted((r for r in rows if r["report_year"] == latest_year),
                        key=lambda r: (-r["quoted_value"], r["region_code"]))
        if len(latest) > 2 * RANKED_REGIONS:
            ranked = [{**r, "rank_group": "top"} for r in latest[:RANKED_REGIONS]] + \
                     [{**r, "rank_group": "bottom"} for r in latest[-RANKED_REGIONS:]]
        else:
            ranked = [{**r, "rank_group": "all"} for r in latest]
        pages[code] = {
            "indicator_code": code, "indicator_name_zh": name.get("indicator_name_zh") or code,
            "indicator_name_en": name.get("indicator_name_en"), "unit": name.get("unit"),
            "region_count": len({r["region_code"] for r in rows}), "row_count": len(rows),
            "per_year": per_year, "latest_year": latest_year, "latest_region_count": len(latest),
            "ranked": [{k: r[k] for k in ("region_code", "region_name", "quoted_value", "quoted_unit",
                                          "quoted_raw_span", "has_disagreement", "rank_group")}
                       | {"has_page": r["region_code"] in regions,
                          "rank_group_zh": {"top": "最高", "bottom": "最低"}.get(r["rank_group"], "全部")}
                       for r in ranked],
        }
    return pages


# The compliance marts are another issue's work (15): their columns are looked up by these candidate names, so a
# page appears as soon as the tables do, and each part says plainly when the warehouse lacks what it needs.
_COMPLIANCE_COLUMNS = {
    "region_code": ("region_code",),
    "region_name": ("region_name",),
    "province_name": ("province_name",),
    "report_year": ("report_year", "year"),
    "found": ("has_report", "is_report_found", "report_found", "is_found"),
    "on_time": ("is_published_by_deadline", "is_on_time", "published_on_time", "on_time"),
    "complete": ("has_required_content", "is_complete", "is_content_complete", "complete"),
    "publish_date": ("publish_date",),
    "deadline": ("reporting_deadline_date", "deadline_date"),
}
_SIMILARITY_COLUMNS = {
    "document_id": ("document_id", "document_id_a", "left_document_id", "copy_document_id"),
    "other_document_id": ("similar_document_id", "document_id_b", "right_document_id", "source_document_id",
                          "other_document_id"),
    "similarity": ("similarity", "similarity_score", "jaccard_similarity"),
    "likely_source": ("likely_source_document_id", "likely_source"),
    "is_flagged": ("is_flagged_copy",),
}


def _pick(columns: set[str], candidates: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {key: next(c for c in names if c in columns) for key, names in candidates.items()
            if any(c in columns for c in names)}


def read_compliance(con: duckdb.DuckDBPyConnection, relations: set[str]) -> dict:
    page: dict = {"available": False, "similarity_available": False}
    if "marts.fct_reporting_compliance" in relations:
        cols = _pick(_columns(con, "marts", "fct_reporting_compliance"), _COMPLIANCE_COLUMNS)
        needed = {"province_name", "report_year", "found"}
        if needed <= cols.keys():
            page["available"] = True
            # aggregated and cut to the listed rows in DuckDB: the mart has a row per government and year
            select = ", ".join(f'"{c}" as {k}' for k, c in cols.items())
            rows = f"(select {select} from marts.fct_reporting_compliance)"
            flag = {k: f"coalesce({k}, false)" if k in cols else "false" for k in ("found", "on_time", "complete")}
            shares = con.execute(f"""
                select coalesce(nullif(province_name, ''), '(省份不明)'), report_year, count(*),
                       count(*) filter (where {flag["found"]}), count(*) filter (where {flag["on_time"]}),
                       count(*) filter (where {flag["complete"]})
                from {rows} group by all
            """).fetchall()
            page["has_on_time"], page["has_complete"] = "on_time" in cols, "complete" in cols
            page["per_province_year"] = [
                {"province_name": p, "report_year": y, "expected": n, "found": found, "on_time": on_time,
                 "complete": complete, "found_share": round(found / n, 4), "on_time_share": round(on_time / n, 4),
                 "complete_share": round(complete / n, 4)}
                for p, y, n, found, on_time, complete in sorted(shares, key=lambda r: (r[0], r[1] or 0))
            ]
            order = ("order by coalesce(province_name, ''), coalesce(report_year, 0), "
                     f"{'coalesce(region_code, ' + repr('') + ')' if 'region_code' in cols else '1'}")
            late = f"{flag['found']} and on_time = false" if "on_time" in cols else "false"
            for name, where in (("missing", f"not {flag['found']}"), ("late", late)):
                page[name] = _records(con, f"select * from {rows} where {where} {order} limit {MAX_LISTED}")
                page[f"{name}_count"] = con.execute(f"select count(*) from {rows} where {where}").fetchone()[0]
        else:
            page["reason"] = ("marts.fct_reporting_compliance lacks the columns this page reads "
                              f"({', '.join(sorted(needed - cols.keys()))})")
    if "marts.fct_document_similarity" in relations:
        cols = _pick(_columns(con, "marts", "fct_document_similarity"), _SIMILARITY_COLUMNS)
        if {"document_id", "other_document_id"} <= cols.keys():
            page["similarity_available"] = True
            similarity = f'p."{cols["similarity"]}"' if "similarity" in cols else "null"
            source = f'p."{cols["likely_source"]}"' if "likely_source" in cols else "null"
            # the pairs the mart flags as copying, where it flags them; else every near-duplicate pair it lists
            flagged = f'where p."{cols["is_flagged"]}"' if "is_flagged" in cols else ""
            page["flagged_only"] = bool(flagged)
            page["pairs"] = _records(con, f"""
                select p."{cols['document_id']}" as document_id, a.title as title, a.region_code as region_code,
                       a.region_name as region_name, a.report_year as report_year,
                       p."{cols['other_document_id']}" as other_document_id, b.title as other_title,
                       b.region_code as other_region_code, b.region_name as other_region_name,
                       b.report_year as other_report_year, {similarity} as similarity, {source} as likely_source
                from marts.fct_document_similarity p
                left join marts.dim_document a on a.document_id = p."{cols['document_id']}"
                left join marts.dim_document b on b.document_id = p."{cols['other_document_id']}"
                {flagged}
                order by similarity desc nulls last, 1, 6
                limit {MAX_LISTED}
            """)
            page["pair_count"] = con.execute(f"select count(*) from marts.fct_document_similarity p {flagged}"
                                             ).fetchone()[0]
    return page


def read_quality(con: duckdb.DuckDBPyConnection, relations: set[str]) -> dict:
    checks = _records(con, """
        select run_id, checked_at, suite, check_name, severity, success, observed_value
        from marts.fct_quality_checks order by checked_at, run_id, suite, check_name
    """)
    runs: dict[str, dict] = {}
    by_run: dict[str, list[dict]] = defaultdict(list)
    for c in checks:
        by_run[c["run_id"]].append(c)
        run = runs.setdefault(c["run_id"], {"run_id": c["run_id"], "checked_at": c["checked_at"], "passed": 0,
                                            "failed_error": 0, "failed_quarantine": 0, "failed_warning": 0})
        run["checked_at"] = max(run["checked_at"], c["checked_at"])
        if c["success"]:
            run["passed"] += 1
        else:
            run[f"failed_{c['severity']}" if c["severity"] in ("error", "quarantine", "warning")
                else "failed_error"] += 1
    ordered = sorted(runs.values(), key=lambda r: (r["checked_at"], r["run_id"]))
    for run in ordered:
        run["status"] = _quality_status(by_run[run["run_id"]])
    outcomes = [
        {"run_id": r["run_id"], "checked_at": r["checked_at"], "outcome": outcome, "checks": r[key]}
        for r in ordered
        for key, outcome in (("passed", "通过"), ("failed_warning", "警告"), ("failed_quarantine", "隔离"),
                             ("failed_error", "失败"))
        if r[key]
    ]
    latest_id = ordered[-1]["run_id"] if ordered else None
    latest = {"run_id": latest_id, "status": ordered[-1]["status"] if ordered else "no runs",
              "checked_at": ordered[-1]["checked_at"] if ordered else None,
              "checks": len(by_run.get(latest_id, [])), "passed": ordered[-1]["passed"] if ordered else 0,
              "failures": [c for c in by_run.get(latest_id, []) if not c["success"]]}
    quarantined = []
    if "marts.fct_quarantined_observations" in relations:
        quarantined = _records(con, """
            select observation_id, source_file, region_name, report_year, indicator_code, indicator_name_zh, value,
                   unit, raw_span, quarantine_reason, run_id
            from marts.fct_quarantined_observations order by region_name, report_year, observation_id
        """)
    return {"runs": ordered, "outcomes": outcomes, "latest": latest, "quarantined": quarantined[:MAX_LISTED],
            "quarantined_count": len(quarantined)}
