"""Required parts, core figures and placeholders of short realistic report texts (fazhi.assess.content)."""
from __future__ import annotations

import random
import re

import pytest

from fazhi.assess import content
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


# The patterns as first written (fazhi.assess.content spells three of them so that re skips ahead): the same matches.
_PLAIN = {
    "placeholders": re.compile(
        rf"(?<![A-Za-z])[XxＸｘ×*＊]{{1,8}}(?={content._UNITS})|[_＿]{{2,}}"
        rf"|(?<=[\u4e00-\u9fff])[ \u3000]{{1,6}}(?={content._BLANK_UNITS})", re.MULTILINE),
    "leaders_duties": re.compile(
        r"第一责任人|(?:党政)?主要负责人(?:切实|认真)?(?:履行|落实|带头).{0,16}(?:职责|责任)|党政主要负责人"),
    "shortcomings_causes": re.compile(
        r"存在的?(?:主要)?(?:问题|不足|短板|差距|薄弱环节)(?![的地])|不足之处|短板弱项"
        r"|(?:仍|还|尚|也)(?:然)?(?:存在|有)(?:一些|一定的?|不少|着)?(?:问题|不足|差距|短板)"
        r"|有待(?:进一步)?(?:提高|加强|提升|完善|增强|健全)|(?:还|仍)(?:不够|不太|需)(?:完善|健全|到位|增强|加强|提升)?"),
}


def test_the_fast_spellings_of_the_patterns_match_what_the_plain_ones_match():
    fast = {"placeholders": content._PLACEHOLDERS, "leaders_duties": content._WORDING["leaders_duties"],
            "shortcomings_causes": content._WORDING["shortcomings_causes"]}
    rng = random.Random(16)
    alphabet = list("XxＸｘ×*＊_＿ \u3000件人次个项家条例民部门%％万元年月日受理行政复议第一责任人党政主要负责"
                    "切实认真履行落实带头职责仍还尚也然存在有一些不够不太需完善问题不足差距短板,，。、;；)）\nAa1２")
    texts = [COMPLETE] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))) for _ in range(4000)]
    found = 0
    for name, plain in _PLAIN.items():
        for text in texts:
            expected = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in fast[name].finditer(text)] == expected, (name, text)
            found += len(expected)
    assert found > 1000  # the texts exercise the patterns
