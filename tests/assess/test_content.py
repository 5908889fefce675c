"""Required parts, core figures and placeholders of short realistic report texts (fazhi.assess.content)."""
from __future__ import annotations

import pytest

from fazhi.assess.content import PART_CODES, assess_content, find_parts, find_placeholders, indicator_statements

COMPLETE = """吉安市吉州区2020年法治政府建设情况报告

2020年,在市委、市政府的正确领导下,我区深入学习贯彻习近平法治思想,法治政府建设取得新进展。现将有关情况报告如下:
一、2020年法治政府建设主要举措和成效
(一)依法全面履行政府职能。全年受理行政复议案件36件,审结34件;办理一审行政诉讼案件52件,行政机关负责人出庭应诉率达100%。
二、党政主要负责人履行推进法治建设第一责任人职责情况
区委书记、区长带头学法,召开常务会议专题研究法治政府建设4次。
三、存在的不足和原因
一是基层执法人员素质参差不齐;二是规范性文件备案审查还不够及时。究其原因,主要是培训不够经常。
四、2021年工作安排
(一)持续深化“放管服”改革。(二)加强行政执法监督。
五、其他需要报告的事项
无。

吉安市吉州区人民政府
2021年3月15日
"""


def test_a_complete_report_shows_every_part_from_its_headings_with_the_heading_as_evidence():
    found = find_parts(COMPLETE)
    assert list(found) == list(PART_CODES)
    assert {e.evidence_kind for e in found.values()} == {"heading"}
    assert found["shortcomings_causes"].evidence_text == "三、存在的不足和原因"
    assert found["next_year_plan"].evidence_text == "四、2021年工作安排"
    for evidence in found.values():  # offsets into the landed text: the span starts at the heading
        assert COMPLETE[evidence.char_start:].startswith(evidence.evidence_text)
        assert evidence.char_end > evidence.char_start


def test_shortcomings_inside_another_section_are_found_from_the_wording():
    text = """青原区2021年法治政府建设情况报告
一、主要工作及成效
全面推进严格规范公正文明执法,开展执法培训12期。同时也要看到,我区法治政府建设仍存在一些不足,如基层执法力量薄弱。
二、2022年工作打算
下一步,我区将继续推进法治政府建设。
"""
    found = find_parts(text)
    shortcomings = found["shortcomings_causes"]
    assert shortcomings.evidence_kind == "wording"
    assert "仍存在一些不足" in text[shortcomings.char_start:shortcomings.char_end]
    assert text[shortcomings.char_start:shortcomings.char_end] == shortcomings.evidence_text
    assert found["measures_results"].evidence_kind == "heading"
    assert found["next_year_plan"].evidence_kind == "heading"


def test_leaders_duties_in_a_paragraph_count_as_the_part():
    text = """吉安县2020年依法行政工作报告
县委、县政府高度重视,县政府主要负责人认真履行推进法治建设第一责任人职责,亲自部署、亲自督办。
"""
    evidence = find_parts(text)["leaders_duties"]
    assert evidence.evidence_kind == "wording"
    assert "第一责任人" in evidence.evidence_text


def test_a_report_missing_two_parts_says_which():
    text = """吉安县2020年法治政府建设情况报告
一、主要工作
(一)完善依法行政制度体系。审核规范性文件15件。
(二)推进政务公开。主动公开政府信息1200条。
二、2021年工作打算
继续深化综合行政执法改革。
"""
    assessment = assess_content(text)
    assert assessment.missing_parts == ["shortcomings_causes", "leaders_duties", "other_matters"]


def test_improving_weak_links_is_not_a_statement_of_shortcomings():
    text = "一、主要工作\n修订考评指标体系,改进薄弱环节,突出重点。持续推进严格规范公正文明执法。\n"
    assert "shortcomings_causes" not in find_parts(text)


@pytest.mark.parametrize("text, indicator, state", [
    ("全年共受理行政复议案件126件,审结118件。", "admin_reconsideration", "figures"),
    ("全年共受理行政复议案件一百二十六件。", "admin_reconsideration", "figures"),
    ("认真做好行政复议工作,依法纠正违法或不当行政行为。", "admin_reconsideration", "words_only"),
    ("行政机关负责人出庭应诉率达98.5%。", "court_appearance", "figures"),
    ("积极推动行政机关负责人出庭应诉工作。", "court_appearance", "words_only"),
    ("办理行政诉讼案件52件,败诉3件。", "admin_litigation", "figures"),
    ("深入推进政务公开。", "admin_litigation", "not_mentioned"),
])
def test_core_indicators_with_figures_or_only_words(text, indicator, state):
    assert indicator_statements(text)[indicator].state == state


def test_a_placeholder_where_the_figure_belongs_is_not_a_stated_figure():
    statement = indicator_statements("受理行政复议案件XX件,其中维持XX件。")["admin_reconsideration"]
    assert statement.state == "words_only"


def test_the_figure_must_follow_the_indicator_in_its_sentence():
    text = "开展普法活动35场。行政复议工作稳步推进。"
    assert indicator_statements(text)["admin_reconsideration"].state == "words_only"


@pytest.mark.parametrize("text, expected", [
    ("全年受理行政复议案件XXXX件。", ["XXXX"]),
    ("行政机关负责人出庭应诉率达XX%。", ["XX"]),
    ("20XX年X月X日召开全区法治政府建设工作会议。", ["XX", "X", "X"]),
    ("全年受理行政复议 件,审结 件。", [" ", " "]),
    ("培训执法人员____人次。", ["____"]),
    ("XX区人民政府办公室,XX县司法局,XX部门。", []),  # anonymised names are not placeholders
    ("全年受理行政复议案件36件,审结34件。", []),
    ("2020 年工作情况", []),  # a gap before 年 is layout, not a blank figure
])
def test_placeholders_and_blanks(text, expected):
    found = find_placeholders(text)
    assert [text[p.char_start:p.char_end] for p in found] == expected


def test_evidence_spans_are_offsets_into_the_landed_text_even_with_traditional_characters_and_page_chrome():
    text = ("欢迎您访问吉州区人民政府网!\n|\n>> 首页 > 信息公开 > 正文\n吉州區2020年法治政府建設情況報告\n"
            "一、主要工作\n全年受理行政復議案件12件。\n二、存在的問題\n執法力量不足。\n")
    assessment = assess_content(text)
    shortcomings = assessment.parts["shortcomings_causes"]
    assert text[shortcomings.char_start:].startswith("二、存在的問題")
    statement = assessment.indicators["admin_reconsideration"]
    assert statement.state == "figures"
    assert text[statement.char_start:statement.char_end] == statement.evidence_text == "全年受理行政復議案件12件。"
