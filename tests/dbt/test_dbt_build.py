"""`dbt build` on a small, realistic raw fixture, then the marts read back read-only.

The fixture is what landing and parsing would write for four reports: a district's annual report found under two
paths, the same district's work plan with targets, an anonymised template and a county-level city's report (also
landed a second time in GB18030), plus an older version of a file, a removed and a rejected file.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from fazhi.db import create_raw_tables

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"
RUN_ID = "run-test-0001"
LANDED_AT = datetime(2024, 4, 1, 9, 0, 0)


@dataclass
class Doc:
    text: str
    encoding: str = "utf-8"
    figures: list[tuple] = field(default_factory=list)
    sections: list[tuple] = field(default_factory=list)

    @property
    def document_id(self) -> str:
        return hashlib.sha256(self.text.encode(self.encoding)).hexdigest()[:16]

    def figure(self, subject, value, unit, raw_span, qualifier=None, is_target=False, after=None):
        start = self.text.index(raw_span, self.text.index(after) if after else 0)
        section_index = next((s[0] for s in self.sections if s[5] <= start < s[6]), None)
        self.figures.append(
            (len(self.figures), subject, value, unit, qualifier, is_target, raw_span, start, start + len(raw_span),
             section_index)
        )

    def split_sections(self, *headings: str, plans: tuple[str, ...] = ()) -> None:
        starts = [self.text.index(h) for h in headings] + [len(self.text)]
        for i, heading in enumerate(headings):
            ordinal = heading.split("、")[0] + "、"
            self.sections.append((i, None, 1, ordinal, heading, starts[i], starts[i + 1], heading in plans))


def _pingqiao_annual() -> Doc:
    doc = Doc(
        "平桥区2023年法治政府建设年度报告\n"
        "2023年，平桥区坚持以习近平法治思想为指导，全面推进法治政府建设，现将有关情况报告如下。\n"
        "一、依法全面履行政府职能\n"
        "深化放管服改革，政务服务好评率99.99%。组织全区44个单位开展权责清单梳理。在全省营商环境评价中排名第3名。\n"
        "二、行政复议与行政应诉\n"
        "全年受理行政复议案件35件，行政机关负责人出庭应诉率100%，行政诉讼败诉率14.58%。"
        "区法律援助中心办理法律援助案件1503件。\n"
        "三、存在的不足\n"
        "行政执法队伍专业化水平有待提高。\n"
        "四、2024年工作打算\n"
        "力争行政机关负责人出庭应诉率不低于95%。\n"
        "平桥区人民政府\n2024年2月19日\n"
    )
    doc.split_sections("一、依法全面履行政府职能", "二、行政复议与行政应诉", "三、存在的不足", "四、2024年工作打算",
                       plans=("四、2024年工作打算",))
    doc.figure("政务服务好评率", 99.99, "%", "政务服务好评率99.99%")
    doc.figure("组织全区单位", 44, "个", "组织全区44个单位")
    doc.figure("营商环境评价排名", 3, "名", "排名第3名", qualifier="rank")
    doc.figure("受理行政复议案件", 35, "件", "受理行政复议案件35件")
    doc.figure("行政机关负责人出庭应诉率", 100, "%", "行政机关负责人出庭应诉率100%")
    doc.figure("行政诉讼败诉率", 14.58, "%", "行政诉讼败诉率14.58%")
    doc.figure("办理法律援助案件", 1503, "件", "办理法律援助案件1503件")
    doc.figure("行政机关负责人出庭应诉率", 95, "%", "行政机关负责人出庭应诉率不低于95%", qualifier="at_least",
               is_target=True)
    return doc


def _pingqiao_plan() -> Doc:
    doc = Doc(
        "平桥区2023年法治政府建设工作计划\n"
        "一、工作目标\n"
        "行政机关负责人出庭应诉率达到98%以上，全年举办法治专题讲座不少于4期。\n"
        "二、工作基础\n"
        "全区受理行政复议案件30件。\n"
    )
    doc.split_sections("一、工作目标", "二、工作基础", plans=("一、工作目标",))
    doc.figure("行政机关负责人出庭应诉率", 98, "%", "行政机关负责人出庭应诉率达到98%以上", qualifier="at_least",
               is_target=True)
    doc.figure("举办法治专题讲座", 4, "期", "举办法治专题讲座不少于4期", qualifier="at_least", is_target=True)
    doc.figure("受理行政复议案件", 30, "件", "受理行政复议案件30件")
    return doc


def _template() -> Doc:
    doc = Doc(
        "XX区法治政府建设工作总结和2021年工作计划\n"
        "一、2020年工作总结\n"
        "全区诉前调解纠纷244件，受理行政复议XXX件。\n"
        "二、2021年工作计划\n"
        "继续深化行政复议体制改革。\n"
    )
    doc.split_sections("一、2020年工作总结", "二、2021年工作计划", plans=("二、2021年工作计划",))
    doc.figure("诉前调解纠纷", 244, "件", "诉前调解纠纷244件")
    return doc


YANJI_TEXT = (
    "延吉市2020年法治政府建设情况报告\n"
    "一、严格规范公正文明执法\n"
    "全年受理行政复议案件17件，审结16件。一审行政诉讼案件134件，败诉17件，行政机关负责人出庭应诉率82%。\n"
    "二、依法有效化解社会矛盾纠纷\n"
    "全市行政复议案件18件。行政首长出庭应诉率182%。\n"
)


def _yanji(encoding: str) -> Doc:
    doc = Doc(YANJI_TEXT, encoding=encoding)
    doc.split_sections("一、严格规范公正文明执法", "二、依法有效化解社会矛盾纠纷")
    doc.figure("受理行政复议案件", 17, "件", "受理行政复议案件17件")
    doc.figure("审结", 16, "件", "审结16件")
    doc.figure("一审行政诉讼案件", 134, "件", "一审行政诉讼案件134件")
    doc.figure("败诉", 17, "件", "败诉17件")
    doc.figure("行政机关负责人出庭应诉率", 82, "%", "行政机关负责人出庭应诉率82%")
    doc.figure("全市行政复议案件", 18, "件", "行政复议案件18件", after="全市")
    doc.figure("行政首长出庭应诉率", 182, "%", "行政首长出庭应诉率182%")
    return doc


def _old_version() -> Doc:
    doc = Doc("平桥区2023年法治政府建设年度报告(征求意见稿)\n全年受理行政复议案件33件。\n")
    doc.figure("受理行政复议案件", 33, "件", "受理行政复议案件33件")
    return doc


def _write_fixture(con: duckdb.DuckDBPyConnection) -> dict[str, Doc]:
    docs = {
        "annual": _pingqiao_annual(),
        "plan": _pingqiao_plan(),
        "template": _template(),
        "yanji": _yanji("utf-8"),
        "yanji_gbk": _yanji("gb18030"),
        "old": _old_version(),
    }
    first_paths = {"annual": "h001.txt", "plan": "plan_2023.txt", "template": "xx_template.txt",
                   "yanji": "2021/yanji.txt", "yanji_gbk": "2021/yanji_gbk.txt", "old": "h001.txt"}
    for key, doc in docs.items():
        data = doc.text.encode(doc.encoding)
        con.execute(
            "insert into raw.documents (document_id, content_sha256, source_file, byte_size, encoding, text, landed_at, "
            "run_id) values (?, ?, ?, ?, ?, ?, ?, ?)",
            [doc.document_id, hashlib.sha256(data).hexdigest(), first_paths[key], len(data), doc.encoding, doc.text,
             LANDED_AT, RUN_ID],
        )
    current = [("h001.txt", "annual"), ("mirror/h001.txt", "annual"), ("plan_2023.txt", "plan"),
               ("xx_template.txt", "template"), ("2021/yanji.txt", "yanji"), ("2021/yanji_gbk.txt", "yanji_gbk")]
    for path, key in current:
        doc = docs[key]
        con.execute("insert into raw.current_files values (?, ?, ?, ?, ?)",
                    [path, doc.document_id, len(doc.text.encode(doc.encoding)), RUN_ID, RUN_ID])
    con.execute("insert into raw.removed_files values (?, ?, ?, ?)",
                ["2019/old.txt", docs["old"].document_id, LANDED_AT, RUN_ID])
    con.execute("insert into raw.rejected_files values (?, ?, ?, ?, ?)",
                ["scan.pdf", 20480, "not text: binary content", LANDED_AT, RUN_ID])

    parsed = {
        "annual": ("平桥区2023年法治政府建设年度报告", "annual_report", 2023, date(2024, 2, 19), False, "411503", "平桥区",
                   "district", "河南省", "信阳市"),
        "plan": ("平桥区2023年法治政府建设工作计划", "work_plan", 2023, date(2023, 3, 1), False, "411503", "平桥区",
                 "district", "河南省", "信阳市"),
        "template": ("XX区法治政府建设工作总结和2021年工作计划", "work_summary_plan", 2020, date(2020, 9, 26), True,
                     None, "XX区", "district", None, None),
        "yanji": (None, "annual_report", 2020, None, False, "222401", "延吉市", "county_city", "吉林省", "延边朝鲜族自治州"),
        "old": ("平桥区2023年法治政府建设年度报告(征求意见稿)", "annual_report", 2023, None, False, "411503", "平桥区",
                "district", "河南省", "信阳市"),
    }
    parsed["yanji_gbk"] = parsed["yanji"]
    for key, meta in parsed.items():
        doc = docs[key]
        con.execute(
            "insert into raw.parsed_documents (document_id, title, doc_kind, report_year, publish_date, is_anonymized,"
            " region_code, region_name, admin_level, province_name, prefecture_name, issuer, region_evidence,"
            " text_length, parser_version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc.document_id, *meta, None, None, len(doc.text), "test"],
        )
        for section in doc.sections:
            con.execute("insert into raw.parsed_sections values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [doc.document_id, *section])
        for figure in doc.figures:
            con.execute("insert into raw.parsed_figures values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [doc.document_id, *figure])
        con.execute("insert into raw.parsed_terms values (?, ?, ?)", [doc.document_id, "行政复议", 2])
    con.execute(
        "insert into raw.quality_check_results values (?, ?, ?, ?, ?, ?, ?, ?)",
        [RUN_ID, LANDED_AT, "parsed_figures", "raw_span_matches_text", "error", True, "0", None],
    )
    con.execute(
        "insert into raw.quality_check_results values (?, ?, ?, ?, ?, ?, ?, ?)",
        [RUN_ID, LANDED_AT, "parsed_documents", "region_code_resolved_share", "warning", False, "0.75", None],
    )
    return docs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dbt_build")
    database = tmp / "build.duckdb"
    con = duckdb.connect(str(database))
    try:
        create_raw_tables(con)
        docs = _write_fixture(con)
    finally:
        con.close()

    dbt = Path(sys.executable).with_name("dbt")
    env = {
        **os.environ,
        "FAZHI_BUILD_DATABASE": str(database),
        "DBT_TARGET_PATH": str(tmp / "target"),
        "DBT_LOG_PATH": str(tmp / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = subprocess.run(
        [str(dbt), "build", "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT)],
        env=env, cwd=tmp, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]

    con = duckdb.connect(str(database), read_only=True)
    yield con, docs
    con.close()


def rows(con, sql, *params):
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_schemas_are_exactly_raw_staging_marts(built):
    con, _ = built
    schemas = {r[0] for r in con.execute(
        "select schema_name from duckdb_schemas() where database_name = current_database() and not internal"
    ).fetchall()}
    assert schemas - {"main"} == {"raw", "staging", "marts"}
    assert not con.execute("select count(*) from duckdb_tables() where schema_name = 'main'").fetchone()[0]
    assert not con.execute(
        "select count(*) from duckdb_views() where schema_name = 'main' and not internal").fetchone()[0]


def test_contract_columns_and_marts(built):
    con, _ = built
    columns = {(r[0], r[1]): r[2] for r in con.execute(
        "select table_name, column_name, data_type from information_schema.columns where table_schema = 'marts'"
    ).fetchall()}
    contract = {
        "dim_document": {"document_id": "VARCHAR", "source_file": "VARCHAR", "title": "VARCHAR", "doc_kind": "VARCHAR",
                         "region_code": "VARCHAR", "region_name": "VARCHAR", "admin_level": "VARCHAR",
                         "province_name": "VARCHAR", "prefecture_name": "VARCHAR", "report_year": "INTEGER",
                         "publish_date": "DATE", "is_anonymized": "BOOLEAN"},
        "fct_indicator_observations": {"observation_id": "VARCHAR", "document_id": "VARCHAR",
                                       "indicator_code": "VARCHAR", "subject_text": "VARCHAR", "value": "DOUBLE",
                                       "unit": "VARCHAR", "qualifier": "VARCHAR", "is_target": "BOOLEAN",
                                       "raw_span": "VARCHAR", "char_start": "INTEGER", "char_end": "INTEGER"},
    }
    for table, expected in contract.items():
        for column, data_type in expected.items():
            assert columns.get((table, column)) == data_type, (table, column)
    marts = {table for table, _ in columns}
    assert {"dim_document", "fct_indicator_observations", "dim_region", "dim_year", "dim_indicator", "dim_topic",
            "fct_region_year_indicators", "fct_document_topics", "fct_quality_checks"} <= marts
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where schema_name = 'marts'").fetchall()}
    assert views == {"fct_quality_checks"}
    assert con.execute("select count(*) from marts.fct_quality_checks").fetchone()[0] == 2
    # the 70 reference indicators (their codes are the evaluation's gold codes) and those added after them
    assert con.execute("select count(*) filter (where catalogue_edition = 1), count(*) > 70, count(*) = "
                       "count(indicator_source) from marts.dim_indicator").fetchone() == (70, True, True)
    assert con.execute("select count(*) from marts.dim_topic").fetchone()[0] == 41


def test_dim_document_holds_current_documents_once(built):
    con, docs = built
    found = {r["document_id"]: r for r in rows(con, "select * from marts.dim_document")}
    assert set(found) == {docs[k].document_id for k in ("annual", "plan", "template", "yanji")}
    annual = found[docs["annual"].document_id]
    assert annual["source_file"] == "h001.txt" and annual["source_file_count"] == 2
    assert (annual["region_name"], annual["admin_level"], annual["province_name"], annual["prefecture_name"]) == (
        "平桥区", "district", "河南省", "信阳市")
    assert annual["is_published_by_deadline"] is True
    yanji = found[docs["yanji"].document_id]
    assert yanji["source_file"] == "2021/yanji.txt"
    assert sorted(yanji["same_text_document_ids"]) == sorted([docs["yanji"].document_id, docs["yanji_gbk"].document_id])
    assert (yanji["admin_level"], yanji["prefecture_name"]) == ("county_city", "延边朝鲜族自治州")
    template = found[docs["template"].document_id]
    assert template["is_anonymized"] and template["region_code"] is None

    files = {r["source_file"]: r["file_status"] for r in rows(con, "select * from marts.dim_source_file")}
    assert files["scan.pdf"] == "rejected" and files["2019/old.txt"] == "removed"
    assert files["mirror/h001.txt"] == "current"


def test_figures_map_to_indicators(built):
    con, docs = built
    mapped = {(r["document_id"], r["raw_span"]): r for r in rows(con, "select * from marts.fct_indicator_observations")}
    annual, yanji = docs["annual"].document_id, docs["yanji"].document_id
    expected = {
        (annual, "政务服务好评率99.99%"): "service_good_review_rate",
        (annual, "受理行政复议案件35件"): "admin_reconsideration_cases_received",
        (annual, "行政机关负责人出庭应诉率100%"): "admin_head_court_appearance_rate",
        (annual, "行政诉讼败诉率14.58%"): "admin_litigation_loss_rate",
        (annual, "办理法律援助案件1503件"): "legal_aid_cases",
        (annual, "组织全区44个单位"): None,
        (annual, "排名第3名"): None,
        (yanji, "一审行政诉讼案件134件"): "admin_litigation_first_instance_cases",
        (yanji, "败诉17件"): "admin_litigation_losses",
        # the subject is in the clause, not the span: 受理行政复议案件17件，审结16件
        (yanji, "审结16件"): "admin_reconsideration_cases_concluded",
    }
    for key, indicator in expected.items():
        assert mapped[key]["indicator_code"] == indicator, key
    concluded = mapped[(yanji, "审结16件")]
    assert (concluded["mapping_tier"], concluded["mapping_evidence"]) == (3, "context:审结+clause:行政复议")
    assert concluded["value_basis"] == "year_total"
    # only current documents, and the GB18030 copy of the same text is not counted twice
    assert {r["document_id"] for r in mapped.values()} == {
        docs[k].document_id for k in ("annual", "plan", "template", "yanji")}
    plan_figure = mapped[(annual, "行政机关负责人出庭应诉率不低于95%")]
    assert plan_figure["is_in_plan_section"] and plan_figure["reference_year"] == 2024
    first = mapped[(annual, "受理行政复议案件35件")]
    key = "|".join([annual, str(first["char_start"]), str(first["char_end"]), "受理行政复议案件", "件", "35.000000"])
    assert first["observation_id"] == hashlib.md5(key.encode()).hexdigest()


def test_quoted_values(built):
    con, docs = built
    quoted = {(r["region_code"], r["report_year"], r["indicator_code"]): r
              for r in rows(con, "select * from marts.fct_region_year_indicators")}
    cases = quoted[("411503", 2023, "admin_reconsideration_cases_received")]
    assert cases["quoted_value"] == 35 and cases["quoted_document_id"] == docs["annual"].document_id
    assert cases["document_count"] == 2 and cases["has_disagreement"]  # the plan says 30
    rate = quoted[("411503", 2023, "admin_head_court_appearance_rate")]
    assert rate["quoted_value"] == 100 and not rate["is_quoted_target"] and not rate["has_disagreement"]
    assert rate["target_observation_count"] == 1
    assert quoted[("411503", 2024, "admin_head_court_appearance_rate")]["quoted_value"] == 95
    lectures = quoted[("411503", 2023, "law_lectures")]
    assert lectures["quoted_value"] == 4 and lectures["is_quoted_target"]
    yanji_cases = quoted[("222401", 2020, "admin_reconsideration_cases_received")]
    assert yanji_cases["quoted_value"] == 17 and yanji_cases["has_disagreement"]
    yanji_rate = quoted[("222401", 2020, "admin_head_court_appearance_rate")]
    assert yanji_rate["quoted_value"] == 82 and yanji_rate["observation_count"] == 1  # 182% is out of bounds
    # the anonymised template's figures never reach the region-year table
    assert not [k for k in quoted if k[2] == "people_mediation_cases"]
    assert {k[0] for k in quoted} == {"411503", "222401"}


def test_dimensions_and_topics(built):
    con, docs = built
    year = rows(con, "select * from marts.dim_year where year = 2023")[0]
    assert year["five_year_plan_name"] == "十四五" and year["national_framework_name"] == "2021–2025 纲要"
    assert year["reporting_deadline_date"] == date(2024, 3, 31)
    assert con.execute("select count(*) from marts.dim_year where year between 1990 and 2030").fetchone()[0] == 41
    level = con.execute(
        "select admin_level from marts.dim_region where region_code = '222400'").fetchone()[0]
    assert level == "autonomous_prefecture"

    topics = {r["topic_code"]: r for r in rows(
        con, "select * from marts.fct_document_topics where document_id = ?", docs["annual"].document_id)}
    assert len(topics) == 41
    assert abs(sum(t["hit_share"] for t in topics.values()) - 1) < 1e-9
    assert topics["dr_reconsideration"]["keyword_hit_count"] >= 2
    assert topics["dr_reconsideration"]["matching_headings"] == ["二、行政复议与行政应诉"]
    assert topics["meta_next_year"]["has_heading_match"]
    assert topics["emergency"]["keyword_hit_count"] == 0
    sections = rows(con, "select * from marts.fct_document_sections where document_id = ? order by section_index",
                    docs["annual"].document_id)
    assert [s["heading_topic_code"] for s in sections] == [
        "gov_functions", "dr_reconsideration", "meta_problems", "meta_next_year"]


def test_impossible_figures_are_quarantined_not_facts(built):
    con, docs = built
    yanji = docs["yanji"].document_id
    facts = {r["raw_span"] for r in rows(con, "select raw_span from marts.fct_indicator_observations where document_id = ?",
                                         yanji)}
    assert "行政首长出庭应诉率182%" not in facts and "行政机关负责人出庭应诉率82%" in facts
    quarantined = rows(con, "select * from marts.fct_quarantined_observations")
    assert [(q["document_id"], q["raw_span"], q["quarantine_rule"]) for q in quarantined] == [
        (yanji, "行政首长出庭应诉率182%", "outside_indicator_bounds")]
    assert quarantined[0]["quarantine_reason"] == "行政机关负责人出庭应诉率 182% outside the catalogue bounds 0–100"
    assert quarantined[0]["source_file"] == "2021/yanji.txt" and quarantined[0]["run_id"] == "manual"
    counts = rows(con, "select observation_count, quarantined_observation_count from marts.dim_document "
                       "where document_id = ?", yanji)[0]
    assert counts == {"observation_count": 6, "quarantined_observation_count": 1}
