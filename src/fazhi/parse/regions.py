"""Resolve the reporting government of a report to an administrative-division code valid in the report year.

The reporter is the government that issues the report; a department's report (市司法局, 县应急管理局) belongs to its
government's region. Every mention of a division name in the text is found in one pass (`_NameScanner`) and weighed
by where it stands:

- strong: the title, an issuer line (发布部门/发文机关/来源 …), the site owner (欢迎访问XX人民政府网), a signature line;
- normal: a plain mention, more when it names an institution (XX区人民政府, XX市司法局) or is the opening subject;
- weak: inside a document title 《…》, or in a superior / peer context (在XX市委领导下, 按照XX省…, 学习借鉴XX经验).

A candidate whose suffix matches the text's self-references (我区/本区/全区 → 区, 我市 → 市, 我省 → 省 …) and whose
stem appears as a slogan (法治延吉) gains a bonus. Duplicate names (城关区, 鼓楼区, 新华区 …) are told apart by a
name chain (信阳市平桥区) or by the parents the text mentions; a duplicate that stays ambiguous, an anonymised
issuer (XX区) or a weak or contested winner makes the resolver abstain: a wrong region costs more than a missing one.

Names are matched in full (吉州区, 延吉市), never as bare two-character stems (吉州, 延吉) that hide inside words
(人力资源 ≠ 资源县, 人大代表和政协委员 ≠ 和政县, 保定街道 ≠ 保定市). The only abbreviations indexed are safe ones that
keep a suffix: autonomous prefectures, counties and banners without their ethnic names (延边州, 阿坝州, 长阳县),
and long banner names cut to two characters (东乌旗, 科左中旗). Two-character official names (赵县, 郊区) count only
where they name a government (赵县人民政府) or follow their parent (石家庄市赵县); a name running into 域 or 场 is
the word 区域/县域/市场 (和平区域, 合作市场), not a division.

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

from fazhi.parse.metadata import find_masked_issuer
from fazhi.parse.normalize import is_chrome_line, text_views


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
_ISSUER_LINE = re.compile(
    r"^\s*(?:发布部门|发文机关|发文单位|发布机构|发布单位|制发机关|发布者|来源单位|信息来源|文章来源|来源|主办单位|主办)\s*[::]"
)
_SITE_OWNER = re.compile(r"^\s*欢迎(?:您)?(?:访问|来到|光临)|^\s*\S{2,20}?(?:人民政府|政府)(?:门户)?网(?:站)?\s*$")
_SUPERIOR_AFTER = re.compile(r"^[^,,。;;]{0,20}?(?:领导|指导|关心|支持|帮助|部署|带领)下")
_SUPERIOR_BEFORE = re.compile(r"(?:按照|根据|依据|遵照|贯彻|落实|执行|对照|向|报送|报请)[^,,。;;]{0,3}$")
_PEER_BEFORE = re.compile(r"(?:学习|借鉴|考察|赴|前往|兄弟|对标|参照|参观)[^,,。;;]{0,6}$")
_PEER_AFTER = re.compile(r"^[^,,。;;]{0,12}(?:经验|做法|考察|学习|先进)")
_SELF_REFERENCE = re.compile(r"([我本全])(区|县|市|州|旗|省|盟)(?!场|域)")
_SLOGAN = "法治{stem}|平安{stem}|{stem}分厅"  # 建设法治延吉, 江西政务服务网吉州分厅
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


def _short_aliases(name: str, tier: str) -> list[str]:
    """Safe abbreviations that keep a suffix: 延边州, 长阳县, 东乌旗, 科左中旗."""
    aliases = []
    autonomous = _AUTONOMOUS.match(name)
    if autonomous and tier != "province":
        aliases.append(autonomous.group(1) + autonomous.group(2))
    if tier == "county" and name.endswith("旗") and "自治" not in name:
        wing = _WING_BANNER.match(name)
        if wing and len(name) >= 6:
            aliases.append(f"{wing.group(1)}{wing.group(2)}{wing.group(3)}旗")
        elif len(name) >= 5 and name[-2] not in "前中后左右":
            aliases.append(name[:2] + "旗")
    return [alias for alias in aliases if len(alias) >= 3 and alias != name]


class _NameScanner:
    """Finds every indexed name in one pass: each name ends in one of a few suffix characters (区县市州旗…), so a
    compiled character class finds the candidate ends and a hash lookup of the few possible lengths confirms them.
    Overlaps resolve leftmost-longest, as a regex alternation would (东城区 hides 城区)."""

    def __init__(self, words: list[str]):
        self._words = set(words)
        lengths: dict[str, set[int]] = defaultdict(set)
        for word in words:
            lengths[word[-1]].add(len(word))
        self._lengths = {char: sorted(found, reverse=True) for char, found in lengths.items()}
        self._ends = re.compile("[" + "".join(sorted(re.escape(char) for char in lengths)) + "]")

    def finditer(self, text: str):
        found = []
        for match in self._ends.finditer(text):
            end = match.end()
            for length in self._lengths[match.group()]:
                start = end - length
                if start >= 0 and text[start:end] in self._words:
                    found.append((start, end))
        found.sort(key=lambda span: (span[0], -span[1]))
        last_end = 0
        for start, end in found:
            if start >= last_end:
                last_end = end
                yield text[start:end], start, end


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
        words = list(self._alias) + [s for s in self._province_short if s not in self._alias]
        self._scanner = _NameScanner(words)

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

    def rows_for(self, name: str, year: int | None) -> list[_Row]:
        """Rows carrying `name`, mapped to the rows valid in `year` (following renames both ways)."""
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
        return self._scanner.finditer(text)


@dataclass
class _Mention:
    alias: str
    names: set[str]
    start: int
    end: int
    weight: float
    context: str
    institution: str | None
    chained_parent: str | None = None  # the official name of the parent written just before (信阳市|平桥区)
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


def _signature_zone(text: str) -> int:
    """Offset from which short trailing lines count as the signature block (last five non-empty lines)."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not lines:
        return len(text)
    return lines[max(0, len(lines) - 5)].start()


def _lead_zone(text: str) -> tuple[int, int]:
    """Where the body's opening subject stands: the first 40 characters of the first line that reads like prose."""
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if len(line.strip()) >= 40 and ("," in line or "," in line) and not is_chrome_line(line):
            stop = line.find("。")
            return match.start(), match.start() + min(stop if stop > 0 else len(line), 40)
    return 0, 0


def _is_subject(text: str, start: int) -> bool:
    """The name opens a clause (2020年,延吉市坚持…), rather than being an object (与吉水县签订)."""
    before = text[:start].rstrip(" ")
    return not before or before[-1] in ",,\n年来"


def _classify(text: str, start: int, end: int, title_span: tuple[int, int], zones) -> tuple[float, str]:
    signature_from, (lead_start, lead_end) = zones
    line_start, line_end = _line_bounds(text, start)
    line = text[line_start:line_end]
    before = text[max(line_start, start - 12):start]
    after = text[end:min(line_end, end + 30)]
    in_book_title = _inside_book_title(text, start)
    if title_span[0] <= start < title_span[1]:
        # 关于印发《吉州区…计划》的通知: the forwarded plan is usually the issuer's own
        return (_INSTITUTION_WEIGHT, "title") if in_book_title else (_TITLE_WEIGHT, "title")
    if in_book_title:
        return _WEAK_WEIGHT, "document title"
    if _ISSUER_LINE.match(line):
        return _ISSUER_WEIGHT, "issuer line"
    if _SITE_OWNER.search(line) and len(line.strip()) <= 60:
        return _SITE_WEIGHT, "site owner"
    if start >= signature_from and len(line.strip()) <= 40 and not re.search(r"[,,。;;]", line):
        return _SIGNATURE_WEIGHT, "signature"
    if _PEER_BEFORE.search(before) and _PEER_AFTER.match(after):
        return _WEAK_WEIGHT, "peer"
    if (re.search(r"在[^,,。;;]{0,6}$", before) and _SUPERIOR_AFTER.match(after)) or _SUPERIOR_BEFORE.search(before):
        # 在吉安市委、市政府的正确领导下 / 按照吉安市…要求
        return _WEAK_WEIGHT, "superior"
    if re.match(r"^(?:委|党委)?(?:全面)?依法治[省市州区县旗盟]", after):
        return _WEAK_WEIGHT, "superior"
    if lead_start <= start < lead_end and _is_subject(text, start):
        return _LEAD_WEIGHT, "opening"
    return _PLAIN_WEIGHT, "text"


def _find_mentions(text: str, table: RegionTable, title_span, zones) -> tuple[list[_Mention], set[str]]:
    """All division-name mentions, plus the province names written only in short form (河南, 江西)."""
    mentions: list[_Mention] = []
    province_shorts: set[str] = set()
    for alias, start, end in table.finditer(text):
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
        institution = _INSTITUTION.match(text, end)
        weight, context = _classify(text, start, end, title_span, zones)
        mention = _Mention(alias, names, start, end, weight, context, institution.group() if institution else None)
        if institution and context == "text":
            mention.weight = _INSTITUTION_WEIGHT
            context = mention.context = "institution"
        previous = mentions[-1] if mentions else None
        if previous and _ADJACENT_GAP.match(text[previous.end:start]) and len(previous.names) == 1:
            mention.chained_parent = next(iter(previous.names))
            mention.chain_start = previous.chain_start if previous.chain_start is not None else previous.start
        if len(alias) == 2 and not (mention.chained_parent or re.match(_GOVERNMENT, text[end:end + 4])):
            continue  # 赵县, 郊区, 城区: too short to trust unless they name a government or follow their parent
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


def _choose_row(rows: list[_Row], chained_parent: str | None, parents_named: set[str]) -> _Row | None:
    """One row among same-named divisions, by the parent written before it or the parents named anywhere."""
    if len(rows) == 1:
        return rows[0]
    scores = []
    for row in rows:
        score = 0.0
        if chained_parent and chained_parent in (row.prefecture, row.province):
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


def _score_candidates(
    text: str, table: RegionTable, report_year: int | None, title: str | None
) -> tuple[list[_Candidate], list[tuple[_Mention, str]], str]:
    """Candidates ranked by score, every resolved mention with its candidate key, and the text scanned."""
    chars = text
    scanned = chars
    title_span = _title_span(chars, title)
    if title and title_span == (0, 0):
        # a title not found verbatim in the text is scanned as a separate first line
        scanned = title + "\n" + chars
        title_span = (0, len(title))
    zones = (max(_signature_zone(scanned), len(scanned) - len(chars)), _lead_zone(scanned))
    mentions, province_shorts = _find_mentions(scanned, table, title_span, zones)

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
        row = _choose_row(list(rows.values()), mention.chained_parent, parents_named)
        key = row.code if row else "?" + mention.alias
        candidates.setdefault(key, _Candidate(key, row))
        resolved.append((mention, key))
        if row and mention.chained_parent in (row.prefecture, row.province):
            mentions[index - 1].is_chain_parent = True

    for mention, key in resolved:
        candidate = candidates[key]
        weight = 0.0 if mention.is_chain_parent else mention.weight
        candidate.score += weight
        if weight > _WEAK_WEIGHT:
            candidate.solid += weight
        if candidate.best is None or weight > candidate.best.weight:
            candidate.best = mention

    self_type = _dominant_self_type(chars)
    # 我市 fits both a county-level city and its prefecture: only the better-evidenced one gets the bonus
    typed = [c for c in candidates.values() if c.row and c.solid > 0 and c.row.self_type == self_type]
    best_typed = max((c.solid for c in typed), default=0.0)
    for candidate in typed:
        if candidate.solid == best_typed:
            candidate.score += _SELF_TYPE_BONUS
    for candidate in candidates.values():
        row = candidate.row
        if row is None or candidate.solid == 0:
            continue
        stem = _stem(row.name)
        if stem and re.search(_SLOGAN.format(stem=re.escape(stem)), chars):
            candidate.score += _SLOGAN_BONUS
    ranked = sorted(candidates.values(), key=lambda candidate: candidate.score, reverse=True)
    return ranked, resolved, scanned


def _related(one: _Row, other: _Row) -> bool:
    return _is_parent(one, other) or _is_parent(other, one)


def resolve_region(
    text: str, table: RegionTable, *, report_year: int | None, title: str | None = None
) -> RegionResolution:
    """The reporting government of `text`, resolved to the code valid in `report_year`; abstains when unsure."""
    chars = text_views(text).chars
    masked = find_masked_issuer(chars, title)
    if masked:
        return RegionResolution(region=None, issuer=masked, evidence=f"anonymised issuer: {masked}")
    ranked, resolved, scanned = _score_candidates(chars, table, report_year, title)
    if not ranked:
        return RegionResolution(region=None, issuer=None, evidence=None)

    winner = ranked[0]
    evidence = f"{winner.best.context}: {_snippet(scanned, winner.best)}"
    if winner.row is None:
        return RegionResolution(region=None, issuer=None, evidence=f"ambiguous {winner.key[1:]}: {evidence}")
    if winner.score < _MIN_SCORE or winner.solid < _MIN_SOLID:
        return RegionResolution(region=None, issuer=None, evidence=f"too weak ({winner.score:.1f}): {evidence}")
    for rival in ranked[1:]:
        unrelated = rival.row is None or not _related(rival.row, winner.row)
        if unrelated and rival.score > _MAX_RIVAL_SHARE * winner.score:
            return RegionResolution(region=None, issuer=None, evidence=f"contested by {rival.key}: {evidence}")
    return RegionResolution(
        region=table.region(winner.row),
        issuer=_issuer(resolved, winner.key, scanned),
        evidence=evidence,
    )


def _dominant_self_type(text: str) -> str | None:
    """The unit type the text calls itself: 我区/本区 weigh 1, 全区 weighs 0.3."""
    counts: dict[str, float] = defaultdict(float)
    for match in _SELF_REFERENCE.finditer(text):
        counts[match.group(2)] += 1.0 if match.group(1) in "我本" else 0.3
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


def _issuer(resolved, winner: str, text: str) -> str | None:
    """The issuing body as written: the winner's name followed by an institution, from the best-placed mention."""
    candidates = []
    for mention, key in resolved:
        if key != winner or not mention.institution or mention.context not in _ISSUER_RANK:
            continue
        start = mention.start if mention.chain_start is None else mention.chain_start
        candidates.append((_ISSUER_RANK[mention.context], mention.start, text[start:mention.end] + mention.institution))
    if not candidates:
        return None
    return min(candidates)[2]
