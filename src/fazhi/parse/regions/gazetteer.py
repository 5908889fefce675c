"""The gazetteer: the administrative-division code table of every year, indexed once for finding names.

Names, their safe abbreviations (延边州, 东乌旗, 锡盟) and, per report year, the rows valid in that year (renames
followed both ways, a split unit abstains); the bare stems of units (宁波, 苏州) that are unique at their tier in a
year, for the places where a reporter writes its own name without its suffix.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

@dataclass(frozen=True)
class Region:
    code: str
    name: str
    admin_level: str
    province_name: str
    prefecture_name: str | None



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

# self-references: 我区/本区/全区, unless running into 场 or 域 (全市场, 本区域)
_SELF_PRONOUNS = "我本全"
_SELF_UNITS = "区县市州旗省盟"
_SELF_REFERENCES = frozenset(who + unit for who in _SELF_PRONOUNS for unit in _SELF_UNITS)


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
        self._rows = rows
        self._stems_memo: dict[int | None, dict[str, list[_Row]]] = {}
        self._masked_names: dict[str, set[str]] | None = None  # restore_lost_characters, built on first use
        self._pinyin_index: dict[str, list[_Row]] | None = None  # fazhi.parse.regions.address, built on first use

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

    def province_shorts(self) -> dict[str, str]:
        """广西 → 广西壮族自治区, 江苏 → 江苏省: short forms of province-level names."""
        return self._province_short

    def all_rows(self) -> list[_Row]:
        return self._rows

    def stem_of(self, row: _Row) -> str | None:
        """吉州区 → 吉州, 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边 (None when under two characters)."""
        if row.tier == "province":
            short = _PROVINCE_SUFFIX.sub("", row.name)
            return short if len(short) >= 2 else None
        return _stem(row.name)

    def row_for_code(self, code: str, year: int | None) -> _Row | None:
        """The row of a code valid in `year` (or its single heir or predecessor then); None when unknown."""
        rows = self._by_code.get(code, [])
        if not rows:
            return None
        valid = [row for row in rows if year is None or row.valid_in(year)]
        if valid:
            return valid[0]
        mapped = {hit.code: hit for hit in self._follow(rows[0], year)}
        return next(iter(mapped.values())) if len(mapped) == 1 else None

    def unique_stem(self, stem: str, year: int | None) -> _Row | None:
        """The prefecture- or county-level unit valid in `year` whose name is `stem` plus its suffix (宁波 → 宁波市),
        when no other unit of those tiers, no province and no full name shares it: a bare name is trusted only then."""
        stems = self._stems_memo.get(year)
        if stems is None:
            stems = defaultdict(list)
            for row in self._rows:
                if row.tier != "province" and (year is None and row.valid_until is None or year is not None and row.valid_in(year)):
                    stem_of = _stem(row.name)
                    if stem_of:
                        stems[stem_of].append(row)
            self._stems_memo[year] = stems
        rows = stems.get(stem, [])
        if len({row.code for row in rows}) != 1 or stem in self._by_name or stem in self._province_short:
            return None
        return rows[0]

    def restore_lost_characters(self, text: str) -> str:
        """`text` with a `?` standing for a lost character inside a division name put back (延?市 → 延吉市), when one
        name of three or more characters fits the characters around it; same length."""
        if "?" not in text:
            return text
        if self._masked_names is None:
            masked: dict[str, set[str]] = defaultdict(set)
            for name in self._alias:
                if len(name) >= 3:
                    for i in range(len(name)):
                        masked[name[:i] + "?" + name[i + 1:]].add(name)
            self._masked_names = masked
        restored: dict[int, str] = {}
        position = text.find("?")
        while position >= 0:
            fits = set()
            for length in range(3, 11):
                for offset in range(length):
                    start = position - offset
                    window = text[start:start + length] if start >= 0 else ""
                    if len(window) == length and window.count("?") == 1:
                        fits |= {name[offset] for name in self._masked_names.get(window, ())}
            if len(fits) == 1:
                restored[position] = fits.pop()
            position = text.find("?", position + 1)
        if not restored:
            return text
        chars = list(text)
        for position, char in restored.items():
            chars[position] = char
        return "".join(chars)

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



def _stem(name: str) -> str | None:
    autonomous = _AUTONOMOUS.match(name)
    stem = autonomous.group(1) if autonomous else re.sub(r"(?:自治区|地区|省|市|区|县|旗|州|盟)$", "", name)
    return stem if len(stem) >= 2 else None



def _is_parent(parent: _Row, child: _Row) -> bool:
    if parent.code == child.code:
        return False
    if parent.tier == "province":
        return child.province == parent.name and child.tier != "province"
    if parent.tier == "prefecture":
        return child.tier == "county" and child.prefecture == parent.name and child.province == parent.province
    return False



def _related(one: _Row, other: _Row) -> bool:
    return _is_parent(one, other) or _is_parent(other, one)


def _tier_of(row: _Row) -> str:
    return row.tier if row.tier in ("province", "prefecture") else "county"

