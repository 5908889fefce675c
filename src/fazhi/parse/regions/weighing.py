"""Weighing the mentions: candidates scored by the role of each mention, the text's self-references and slogans,
parents and children told apart, rivals compared; the resolver abstains when unsure.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable

from fazhi.parse.metadata import find_masked_issuer
from fazhi.parse.normalize import _PINYIN_GLOSS, page_tail_start, text_views
from fazhi.parse.regions.address import AddressEvidence, address_evidence, urls_in_text
from fazhi.parse.regions.gazetteer import Region, RegionTable, _Row, _related, _stem, _tier_of
from fazhi.parse.regions.mentions import (
    _BODY, _GOVERNMENT, _INSTITUTION_WEIGHT, _MAX_RIVAL_SHARE, _MIN_SCORE, _MIN_SOLID, _PLAIN_WEIGHT,
    _SELF_TYPE_BONUS, _SLOGAN_BONUS, _TITLE_WEIGHT, _WEAK_WEIGHT, _Mention, _find_mentions, _lead_zone,
    _line_bounds, _signature_zone, _title_span,
)

@dataclass(frozen=True)
class RegionResolution:
    region: Region | None  # None = abstain
    issuer: str | None  # the issuing body as written, e.g. 吉州区人民政府
    evidence: str | None  # short text that decided it
    # high: a role only the issuer fills, uncontested; medium: other text evidence or an indirect name; low: only
    # the page's address; None when no region
    confidence: str | None = None



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
    zone = _zone_issuer(scanned, table, spots, report_year, title_span)
    return ranked, resolved, scanned, zone, self_type, references


# development zones and new areas are not divisions: their reports belong to a division only when it is written
# right before the zone's name (成都市高新区, 成都高新区)
_ZONE = re.compile(
    r"高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|工业园区|产业园区|保税区|新区"
)


def _zone_issuer(
    text: str, table: RegionTable, spots: list[tuple[int, int]], year: int | None,
    title_span: tuple[int, int] = (0, 0),
) -> tuple[str, _Row | None] | None:
    """A development zone where the issuer stands (the title, the opening subject): (as written, parent or None).
    A title that names a division and no zone (綦江区2014年…报告) is the issuer's: a zone in the opening sentence is
    then a part of it (…,万盛经开区执法协作持续深化)."""
    for start, end in spots:
        segment = text[start:end]
        if not _ZONE.search(segment):
            if (start, end) == title_span and any(len(alias) >= 3 for alias, _, _ in table.finditer(segment)):
                return None
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


_STRONG_CONTEXTS = frozenset({"title", "issuer line", "issuer heading", "signature", "self formula", "site owner"})


def _confidence(winner: _Candidate, ranked: list[_Candidate]) -> str:
    """high: a role only the issuer fills (title, issuer line or heading, signature, self formula, site owner) or a
    weight of several solid mentions, with no unrelated rival over a third of it; medium: any other text decision."""
    rivals = [c for c in ranked if c is not winner and (c.row is None or not _related(c.row, winner.row))]
    quiet = all(rival.score <= winner.score / 3 for rival in rivals)
    strong = winner.best.context in _STRONG_CONTEXTS or winner.solid >= 2 * _TITLE_WEIGHT
    return "high" if strong and quiet else "medium"


def resolve_region(
    text: str,
    table: RegionTable,
    *,
    report_year: int | None,
    title: str | None = None,
    source_url: str | None = None,
    site_region_code: str | None = None,
) -> RegionResolution:
    """The reporting government of `text`, resolved to the code valid in `report_year`; abstains when unsure.

    `source_url` (where the page was collected from) and `site_region_code` (a collector's configured region for
    the site) are weak evidence, like an address the saved page records in its text: they decide only where the
    text names no region of its own, or settle a text candidate too weak by itself (see `address`)."""
    masked = find_masked_issuer(text_views(text).chars, title)
    if masked:
        return RegionResolution(region=None, issuer=masked, evidence=f"anonymised issuer: {masked}")
    chars = _cleaned_view(text, table)
    ranked, resolved, scanned, zone, self_type, references = _score_candidates(chars, table, report_year, title)
    if zone:
        written, parent = zone
        if parent is None:
            return RegionResolution(region=None, issuer=written, evidence=f"development zone, no division: {written}")
        return RegionResolution(
            region=table.region(parent), issuer=written, evidence=f"development zone of: {written}", confidence="medium"
        )

    def address() -> AddressEvidence | None:
        urls = ([source_url] if source_url else []) + urls_in_text(text)
        return address_evidence(table, report_year, urls, site_region_code) if urls or site_region_code else None

    if not ranked:
        return _fallback(chars, scanned, table, report_year, title, ranked, references, self_type, address, None)

    winner = _prefer_self_described(ranked, self_type, lambda: _tier_hint(chars))
    # a unit chosen because the text describes itself as one (我县, 各镇(街道)) needs less weight of its own
    min_solid, min_score = (
        (_MIN_SOLID, _MIN_SCORE) if winner is ranked[0] else (_PLAIN_WEIGHT, _MIN_SCORE - _SELF_TYPE_BONUS)
    )
    evidence = f"{winner.best.context}: {_snippet(scanned, winner.best)}"
    if winner.row is None:
        ambiguous = RegionResolution(region=None, issuer=None, evidence=f"ambiguous {winner.key[1:]}: {evidence}")
        return _settle_by_address(winner, ranked, table, report_year, address, evidence) or ambiguous
    if winner.score < min_score or winner.solid < min_solid:
        weak = RegionResolution(region=None, issuer=None, evidence=f"too weak ({winner.score:.1f}): {evidence}")
        return _fallback(chars, scanned, table, report_year, title, ranked, references, self_type, address, weak)
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
        confidence=_confidence(winner, ranked),
    )


def _settle_by_address(winner, ranked, table, year, address, evidence) -> RegionResolution | None:
    """A duplicate name (鼓楼区: 南京, 福州, 徐州, 开封) the text leaves open, told apart by the page's host
    (www.njgl.gov.cn: 南京 鼓楼), when it is the only candidate the text weighs and the host points to one of its
    namesakes."""
    if winner.score < _MIN_SCORE or any(
        c is not winner and c.score > _MAX_RIVAL_SHARE * winner.score for c in ranked
    ):
        return None
    hint = address()
    if hint is None:
        return None
    namesakes = {
        row.code: row for name in sorted(winner.best.names) for row in table.rows_for(name, year)
    }
    chosen = [row for code, row in namesakes.items() if code in hint.codes]
    if len(chosen) != 1:
        return None
    return RegionResolution(
        region=table.region(chosen[0]), issuer=None, evidence=f"{evidence} (page address {hint.host})",
        confidence="medium",
    )


def _cleaned_view(text: str, table: RegionTable) -> str:
    """The normalised view with damage undone for reading names: pinyin glosses between the characters of a name
    (吉(jí)州(zhōu)區(qū), blanked by `normalize`) closed up, a `?` standing for a lost character put back."""
    chars = text_views(text).chars
    if _PINYIN_GLOSS.search(text):
        chars = _GLOSS_GAP.sub("", chars)
    return table.restore_lost_characters(chars.replace("\ufffd", "?"))  # a decoder's replacement character too


_GLOSS_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")


def _fallback(
    chars, scanned, table, year, title, ranked, references, self_type, address, weak: RegionResolution | None
) -> RegionResolution:
    """When the mentions' weights decide nothing: the reporter named indirectly (a province by its slogans and
    visits, a bare name, a department's own tier), then the page's address. Each needs that no solid text
    candidate contradicts it."""
    solid = [c for c in ranked if c.row is not None and c.solid >= _PLAIN_WEIGHT]
    for finder in (_indirect_province, _bare_name, _department_tier):
        found = finder(chars, scanned, table, year, title, ranked, references, self_type)
        if found is None:
            continue
        row, evidence = found
        if any(c.row.code != row.code and not _related(c.row, row) and c.solid >= _INSTITUTION_WEIGHT for c in solid):
            continue  # another region the text names firmly
        return RegionResolution(region=table.region(row), issuer=None, evidence=evidence, confidence="medium")
    hint = address()
    if hint is not None and self_type:
        # a shared pinyin (pingshan: 平山县, 坪山区) is narrowed by the unit type the text calls itself
        typed = frozenset(
            code for code in hint.codes if (row := table.row_for_code(code, year)) is not None and row.self_type == self_type
        )
        hint = AddressEvidence(hint.url, hint.host, typed) if typed else None
    if hint is not None:
        text_codes = {c.row.code for c in solid}
        agreeing = [c for c in ranked if c.row is not None and c.row.code in hint.codes and c.solid > 0]
        if len({c.row.code for c in agreeing}) == 1 and not (text_codes - {agreeing[0].row.code}):
            row = agreeing[0].row  # the host settles a candidate the text names too weakly by itself
            return RegionResolution(
                region=table.region(row), issuer=None, evidence=f"text and page address {hint.host}: {row.name}",
                confidence="medium",
            )
        if len(hint.codes) == 1 and not text_codes:
            row = table.row_for_code(next(iter(hint.codes)), year)
            if row is not None and (self_type is None or row.self_type == self_type):
                return RegionResolution(
                    region=table.region(row), issuer=None, evidence=f"page address {hint.host}: {row.name}",
                    confidence="low",
                )
    return weak or RegionResolution(region=None, issuer=None, evidence=None)


# a province names itself without its name: its slogans (法治广西), visits and instructions to it (视察广西,
# 考察江苏重要讲话), its party committee and government by short name (广西壮族自治区党委 is a full name already)
_PROVINCE_CUES_BEFORE = ("视察", "考察", "法治", "平安", "数字", "美丽", "幸福", "健康", "诚信")
_PROVINCE_CUES_AFTER = ("省委", "省政府", "自治区党委", "自治区政府", "市委", "市政府", "重要讲话", "工作时")
_STANDALONE_AUTONOMOUS = re.compile(r"(?<![\u4e00-\u9fff])自治区|(?:^|[^族尔])自治区(?:党委|政府|人民政府|人大|各级)")
_LOWER_COMMITTEE = re.compile(r"(?<!自治)区委|县委|市委|州委|盟委|旗委")
_MUNICIPALITIES = frozenset({"北京市", "上海市", "天津市", "重庆市"})


def _indirect_province(chars, scanned, table, year, title, ranked, references, self_type):
    # 我省/本省 once, or 全省 more than any other unit's self-reference (a county's report also says 全省第一)
    mine = Counter(unit for _, who, unit in references if who in "我本")
    whole = Counter(unit for _, who, unit in references if who == "全")
    def calls_itself(unit: str) -> bool:
        return mine[unit] >= 1 or (whole[unit] >= 2 and all(whole[unit] > count for other, count in whole.items() if other != unit))
    lower_committee = _LOWER_COMMITTEE.search(chars)  # a province's report has no 市委/县委/区委 of its own
    calls = {
        "省": calls_itself("省") and not lower_committee,
        "区": calls_itself("区") and bool(_STANDALONE_AUTONOMOUS.search(chars)) and not lower_committee,
        "市": calls_itself("市") and not _LOWER_COMMITTEE.search(chars.replace("市委", "")),
    }
    support: Counter = Counter()
    for short, name in table.province_shorts().items():
        for match in re.finditer(re.escape(short), chars):
            before, after = chars[max(0, match.start() - 2):match.start()], chars[match.end():match.end() + 5]
            if before.endswith(_PROVINCE_CUES_BEFORE) or after.startswith(_PROVINCE_CUES_AFTER):
                support[name] += 1
    for candidate in ranked:  # the full name, where it is not merely a superior's or a quoted document's
        if candidate.row is not None and candidate.row.tier == "province" and candidate.solid > 0:
            support[candidate.row.name] += 1
    if len(support) != 1:
        return None
    name = next(iter(support))
    if name in _MUNICIPALITIES:
        fits = calls["市"] and self_type in (None, "市")
    elif name.endswith("自治区"):
        fits = calls["区"]
    else:
        fits = calls["省"] and self_type in (None, "省")
    if not fits:
        return None
    rows = [row for row in table.rows_for(name, year) if row.tier == "province"]
    if len(rows) != 1:
        return None
    lower = [c for c in ranked if c.row is not None and c.row.tier != "province" and c.score >= _MIN_SCORE]
    if lower:
        return None  # a city or county the text weighs firmly: a province's self-reference is not the whole story
    return rows[0], f"province named indirectly ({support[name]}): {name}"


# a bare name (宁波, 苏州) is read only where the reporter names itself: the title's opening, the opening subject or
# a heading line, and only before a word that cannot continue the name
_BARE_FOLLOWERS = re.compile(
    r"(?:\d|关于|法治|依法|全面|坚持|深入|持续|以|在|紧紧|认真|始终|着力|聚焦|围绕|扎实|大力|不断|积极|切实|年度|"
    r"人民政府|政府|司法局|[,,\s])"
)


def _bare_name(chars, scanned, table, year, title, ranked, references, self_type):
    places = []
    if title:
        places.append(re.sub(r"^关于", "", title.strip()))
    lead_start, lead_end = _lead_zone(chars)
    if lead_end:
        line_end = chars.find("\n", lead_start)
        line = chars[lead_start:line_end if line_end >= 0 else len(chars)].strip()
        prefix = _OPENING_PREFIX_BARE.match(line)
        places.append(line[prefix.end():] if prefix else line)
    found = {}
    for place in places:
        for length in (4, 3, 2):
            stem = place[:length]
            if len(stem) == length and _BARE_FOLLOWERS.match(place, length):
                row = table.unique_stem(stem, year)
                # prefecture-level only: county stems are too often words (平安, 光明, 前进, 富民)
                if row is not None and row.tier == "prefecture" and (self_type is None or row.self_type == self_type):
                    found[row.code] = (row, stem)
                    break
    if not found and self_type == "市":
        # a city that says only 我市 and builds its slogans on its name (法治宁波, 平安宁波): the stem names it, when
        # no other city is named in the text (a county-level city also says 我市 and cites its superior's slogan)
        for match in _CITY_SLOGAN.finditer(chars):
            for length in (4, 3, 2):
                row = table.unique_stem(match.group(1)[:length], year)
                if row is not None and row.tier == "prefecture":
                    found[row.code] = (row, f"法治{match.group(1)[:length]}")
                    break
        others = [c for c in ranked if c.row is not None and c.row.self_type == "市" and c.row.code not in found]
        if others or (found and _tier_hint(chars) == "county"):
            return None  # 各镇(街道): a county-level city citing its superior's slogan
    if len(found) != 1:
        return None
    row, stem = next(iter(found.values()))
    return row, f"bare name: {stem} = {row.name}"


_CITY_SLOGAN = re.compile(r"(?:法治|平安)([\u4e00-\u9fff]{2,4}?)(?:建设|创建|示范|品牌|之路|,|,|、|。)")
_OPENING_PREFIX_BARE = re.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度)?(?:以来|上半年|全年)?|今年以来|近年来|一年来)\s*[,,]\s*"
)
# a department that names only its tier (市司法局, 县政府办公室) where the issuer stands: the title's opening, a
# heading or signature line of its own, the opening subject
_TIER_ONLY_BODY = re.compile(rf"^(?P<type>[省市县区州旗盟])(?P<body>{_GOVERNMENT}|{_BODY})")


def _tier_only_issuer(chars: str, title: str | None) -> str | None:
    if title and _TIER_ONLY_BODY.match(title.strip()):
        return _TIER_ONLY_BODY.match(title.strip()).group("type")
    for line in chars.splitlines():
        stripped = line.strip()
        match = _TIER_ONLY_BODY.match(stripped)
        if match and len(stripped) <= 20 and match.end() == len(stripped):
            return match.group("type")
        opening = _OPENING_PREFIX_BARE.match(stripped)
        if opening and len(stripped) >= 20:
            after = _TIER_ONLY_BODY.match(stripped[opening.end():])
            if after:
                return after.group("type")
    return None


def _department_tier(chars, scanned, table, year, title, ranked, references, self_type):
    unit = _tier_only_issuer(chars, title)
    if unit is None:
        return None
    # its own city's plan (落实《宁波市…方案》) is weak for a government's report, but a department names its own
    same = [c for c in ranked if c.row is not None and c.row.self_type == unit]
    if len(same) != 1 or any(c.row is None for c in ranked):
        return None
    candidate = same[0]
    if candidate.best.context in ("peer", "page tail", "page furniture", "addressee") or candidate.row.tier == "province":
        return None  # 区司法局 citing 《广西壮族自治区…》: the autonomous region is its superior, not itself
    if unit == "市" and candidate.solid == 0:
        return None  # a county-level city's 市司法局 cites its prefecture-level city only as a superior
    return candidate.row, f"department of its own {unit}: {candidate.best.context}: {_snippet(scanned, candidate.best)}"


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



def _snippet(text: str, mention: _Mention) -> str:
    line_start, line_end = _line_bounds(text, mention.start)
    start = max(line_start, mention.start - 8)
    end = min(line_end, mention.end + 16)
    return text[start:end].strip()


_ISSUER_RANK = {
    "issuer line": 0, "issuer heading": 1, "signature": 2, "title": 3, "site owner": 4, "self formula": 5,
    "opening": 6, "institution": 7,
}


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
