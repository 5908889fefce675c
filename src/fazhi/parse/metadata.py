"""Document-level metadata of a landed report: title, kind, report year, publish date, anonymisation.

Everything is read on the length-preserving normalised view (`normalize.text_views`): traditional characters are
already simplified, full-width digits are ASCII, HTML remnants and pinyin glosses are blanked. Rules, in order:

- title: the first header line (before the prose starts) that reads like a document title, skipping page chrome,
  meta lines (发布时间, 来源, 索引号 …), document numbers (〔2022〕8号) and salutations. The 名称/标题 row of an
  information-disclosure page wins outright. Aggregator decorations are dropped ((精选)…, 【精品】…, …_百度文库,
  …-范文网, …范文(通用5篇), ….doc, a column tag 【法治政府建设】). A title broken over two lines is joined, an issuer
  line above 关于… is joined to it (吉州区人民政府 / 关于2021年度…的报告), a site-truncated copy gives way to the
  full one, a site tag before 关于 (泸州关于印发泸州市…) is dropped.
- doc_kind: from the title when it names a document type, else from the opening of the body (`_kind_from_title`,
  `_kind_from_body`). The vocabulary is the contract's; what each word takes, and why:

  | kind | takes | why / look-alikes |
  | --- | --- | --- |
  | annual_report | 情况报告, 年度报告, 工作报告, 工作总结, 情况汇报, 上半年总结, a five-year summary (“十三五”时期…总结), a 报送…报告的函 | reports on past work; a 报告 keeps this kind even with a 下一年打算 appendix (the framing decides); a wrapper that submits the report carries the report itself |
  | work_summary_plan | 总结/情况 and 计划/打算/思路/安排/要点 in one title (总结暨2021年工作计划), or a body that announces both (现将工作总结及2021年工作计划报告如下) | two parts of equal standing |
  | work_plan | 工作要点, 工作安排, 工作计划, 重点工作任务, 任务分工 for a coming year | |
  | implementation_plan | 实施方案, 工作方案, (实施)意见, multi-year 纲要 and 规划, 实施办法, a body that 制定本方案 | standing or multi-year plans |
  | notice | 关于印发/转发…的通知, any …通知 | the wrapper forwarding a plan is a notice even when the plan follows (dev set 004) |
  | news | 召开/举行/举办…会, 获评/表彰/入选, a headline 平安县:三举措推进…, a body opening 近日/日前/X月X日上午 or 本报讯/记者 | about rule-of-law government, but an account of an event |
  | academic | 浅谈/浅析/论/探析/研究/对策/路径/困境/的思考/——以…为例, 调研报告, a body with 摘要/关键词/参考文献 | |
  | other | 政府信息公开工作年度报告 (a different statutory report under the 条例); courts' 行政审判白皮书 and anything by 法院/检察院 (not the government); general 政府工作报告 (the whole year's government work, not its rule-of-law part); 普法/法治宣传/法治社会 reports without 法治政府/依法行政/法治建设/依法治X in the title (a different programme; a combined 法治政府和法治社会 title stays in); 述职述廉/述法 reports (a person's own duties, not the government's report); speeches (…讲话) and regulations (…办法/规定/细则, except 实施办法) | not these reports at all |

  Before any of these, a page *about* a report is told from the report (`_about_a_report`): a news dateline or
  byline in the opening (新华网, …日电, (记者 …)), a headline or opening about a report being released (我省发布…报告,
  近日…公开发布…报告) and a third party's 评估报告发布 are `news`; a 解读/图解/一图读懂 page and a catalogue page that
  summarises the report in another language are `other`. A 通报 (of assessment results) is a `notice`.

  A title with no rule-of-law word (2020年工作总结, a headline) is kept in its kind only when the body is about
  the work (法治政府, 依法行政, 行政执法, 行政复议 … about once every 2500 characters); otherwise it is `other`.
- report_year: the year whose work is reported; for plans and notices the year planned for; news the year of the
  event. From the title when it has one: a summary-plus-plan takes its summarised year; a range (2016-2020年) or a
  five-year period (“十三五”) takes its last year in a report or summary (the period is reported on as a whole, and
  such a summary is written after its last year) and its first year in a plan (the year the plan starts); years
  inside 《》 count only when the title has no other. Chinese-numeral years (二〇二一年) are read as digits. Without a
  title year: the opening sentence (2023年,… / 2020年XX区…, not a deadline 2022年底前), else the year of the
  past-work headings, else the most frequent plain year of the body, never later than the signing (or publish)
  year of a report. Dated mentions (2024年2月19日, 2018年一月五日), ranges, years inside 《》 and site clocks are
  ignored. Without any year: a report signed or published in the first half of a year is about the year before; a
  plan published from October on is for the next year; news is about its own year.
- publish_date: the page's 发布时间/发布日期/更新时间 (or a bare 时间: line, also with the value on the next line)
  outranks 成文日期 and the signing date (a date standing alone at the end, also written 二〇一一年二月二十八日 or
  2022.01.18); site clocks (今天是…星期三) and the dates of the related-articles list at the foot of a page
  (`normalize.page_tail_start`) never count. A re-published page keeps its page date as publish_date, but the
  report year is anchored on the signing date.
- is_anonymized (here): the issuer is masked (XX区, X县, ×× 县, *区, **区, □□区, ○○县, 某县) in the title, at the start
  of a line, before 人民政府/政府/司法局, in the first 400 characters, or repeatedly (masked figures, dates,
  companies and one cited 某县 case are not). The parser also flags a model-essay page (`is_model_essay_page`:
  范文, 供大家参考, 网友投稿) whose issuer the region resolver finds nowhere.
"""
from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from fazhi.parse.normalize import is_chrome_line, page_tail_start, text_views
from fazhi.parse.sections import Section, extract_sections


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
_CN_YEAR_DIGIT = "[〇○零O0一二三四五六七八九]"
_CN_SMALL = "(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|元)"
# 2022-01-18 / 2022年1月18日 or 二〇一一年二月二十八日; the year is the first four characters. The first one is
# consumed before the forms branch (a look-behind tells them apart) so that the search skips from one such
# character to the next: an alternation of groups would be tried at every position. A digit right before the year
# (12022年1月5日, 十二〇二一年…) means the year is the tail of another number, not a date.
_DATE = re.compile(
    r"[12〇○零O0一二三四五六七八九]"
    r"(?:(?:(?<=1)9|(?<=2)0)(?<!\d..)\d\d\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    rf"|(?<={_CN_YEAR_DIGIT})(?<![\d〇○零一二三四五六七八九十].){_CN_YEAR_DIGIT}{{3}}\s*年\s*(?P<cm>{_CN_SMALL})\s*月"
    rf"\s*(?P<cd>{_CN_SMALL})\s*日)"
)
# The first separator of each date, with the month after it, found literal by literal: a search for a literal skips
# ahead several times faster than one for the class `_DATE` opens with, whose characters (1, 2, 一 …) are in every
# figure. Each date is then matched from its year, the four characters before the separator and its blanks. No date
# can start inside another, so these are the matches a scan with `_DATE` finds.
_DATE_SEPARATORS = (
    re.compile(rf"年(?=\s*(?:\d{{1,2}}\s*[-月/.]|{_CN_SMALL}\s*月))"),
    re.compile(r"-(?=\s*\d{1,2}\s*[-月/.])"),
    re.compile(r"/(?=\s*\d{1,2}\s*[-月/.])"),
    re.compile(r"\.(?=\s*\d{1,2}\s*[-月/.])"),
)
_CLOCK = re.compile(r"今天是|今日是|当前时间|现在时间|星期[一二三四五六日天]")
# a page label standing on its own (发布时间:, 时间:), not the end of a word (截止时间2020年…)
_PAGE_DATE_LABEL = re.compile(
    r"(?:^|[^\u4e00-\u9fff])(?P<label>发布时间|发布日期|发表时间|发表日期|公开日期|公开时间|上传时间|上传日期|更新时间|"
    r"更新日期|成文日期|成文时间|发文日期|印发日期|时间|日期)\s*[::]?\s*$"
)
_SIGNING_LABELS = {"成文日期", "成文时间", "发文日期", "印发日期"}


def _dates(chars: str) -> list[re.Match[str]]:
    """Every `_DATE` match of a text, in order (what `_DATE.finditer` yields, found by `_DATE_SEPARATORS`)."""
    found = []
    for separator in _DATE_SEPARATORS:
        for match in separator.finditer(chars):
            year_end = match.start()
            while year_end and chars[year_end - 1].isspace():  # what `\s*` takes after the year
                year_end -= 1
            date = _DATE.match(chars, year_end - 4) if year_end >= 4 else None
            if date:
                found.append(date)
    if len(found) > 1:
        found.sort(key=_match_start)
    return found


def _match_start(match: re.Match[str]) -> int:
    return match.start()


def _cn_number(token: str) -> int:
    if token == "元":
        return 1
    if "十" in token:
        tens, _, units = token.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[token]


def _date_of(match: re.Match[str]) -> datetime.date | None:
    try:
        if match.group("m"):
            return datetime.date(int(match.group()[:4]), int(match.group("m")), int(match.group("d")))
        year = int("".join(str(_CN_DIGITS[c]) for c in match.group()[:4]))
        return datetime.date(year, _cn_number(match.group("cm")), _cn_number(match.group("cd")))
    except (ValueError, KeyError):
        return None


_LINE_WINDOW = 300  # furniture and date lines are short; a longer line is looked at only near the position


def _line_of(text: str, position: int) -> str:
    """The line around a position, at most _LINE_WINDOW characters each side (keeps one-line texts linear)."""
    low = max(0, position - _LINE_WINDOW)
    start = text.rfind("\n", low, position) + 1 or low
    end = text.find("\n", position, position + _LINE_WINDOW)
    return text[start:min(len(text), position + _LINE_WINDOW) if end < 0 else end]


def _page_dates(chars: str, dates: list[re.Match[str]]) -> tuple[list[datetime.date], list[datetime.date]]:
    """Dates labelled on the page: (publish-type labels incl. bare 时间:, signing-type labels 成文日期)."""
    publish, signing = [], []
    for match in dates:
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


def _signing_date(chars: str, dates: list[re.Match[str]]) -> datetime.date | None:
    """The last date that stands alone: on its own line (maybe after the issuer) or right after a full stop."""
    found = None
    for match in dates:
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
    r"(?<![A-Za-z0-9])(?P<mask>[Xx×]{1,4}|\*{1,4}|某{1,2}|[〇○□]{2,3})\s?"
    r"(?P<unit>省|自治区|自治州|市|区|县|州|旗|盟)(?![域场级民长块属])"
)
# cheap first pass; opening with a single class (not a repeat of it) lets the search skip to its characters
_MASK_CHARS = "Xx×*某〇○□"
_MASK_PREFILTER = re.compile(rf"[{_MASK_CHARS}][{_MASK_CHARS}]*\s?(?:省|自治|市|区|县|州|旗|盟)")


def _masks(chars: str) -> list[re.Match[str]]:
    if not any(char in chars for char in _MASK_CHARS):
        return []  # most texts have none of them: looking for each is several times faster than the scan
    found = []
    for rough in _MASK_PREFILTER.finditer(chars):
        for offset in range(rough.start(), rough.end()):
            match = _MASKED.match(chars, offset)
            if match:
                found.append(match)
                break
    return found


@lru_cache(maxsize=8)
def find_masked_issuer(chars: str, title: str | None = None) -> str | None:
    """The masked issuer name (XX区, *县, 某县) when the document is anonymised, else None (cached: the metadata
    reader and the region resolver both ask about the same view)."""
    if title:
        in_title = _MASKED.search(title)
        if in_title:
            return in_title.group()
    found = _masks(chars)
    if not found:
        return None
    # a lone 某县 may cite an anonymous case in a genuine report; XX区, *县 and 某某县 are template masks
    symbolic = [m for m in found if m.group("mask") != "某"]
    some = [m for m in found if m.group("mask") == "某"]

    def issuer_like(match: re.Match[str]) -> bool:
        """It names a government (XX区人民政府) or opens a line (某县2020年…总结) or the text."""
        line_start = chars.rfind("\n", 0, match.start()) + 1
        return bool(re.match(r"\s?(?:人民政府|政府|司法局)", chars[match.end():match.end() + 4])) or (
            not chars[line_start:match.start()].strip()
        )

    if (
        len(symbolic) >= 2
        or len(some) >= 3
        or any(issuer_like(m) for m in found)
        or any(m.start() < 400 for m in symbolic)
    ):
        tokens = Counter(m.group().replace(" ", "") for m in (symbolic or some))
        return tokens.most_common(1)[0][0]
    return None


# -- title ------------------------------------------------------------------------------------------------------

_META_LINE = re.compile(
    r"^(?:发布时间|发布日期|时间|日期|来源|信息来源|作者|发布部门|发文机关|发文字号|文号|索\s*引\s*号|有效性|主题分类|"
    r"成文日期|发布机构|浏览|字号|【|分享|打印|关闭|政策|标题|名称)"
)
_TITLE_ROW = re.compile(r"^(?:标\s*题|名\s*称|文件名称|文件标题)\s*[::]\s*(?P<value>\S.*)$")
_TITLE_WORDS = re.compile(
    r"报告|总结|计划|要点|安排|方案|意见|通知|纲要|规划|白皮书|情况|工作|打算|思路|法治|依法|研究|探析|浅析|浅谈|思考|对策|召开|举行|"
    r"汇报|讲话|办法|规定|细则"
)
_TITLE_END = re.compile(
    r"(?:报告|总结|计划|要点|安排|方案|意见|通知|纲要|规划|白皮书|情况|打算|思路|通报|决定|汇报|讲话|办法|规定|细则)$"
)
# aggregator decorations: (精选)…, …_百度文库, …-范文网, …范文(通用5篇), ….doc
_AGGREGATOR_PREFIX = re.compile(
    r"^(?:[(\[【]\s*(?:精选|精品|推荐|最新|原创|热门|优秀|完整版|范文|经典|热)[^)\]】]{0,4}[)\]】]\s*)+"
    r"|^【[^【】\d]{2,10}】\s*(?=\S{6})"  # a column tag: 【法治政府】吉州区召开…
)
_AGGREGATOR_SUFFIX = re.compile(
    r"\s*[-_|—–]+\s*[^-_|—–]{0,20}?(?:网|政府|门户|频道|文库|文档|巴巴|范文|大全|资料|知识库|博客|论坛)\s*$"
    r"|(?:范文|模板|范本)?\s*[(\[【]\s*(?:通用|精选|共|合集|最新|完整版|word版|可编辑|优选|热门)[^)\]】]{0,8}[)\]】]\s*$"
    r"|\.(?:docx?|pdf|txt|wps)\s*$"
    r"|(?<=总结|报告|计划|要点|安排|方案|思路|打算)(?:范文|模板|范本|大全)\s*$"
)
_DOCUMENT_NUMBER = re.compile(r"[〔\[(]\s*(?:19|20)\d\d\s*[〕\])]\s*\d+\s*号")
_ISSUER_ONLY = re.compile(r"(?:人民政府|政府|局|委员会|办公室|办公厅|厅|委|办)$")
_ORG_SUFFIX = "区县市省州旗盟府局委办厅院会部室处"


# what each decoration needs somewhere in the line: an opening bracket, or a dash, a bracket, a dot, a template word
_AGGREGATOR_PREFIX_OPENERS = ("(", "[", "【")
_AGGREGATOR_SUFFIX_MARKS = ("-", "_", "|", "—", "–", "(", "[", "【", ".", "范文", "模板", "范本", "大全")


def _clean_title(line: str) -> str:
    """A header line without aggregator decorations (prefix tags, site suffixes, 范文(通用5篇), .doc)."""
    # most lines carry none: the looks for the characters every decoration needs are far cheaper than the patterns
    cleaned = _AGGREGATOR_PREFIX.sub("", line) if line.startswith(_AGGREGATOR_PREFIX_OPENERS) else line
    if not any(mark in cleaned for mark in _AGGREGATOR_SUFFIX_MARKS):
        return cleaned.strip()  # what the loop below comes to when no suffix is found
    for _ in range(3):
        shorter = _AGGREGATOR_SUFFIX.sub("", cleaned).strip()
        if shorter == cleaned:
            break
        cleaned = shorter
    return cleaned


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


_SENTENCE_MARK = re.compile(r"[。;;!?]|[::]$")
_HEADING_OPENING = re.compile(r"^[一二三四五六七八九十]+、|^\(")


def _title_candidate(line: str) -> bool:
    if is_chrome_line(line) or _META_LINE.match(line) or len(line) < 6:
        return False
    if _SENTENCE_MARK.search(line) or _HEADING_OPENING.match(line):
        return False
    if _DATE.match(line) or ">" in line or _DOCUMENT_NUMBER.search(line):
        return False
    return bool(_TITLE_WORDS.search(line))


def extract_title(chars: str) -> str | None:
    """The report's own title, when the header has one."""
    lines = [(offset, _clean_title(line)) for offset, line in _header_lines(chars)]
    titles: list[str] = []
    for index, (_, line) in enumerate(lines):
        row = _TITLE_ROW.match(line)
        if row and _title_candidate(_clean_title(row.group("value"))):
            return _clean_title(row.group("value"))  # the page's own 名称/标题 row
        if not _title_candidate(line):
            continue
        title = line
        if not _TITLE_END.search(title) and index + 1 < len(lines):
            follower = lines[index + 1][1]
            if len(follower) <= 12 and _TITLE_END.search(follower) and not re.search(r"[,,。;;::]", follower):
                title += follower
        if title.startswith("关于") and index > 0:
            issuer = lines[index - 1][1]
            # 吉州区人民政府 / 关于2021年度…的报告: the issuer line above belongs to the title
            if len(issuer) <= 20 and _ISSUER_ONLY.search(issuer) and not re.search(r"[\s,,。;;::、]", issuer):
                title = issuer + title
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

_RULE_OF_LAW = re.compile(r"法治|依法行政|依法治|政府法制")
# the subject of this warehouse: 法治政府 (and 依法行政, its older name), or the whole rule-of-law work of a
# government (法治建设, 依法治县, 法治吉州建设), which includes it
_GOVERNMENT_RULE_OF_LAW = re.compile(
    r"法治政府|依法行政|法治建设|依法治(?:国|省|市|州|县|区|旗|盟)|"
    r"法治(?!社会|乡村|文化|宣传|队伍|思维|意识|环境|教育|理念)[\u4e00-\u9fff]{2,3}(?:建设|创建)"
)
# the core work of a rule-of-law government, for judging a body whose title does not say what it is about
_RULE_OF_LAW_WORK = re.compile(
    _GOVERNMENT_RULE_OF_LAW.pattern + r"|行政执法|行政复议|行政应诉|合法性审查|重大行政决策|规范性文件|权责清单"
)
# other programmes and genres that share words with it (see the module docstring for each decision)
_OFF_TOPIC = re.compile(
    r"信息公开|白皮书|审判|检察|法院|政府工作报告|述职|述廉|述法|普法|法治宣传|法治社会|法律顾问|考核结果|考评结果|通报$"
)
_DOCUMENT_WORD = re.compile(
    r"报告|总结|计划|要点|安排|方案|意见|通知|纲要|规划|白皮书|打算|思路|任务|情况|汇报|决定|办法|通报|函$"
)
_PLAN_WORD = r"(?:计划|打算|思路|安排|要点)"


def _kind_from_title(title: str) -> str | None:
    """The kind a title states; None when the title names no document type (a headline), so the body decides."""
    if re.search(r"信息公开.{0,6}(?:年度)?报告|信息公开工作年报", title):
        return "other"
    if _OFF_TOPIC.search(title) and not _GOVERNMENT_RULE_OF_LAW.search(title.replace("第一责任人", "")):
        return "other"
    if re.search(r"通报$", title) and not re.search(r"审判|检察|法院", title):
        return "notice"  # 关于2022年度法治政府建设考核结果的通报: a notice of assessment results
    if re.search(r"白皮书|审判|检察|法院|述职|述廉|考核结果|考评结果", title):
        return "other"  # never the government's own report, whatever else the title says
    if "政府工作报告" in title and not _RULE_OF_LAW.search(title):
        return "other"
    if re.search(r"(?:印发|转发|下发|发布).*(?:通知|的函)$|通知$", title):
        return "notice"
    if re.search(r"讲话$|致辞$|发言$|(?<!实施)(?:办法|规定|细则|规则)(?:\(试行\))?$", title):
        return "other"  # speeches and regulations are neither reports nor plans
    if re.search(
        r"^(?:浅谈|浅析|试论|论|刍议)|探析|探究|初探|研究$|对策$|路径|——以|为例$|的思考$|与思考$|问题与对策|困境|出路|视角",
        title,
    ):
        return "academic"
    if re.search(r"调研报告|研究报告", title):
        return "academic"
    if not title.startswith("关于") and re.search(
        r"召开|举行|举办|座谈会|推进会|动员会|培训班|专题讲座|督查组|获评|荣获|获省|获市|获国家|获全国|表扬|表彰|入选|走进|启动",
        title,
    ):
        return "news"
    if re.match(r"^[^::]{2,12}[::]", title) and not _DOCUMENT_WORD.search(title.split(":")[-1].split(":")[-1]):
        return "news"  # 平安县:三举措推进法治政府建设
    if re.search(rf"报告.*{_PLAN_WORD}", title):
        return "work_summary_plan"  # 情况报告及2017年工作计划
    if "报告" in title:
        return "annual_report"
    if re.search(r"总结|情况", title) and re.search(_PLAN_WORD, title):
        return "work_summary_plan"
    if re.search(r"方案|纲要|规划|实施办法|(?<!征求)意见$", title):
        return "implementation_plan"
    if re.search(rf"{_PLAN_WORD}|任务$|任务分工|责任分工|任务清单", title):
        return "work_plan"
    if re.search(r"总结|情况|汇报", title):
        return "annual_report"
    return None


# an academic paper's label line (摘要:, 【关键词】); found by the newline before it, which the search skips to
_ABSTRACT_LABEL = re.compile(r"\s*[【\[]?(?:摘\s*要|内容提要|关键词)")
_ABSTRACT_LABEL_LINE = re.compile(r"\n" + _ABSTRACT_LABEL.pattern)


def _kind_from_body(body: str) -> str:
    head = body[:600]
    opening = next((line.strip() for line in head.splitlines() if len(line.strip()) >= 15), "")
    if re.search(r"现予印发|现印发给你们|现将.{0,40}印发给你们|现转发给你们", head):
        return "notice"
    if _ABSTRACT_LABEL.match(body) or _ABSTRACT_LABEL_LINE.search(body) or "参考文献" in body:
        return "academic"
    if re.search(r"本报讯|讯\s*[((]\s*记者|记者\s*\S{1,4}\s*(?:报道|摄)|通讯员", head) or re.match(
        r"(?:近日|日前|近期|连日来|\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?)\s*[,,]", opening
    ):
        return "news"
    if re.search(r"政府信息公开条例.{0,40}(?:编制|制定)本报告|本年度报告|政府信息公开(?:工作)?年度报告", head):
        return "other"
    if re.search(r"各位代表", head):
        return "other"
    if re.search(r"现将.{0,40}总结.{0,20}(?:计划|打算|思路).{0,10}如下", body[:1500]):
        return "work_summary_plan"
    if re.search(r"报告如下|总结如下|汇报如下|报告:|现将.{0,30}情况", body[:1500]):
        return "annual_report"
    if re.search(r"制定本(?:实施)?(?:方案|规划|意见|纲要)|制定如下实施(?:方案|意见)", head):
        return "implementation_plan"
    if re.search(r"安排如下|要点如下|工作思路是|总体思路是|工作计划如下|制定本(?:工作)?(?:计划|要点)", head):
        return "work_plan"
    if _RULE_OF_LAW.search(body):
        return "annual_report"
    return "other"


# a page about a report is not the report: a news dateline or byline (新华网北京3月5日电, (记者 张三)), a policy
# interpretation (解读, 文字解读, 图解), a third party's evaluation released (评估报告发布)
_NEWS_DATELINE = re.compile(
    r"(?:新华网|新华社|人民网|中新网|中国新闻网|央视网|光明网|法治网|澎湃新闻)|\d{1,2}月\d{1,2}日电|[((]\s*记者|记者\s*[::]"
)
_INTERPRETATION = re.compile(r"解读|图解|问答|一图读懂|一图看懂")
# a headline about a report being released (我市发布2022年法治政府建设年度报告), or a story opening 近日…发布…报告
_RELEASE_HEADLINE = re.compile(r"^(?!关于).{0,20}?(?:发布|公布|出炉|晒出|亮出).{0,30}报告(?:发布)?$")
_RELEASE_OPENING = re.compile(r"^\s*(?:近日|日前|近期|\d{1,2}月\d{1,2}日)[,,][^。]{0,60}(?:发布|公布|出炉)[^。]{0,40}报告")
_EVALUATION_RELEASE = re.compile(r"评估报告.{0,4}发布|发布.{0,20}评估报告|第三方评估")


def _about_a_report(title: str | None, body: str) -> str | None:
    head = body[:400]
    if _NEWS_DATELINE.search(head):
        return "news"
    if title and _INTERPRETATION.search(title) or re.search(r"(?:政策|文字|图文|图片|视频)解读", head[:200]):
        return "other"
    if title and _EVALUATION_RELEASE.search(title) or _EVALUATION_RELEASE.search(head[:200]):
        return "news"
    if title and _RELEASE_HEADLINE.search(title) and not title.endswith(("通知", "的报告")):
        return "news"
    lines = [line for line in head.splitlines() if len(line.strip()) >= 15][:3]  # the title may come first
    if any(_RELEASE_OPENING.match(line) for line in lines):
        return "news"
    # a catalogue page summarising a report in another language (English, Tibetan, Uyghur …): mostly letters of
    # another script
    han = sum("\u4e00" <= char <= "\u9fff" for char in head)
    letters = sum(char.isalpha() for char in head) - han
    if letters > 200 and letters > 4 * han:
        return "other"
    return None


# a model-essay page (范文网, 供大家参考, 网友投稿): a template, anonymised unless it names a real issuer
_MODEL_ESSAY = re.compile(r"(?<!示)范文|供大家参考|仅供参考|网友投稿|投稿人|文档下载|下载本文")


def is_model_essay_page(text: str) -> bool:
    """The page is an essay site's template (its issuer is anonymised when the text names none)."""
    return bool(_MODEL_ESSAY.search(text_views(text).chars))


def _doc_kind(title: str | None, body: str) -> str:
    about = _about_a_report(title, body)
    if about:
        return about
    kind = _kind_from_title(title) if title else None
    if kind is None:
        kind = _kind_from_body(body)
    if kind != "other" and not (title and _RULE_OF_LAW.search(title)):
        # a title without rule-of-law words (2020年工作总结, a headline): the body must be about it, about once
        # every 2500 characters
        window = body[:5000]
        needed = max(1, len(window) // 2500)
        # counted only up to what is needed: the search stops at the first mentions instead of reading the whole window
        if next(islice(_RULE_OF_LAW_WORK.finditer(window), needed - 1, None), None) is None:
            return "other"
    return kind


# -- year -------------------------------------------------------------------------------------------------------

# the first digit is consumed before the look-behinds, so that the search skips from one 1 or 2 to the next: a
# pattern opening with a look-behind is tried at every position (ten times slower on a whole body)
_YEAR = re.compile(r"(?P<y>[12](?<![\d〔\[(（].)(?:(?<=1)9|(?<=2)0)\d\d)\s*年(?:度)?")
_MONTH_AFTER_YEAR = re.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十元]{1,3})\s*月")
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
        if _MONTH_AFTER_YEAR.match(text[match.end():match.end() + 5]):
            continue
        opened = text.rfind("《", max(0, position - 60), position)
        if opened >= 0 and text.rfind("》", opened, position) < 0:
            continue
        if _CLOCK.search(_line_of(text, position)) or _PAGE_DATE_LABEL.search(text[max(0, position - 12):position]):
            continue
        found.append((int(match.group("y")), position))
    return found


_CN_YEAR_RUN = re.compile(r"(?:一九|二[〇○零O0])[〇○零O0一二三四五六七八九]{2}(?=\s*年)")
# 十一五 2006–2010 … 十四五 2021–2025: five-year-plan periods
_FIVE_YEAR = re.compile(r"(?<![一二三四五六七八九十])十([一二三四五])五(?![一二三四五六七八九十])")
_FIVE_YEAR_START = {"一": 2006, "二": 2011, "三": 2016, "四": 2021, "五": 2026}


def arabic_years(text: str) -> str:
    """二〇二一年 → 2021年, one character for one character (offsets kept); other numerals untouched."""
    if "〇" not in text and "○" not in text and "零" not in text and "一九" not in text:
        return text
    return _CN_YEAR_RUN.sub(lambda match: "".join(str(_CN_DIGITS[char]) for char in match.group()), text)


def _outside_book_titles(text: str) -> str:
    """`text` with every 《…》 blanked (same length)."""
    return re.sub(r"《[^》]{0,80}》", lambda match: " " * len(match.group()), text) if "《" in text else text


def _title_year(title: str, kind: str) -> int | None:
    """The year a title is about (see the module docstring for ranges and five-year periods)."""
    title = arabic_years(title)
    outside = _outside_book_titles(title)
    if _YEAR.search(outside) or _FIVE_YEAR.search(outside):
        title = outside  # 关于《实施纲要(2015—2020年)》落实情况的2019年报告: the quoted range is not the subject
    is_plan_kind = kind in _PLAN_KINDS
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(title)]
    # a plan is about the period it starts; a summary of a period reports on it up to its last year
    years = [(int(title[a:a + 4]) if is_plan_kind else int(title[b - 4:b]), False) for a, b in ranges]
    years += [
        (_FIVE_YEAR_START[m.group(1)] + (0 if is_plan_kind else 4), False) for m in _FIVE_YEAR.finditer(title)
    ]
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


def _body_year(body: str, sections: list[Section], publish_year: int | None, is_plan: bool) -> int | None:
    latest = None if publish_year is None else (publish_year + 1 if is_plan else publish_year)
    def fits(year: int) -> bool:
        return latest is None or year <= latest

    # the opening sentence: "2023年,在市委…" / "2020年以来"
    for line in body.splitlines():
        stripped = line.strip()
        if len(stripped) < 20 or _META_LINE.match(stripped) or not re.search(r"[,,。]", stripped):
            continue
        # "2023年,在市委…" / "2020年XX区按照…"; not a date, a deadline (2020年底前) or a range
        opening = re.match(r"(?:19|20)\d\d\s*年(?:度)?(?![\d一二三四五六七八九十元]{1,3}月|底|初|前|末|至|到|-|—)", stripped)
        if opening and fits(int(stripped[:4])):
            return int(stripped[:4])
        break
    # past-work headings: 一、2016年工作情况
    heading_years = []
    for section in sections:
        if section.level <= 2 and not section.is_plan:
            match = _YEAR.search(arabic_years(section.heading))
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


def _fallback_year(date: datetime.date | None, kind: str) -> int | None:
    """The year a dated document with no year of its own is about: a plan published from October on is for the
    next year, a report published in the first half of a year is about the year before, news is about its day."""
    if date is None:
        return None
    if kind in _PLAN_KINDS:
        return date.year + 1 if date.month >= 10 else date.year
    if kind in ("news", "academic"):
        return date.year
    return date.year - 1 if date.month <= 6 else date.year


# -- entry point ------------------------------------------------------------------------------------------------

_PLAN_KINDS = {"work_plan", "implementation_plan", "notice"}


def extract_metadata(text: str) -> DocumentMetadata:
    """Title, kind, report year, publish date and anonymisation of one landed document."""
    views = text_views(text)
    chars = views.chars
    title = extract_title(chars)
    body = views.body
    kind = _doc_kind(title, body)

    dates = _dates(chars)
    publish, signed_on_page = _page_dates(chars, dates)
    tail = page_tail_start(chars)
    signing = _signing_date(chars, [match for match in dates if match.start() < tail])
    publish_date = (publish[0] if publish else None) or (signed_on_page[0] if signed_on_page else None) or signing
    anchor = signing or (signed_on_page[0] if signed_on_page else None) or publish_date

    is_plan = kind in _PLAN_KINDS
    year = _title_year(title, kind) if title else None
    if year is None:
        year = _body_year(arabic_years(body), extract_sections(text), anchor.year if anchor else None, is_plan)
    if year is None and kind == "news":
        # a news page's dateline (2023年4月12日,德清县…考察团…) is the day of its event
        opening = body.lstrip()[:120]
        dated = [d for d in map(_date_of, _dates(opening)) if d is not None]
        if dated:
            year = dated[0].year
    if year is None:
        year = _fallback_year(anchor, kind)

    return DocumentMetadata(
        title=title,
        doc_kind=kind,
        report_year=year,
        publish_date=publish_date,
        is_anonymized=find_masked_issuer(chars, title) is not None,
    )
