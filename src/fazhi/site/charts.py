"""Vega-Lite specifications of the site's charts: plain dicts, data inline, drawn as SVG in the reader's browser by the
vendored Vega scripts (assets/vendor). Each function's data is exactly the table printed under its chart.

Marks per chart, which the browser tests count: the named layer (`name` → the SVG group `<name>_marks`) draws one
mark per row of the data given (a bar, a point, a box, a cell), so a chart can be checked against its table.
"""
from __future__ import annotations

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only: nothing is fetched from it
# The reader's own fonts: Chinese glyphs come from whichever of these the system has.
FONT_STACK = ('system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
              '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')
CONFIG = {"font": FONT_STACK, "view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12},
          "axisX": {"labelAngle": 0, "labelOverlap": "parity"}, "axisQuantitative": {"tickMinStep": 1},
          "legend": {"labelFontSize": 11, "titleFontSize": 12}}


def _spec(title: str, rows: list[dict], **body) -> dict:
    return {"$schema": SCHEMA, "title": title, "data": {"values": rows}, "config": CONFIG, **body}


def reports_by_year_kind(rows: list[dict]) -> dict:
    """Stacked bars: one bar segment per (year, kind) row."""
    return _spec("每年报告数(按类型)", rows, name="reports", width="container", height=240, mark={"type": "bar", "tooltip": True},
                 encoding={
                     "x": {"field": "report_year", "type": "ordinal", "title": "报告年度"},
                     "y": {"field": "reports", "type": "quantitative", "title": "报告数"},
                     "color": {"field": "doc_kind_zh", "type": "nominal", "title": "类型"},
                 })


def regions_by_province(rows: list[dict]) -> dict:
    """Horizontal bars: one per province."""
    return _spec("各省覆盖的地区数", rows, name="provinces", width=600, height={"step": 18},
                 mark={"type": "bar", "tooltip": True},
                 encoding={
                     "y": {"field": "province_name", "type": "nominal", "sort": "-x", "title": None},
                     "x": {"field": "regions", "type": "quantitative", "title": "有报告的地区数"},
                 })


def region_small_multiples(rows: list[dict]) -> dict:
    """One small panel per indicator, a point per year with a value (red where the sources disagree)."""
    return {
        "$schema": SCHEMA, "title": "指标历年数值", "config": CONFIG, "data": {"values": rows},
        "facet": {"field": "indicator_name_zh", "type": "nominal", "title": None, "header": {"labelFontSize": 12}},
        "columns": 4, "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": 160, "height": 90,
            "layer": [
                {"mark": {"type": "line", "color": "#7a9cc6"},
                 "encoding": {"x": {"field": "report_year", "type": "ordinal", "title": None},
                              "y": {"field": "quoted_value", "type": "quantitative", "title": None,
                                    "axis": {"format": ",~r"}}}},
                {"name": "values", "mark": {"type": "point", "filled": True, "size": 40, "tooltip": True},
                 "encoding": {
                     "x": {"field": "report_year", "type": "ordinal", "title": None},
                     "y": {"field": "quoted_value", "type": "quantitative", "title": None,
                           "axis": {"format": ",~r"}},  # a panel whose only value is 0 printed 0.000000
                     "color": {"field": "sources", "type": "nominal", "title": "来源数值",
                               "scale": {"domain": ["一致", "不一致"], "range": ["#2f5d9b", "#d62728"]}},
                 }},
            ],
        },
    }


def indicator_distribution(rows: list[dict], unit: str | None) -> dict:
    """A box per year from the per-year quantiles in the table: whisker min–max, box q1–q3, tick at the median."""
    x = {"field": "report_year", "type": "ordinal", "title": "年度"}
    return _spec(f"各地区数值分布{f'({unit})' if unit else ''}", rows, width="container", height=220, layer=[
        {"mark": {"type": "rule", "color": "#555"},
         "encoding": {"x": x, "y": {"field": "min", "type": "quantitative", "title": unit or "数值"},
                      "y2": {"field": "max"}}},
        {"name": "boxes", "mark": {"type": "bar", "size": 14, "color": "#9ecae1", "tooltip": True},
         "encoding": {"x": x, "y": {"field": "q1", "type": "quantitative"}, "y2": {"field": "q3"}}},
        {"mark": {"type": "tick", "color": "#08519c", "thickness": 2, "size": 14},
         "encoding": {"x": x, "y": {"field": "median", "type": "quantitative"}}},
    ])


def indicator_median_trend(rows: list[dict], unit: str | None) -> dict:
    x = {"field": "report_year", "type": "ordinal", "title": "年度"}
    y = {"field": "median", "type": "quantitative", "title": f"中位数{f'({unit})' if unit else ''}"}
    return _spec("中位数走势", rows, width="container", height=200, layer=[
        {"mark": {"type": "line"}, "encoding": {"x": x, "y": y}},
        {"name": "medians", "mark": {"type": "point", "filled": True, "tooltip": True}, "encoding": {"x": x, "y": y}},
    ])


def indicator_ranking(rows: list[dict], year: int) -> dict:
    return _spec(f"{year}年各地区数值排名", rows, name="ranking", width=600, height={"step": 16},
                 mark={"type": "bar", "tooltip": True},
                 encoding={
                     "y": {"field": "region_name", "type": "nominal", "sort": "-x", "title": None},
                     "x": {"field": "quoted_value", "type": "quantitative", "title": "数值"},
                     "color": {"field": "rank_group_zh", "type": "nominal", "title": None,
                               "scale": {"domain": ["最高", "最低", "全部"],
                                         "range": ["#2f5d9b", "#e6550d", "#6b6b6b"]}},
                 })


def compliance_heatmap(rows: list[dict], field: str, title: str) -> dict:
    """A cell per province and year, shaded by the share given."""
    return _spec(title, rows, name="cells", width={"step": 28}, height={"step": 16}, mark={"type": "rect", "tooltip": True},
                 encoding={
                     "x": {"field": "report_year", "type": "ordinal", "title": "报告年度"},
                     "y": {"field": "province_name", "type": "nominal", "title": None},
                     "color": {"field": field, "type": "quantitative", "title": "比例",
                               "scale": {"domain": [0, 1], "scheme": "blues"}},
                 })


def quality_runs(rows: list[dict]) -> dict:
    """Stacked bars: per run, its checks by outcome (one segment per run and outcome with checks)."""
    return _spec("每次运行的质量检查", rows, name="outcomes", width="container", height=220, mark={"type": "bar", "tooltip": True},
                 encoding={
                     "x": {"field": "checked_at", "type": "ordinal", "title": "运行时间", "axis": {"labelAngle": -40}},
                     "y": {"field": "checks", "type": "quantitative", "title": "检查数"},
                     "color": {"field": "outcome", "type": "nominal", "title": "结果",
                               "scale": {"domain": ["通过", "警告", "隔离", "失败"],
                                         "range": ["#74c476", "#fdae6b", "#9e9ac8", "#d62728"]}},
                 })
