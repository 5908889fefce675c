"""Weighing the mentions: candidates scored by the role of each mention, the text's self-references and slogans,
parents and children told apart, rivals compared; the resolver abstains when unsure.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from fazhi.parse.metadata import find_masked_issuer
from fazhi.parse.normalize import page_tail_start, text_views
from fazhi.parse.regions.gazetteer import Region, RegionTable, _Row, _related, _stem, _tier_of
from fazhi.parse.regions.mentions import (
    _BODY, _GOVERNMENT, _INSTITUTION_WEIGHT, _LEAD_WEIGHT, _MAX_RIVAL_SHARE, _MIN_SCORE, _MIN_SOLID, _PLAIN_WEIGHT,
    _SELF_TYPE_BONUS, _SLOGAN_BONUS, _TITLE_WEIGHT, _WEAK_WEIGHT, _Mention, _find_mentions, _lead_zone,
    _line_bounds, _signature_zone, _title_span,
)

@dataclass(frozen=True)
class RegionResolution:
    region: Region | None  # None = abstain
    issuer: str | None  # the issuing body as written, e.g. 吉州区人民政府
    evidence: str | None  # short text that decided it



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
