"""What a rule-of-law government report contains, checked against the rules it is written under.

The 2019 《法治政府建设与责任落实督察工作规定》 (art. 25) requires the annual report to state

| part | code | what |
| --- | --- | --- |
| 1 | `measures_results` | the main measures taken and results achieved in the past year |
| 2 | `shortcomings_causes` | the shortcomings and their causes |
| 3 | `leaders_duties` | how the principal Party and government leaders performed their duty as first responsible persons for rule of law |
| 4 | `next_year_plan` | the main arrangements for the next year |
| 5 | `other_matters` | other matters that need reporting |

A part is found from the section outline (a heading that announces it: `三、存在的问题和不足`, `2021年工作打算`) and,
where no heading does, from the wording (a report may discuss 存在的不足 inside another section, or state the
first-responsibility duties in a paragraph). Each found part comes with the span that shows it: offsets into the
landed text (`text[char_start:char_end]`), the heading's section or the sentence that says it.

Besides the parts: whether the year's figures of the core indicators (行政复议, 行政诉讼, 出庭应诉) are stated or only
named, and the placeholders and blanks left in from a template (`XXXX件`, `X月X日`, `受理行政复议 件`), a defect.
Matching runs on the parser's body view (traditional characters simplified, page chrome blanked; same length as the
text), so every offset is one into the landed text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.parse.normalize import text_views
from fazhi.parse.sections import Section, extract_sections

# Bump when what is found changes, so stored assessments of unchanged documents are redone (assess/stage.py).
ASSESS_VERSION = "1"

PART_CODES = ("measures_results", "shortcomings_causes", "leaders_duties", "next_year_plan", "other_matters")

# Headings that announce a part. Next-year plans are the parser's plan headings (Section.is_plan) or these.
_HEADING = {
    "measures_results": re.compile(
        r"主要(?:工作|举措|做法|措施|成效|成绩)|工作(?:举措|成效|开展情况|推进情况|完成情况|回顾)|取得的?(?:成效|成绩|进展)"
        r"|基本情况|(?:进展|推进|开展|落实)情况|(?:20\d\d|本|今)年度?(?:法治政府建设|依法行政)?(?:工作)?(?:情况|总结)"),
    "shortcomings_causes": re.compile(
        r"存在的?(?:主要)?(?:问题|不足|短板|差距)|不足之处|短板弱项|(?:问题|不足)(?:和|与|及)(?:原因|差距)"),
    "leaders_duties": re.compile(r"第一责任人|主要负责人.{0,12}(?:职责|责任)|党政主要负责人"),
    "next_year_plan": re.compile(
        r"下一步|下步|(?:20\d\d|明|来)年度?的?(?:主要)?(?:工作)?(?:打算|计划|安排|思路|重点|要点)"
        r"|今后(?:工作)?的?(?:打算|计划|安排|方向)|工作(?:打算|思路|安排)"),
    "other_matters": re.compile(r"其他(?:需要|应当|应)?(?:报告|说明)的?(?:事项|情况)|其他事项|需要说明的(?:事项|情况|问题)"),
}

# Wording that shows a part where no heading announces it.
_WORDING = {
    "measures_results": re.compile(r"主要(?:举措|做法|措施)|取得.{0,8}(?:成效|成绩|进展)|成效(?:明显|显著)"),
    "shortcomings_causes": re.compile(
        r"存在的?(?:主要)?(?:问题|不足|短板|差距|薄弱环节)(?![的地])|不足之处|短板弱项"
        # (?:仍|还|尚|也)… written out per character, for the same reason as leaders_duties below
        r"|仍(?:然)?(?:存在|有)(?:一些|一定的?|不少|着)?(?:问题|不足|差距|短板)"
        r"|还(?:然)?(?:存在|有)(?:一些|一定的?|不少|着)?(?:问题|不足|差距|短板)"
        r"|尚(?:然)?(?:存在|有)(?:一些|一定的?|不少|着)?(?:问题|不足|差距|短板)"
        r"|也(?:然)?(?:存在|有)(?:一些|一定的?|不少|着)?(?:问题|不足|差距|短板)"
        r"|有待(?:进一步)?(?:提高|加强|提升|完善|增强|健全)"
        r"|还(?:不够|不太|需)(?:完善|健全|到位|增强|加强|提升)?|仍(?:不够|不太|需)(?:完善|健全|到位|增强|加强|提升)?"),
    # "(?:党政)?主要负责人…" spelled as two branches: with every branch starting with a character, re skips to the
    # next 第, 党 or 主 instead of trying each position of the text (10× faster, the same matches)
    "leaders_duties": re.compile(
        r"第一责任人|党政主要负责人(?:切实|认真)?(?:履行|落实|带头).{0,16}(?:职责|责任)"
        r"|主要负责人(?:切实|认真)?(?:履行|落实|带头).{0,16}(?:职责|责任)|党政主要负责人"),
    "next_year_plan": re.compile(
        r"下一步|下一阶段|(?:20\d\d|明)年[,，]?(?:我|全)?[区县市州旗盟省]?(?:将|要|继续)|今后.{0,6}(?:将|要)"),
    "other_matters": _HEADING["other_matters"],
}

# Core indicators whose year's figures a report should state, not only name.
CORE_INDICATORS = {
    "admin_reconsideration": re.compile(r"行政复议"),
    "admin_litigation": re.compile(r"行政诉讼|行政应诉|行政案件"),
    "court_appearance": re.compile(r"出庭应诉|负责人出庭"),
}
# A stated figure: Arabic digits, or Chinese numerals, with a counting unit or a percent sign.
_FIGURE = re.compile(
    r"(?:\d[\d,，]*(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)\s*(?:%|％|件|起|宗|次|人次|个百分点|个|人|名|家|项)")
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_SENTENCE_MAX = 160  # a sentence span longer than this is cut around its match

# Units a number stands before. 人民, 部门, 条例 after a mask are an anonymised name (XX人民政府), not a blank figure.
_UNITS = r"(?:件|人次|人(?!民)|次|个|项|家|条(?!例)|万元|亿元|元|%|％|场|期|名|起|份|天|日|小时|学时|月|年|户|篇|部(?!门)|宗)"
# A blank is read only before a unit ending its clause (受理行政复议 件,), as a gap before 年 or 人 is often layout.
_BLANK_UNITS = r"(?:件|人次|个|项|家|条|万元|元|%|％|场|期|名|起|份|宗)(?=[,，。、;；)）]|$)"
# Each branch starts with the character it needs and checks what is before it after that character, and the leading
# lookahead names them all: re then skips to the next such character instead of trying every position (5× faster,
# the same matches: tests/assess/test_content.py compares with the plain spelling).
_PLACEHOLDERS = re.compile(
    r"(?=[XxＸｘ×*＊_＿ \u3000])(?:"
    # XXXX件, XX%, X月X日, 20XX年: letters or stars where a number belongs (XX区 is an anonymised name, not this)
    rf"[XxＸｘ×*＊](?<![A-Za-z].)[XxＸｘ×*＊]{{0,7}}(?={_UNITS})"
    # ____ or ＿＿ left to fill in
    r"|[_＿]{2,}"
    # 受理行政复议 件: a blank where the number was, between a word and its unit
    rf"|[ \u3000](?<=[\u4e00-\u9fff].)[ \u3000]{{0,5}}(?={_BLANK_UNITS})"
    r")",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Evidence:
    part_code: str
    evidence_kind: str  # heading, wording
    char_start: int
    char_end: int
    evidence_text: str


@dataclass(frozen=True)
class IndicatorStatement:
    indicator: str  # a CORE_INDICATORS key
    state: str  # figures (a figure stated), words_only (named, no figure), not_mentioned
    char_start: int | None
    char_end: int | None
    evidence_text: str | None


@dataclass(frozen=True)
class Placeholder:
    char_start: int
    char_end: int
    context: str  # the placeholder with up to 8 characters on each side


@dataclass(frozen=True)
class ContentAssessment:
    parts: dict[str, Evidence]  # found parts only, by PART_CODES code
    indicators: dict[str, IndicatorStatement]
    placeholders: list[Placeholder]

    @property
    def missing_parts(self) -> list[str]:
        return [code for code in PART_CODES if code not in self.parts]


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], cut to _SENTENCE_MAX characters around the match."""
    left = max(text.rfind(c, max(0, start - _SENTENCE_MAX), start) for c in "。！？；;!?\n") + 1
    found = _SENTENCE_END.search(text, end, end + _SENTENCE_MAX)
    right = found.end() if found else min(len(text), end + _SENTENCE_MAX)
    left = max(left, start - _SENTENCE_MAX // 2)
    # leading blanks are not evidence
    while left < start and text[left].isspace():
        left += 1
    return left, right


def _from_headings(code: str, sections: list[Section]) -> Section | None:
    pattern = _HEADING[code]
    for section in sections:
        if code == "next_year_plan" and section.is_plan and section.level <= 2:
            return section
        if section.level <= 3 and pattern.search(section.heading):
            return section
    return None


def find_parts(text: str, sections: list[Section] | None = None, view: str | None = None) -> dict[str, Evidence]:
    """The required parts a report shows, each with its evidence: a heading first, else the first wording."""
    view = text_views(text).body if view is None else view
    sections = extract_sections(text) if sections is None else sections
    sections = [s for s in sections if s.level <= 3]  # only these can announce a part
    found: dict[str, Evidence] = {}
    for code in PART_CODES:
        section = _from_headings(code, sections)
        if section is not None:
            found[code] = Evidence(code, "heading", section.char_start, section.char_end,
                                   f"{section.ordinal}{section.heading}")
            continue
        match = _WORDING[code].search(view)
        if match is not None:
            start, end = _sentence_span(view, *match.span())
            found[code] = Evidence(code, "wording", start, end, text[start:end])
    return found


def indicator_statements(text: str, view: str | None = None) -> dict[str, IndicatorStatement]:
    """For each core indicator: the first sentence that names it with a figure, else the first that names it."""
    view = text_views(text).body if view is None else view
    out = {}
    for indicator, pattern in CORE_INDICATORS.items():
        first_named = None
        statement = None
        for match in pattern.finditer(view):
            start, end = _sentence_span(view, *match.span())
            if first_named is None:
                first_named = (start, end)
            if _FIGURE.search(view, match.end(), end):
                statement = IndicatorStatement(indicator, "figures", start, end, text[start:end])
                break
        if statement is None and first_named is not None:
            statement = IndicatorStatement(indicator, "words_only", *first_named, text[slice(*first_named)])
        out[indicator] = statement or IndicatorStatement(indicator, "not_mentioned", None, None, None)
    return out


def find_placeholders(text: str, view: str | None = None) -> list[Placeholder]:
    """Template placeholders and blanks left where a figure or date belongs."""
    view = text_views(text).body if view is None else view
    return [Placeholder(m.start(), m.end(), text[max(0, m.start() - 8):m.end() + 8])
            for m in _PLACEHOLDERS.finditer(view)]


def assess_content(text: str) -> ContentAssessment:
    """Required parts, core indicators' figures and placeholders of one landed text."""
    view = text_views(text).body  # once: each check reads the same view
    return ContentAssessment(parts=find_parts(text, view=view), indicators=indicator_statements(text, view),
                             placeholders=find_placeholders(text, view))
