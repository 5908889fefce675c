"""Finding the mentions of divisions in a text and the role each plays: the title, an issuer line, the site owner,
a signature, the opening subject, a plain or institutional mention, or a weak one (a superior, a peer, a quoted
document title, an addressee, page furniture). See the package docstring for the weights.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.parse.normalize import is_chrome_line
from fazhi.parse.regions.gazetteer import RegionTable

_GOVERNMENT = r"(?:人民政府|政府)(?:办公室|办公厅|法制办公室|法制办)?"
# a department (司法局, 卫健委); 吉安市委 (the name directly followed by 委) is a party committee, not a body
_BODY = r"[^\s\d,,。;;::、()《》“”\"的和与及在对了等是为将]{1,8}?(?:局|厅|委员会|办公室|法制办|依法治[省市区县州旗盟]办|委|办)"
_INSTITUTION = re.compile(rf"{_GOVERNMENT}|{_BODY}")
_GOVERNMENT_NAMED = re.compile(_GOVERNMENT)
_ISSUER_LINE = re.compile(
    r"^\s*(?:发布部门|发文机关|发文单位|发布机构|发布单位|制发机关|发布者|来源单位|信息来源|文章来源|来源)\s*[::]"
)
# the portal's owner (a report is often re-published on its superior's portal)
_SITE_OWNER = re.compile(
    r"^\s*欢迎(?:您)?(?:访问|来到|光临)|^\s*\S{2,20}?(?:人民政府|政府)(?:门户)?网(?:站)?\s*$|(?:^|\s)主办(?:单位)?\s*[::]|^\s*\S{2,20}?(?:人民政府|政府)(?:门户网站?|网站?)?\s*(?:>|>|»)"
)
# a portal's section for its subordinates' news (县区动态, 市县动态, 基层动态): the page is not the owner's own
_SUBORDINATES_SECTION = re.compile(r"[县区市旗]{2,3}(?:动态|信息|风采|传真|之窗)|基层|乡镇|街道|地方")
_BREADCRUMB_ROOT = re.compile(r"^\s*\S{2,20}?(?:人民政府|政府)(?:门户网站?|网站?)?\s*(?:>|>|»)")
# addressees, copy lists and contact lines name other bodies: 吉安市人民政府: / 抄送:市司法局
_ADDRESS_LINE = re.compile(r"^\s*(?:抄送|抄报|主送|报送|送|联系人|联系电话|附件)\s*[::]|^\s*[^,,。;;::]{2,30}[::]\s*$")
# the reporter's own documents: 印发《吉州区…办法》 (a superior's come after 按照/根据/贯彻落实 …), maybe after a chain of
# others (《…》、《…》和); the chain opens with 《 so that the search skips from one to the next (a pattern that may
# match empty is tried at every position)
_OWN_DOCUMENT_CHAIN = re.compile(r"(?:《[^《》]{0,60}》[、,,和及与]?\s*)+$")
_SUPERIOR_AFTER = re.compile(r"^[^,,。;;]{0,20}?(?:领导|指导|关心|支持|帮助|部署|带领)下")
_SUPERIOR_BEFORE = re.compile(r"(?:按照|根据|依据|遵照|贯彻|落实|执行|对照|向|报送|报请)[^,,。;;]{0,3}$")
_PEER_BEFORE = re.compile(r"(?:学习|借鉴|考察|赴|前往|兄弟|对标|参照|参观)[^,,。;;]{0,6}$")
_PEER_AFTER = re.compile(r"^[^,,。;;]{0,12}(?:经验|做法|考察|学习|先进)")
_ADJACENT_GAP = re.compile(r"^\s?$")

_TITLE_WEIGHT = 5.0
_ISSUER_WEIGHT = 6.0
_SITE_WEIGHT = 3.0
_SIGNATURE_WEIGHT = 6.0
_INSTITUTION_WEIGHT = 2.0
_PLAIN_WEIGHT = 1.0
_LEAD_WEIGHT = 2.0
# roles only the reporter writes: the opening sentence with the name as its very subject (2023年,平山县坚持…),
# the self-reference formula (现将平山县2022年…报告如下), a header line that is the issuing government alone
_OPENING_SUBJECT_WEIGHT = 3.5
_SELF_FORMULA_WEIGHT = 5.0
_ISSUER_HEADING_WEIGHT = 5.0
_WEAK_WEIGHT = 0.3
_SELF_TYPE_BONUS = 1.5
_SLOGAN_BONUS = 0.5
_MIN_SCORE = 2.5
_MIN_SOLID = 2.0  # two plain mentions, or one that names an institution, opens the text or titles it
_MAX_RIVAL_SHARE = 0.6


@dataclass
class _Mention:
    alias: str
    names: set[str]
    start: int
    end: int
    weight: float
    context: str
    institution: str | None
    # the official names the parent written just before may have (信阳市|平桥区): all of them, not one picked from a set
    # in an order that changes from process to process
    chained_parents: frozenset[str] = frozenset()
    chain_start: int | None = None  # where that name chain starts
    is_chain_parent: bool = False


def _inside_book_title(text: str, start: int) -> bool:
    opened = text.rfind("《", max(0, start - 80), start)
    if opened < 0:
        return False
    closed = text.rfind("》", opened, start)
    return closed < 0


def _line_bounds(text: str, start: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return line_start, len(text) if line_end < 0 else line_end


_LINE = re.compile(r"[^\n]+")


def _signature_zone(text: str, tail: int) -> int:
    """Offset from which short trailing lines count as the signature block (the last five non-empty lines before
    the page's foot of links)."""
    # walk back from the tail: the lines before the last five are never looked at
    found, end, start = 0, tail, len(text)
    while end > 0 and found < 5:
        line_start = text.rfind("\n", 0, end) + 1
        if text[line_start:end].strip():
            found, start = found + 1, line_start
        end = line_start - 1
    return start


def _lead_zone(text: str) -> tuple[int, int]:
    """Where the body's opening subject stands: the first 40 characters of the first line that reads like prose."""
    for match in _LINE.finditer(text):
        line = match.group()
        if len(line.strip()) >= 40 and ("," in line or "," in line) and not is_chrome_line(line):
            stop = line.find("。")
            return match.start(), match.start() + min(stop if stop > 0 else len(line), 40)
    return 0, 0


def _is_subject(text: str, start: int) -> bool:
    """The name opens a clause (2020年,延吉市坚持…), rather than being an object (与吉水县签订)."""
    before = text[:start].rstrip(" ")
    # or a news lead: 本报讯(记者 周某)长兴县…, 新华社杭州3月30日电 浙江省…
    return not before or before[-1] in ",,\n年来" or bool(re.search(r"[((]记者[^))]{0,30}[))]$|(?:讯|日电)$", before))


def _own_document(text: str, start: int, alias: str, self_type: str | None) -> bool:
    """《吉州区法治政府建设实施方案》 in a text that calls itself 我区, not after 按照/根据/落实…: the reporter's own."""
    if text[start - 1:start] != "《" or not self_type or not alias.endswith(self_type):
        return False
    before = text[max(0, start - 200):start - 1]
    chain = _OWN_DOCUMENT_CHAIN.search(before)
    # without a chain, what leads in is all of it (but a final newline, as `$` stands before one)
    lead_in = before[:chain.start()] if chain else before[:-1] if before.endswith("\n") else before
    return not (
        _SUPERIOR_BEFORE.search(lead_in)
        or _PEER_BEFORE.search(lead_in)
        or re.search(r"(?:省|市|州|盟|中央|国务院|上级)[^,,。;;]{0,4}$", lead_in)
    )


_CLAUSE_MARK = re.compile(r"[,,。;;]")
_NUMBERED_HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+、|\(|\d{1,2}[.、])")
_IN_BEFORE = re.compile(r"在[^,,。;;]{0,6}$")
_RULE_OF_LAW_BODY_AFTER = re.compile(r"^(?:委|党委)?(?:全面)?依法治[省市州区县旗盟]")


# what may stand before the opening subject on its line: a year or time phrase (2023年, 2023年以来, 今年以来)
# or a lead-in naming its superiors (在吉安市委、市政府的坚强领导下, / 按照…部署,), before or after the time phrase
_TIME_PHRASE = (
    r"(?:(?:(?:19|20)\d\d\s*年)?\d{1,2}\s*月\s*\d{1,2}\s*日(?:上午|下午)?|"  # a news opening: 2023年3月15日,长兴县召开…
    r"(?:19|20)\d\d\s*年(?:度)?(?:以来|上半年|全年)?|今年以来|近年来|近年|一年来|过去一年|去年)"
)
_LEAD_IN = r"(?:在[^。;;\n]{0,30}?(?:领导|指导|带领)下|(?:按照|根据)[^。;;\n]{0,40}?(?:部署|要求|安排))"
_OPENING_PREFIX = re.compile(
    rf"^\s*(?:[^\s,,。;;]{{0,20}}?(?:讯|电)\s*)?(?:[((]记者[^))]{{0,30}}[))]\s*)?"  # 本报讯(记者 周某), 新华社…电
    rf"(?:{_TIME_PHRASE}\s*[,,]?\s*)?(?:{_LEAD_IN}\s*[,,]\s*(?:{_TIME_PHRASE}\s*[,,]?\s*)?){{0,2}}$"
)
# after the subject: a party committee (吉安市委, 市委依法治市办) is not the reporter's government speaking
_NOT_SELF_AFTER = re.compile(r"^(?:委(?![、和]\s*[省市县区州旗盟]?(?:人民)?政府)|党委|人大|政协|纪委|法院|检察院|中级|公安)")
_SELF_FORMULA_BEFORE = re.compile(r"(?:现将|现就|特将|兹将)\s*$")
_SELF_FORMULA_AFTER = re.compile(r"^[^。;;]{0,60}?(?:报告|汇报|总结|通报)(?:如下|于后)")
_ISSUER_HEADING_REST = re.compile(rf"^(?:{_GOVERNMENT}|{_BODY})?\s*[)\]】]?\s*$")
_NAME_CHAIN_ONLY = re.compile(r"^[\u4e00-\u9fff]{0,12}$")


def _fits_self_type(alias: str, self_type: str | None) -> bool:
    """No self-reference, or the one the text uses is this unit's type (我县 and a 县)."""
    return self_type is None or alias.endswith(self_type)


def _classify(
    text: str, start: int, end: int, title_span: tuple[int, int], zones, self_type: str | None = None
) -> tuple[float, str]:
    signature_from, (lead_start, lead_end), tail = zones
    in_book_title = _inside_book_title(text, start)
    if title_span[0] <= start < title_span[1]:
        # 关于印发《吉州区…计划》的通知: the forwarded plan is usually the issuer's own
        return (_INSTITUTION_WEIGHT, "title") if in_book_title else (_TITLE_WEIGHT, "title")
    if start >= tail:
        return _WEAK_WEIGHT, "page tail"
    line_start, line_end = _line_bounds(text, start)
    line = text[line_start:line_end]
    if is_chrome_line(line) and not _SITE_OWNER.search(line) and not _ISSUER_LINE.match(line):
        return _WEAK_WEIGHT, "page furniture"
    if _BREADCRUMB_ROOT.match(line) and start - line_start < 24 and not (
        _fits_self_type(text[start:end], self_type) and not _SUBORDINATES_SECTION.search(line)
    ):
        return _WEAK_WEIGHT, "page furniture"  # 宁波市人民政府 > 区县市动态: a portal's section for others' pages
    if in_book_title:
        if _own_document(text, start, text[start:end], self_type):
            return _PLAIN_WEIGHT, "own document"
        return _WEAK_WEIGHT, "document title"
    if _ADDRESS_LINE.match(line) and not _ISSUER_LINE.match(line):
        return _WEAK_WEIGHT, "addressee"
    if _ISSUER_LINE.match(line):
        return _ISSUER_WEIGHT, "issuer line"
    if len(line.strip()) <= 60 and _SITE_OWNER.search(line):
        # a portal republishes its subordinates' reports: an owner of another tier than the text's 我县 is not the
        # reporter (主办:信阳市人民政府办公室 under a 我县 report), nor one whose breadcrumb is a 县区动态 section
        if not _fits_self_type(text[start:end], self_type) or (
            _BREADCRUMB_ROOT.match(line) and _SUBORDINATES_SECTION.search(line)
        ):
            return _WEAK_WEIGHT, "page furniture"
        return _SITE_WEIGHT, "site owner"
    head = text[line_start:start]
    if (
        (lead_start == lead_end == 0 or start < lead_start)
        and _NAME_CHAIN_ONLY.match(head.strip().lstrip("([【").strip())
        and _ISSUER_HEADING_REST.match(text[end:line_end])
        and (head.strip() or text[end:line_end].strip())
        and _fits_self_type(text[start:end], self_type)
    ):
        return _ISSUER_HEADING_WEIGHT, "issuer heading"  # 平山县人民政府 alone above the title
    if start >= signature_from and len(line.strip()) <= 40 and not _CLAUSE_MARK.search(line) and not (
        _NUMBERED_HEADING.match(line)
    ):
        return _SIGNATURE_WEIGHT, "signature"  # not a short numbered heading at the end
    before = text[max(line_start, start - 12):start]
    after = text[end:min(line_end, end + 30)]
    if _SELF_FORMULA_BEFORE.search(before) and _SELF_FORMULA_AFTER.match(after):
        return _SELF_FORMULA_WEIGHT, "self formula"
    if re.search(r"(?:我|本)[省市县区州旗盟]\s*[((]$", before) and re.match(r"\s*[))]", after) and (
        text[start:end][-1] == before.rstrip("((\u3000 ")[-1]
    ):
        return _SELF_FORMULA_WEIGHT, "self formula"  # 我市(慈溪市): the name glossing the self-reference
    if _PEER_BEFORE.search(before) and _PEER_AFTER.match(after):
        return _WEAK_WEIGHT, "peer"
    if (_IN_BEFORE.search(before) and _SUPERIOR_AFTER.match(after)) or _SUPERIOR_BEFORE.search(before):
        # 在吉安市委、市政府的正确领导下 / 按照吉安市…要求
        return _WEAK_WEIGHT, "superior"
    if _RULE_OF_LAW_BODY_AFTER.match(after):
        return _WEAK_WEIGHT, "superior"
    if lead_start <= start < lead_end and _is_subject(text, start):
        if (
            _OPENING_PREFIX.match(text[line_start:start])
            and not _NOT_SELF_AFTER.match(after)
            and _fits_self_type(text[start:end], self_type)
        ):
            return _OPENING_SUBJECT_WEIGHT, "opening"
        return _LEAD_WEIGHT, "opening"
    return _PLAIN_WEIGHT, "text"


# characters after which a word may start: function words, not the end of a word (提高|县政府 ≠ 高县政府)
_WORD_STARTERS = set("在和与及由对向经是为据把将从于同暨即")


def _word_boundary_before(text: str, start: int) -> bool:
    previous = text[start - 1:start]
    return not previous or not ("\u4e00" <= previous <= "\u9fff") or previous in _WORD_STARTERS


def _short_name_in_issuer_place(text: str, start: int, end: int, title_span, zones) -> bool:
    """A two-character county (沛县, 开县) where only the issuer stands: first in the title before its year
    (沛县2020年…报告, 关于印发开县2016年…), or the opening sentence's subject after a clause mark (…领导下,丰县紧紧围绕). Elsewhere
    such a name hides in words (召开县委, 清单县级)."""
    if title_span != (0, 0) and re.fullmatch(r"(?:关于(?:印发|转发|下发)?《?)?", text[title_span[0]:start]):
        return bool(re.match(r"\s*(?:(?:19|20)\d\d|[一二〇○零]{4})", text[end:end + 6]))
    lead_start, lead_end = zones[1]
    return (
        lead_start <= start < lead_end
        and text[start - 1:start] in (",", ",")
        and bool(_OPENING_PREFIX.match(text[lead_start:start - 1] + ","))
    )


def _find_mentions(
    text: str, table: RegionTable, found: list[tuple[str, int, int]], title_span, zones, self_type: str | None = None
) -> tuple[list[_Mention], set[str]]:
    """All division-name mentions among the names found in the text, plus the province names written only in short
    form (河南, 江西)."""
    mentions: list[_Mention] = []
    province_shorts: set[str] = set()
    for alias, start, end in found:
        names = table.names_for(alias)
        if not names:
            province = table.province_for_short(alias)
            if province:
                province_shorts.add(province)
            continue
        following = text[end:end + 1]
        if alias[-1] in "区县" and following == "域":
            continue
        if alias[-1] == "市" and following == "场":
            continue
        previous = mentions[-1] if mentions else None
        # a renamed division's short form carries each of its official names (阿坝州: 阿坝藏族自治州 before 1987,
        # 阿坝藏族羌族自治州 after): it chains all the same
        chained = bool(previous and _ADJACENT_GAP.match(text[previous.end:start]))
        if len(alias) == 2 and alias not in table.distinctive_short and not (
            chained or (_GOVERNMENT_NAMED.match(text[end:end + 4]) and _word_boundary_before(text, start))
            or _short_name_in_issuer_place(text, start, end, title_span, zones)
        ):
            continue  # 赵县, 郊区, 城区: too short to trust unless they name a government or follow their parent
        institution = _INSTITUTION.match(text, end)
        weight, context = _classify(text, start, end, title_span, zones, self_type)
        mention = _Mention(alias, names, start, end, weight, context, institution.group() if institution else None)
        if institution and context == "text":
            mention.weight = _INSTITUTION_WEIGHT
            context = mention.context = "institution"
        if chained:
            mention.chained_parents = frozenset(previous.names)
            mention.chain_start = previous.chain_start if previous.chain_start is not None else previous.start
        mentions.append(mention)
    return mentions, province_shorts



def _title_span(text: str, title: str | None) -> tuple[int, int]:
    if not title:
        return (0, 0)
    position = text.find(title[: min(len(title), 12)])
    if position < 0:
        return (0, 0)
    return position, position + len(title)

