"""Document-level metadata of a landed report: title, kind, report year, publish date, anonymisation.

Rules, in the order they are applied:

- title: the first header line (before the prose starts) that reads like a document title, skipping page chrome,
  meta lines (发布时间, 来源 …) and salutations; a title broken over two lines is joined, a site-truncated copy
  (区法治… before XX区法治…) gives way to the full one, a site tag before 关于 (泸州关于印发泸州市…) is dropped.
- doc_kind: from the title when there is one, else from the opening of the body (see `_kind_from_title` and
  `_kind_from_body`): look-alikes (政府信息公开年度报告, 白皮书, 政府工作报告) are `other`; 印发/转发…的通知 is a
  `notice` even when the forwarded plan follows; a 报告 stays an `annual_report` even with a 下一年打算 appendix.
- report_year: the year whose work is reported (for plans, the year planned for): the title's year, else the
  opening sentence (2023年,…), else the year of the past-work headings, else the most frequent plain year of the
  body; never later than the publish year of a report. Dated mentions (2024年2月19日), ranges (2021—2025年), years
  inside 《》 and site clocks are ignored. Without any year, a report published in the first half of a year is
  about the year before.
- publish_date: the page's 发布时间/发布日期 (or a bare 时间: line) outranks the signing date (a date standing alone
  at the end, also written 二〇一一年二月二十八日); site clocks (今天是…星期三) never count.
- is_anonymized: the issuer is masked (XX区, ×× 县, *区, 某县) in the title or repeatedly in the text.
"""
from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from fazhi.parse.normalize import is_chrome_line, text_views
from fazhi.parse.sections import extract_sections


@dataclass(frozen=True)
class DocumentMetadata:
    title: str | None
    doc_kind: str
    report_year: int | None
    publish_date: datetime.date | None
    is_anonymized: bool


# -- dates ------------------------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = "[〇○零O0一二三四五六七八九]{4}"
_CN_SMALL = "(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|元)"
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    rf"|(?P<cy>{_CN_YEAR})\s*年\s*(?P<cm>{_CN_SMALL})\s*月\s*(?P<cd>{_CN_SMALL})\s*日"
)
_CLOCK = re.compile(r"今天是|今日是|当前时间|现在时间|星期[一二三四五六日天]")
# a page label standing on its own (发布时间:, 时间:), not the end of a word (截止时间2020年…)
_PAGE_DATE_LABEL = re.compile(
    r"(?:^|[^\u4e00-\u9fff])(?P<label>发布时间|发布日期|发表时间|发表日期|公开日期|公开时间|上传时间|上传日期|更新时间|"
    r"更新日期|成文日期|成文时间|发文日期|印发日期|时间|日期)\s*[::]?\s*$"
)
_SIGNING_LABELS = {"成文日期", "成文时间", "发文日期", "印发日期"}


def _cn_number(token: str) -> int:
    if token == "元":
        return 1
    if "十" in token:
        tens, _, units = token.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[token]


def _date_of(match: re.Match[str]) -> datetime.date | None:
    try:
        if match.group("y"):
            return datetime.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        year = int("".join(str(_CN_DIGITS[c]) for c in match.group("cy")))
        return datetime.date(year, _cn_number(match.group("cm")), _cn_number(match.group("cd")))
    except (ValueError, KeyError):
        return None


def _line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:len(text) if end < 0 else end]


def _page_dates(chars: str) -> tuple[list[datetime.date], list[datetime.date]]:
    """Dates labelled on the page: (publish-type labels incl. bare 时间:, signing-type labels 成文日期)."""
    publish, signing = [], []
    for match in _DATE.finditer(chars):
        line = _line_of(chars, match.start())
        if _CLOCK.search(line):
            continue
        label = _PAGE_DATE_LABEL.search(chars[max(0, match.start() - 12):match.start()])
        if not label:
            continue
        date = _date_of(match)
        if date is None:
            continue
        (signing if label.group("label") in _SIGNING_LABELS else publish).append(date)
    return publish, signing


def _signing_date(chars: str) -> datetime.date | None:
    """The last date that stands alone: on its own line (maybe after the issuer) or right after a full stop."""
    found = None
    for match in _DATE.finditer(chars):
        line = _line_of(chars, match.start())
        if _CLOCK.search(line) or _PAGE_DATE_LABEL.search(chars[max(0, match.start() - 12):match.start()]):
            continue
        before = chars[max(0, match.start() - 1):match.start()]
        after = chars[match.end():match.end() + 1]
        stripped = line.strip().strip("()()")
        alone = stripped.endswith(match.group().strip()) and len(stripped) <= len(match.group().strip()) + 30 and not re.search(
            r"[,,。;;]", stripped
        )
        after_stop = before in ("。", "") and after not in (",", ",", "、", "起", "前", "至", "到", "以")
        if alone or after_stop:
            date = _date_of(match)
            if date:
                found = date
    return found


# -- anonymisation ----------------------------------------------------------------------------------------------

_MASKED = re.compile(
    r"(?<![A-Za-z0-9])(?P<mask>[Xx×]{1,4}|\*{1,4}|某{1,2}|[〇○]{2,3})\s?"
    r"(?P<unit>省|自治区|自治州|市|区|县|州|旗|盟)(?![域场级民长])"
)


def find_masked_issuer(chars: str, title: str | None = None) -> str | None:
    """The masked issuer name (XX区, *县, 某县) when the document is anonymised, else None."""
    found = list(_MASKED.finditer(chars))
    if title:
        in_title = _MASKED.search(title)
        if in_title:
            return in_title.group()
    if not found:
        return None
    head = chars[:400]
    # a lone 某县 may cite an anonymous case in a genuine report; XX区, *县 and 某某县 are template masks
    symbolic = [m for m in found if m.group("mask") != "某"]
    some = [m for m in found if m.group("mask") == "某"]
    institution = any(re.match(r"\s?(?:人民政府|政府|司法局)", chars[m.end():m.end() + 4]) for m in symbolic)
    if len(symbolic) >= 2 or len(some) >= 3 or institution or any(m.start() < len(head) for m in symbolic):
        tokens = Counter(m.group().replace(" ", "") for m in (symbolic or some))
        return tokens.most_common(1)[0][0]
    return None


# -- title ------------------------------------------------------------------------------------------------------

_META_LINE = re.compile(
    r"^(?:发布时间|发布日期|时间|日期|来源|信息来源|作者|发布部门|发文机关|发文字号|文号|索引号|有效性|主题分类|"
    r"成文日期|发布机构|浏览|字号|【|分享|打印|关闭|政策|标题|名称)"
)
_TITLE_WORDS = re.compile(
    r"报告|总结|计划|要点|安排|方案|意见|通知|纲要|规划|白皮书|情况|工作|打算|思路|法治|依法|研究|探析|浅析|浅谈|思考|对策|召开|举行"
)
_TITLE_END = re.compile(r"(?:报告|总结|计划|要点|安排|方案|意见|通知|纲要|规划|白皮书|情况|打算|思路|通报|决定)$")
_SITE_SUFFIX = re.compile(r"\s*[-_|—]+\s*[^-_|—]*(?:网|政府|门户|频道)\s*$")
_ORG_SUFFIX = "区县市省州旗盟府局委办厅院会部室处"


def _header_lines(chars: str) -> list[tuple[int, str]]:
    """Lines before the prose starts: (offset, stripped line)."""
    lines = []
    for match in re.finditer(r"[^\n]*", chars):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) > 90 or (len(stripped) > 40 and "。" in stripped):
            break
        lines.append((match.start() + line.index(stripped[0]), stripped))
        if len(lines) >= 25:
            break
    return lines


def _title_candidate(line: str) -> bool:
    if is_chrome_line(line) or _META_LINE.match(line) or len(line) < 6:
        return False
    if re.search(r"[。;;!?]|[::]$", line) or re.match(r"^[一二三四五六七八九十]+、|^\(", line):
        return False
    if _DATE.match(line) or ">" in line:
        return False
    return bool(_TITLE_WORDS.search(line))


def extract_title(chars: str) -> str | None:
    """The report's own title, when the header has one."""
    lines = _header_lines(chars)
    titles: list[str] = []
    for index, (_, line) in enumerate(lines):
        if not _title_candidate(line):
            continue
        title = _SITE_SUFFIX.sub("", line)
        if not _TITLE_END.search(title) and index + 1 < len(lines):
            follower = lines[index + 1][1]
            if len(follower) <= 12 and _TITLE_END.search(follower) and not re.search(r"[,,。;;::]", follower):
                title += follower
        titles.append(title)
    if not titles:
        return None
    # a site banner (吉州区人民政府 法治政府建设专栏) gives way to a line that ends like a title
    title = next((candidate for candidate in titles if _TITLE_END.search(candidate)), titles[0])
    for later in titles[titles.index(title) + 1:]:
        if len(later) > len(title) and later.endswith(title[-min(len(title), 8):]) and title[:6] in later:
            title = later
    return _strip_site_tag(title)


def _strip_site_tag(title: str) -> str:
    """泸州关于印发泸州市人民政府…的通知 → 关于印发…: a short tag before 关于 that the title repeats is chrome."""
    match = re.match(r"^(.{1,4}?)(关于.+)$", title)
    if not match:
        return title
    tag, rest = match.groups()
    if tag in rest or tag[-1] not in _ORG_SUFFIX:
        return rest
    return title


# -- kind -------------------------------------------------------------------------------------------------------

_RULE_OF_LAW = re.compile(r"法治|依法行政|依法治")


def _kind_from_title(title: str) -> str:
    if re.search(r"信息公开.{0,6}(?:年度)?报告|信息公开工作年报", title):
        return "other"
    if re.search(r"白皮书|审判|检察|法院", title):
        return "other"
    if "政府工作报告" in title and not _RULE_OF_LAW.search(title):
        return "other"
    if re.search(r"(?:印发|转发|下发).*(?:通知|的函)$|通知$", title):
        return "notice"
    if re.search(r"^(?:浅谈|浅析|试论|论)|探析|探究|研究$|对策$|路径|——以|的思考$|问题与对策", title):
        return "academic"
    if re.search(r"调研报告|研究报告", title):
        return "academic"
    if re.search(r"召开|举行|举办|座谈会|推进会|动员会|培训班|专题讲座|督查组|获评|荣获|走进|启动", title):
        return "news"
    if re.search(r"报告.*(?:计划|打算|思路|安排|要点)", title):
        return "work_summary_plan"  # 情况报告及2017年工作计划
    if "报告" in title:
        return "annual_report"
    if re.search(r"(?:总结|情况)", title) and re.search(r"(?:计划|打算|思路|安排|要点)", title):
        return "work_summary_plan"
    if re.search(r"实施方案|实施意见|纲要|规划|实施办法", title):
        return "implementation_plan"
    if re.search(r"要点|安排|计划|打算|思路", title):
        return "work_plan"
    if re.search(r"总结|情况|述职|述法", title) or _RULE_OF_LAW.search(title):
        return "annual_report"
    return "other"


def _kind_from_body(body: str) -> str:
    head = body[:600]
    if re.search(r"现予印发|现印发给你们|现将.{0,40}印发给你们|现转发给你们", head):
        return "notice"
    if re.search(r"摘\s*要\s*[::]|关键词\s*[::]|参考文献", body):
        return "academic"
    if re.search(r"本报讯|记者\s*\S{1,4}\s*(?:报道|摄)|通讯员", head) or re.search(r"\d{1,2}月\d{1,2}日(?:上午|下午|晚)", head[:150]):
        return "news"
    if re.search(r"政府信息公开条例.{0,40}(?:编制|制定)本报告|本年度报告", head):
        return "other"
    if re.search(r"各位代表", head):
        return "other"
    if re.search(r"现将.{0,40}总结.{0,20}(?:计划|打算|思路).{0,10}如下", body[:1500]):
        return "work_summary_plan"
    if re.search(r"报告如下|总结如下|汇报如下|报告:|现将.{0,30}情况", body[:1500]):
        return "annual_report"
    if re.search(r"安排如下|要点如下|工作思路是|总体思路是|工作计划如下", head):
        return "work_plan"
    if _RULE_OF_LAW.search(body):
        return "annual_report"
    return "other"


# -- year -------------------------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![\d〔\[(（])(?P<y>(?:19|20)\d\d)\s*年(?:度)?")
_PLAN_AFTER_YEAR = re.compile(r"\s*(?:的)?(?:[^\d,,。]{0,10}?工作)?(?:计划|打算|思路|安排|要点|任务)")
_RANGE = re.compile(r"(?:19|20)\d\d\s*(?:年)?\s*[-—–~至到]\s*(?:19|20)\d\d")


def _plain_years(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(year, offset) of plain year mentions: not dates, not ranges, not inside 《》 or 〔〕, not a site clock."""
    end = len(text) if end is None else end
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(text, start, end)]
    found = []
    for match in _YEAR.finditer(text, start, end):
        position = match.start()
        if any(a <= position < b for a, b in ranges):
            continue
        if re.match(r"\s*\d{1,2}\s*月", text[match.end():match.end() + 4]):
            continue
        opened = text.rfind("《", max(0, position - 60), position)
        if opened >= 0 and text.rfind("》", opened, position) < 0:
            continue
        if _CLOCK.search(_line_of(text, position)) or _PAGE_DATE_LABEL.search(text[max(0, position - 12):position]):
            continue
        found.append((int(match.group("y")), position))
    return found


def _title_year(title: str, kind: str) -> int | None:
    """The year a title is about; a year range (2021—2025年) counts as its first year."""
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(title)]
    years = [(int(title[a:a + 4]), False) for a, _ in ranges]
    for match in _YEAR.finditer(title):
        if any(a <= match.start() < b for a, b in ranges):
            continue
        years.append((int(match.group("y")), bool(_PLAN_AFTER_YEAR.match(title, match.end()))))
    if not years:
        return None
    if kind == "work_summary_plan":
        summarised = [year for year, is_plan_year in years if not is_plan_year]
        return min(summarised) if summarised else min(year for year, _ in years) - 1
    if kind in ("work_plan", "notice"):
        planned = [year for year, is_plan_year in years if is_plan_year]
        return max(planned) if planned else max(year for year, _ in years)
    return min(year for year, _ in years)


def _body_year(body: str, publish_year: int | None, is_plan: bool) -> int | None:
    latest = None if publish_year is None else (publish_year + 1 if is_plan else publish_year)
    def fits(year: int) -> bool:
        return latest is None or year <= latest

    # the opening sentence: "2023年,在市委…" / "2020年以来"
    for line in body.splitlines():
        stripped = line.strip()
        if len(stripped) < 20 or _META_LINE.match(stripped) or not re.search(r"[,,。]", stripped):
            continue
        opening = re.match(r"(?:19|20)\d\d\s*年(?:度)?(?:以来|来|,|,|上半年|全年|是|在|我|全)", stripped)
        if opening and fits(int(stripped[:4])):
            return int(stripped[:4])
        break
    # past-work headings: 一、2016年工作情况
    sections = extract_sections(body)
    heading_years = []
    for section in sections:
        if section.level <= 2 and not section.is_plan:
            match = _YEAR.search(section.heading)
            if match and fits(int(match.group("y"))):
                heading_years.append(int(match.group("y")))
    if heading_years:
        return Counter(heading_years).most_common(1)[0][0]
    plan_starts = [s.char_start for s in sections if s.is_plan and s.level <= 2]
    cut = min(plan_starts) if plan_starts and not is_plan else len(body)
    years = [year for year, _ in _plain_years(body, 0, cut) if fits(year)]
    if not years:
        return None
    counts = Counter(years)
    top = max(counts.values())
    return min(year for year, count in counts.items() if count == top) if not is_plan else max(
        year for year, count in counts.items() if count == top
    )


def _fallback_year(date: datetime.date | None, is_plan: bool) -> int | None:
    if date is None:
        return None
    if is_plan:
        return date.year + 1 if date.month >= 10 else date.year
    return date.year - 1 if date.month <= 6 else date.year


# -- entry point ------------------------------------------------------------------------------------------------

_PLAN_KINDS = {"work_plan", "implementation_plan", "notice"}


def extract_metadata(text: str) -> DocumentMetadata:
    """Title, kind, report year, publish date and anonymisation of one landed document."""
    views = text_views(text)
    chars = views.chars
    title = extract_title(chars)
    body = views.body
    kind = _kind_from_title(title) if title else _kind_from_body(body)

    publish, signed_on_page = _page_dates(chars)
    signing = _signing_date(chars)
    publish_date = (publish[0] if publish else None) or (signed_on_page[0] if signed_on_page else None) or signing
    anchor = signing or (signed_on_page[0] if signed_on_page else None) or publish_date

    is_plan = kind in _PLAN_KINDS
    year = _title_year(title, kind) if title else None
    if year is None:
        year = _body_year(body, anchor.year if anchor else None, is_plan)
    if year is None:
        year = _fallback_year(anchor, is_plan)

    return DocumentMetadata(
        title=title,
        doc_kind=kind,
        report_year=year,
        publish_date=publish_date,
        is_anonymized=find_masked_issuer(chars, title) is not None,
    )
