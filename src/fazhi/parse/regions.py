"""Resolve the reporting government of a report to an administrative-division code valid in the report year.

The reporter is the government that issues the report; a department's report (市司法局, 县应急管理局) belongs to its
government's region, and the issuer is recorded as written (延吉市司法局; a title 县应急管理局… is completed with the
resolved name). The text is read on its normalised view, so traditional mirrors (內蒙古自治區, 吉州區) resolve
against the simplified code table. Every mention of a division name is found in one pass (`_NameScanner`) and
weighed by where it stands:

- strong: the title, an issuer line (发布部门/发文机关/来源 …), the site owner (欢迎访问XX人民政府网, 主办单位:), a
  signature line (the last short lines before the page's foot of links);
- normal: a plain mention, more when it names an institution (XX区人民政府, XX市司法局) or is the opening subject;
  the reporter's own documents (印发《吉州区…办法》 in a text that says 我区);
- weak: inside another document title 《…》, in a superior / peer context (在XX市委领导下, 按照XX省…, 学习借鉴XX经验),
  an addressee or copy line (吉安市人民政府:, 抄送:), page furniture (breadcrumbs, 上一篇/下一篇) and the
  related-articles foot of a page.

A candidate whose suffix matches the text's self-references (我区/本区/全区 → 区, 我市 → 市, 我省 → 省; a title
opening 县应急管理局 → 县) and whose stem appears as a slogan (法治延吉) gains a bonus. When the leader's parents or
children are also named, the one the title names wins; else the one of the type the text calls itself (我县 over
an often-named prefecture, 我省 over a city it dwells on); else, between two 我市 (a county-level city and its
prefecture-level city), the tier of the units it addresses (各镇(街道) → county level, 各县(市、区) → prefecture,
各市(州) → province). Duplicate names (城关区, 鼓楼区, 市中区 …) are told apart by a name chain (济南市市中区) or by the
parents the text mentions. A duplicate that stays ambiguous, an anonymised issuer (XX区), a weak winner, or an
unrelated rival with more than 60 % of the winner's score makes the resolver abstain: a wrong region costs more than
a missing one.

Development zones and new areas (高新区, 经开区, 工业园区, 两江新区 …) are not divisions. When one stands where the issuer
stands (the title, the opening subject) its report resolves to the division written right before it (成都市高新区,
成都高新区 → 成都市), and otherwise abstains: a superior named elsewhere does not make the zone its own.

Names are matched in full (吉州区, 延吉市), never as bare two-character stems (吉州, 延吉) that hide inside words
(人力资源 ≠ 资源县, 人大代表和政协委员 ≠ 和政县, 保定街道 ≠ 保定市). The abbreviations indexed are safe ones that
keep a suffix: autonomous prefectures, counties and banners without their ethnic names (延边州, 阿坝州, 黔东南州,
长阳县), long banner names cut to two characters (东乌旗) or to their first character and wing (科左中旗, 阿左旗,
土右旗), and the official abbreviations no rule derives (`_OFFICIAL_ABBREVIATIONS`: 锡盟, 阿盟, 克州, 巴州, 博州,
达茂旗, 莫旗 …). An abbreviation shared by two units is dropped. Two-character official names (赵县, 郊区, 城区) count
only where they follow their parent (阳泉市郊区) or name a government at a word boundary (赵县人民政府, but not
提高|县政府); a name running into 域 or 场 is the word 区域/县域/市场 (和平区域, 合作市场), not a division. A renamed
unit maps to the code valid in the report year (静海县 2014 → 120223, 2016 → 静海区 120118); a unit split between
several successors has no single heir and abstains.

admin_level mapping (from the code table's division_tier and the name):

| division_tier | name ends with | admin_level |
| --- | --- | --- |
| province | (any) | province |
| prefecture | 自治州 | autonomous_prefecture |
| prefecture | 市, 地区, 盟, … | prefecture |
| county | 区 | district |
| county | 县 (incl. 自治县) | county |
| county | 市 | county_city |
| county | 旗 (incl. 自治旗) | banner |
| county | anything else (岛, 镇, 域) | unknown |

`prefecture_name` is None for a province and for a municipality's district (the table's 直辖); a prefecture is its
own prefecture.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from fazhi.parse.metadata import find_masked_issuer
from fazhi.parse.normalize import is_chrome_line, page_tail_start, text_views


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    admin_level: str
    province_name: str
    prefecture_name: str | None


@dataclass(frozen=True)
class RegionResolution:
    region: Region | None  # None = abstain
    issuer: str | None  # the issuing body as written, e.g. 吉州区人民政府
    evidence: str | None  # short text that decided it


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    tier: str
    province: str
    prefecture: str  # '' for a province, '直辖' for a municipality's district
    valid_from: int
    valid_until: int | None  # exclusive; None while in use
    successors: tuple[str, ...]  # heirs when the code stopped

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_until is None or year < self.valid_until)

    @property
    def self_type(self) -> str:
        """The character a self-reference uses for this unit: 区 for 吉州区 and 广西壮族自治区, 州 for 延边州."""
        return "盟" if self.name.endswith("盟") else self.name[-1]


_ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC = "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{_ETHNIC})族?)+自治(州|县|旗)$")
_WING_BANNER = re.compile(r"^(.)[^左右]*([左右])翼(.?)旗$")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")

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
    r"^\s*欢迎(?:您)?(?:访问|来到|光临)|^\s*\S{2,20}?(?:人民政府|政府)(?:门户)?网(?:站)?\s*$|^\s*主办(?:单位)?\s*[::]"
)
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
# self-references: 我区/本区/全区, unless running into 场 or 域 (全市场, 本区域)
_SELF_PRONOUNS = "我本全"
_SELF_UNITS = "区县市州旗省盟"
_SELF_REFERENCES = frozenset(who + unit for who in _SELF_PRONOUNS for unit in _SELF_UNITS)
_ADJACENT_GAP = re.compile(r"^\s?$")

_TITLE_WEIGHT = 5.0
_ISSUER_WEIGHT = 6.0
_SITE_WEIGHT = 3.0
_SIGNATURE_WEIGHT = 6.0
_INSTITUTION_WEIGHT = 2.0
_PLAIN_WEIGHT = 1.0
_LEAD_WEIGHT = 2.0
_WEAK_WEIGHT = 0.3
_SELF_TYPE_BONUS = 1.5
_SLOGAN_BONUS = 0.5
_MIN_SCORE = 2.5
_MIN_SOLID = 2.0  # two plain mentions, or one that names an institution, opens the text or titles it
_MAX_RIVAL_SHARE = 0.6


def admin_level_of(tier: str, name: str) -> str:
    """The contract's admin_level for a division of the code table (see the module docstring)."""
    if tier == "province":
        return "province"
    if tier == "prefecture":
        return "autonomous_prefecture" if name.endswith("自治州") else "prefecture"
    for suffix, level in (("区", "district"), ("县", "county"), ("市", "county_city"), ("旗", "banner")):
        if name.endswith(suffix):
            return level
    return "unknown"


# Official abbreviations no rule derives (the usual short names of leagues, prefectures and banners in their own
# documents); each is checked against the code table like any generated alias.
_OFFICIAL_ABBREVIATIONS = {
    "锡盟": "锡林郭勒盟",
    "阿盟": "阿拉善盟",
    "克州": "克孜勒苏柯尔克孜自治州",
    "巴州": "巴音郭楞蒙古自治州",
    "博州": "博尔塔拉蒙古自治州",
    "达茂旗": "达尔罕茂明安联合旗",
    "莫旗": "莫力达瓦达斡尔族自治旗",
    "鄂温克旗": "鄂温克族自治旗",
    "鄂伦春旗": "鄂伦春自治旗",
}


def _short_aliases(name: str, tier: str) -> list[str]:
    """Safe abbreviations that keep a suffix: 延边州, 长阳县, 东乌旗, 科左中旗, 阿左旗."""
    aliases = []
    autonomous = _AUTONOMOUS.match(name)
    if autonomous and tier != "province":
        aliases.append(autonomous.group(1) + autonomous.group(2))
    if tier == "county" and name.endswith("旗") and "自治" not in name:
        wing = _WING_BANNER.match(name)
        if wing and len(name) >= 6:
            aliases.append(f"{wing.group(1)}{wing.group(2)}{wing.group(3)}旗")
        elif len(name) >= 5 and name[-2] in "前中后左右":
            aliases.append(name[0] + name[-2:])  # 阿拉善左旗 → 阿左旗, 土默特右旗 → 土右旗
        elif len(name) >= 5:
            aliases.append(name[:2] + "旗")
    return [alias for alias in aliases if len(alias) >= 3 and alias != name]


class _NameScanner:
    """Finds every indexed name in one pass: a name ends in one of a few characters (区县市州旗…) after one of a
    known set of characters, so one compiled pattern finds the candidate ends (部门 and 建设 never reach Python)
    and a hash lookup of the few lengths possible for the last two characters confirms them. Overlaps resolve
    leftmost-longest, as a regex alternation would (东城区 hides 城区). Self-references (我区, 全县) end in the same
    characters, so the same pass collects them."""

    def __init__(self, words: list[str]):
        self._words = set(words)
        lengths: dict[str, set[int]] = defaultdict(set)
        before_last: dict[str, set[str]] = defaultdict(set)
        for word in words:
            lengths[word[-2:]].add(len(word))
            before_last[word[-1]].add(word[-2])
        for unit in _SELF_UNITS:
            before_last[unit].update(_SELF_PRONOUNS)
        self._lengths = {pair: sorted(found, reverse=True) for pair, found in lengths.items()}
        # one branch per last character, each a literal so the engine skips every other character in C
        self._ends = re.compile("|".join(
            re.escape(last) + "(?<=[" + "".join(sorted(re.escape(char) for char in chars)) + "].)"
            for last, chars in sorted(before_last.items())
        ))

    def scan(self, text: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, str, str]]]:
        """(name, start, end) of every name, and (start, 我/本/全, unit) of every self-reference (not 全市场, 本区域)."""
        found, references = [], []
        for match in self._ends.finditer(text):
            end = match.end()
            pair = text[end - 2:end]
            if pair in _SELF_REFERENCES and text[end:end + 1] not in ("场", "域"):
                references.append((end - 2, pair[0], pair[1]))
            for length in self._lengths.get(pair, ()):
                start = end - length
                if start >= 0 and text[start:end] in self._words:
                    found.append((start, -end))
        found.sort()  # leftmost, then longest
        names, last_end = [], 0
        for start, negative_end in found:
            end = -negative_end
            if start >= last_end:
                last_end = end
                names.append((text[start:end], start, end))
        return names, references


class RegionTable:
    """The administrative-division code table, indexed once for resolving many documents."""

    def __init__(self, rows: list[_Row]):
        self._by_name: dict[str, list[_Row]] = defaultdict(list)
        self._by_code: dict[str, list[_Row]] = defaultdict(list)
        self._predecessors: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            self._by_name[row.name].append(row)
            self._by_code[row.code].append(row)
            for successor in row.successors:
                self._predecessors[successor].add(row.code)
        # alias -> official names it may stand for
        self._alias: dict[str, set[str]] = defaultdict(set)
        for name in self._by_name:
            self._alias[name].add(name)
        generated: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for alias in _short_aliases(row.name, row.tier):
                generated[alias].add(row.name)
        for alias, name in _OFFICIAL_ABBREVIATIONS.items():
            if name in self._by_name:
                generated[alias].add(name)
        self.distinctive_short = frozenset(_OFFICIAL_ABBREVIATIONS)  # two characters, yet hide in no word
        for alias, names in generated.items():
            codes = {row.code for name in names for row in self._by_name[name]}
            # an abbreviation shared by different units (乌拉特前旗/中旗/后旗) would only mislead
            if alias not in self._by_name and (len(names) == 1 or len(codes) == 1):
                self._alias[alias] |= names
        self._province_short = {}
        for row in rows:
            if row.tier == "province":
                short = _PROVINCE_SUFFIX.sub("", row.name)
                if len(short) >= 2:
                    self._province_short[short] = row.name
        # stems of prefectures (成都 → 成都市), for a development zone written under its city's short name (成都高新区)
        self._prefecture_stems: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            stem = _stem(row.name) if row.tier == "prefecture" else None
            if stem:
                self._prefecture_stems[stem].add(row.name)
        words = list(self._alias) + [s for s in self._province_short if s not in self._alias]
        self._scanner = _NameScanner(words)
        self._rows_memo: dict[tuple[str, int | None], tuple[_Row, ...]] = {}

    @classmethod
    def from_csv(cls, path: str | Path) -> "RegionTable":
        rows = []
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for record in csv.DictReader(handle):
                # 130108[2001] marks an earlier partial transfer, not an heir of the retired code
                successors = tuple(
                    code.strip()
                    for code in (record.get("successor_codes") or "").split(";")
                    if code.strip() and "[" not in code
                )
                rows.append(
                    _Row(
                        code=record["region_code"],
                        name=record["region_name"],
                        tier=record["division_tier"],
                        province=record["province_name"],
                        prefecture=record.get("prefecture_name") or "",
                        valid_from=int(record["valid_from_year"] or 0),
                        valid_until=int(record["valid_until_year"]) if record.get("valid_until_year") else None,
                        successors=successors,
                    )
                )
        return cls(rows)

    def names(self) -> list[str]:
        """Every official division name (all years), e.g. for a tokenizer's user dictionary."""
        return sorted(self._by_name)

    # -- lookups -----------------------------------------------------------------------------------------------

    def names_for(self, alias: str) -> set[str]:
        return self._alias.get(alias, set())

    def province_for_short(self, short: str) -> str | None:
        return self._province_short.get(short)

    def prefecture_for_stem(self, stem: str) -> str | None:
        names = self._prefecture_stems.get(stem, set())
        return next(iter(names)) if len(names) == 1 else None

    def rows_for(self, name: str, year: int | None) -> tuple[_Row, ...]:
        """Rows carrying `name`, mapped to the rows valid in `year` (following renames both ways)."""
        # memoised: every document asks again about the same few hundred names and years
        found = self._rows_memo.get((name, year))
        if found is None:
            found = self._rows_memo[(name, year)] = tuple(self._rows_in(name, year))
        return found

    def _rows_in(self, name: str, year: int | None) -> list[_Row]:
        rows = self._by_name.get(name, [])
        if year is None:
            current = [row for row in rows if row.valid_until is None]
            if current:
                return current
            latest = max((row.valid_until or 0 for row in rows), default=0)
            return [row for row in rows if row.valid_until == latest]
        valid = [row for row in rows if row.valid_in(year)]
        if valid:
            return valid
        found: dict[tuple[str, int], _Row] = {}
        for row in rows:
            for mapped in self._follow(row, year):
                found[(mapped.code, mapped.valid_from)] = mapped
        return list(found.values())

    def _follow(self, row: _Row, year: int) -> list[_Row]:
        """Successors (year after the row's end) or predecessors (year before its start) valid in `year`."""
        forward = row.valid_until is not None and year >= row.valid_until
        frontier, seen, hits = [row.code], {row.code}, []
        for _ in range(6):
            next_codes = []
            for code in frontier:
                if forward:
                    linked = {s for r in self._by_code[code] for s in r.successors}
                else:
                    linked = self._predecessors.get(code, set())
                for other in linked:
                    if other in seen and other != code:
                        continue
                    seen.add(other)
                    candidates = self._by_code.get(other, [])
                    valid = [r for r in candidates if r.valid_in(year)]
                    if valid:
                        hits.extend(valid)
                    elif other != code:
                        next_codes.append(other)
            if hits or not next_codes:
                break
            frontier = next_codes
        # a unit split between several successors has no single heir
        return hits if len({hit.code for hit in hits}) == 1 else []

    def region(self, row: _Row) -> Region:
        prefecture = None
        if row.tier == "prefecture":
            prefecture = row.name
        elif row.tier == "county" and row.prefecture not in ("", "直辖"):
            prefecture = row.prefecture
        return Region(
            code=row.code,
            name=row.name,
            admin_level=admin_level_of(row.tier, row.name),
            province_name=row.province,
            prefecture_name=prefecture,
        )

    def finditer(self, text: str):
        """(name, start, end) of every indexed name or abbreviation in `text`."""
        return iter(self._scanner.scan(text)[0])

    def scan(self, text: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, str, str]]]:
        """Every indexed name as `finditer` yields them, and every self-reference (start, 我/本/全, unit)."""
        return self._scanner.scan(text)


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
    return not before or before[-1] in ",,\n年来"


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
    if is_chrome_line(line) and not _SITE_OWNER.search(line):
        return _WEAK_WEIGHT, "page furniture"
    if in_book_title:
        if _own_document(text, start, text[start:end], self_type):
            return _PLAIN_WEIGHT, "own document"
        return _WEAK_WEIGHT, "document title"
    if _ADDRESS_LINE.match(line) and not _ISSUER_LINE.match(line):
        return _WEAK_WEIGHT, "addressee"
    if _ISSUER_LINE.match(line):
        return _ISSUER_WEIGHT, "issuer line"
    if len(line.strip()) <= 60 and _SITE_OWNER.search(line):
        return _SITE_WEIGHT, "site owner"
    if start >= signature_from and len(line.strip()) <= 40 and not _CLAUSE_MARK.search(line) and not (
        _NUMBERED_HEADING.match(line)
    ):
        return _SIGNATURE_WEIGHT, "signature"  # not a short numbered heading at the end
    before = text[max(line_start, start - 12):start]
    after = text[end:min(line_end, end + 30)]
    if _PEER_BEFORE.search(before) and _PEER_AFTER.match(after):
        return _WEAK_WEIGHT, "peer"
    if (_IN_BEFORE.search(before) and _SUPERIOR_AFTER.match(after)) or _SUPERIOR_BEFORE.search(before):
        # 在吉安市委、市政府的正确领导下 / 按照吉安市…要求
        return _WEAK_WEIGHT, "superior"
    if _RULE_OF_LAW_BODY_AFTER.match(after):
        return _WEAK_WEIGHT, "superior"
    if lead_start <= start < lead_end and _is_subject(text, start):
        return _LEAD_WEIGHT, "opening"
    return _PLAIN_WEIGHT, "text"


# characters after which a word may start: function words, not the end of a word (提高|县政府 ≠ 高县政府)
_WORD_STARTERS = set("在和与及由对向经是为据把将从于同暨即")


def _word_boundary_before(text: str, start: int) -> bool:
    previous = text[start - 1:start]
    return not previous or not ("\u4e00" <= previous <= "\u9fff") or previous in _WORD_STARTERS


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


def _is_parent(parent: _Row, child: _Row) -> bool:
    if parent.code == child.code:
        return False
    if parent.tier == "province":
        return child.province == parent.name and child.tier != "province"
    if parent.tier == "prefecture":
        return child.tier == "county" and child.prefecture == parent.name and child.province == parent.province
    return False


def _choose_row(rows: list[_Row], chained_parents: frozenset[str], parents_named: set[str]) -> _Row | None:
    """One row among same-named divisions, by the parent written before it or the parents named anywhere."""
    if len(rows) == 1:
        return rows[0]
    scores = []
    for row in rows:
        score = 0.0
        if row.prefecture in chained_parents or row.province in chained_parents:
            score += 10
        if row.prefecture in parents_named:
            score += 3
        if row.province in parents_named:
            score += 1
        scores.append(score)
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return rows[scores.index(best)]
    return None


def _title_span(text: str, title: str | None) -> tuple[int, int]:
    if not title:
        return (0, 0)
    position = text.find(title[: min(len(title), 12)])
    if position < 0:
        return (0, 0)
    return position, position + len(title)


@dataclass
class _Candidate:
    key: str  # region code, or "?name" for a duplicate name that stayed ambiguous
    row: _Row | None
    score: float = 0.0
    solid: float = 0.0  # weight from mentions that are not weak
    best: _Mention | None = None
    titled: bool = False  # named in the title as its subject (not inside a quoted document title)


def _score_candidates(text: str, table: RegionTable, report_year: int | None, title: str | None):
    """Candidates ranked by score, every resolved mention with its candidate key, the text scanned, a development
    zone standing as the issuer (see `_zone_issuer`), and the unit type the text calls itself."""
    chars = text
    scanned = chars
    title_span = _title_span(chars, title)
    if title and title_span == (0, 0):
        # a title not found verbatim in the text is scanned as a separate first line
        scanned = title + "\n" + chars
        title_span = (0, len(title))
    tail = page_tail_start(scanned)
    lead = _lead_zone(scanned)
    # the signature block follows the prose: in a short text the last lines may still be the page header
    signature_from = max(_signature_zone(scanned, tail), len(scanned) - len(chars), lead[0] + 1 if lead[1] else 0)
    zones = (signature_from, lead, tail)
    found, references = table.scan(scanned)
    title_prefix = len(scanned) - len(chars)  # a title scanned as a first line is not the text calling itself
    self_type = _dominant_self_type([(who, unit) for start, who, unit in references if start >= title_prefix], title)
    mentions, province_shorts = _find_mentions(scanned, table, found, title_span, zones, self_type)

    # parents named anywhere (prefectures and provinces, also inside 《》): they tell duplicates apart
    parents_named = set(province_shorts)
    for mention in mentions:
        for name in mention.names:
            parents_named.update(
                row.name for row in table.rows_for(name, report_year) if row.tier in ("province", "prefecture")
            )

    resolved: list[tuple[_Mention, str]] = []
    candidates: dict[str, _Candidate] = {}
    for index, mention in enumerate(mentions):
        rows = {
            (row.code, row.valid_from): row
            for name in sorted(mention.names)
            for row in table.rows_for(name, report_year)
        }
        if not rows:
            continue
        row = _choose_row(list(rows.values()), mention.chained_parents, parents_named)
        key = row.code if row else "?" + mention.alias
        if key not in candidates:
            candidates[key] = _Candidate(key, row)
        resolved.append((mention, key))
        if row and (row.prefecture in mention.chained_parents or row.province in mention.chained_parents):
            mentions[index - 1].is_chain_parent = True

    for mention, key in resolved:
        candidate = candidates[key]
        weight = 0.0 if mention.is_chain_parent else mention.weight
        candidate.score += weight
        if weight > _WEAK_WEIGHT:
            candidate.solid += weight
        if candidate.best is None or weight > candidate.best.weight:
            candidate.best = mention
        if mention.context == "title" and weight == _TITLE_WEIGHT:
            candidate.titled = True

    # 我市 fits both a county-level city and its prefecture: only the better-evidenced one gets the bonus
    # (an unrelated one of the same type gets it too, so that the two stay contested)
    typed = sorted(
        (c for c in candidates.values() if c.row and c.solid > 0 and c.row.self_type == self_type),
        key=lambda c: c.solid, reverse=True,
    )
    for candidate in typed:
        if candidate.solid == typed[0].solid or not _related(candidate.row, typed[0].row):
            candidate.score += _SELF_TYPE_BONUS
    for candidate in candidates.values():
        row = candidate.row
        if row is None or candidate.solid == 0:
            continue
        if _has_slogan(chars, _stem(row.name)):
            candidate.score += _SLOGAN_BONUS
    ranked = sorted(candidates.values(), key=lambda candidate: candidate.score, reverse=True)
    spots = [span for span in (title_span, zones[1]) if span != (0, 0)]
    return ranked, resolved, scanned, _zone_issuer(scanned, table, spots, report_year), self_type


# development zones and new areas are not divisions: their reports belong to a division only when it is written
# right before the zone's name (成都市高新区, 成都高新区)
_ZONE = re.compile(
    r"高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|工业园区|产业园区|保税区|新区"
)


def _zone_issuer(
    text: str, table: RegionTable, spots: list[tuple[int, int]], year: int | None
) -> tuple[str, _Row | None] | None:
    """A development zone where the issuer stands (the title, the opening subject): (as written, parent or None)."""
    for start, end in spots:
        segment = text[start:end]
        if not _ZONE.search(segment):
            continue  # most reports: no zone here, so no need to look for names
        names = [(s, e, alias) for alias, s, e in table.finditer(segment)]
        for match in _ZONE.finditer(segment):
            if any(s <= match.start() < e for s, e, _ in names):
                continue  # 浦东新区, 滨海新区 are divisions
            head = segment[:match.start()]
            clause = max(head.rfind(","), head.rfind(","), head.rfind("年"), head.rfind("于")) + 1
            if "《" in head or len(head) - clause > 10 or re.search(r"\d|在|的", head[clause:]):
                continue  # not the subject: 在高新区开展…, 关于印发《高新区…》
            prefix = head[clause:]
            parent_name = next((alias for s, e, alias in names if e == match.start() and s >= clause), None)
            if parent_name is None:
                parent_name = next(
                    (table.prefecture_for_stem(prefix[-k:]) for k in (4, 3, 2) if table.prefecture_for_stem(prefix[-k:])),
                    None,
                )
            rows = [row for name in sorted(table.names_for(parent_name or "")) for row in table.rows_for(name, year)]
            written = prefix + match.group()
            return written, rows[0] if len({row.code for row in rows}) == 1 else None
    return None


def _has_slogan(text: str, stem: str | None) -> bool:
    """The stem (of two to four characters) follows 法治/平安 or precedes 分厅 somewhere in the text."""
    if stem is None or len(stem) > 4:
        return False
    return any(slogan in text for slogan in (f"法治{stem}", f"平安{stem}", f"{stem}分厅"))


def _related(one: _Row, other: _Row) -> bool:
    return _is_parent(one, other) or _is_parent(other, one)


def _tier_of(row: _Row) -> str:
    return row.tier if row.tier in ("province", "prefecture") else "county"


# whom a text addresses as its subordinates tells the reporter's tier: 各乡镇 → a county-level government,
# 各县(市、区) → a prefecture, 各市(州) → a province
_SUBORDINATES = {
    "county": re.compile(r"各乡镇|各乡\(镇|各镇\(街|各街道|乡镇\(街道|镇\(街道|各乡、镇|各苏木|苏木\(镇|嘎查"),
    "prefecture": re.compile(r"各县\((?:市|区)|各县区|各区县|各县市区|各区、县|各县、区|各旗县|旗县\(市|县\(市、区\)|县\(区\)"),
    "province": re.compile(r"各市\((?:州|地)|各设区(?:的)?市|各盟市|各地市|各市、县|各市县|市\(州\)|各州、市|各地级市"),
}


def _tier_hint(text: str) -> str | None:
    counts = {tier: len(pattern.findall(text)) for tier, pattern in _SUBORDINATES.items()}
    best = max(counts, key=lambda tier: counts[tier])
    others = sum(counts.values()) - counts[best]
    return best if counts[best] > others else None


def _prefer_self_described(
    ranked: list[_Candidate], self_type: str | None, tier_hint: Callable[[], str | None]
) -> _Candidate:
    """Among the leader and its named parents and children, the one the title names, else the one the text
    describes itself as: 我县 picks the county over its often-named prefecture, 我省 the province over one city it
    dwells on, and 各镇(街道) a county-level city over the prefecture-level city both calling themselves 我市.
    `tier_hint` is asked only when the tier decides (it reads the whole text)."""
    leader = ranked[0]
    if leader.row is None:
        return leader
    family = [
        candidate for candidate in ranked
        if candidate.row and candidate.solid >= _PLAIN_WEIGHT
        and (candidate is leader or _related(candidate.row, leader.row))
    ]
    if len(family) < 2:
        return leader
    titled = [candidate for candidate in family if candidate.titled]
    if len(titled) == 1 and (not self_type or titled[0].row.self_type == self_type):
        return titled[0]  # the title names the reporter: 吉安市…报告 that dwells on one of its counties
    typed = [candidate for candidate in family if self_type and candidate.row.self_type == self_type]
    pool = typed or family
    hint = tier_hint() if len(pool) > 1 else None
    if hint:
        tiered = [candidate for candidate in pool if _tier_of(candidate.row) == hint]
        if len(tiered) == 1:
            return tiered[0]
    if len(typed) == 1:
        return typed[0]
    return leader


def resolve_region(
    text: str, table: RegionTable, *, report_year: int | None, title: str | None = None
) -> RegionResolution:
    """The reporting government of `text`, resolved to the code valid in `report_year`; abstains when unsure."""
    chars = text_views(text).chars
    masked = find_masked_issuer(chars, title)
    if masked:
        return RegionResolution(region=None, issuer=masked, evidence=f"anonymised issuer: {masked}")
    ranked, resolved, scanned, zone, self_type = _score_candidates(chars, table, report_year, title)
    if zone:
        written, parent = zone
        if parent is None:
            return RegionResolution(region=None, issuer=written, evidence=f"development zone, no division: {written}")
        return RegionResolution(region=table.region(parent), issuer=written, evidence=f"development zone of: {written}")
    if not ranked:
        return RegionResolution(region=None, issuer=None, evidence=None)

    winner = _prefer_self_described(ranked, self_type, lambda: _tier_hint(chars))
    # a unit chosen because the text describes itself as one (我县, 各镇(街道)) needs less weight of its own
    min_solid, min_score = (
        (_MIN_SOLID, _MIN_SCORE) if winner is ranked[0] else (_PLAIN_WEIGHT, _MIN_SCORE - _SELF_TYPE_BONUS)
    )
    evidence = f"{winner.best.context}: {_snippet(scanned, winner.best)}"
    if winner.row is None:
        return RegionResolution(region=None, issuer=None, evidence=f"ambiguous {winner.key[1:]}: {evidence}")
    if winner.score < min_score or winner.solid < min_solid:
        return RegionResolution(region=None, issuer=None, evidence=f"too weak ({winner.score:.1f}): {evidence}")
    for rival in ranked:
        if rival is winner:
            continue
        unrelated = rival.row is None or not _related(rival.row, winner.row)
        if unrelated and rival.score > _MAX_RIVAL_SHARE * winner.score:
            return RegionResolution(region=None, issuer=None, evidence=f"contested by {rival.key}: {evidence}")
    return RegionResolution(
        region=table.region(winner.row),
        issuer=_issuer(resolved, winner, scanned, title),
        evidence=evidence,
    )


def _dominant_self_type(references: list[tuple[str, str]], title: str | None = None) -> str | None:
    """The unit type the text calls itself, from its self-references (我/本/全, unit) in order: 我区/本区 weigh 1,
    全区 weighs 0.3, and a title opening with the unit's own department (县应急管理局2020年…) weighs 1."""
    counts: dict[str, float] = defaultdict(float)
    own = _OWN_BODY_TITLE.match(title or "")
    if own:
        counts[own.group("type")] += 1.0
    for who, unit in references:
        counts[unit] += 1.0 if who in "我本" else 0.3
    if not counts:
        return None
    best = max(counts, key=lambda kind: counts[kind])
    return best if counts[best] >= 1.0 else None


def _stem(name: str) -> str | None:
    autonomous = _AUTONOMOUS.match(name)
    stem = autonomous.group(1) if autonomous else re.sub(r"(?:自治区|地区|省|市|区|县|旗|州|盟)$", "", name)
    return stem if len(stem) >= 2 else None


def _snippet(text: str, mention: _Mention) -> str:
    line_start, line_end = _line_bounds(text, mention.start)
    start = max(line_start, mention.start - 8)
    end = min(line_end, mention.end + 16)
    return text[start:end].strip()


_ISSUER_RANK = {"issuer line": 0, "signature": 1, "title": 2, "site owner": 3, "opening": 4, "institution": 5}


_OWN_BODY_TITLE = re.compile(rf"^(?P<type>[省市县区州旗盟])(?P<body>{_GOVERNMENT}|{_BODY})")


def _issuer(resolved, winner: _Candidate, text: str, title: str | None) -> str | None:
    """The issuing body as written: the winner's name followed by an institution, from the best-placed mention;
    else a title opening with the unit's own department (县应急管理局… → 平山县应急管理局); else the name as written."""
    candidates, names = [], []
    for mention, key in resolved:
        if key != winner.key or mention.context not in _ISSUER_RANK:
            continue
        start = mention.start if mention.chain_start is None else mention.chain_start
        place = (_ISSUER_RANK[mention.context], mention.start)
        if mention.institution:
            candidates.append((*place, text[start:mention.end] + mention.institution))
        names.append((*place, text[start:mention.end]))
    if candidates:
        return min(candidates)[2]
    own = _OWN_BODY_TITLE.match(title or "")
    if own and winner.row and own.group("type") == winner.row.self_type:
        return winner.row.name + own.group("body")
    return min(names)[2] if names else None
