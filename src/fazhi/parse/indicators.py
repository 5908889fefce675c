"""A figure → the catalogue indicator it is a value of (or none), from its sentence, not from its subject alone.

The subject of a figure is often far from the number (`审核重大行政决策12件、行政合同及其他文件186件`: 审核 governs both),
shared by several figures (`备案率、及时率均达100%`), or only implied by the section heading (`（三）行政复议` …
`受理案件125件`). So the mapper looks at, in this order of trust (a "tier"; the first tier with a candidate decides):

1. the figure's subject (`subject_text`, what the figure parser read as counted) and the words right before the number
   in its clause (from the last `，、；：` to the number): a catalogue synonym there;
2. the clause before the figure (back to the last `。；` or line break): a *gapped* synonym `A…B`, A then B within a
   few characters, which may reach across other figures of the same list (`审核…合同`, `常务会议…学法`);
3. a *local* synonym right before the number (`受理案件`, `纠错`) whose indicator's *context* term (`行政复议`) is in
   the clause or in the heading of an enclosing section;
4. a plain synonym earlier in the clause, when no other figure stands between it and this one and the figure is not a
   breakdown (`其中…`).

A candidate must accept the figure's unit (the catalogue's accepted units: `%` only for rates …), must not meet one of
its indicator's exclusion terms in the clause (court cases are not reconsideration cases), and a rank (第N名) maps only
to a rank indicator. Within the deciding tier the synonym ending nearest the number wins, then the longer one, then a
value within the indicator's bounds; two indicators that still tie make the mapper abstain (no code), because a wrong
code is worse than none. The evidence (tier, synonym, where it was found) goes with the code.

Besides the code, `value_basis` says what the number is when the sentence says it: `before` (由20个工作日压缩至5个:
the 20), `reduced_to` (压缩至/缩短到/降至: the 5), `reduced_by` (压缩/减少 … %, 精简), `increased_by` (同比增长/提高),
`cumulative` (累计), `year_total` otherwise.

Pure functions: the catalogue comes in as rows (dbt's seed file read as CSV), no database, no Prefect.
"""
from __future__ import annotations

import csv
import os
import re
import signal
import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

# Characters that end the words right before a number, and those that end the clause a figure stands in.
_SEGMENT_STOPS = "，,、；;：:。！？!?\n\r（）()"
_CLAUSE_STOPS = "。；;！？!?\n\r"
_CLAUSE_REACH = 90  # characters looked back for the clause (a long list sharing one verb still fits)
_GAP_REACH = 30  # at most this many characters between the two halves of a gapped synonym `A…B`
_GAP_MARK = "…"

_BREAKDOWN_RE = re.compile(r"其中|含|包括")
# Quotation and title marks do not change what is counted (`“一网通办”率`, `《清单》事项`): dropped before matching.
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』《》〈〉")
# A bracketed aside does not either (`为新开办企业(个体工商户)减免`).
_ASIDE_RE = re.compile(r"[（(][^（）()]{0,20}[）)]")
# Before the number, a preposition makes it a scope (`在13个中心乡镇`, `覆盖24个部门`), not what an indicator counts.
# A preposition right before the number makes the noun after it an object (`对38件行政复议案件进行了听证`), not a count.
# (`保持在80%`, `控制在`, `稳定在`: a level, not a preposition)
_PREPOSITION_BEFORE_RE = re.compile(r"(?<![持制定])(?:对|向|与|在|就)[ \t]*$")
_SCOPE_BEFORE_RE = re.compile(r"(?:在|对|向|与|覆盖|涉及|包括|全市|全区|全县)[ \t]*$")
# A list item sharing the verb of the figure before it: `下放乡镇行政处罚权限73项、街道办事处59项`.
_LIST_ITEM_RE = re.compile(r"^[ \t]*(?:、|和|及|以及|与)[^，,；;。:：]{0,24}$")
_AFTER_REACH = 30
_FREQUENCY_RE = re.compile(r"每(?:个|一)?(?:季度|月|周|星期|半年|年度|年|天|日)")
# A grouping after the number (`重点任务6个方面32项`: the 6): what is counted is the groups, not an indicator's items.
_GROUPING_AFTER_RE = re.compile(r"^[ \t]*(?:个)?(?:方面|领域|板块|大类|方向)")
# A category of a total (`其中涉及行政处罚案件23件`, `行政复议案件中，涉及征地拆迁类42件`, `来访群众中，反映…的126批次`):
# the words name the category.
_CATEGORY_RE = re.compile(r"涉及|属于|反映")
_CATEGORY_CLAUSE_RE = re.compile(r"中[，,]")
_CLAUSE_REACH_PLAIN = 30  # a plain synonym earlier in the clause counts this near the number only
_SEGMENT_STOP_RE = re.compile("[" + re.escape(_SEGMENT_STOPS) + "]")


# Text holding none of these is already normalised (most is): one scan instead of a substitution and a translation.
_NORMALIZED_AWAY_RE = re.compile("[（(“”‘’\"'「」『』《》〈〉]")


def normalize_for_matching(text: str) -> str:
    """Text as synonyms are matched against it: no quotation marks, no bracketed asides."""
    if _NORMALIZED_AWAY_RE.search(text) is None:
        return text
    return _ASIDE_RE.sub("", text).translate(_QUOTES)
_CUMULATIVE_RE = re.compile(r"累计|历年|总计已|迄今|至今|先后共")
_REDUCED_TO_RE = re.compile(r"(?:压缩|缩短|缩减|减少|降低|减|降|精简|控制)(?:到|至|为|在)[ \t]*$")
_REDUCED_BY_RE = re.compile(r"压缩|缩短|缩减|减少|精简|压减|提速|降低|下降")
_BEFORE_RE = re.compile(r"(?:由|从)[ \t]*(?:原来的?|原|法定的?|之前的?|过去的?|去年的?|上年的?)?[ \t]*$")
_INCREASED_BY_RE = re.compile(r"(?:同比|较上年|比上年|环比)?(?:增长|增加|提高|提升|上升)(?:了)?[ \t]*$")

TIER_NAMES = {1: "subject", 2: "gapped", 3: "context", 4: "clause"}


@dataclass(frozen=True)
class Indicator:
    """One catalogue row, as the mapper needs it."""

    code: str
    kind: str
    accepted_units: frozenset[str]
    synonyms: tuple[str, ...]
    min_value: float | None
    max_value: float | None
    local_synonyms: tuple[str, ...] = ()
    context_terms: tuple[str, ...] = ()
    exclude_terms: tuple[str, ...] = ()

    @cached_property
    def plain_synonyms(self) -> tuple[str, ...]:
        return tuple(normalize_for_matching(s) for s in self.synonyms if _GAP_MARK not in s)

    @cached_property
    def gapped_patterns(self) -> tuple[tuple[str, str, re.Pattern], ...]:
        """(synonym, its first part as matched, pattern) of each gapped synonym."""
        patterns = []
        for synonym in self.synonyms:
            if _GAP_MARK in synonym:
                parts = [normalize_for_matching(p) for p in synonym.split(_GAP_MARK)]
                gap = r"[^。；;！？!?\n\r]{0,%d}?" % _GAP_REACH
                patterns.append((synonym, parts[0], re.compile(gap.join(map(re.escape, parts)))))
        return tuple(patterns)

    def within_bounds(self, value: float) -> bool:
        return (self.min_value is None or value >= self.min_value) and (
            self.max_value is None or value <= self.max_value)


@dataclass(frozen=True)
class FigureContext:
    """What the mapper reads about one figure: its own fields and the text around it."""

    subject_text: str | None
    unit: str | None
    value: float
    qualifier: str | None
    clause_before: str  # the clause from its start up to the number (not including the figure's own span)
    near_before: str  # the words right before the number: clause_before from its last segment stop
    headings: tuple[str, ...] = ()  # headings of the enclosing sections, innermost first
    figure_offsets_in_clause: tuple[int, ...] = ()  # where other figures' spans end within clause_before
    after: str = ""  # the noun it counts when that follows the number: span_rest, else `following`
    span_rest: str = ""  # the words of its own span after the number and unit
    following: str = ""  # the words right after the span, up to the next stop or number

    @property
    def continues_list(self) -> bool:
        """The figure is the next item of a list sharing the verb of the figure right before it."""
        if not self.figure_offsets_in_clause:
            return False
        return bool(_LIST_ITEM_RE.match(self.clause_before[max(self.figure_offsets_in_clause):]))


@dataclass(frozen=True)
class IndicatorMatch:
    indicator_code: str
    matched_synonym: str
    tier: int
    evidence: str  # e.g. `subject:受理行政复议案件`, `context:受理案件+heading:行政复议`


# A candidate: (tier, rank, code, synonym, evidence), a plain tuple (one is made for most figures). Its rank orders
# the candidates of a tier: (end: how near the number the match ends, larger is nearer, within its tier's text;
# length: characters of the synonym itself, a gapped one's parts; -gap: characters between a gapped synonym's parts,
# the tighter the match the likelier; in_bounds: the value within the indicator's bounds).
_Candidate = tuple


class IndicatorCatalog:
    """The catalogue, indexed for mapping: built once, used for every figure."""

    def __init__(self, indicators: Iterable[Indicator]):
        self.indicators = tuple(indicators)
        self.by_code = {i.code: i for i in self.indicators}
        if len(self.by_code) != len(self.indicators):
            raise ValueError("the indicator catalogue holds an indicator code twice")
        # Only the indicators one of whose words (plain and local synonyms, the first part of gapped ones) occurs in a
        # figure's text are looked at: a few of the catalogue's hundred per figure.
        self._words_of = tuple(
            {normalize_for_matching(word) for word in (*ind.plain_synonyms, *ind.local_synonyms,
                                                        *(s.split(_GAP_MARK)[0] for s in ind.synonyms
                                                          if _GAP_MARK in s)) if word}
            for ind in self.indicators)
        self._indexes: dict[tuple[bool, str], _WordIndex] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping]) -> "IndicatorCatalog":
        return cls(_indicator_from_row(row) for row in rows)

    @classmethod
    def from_csv(cls, path: Path | str) -> "IndicatorCatalog":
        with open(path, encoding="utf-8", newline="") as handle:
            return cls.from_rows(csv.DictReader(handle))

    def map_figure(self, figure: FigureContext, previous: tuple[IndicatorMatch | None, str | None] | None = None
                   ) -> IndicatorMatch | None:
        """The indicator the figure is a value of, or None (no indicator fits, or two fit equally).

        `previous`: the match and unit of the figure right before it in the document. A list item with no words of
        its own that fit (`、街道办事处59项`) takes the indicator of the item before it, in the same unit."""
        continues_list = figure.continues_list
        candidates = self._candidates(figure, continues_list)
        if previous is not None and previous[0] is not None and continues_list:
            match, unit = previous
            inherited = self.by_code.get(match.indicator_code)
            # the item's own words must not exclude the indicator it would take (废止23件、修改8件: 修改 is no repeal)
            excluded = inherited is not None and any(
                term in normalize_for_matching(figure.near_before) for term in inherited.exclude_terms)
            if unit == figure.unit and not excluded and not any(c[0] <= 3 for c in candidates):
                return IndicatorMatch(match.indicator_code, match.matched_synonym, 5, f"list:{match.evidence}")
        if not candidates:
            return None
        # within the deciding tier the highest rank wins, the first one made among equals; another indicator of
        # the same rank makes it abstain
        best_tier = min(c[0] for c in candidates)
        best = None
        for candidate in candidates:
            if candidate[0] == best_tier and (best is None or candidate[1] > best[1]):
                best = candidate
        if any(c[0] == best_tier and c[1] == best[1] and c[2] != best[2] for c in candidates):
            return None
        return IndicatorMatch(best[2], best[3], best_tier, best[4])

    def _word_index(self, is_rank: bool, unit: str) -> "_WordIndex":
        """The words of the indicators a figure of this unit (or a rank) may be a value of."""
        key = (is_rank, "" if is_rank else unit)
        index = self._indexes.get(key)
        if index is None:
            fitting = [i for i, ind in enumerate(self.indicators)
                       if (ind.kind == "rank") == is_rank and (is_rank or unit in ind.accepted_units)]
            index = self._indexes[key] = _WordIndex({i: self._words_of[i] for i in fitting})
        return index

    def _candidates(self, f: FigureContext, continues_list: bool) -> list[_Candidate]:
        # the checks that rule a figure out come first: most figures end here or at the word lookup
        near = normalize_for_matching(f.near_before)
        if _FREQUENCY_RE.search(near):  # 每季度至少听取一次: a frequency rule, no yearly value
            return []
        if _GROUPING_AFTER_RE.match(f.span_rest) or (not f.span_rest and _GROUPING_AFTER_RE.match(f.following)):
            return []
        clause = normalize_for_matching(f.clause_before)
        # in a breakdown, a category (其中涉及行政处罚案件) is no indicator's value; nor is one after `X中，`
        if _CATEGORY_RE.search(near) and (_BREAKDOWN_RE.search(near) is not None
                                          or _CATEGORY_CLAUSE_RE.search(clause) is not None):
            return []
        unit = (f.unit or "").strip()
        is_rank = f.qualifier == "rank"
        subject = normalize_for_matching(f.subject_text or "")
        # the figure's whole segment, for gapped synonyms whose second half follows the number (执法人员…培训)
        rest_and_following = normalize_for_matching(f.span_rest + f.following)
        haystack = "\n".join((subject, clause, rest_and_following))
        found, present = self._word_index(is_rank, unit).lookup(haystack)
        if not found:
            return []
        # the noun after the number: a synonym must start in the span's own words (`24项政府信息` + `公开基本事项`), or
        # in the words right after it when the span has none
        head = normalize_for_matching(f.span_rest)
        after = head + normalize_for_matching(f.following) if head else normalize_for_matching(f.following)
        head_length = len(head) if head else len(after)
        segment = clause + "#" + rest_and_following
        context_text = None  # clause and headings, for tier 3: joined only when asked
        is_breakdown = _BREAKDOWN_RE.search(near) is not None
        is_scope = _SCOPE_BEFORE_RE.search(near) is not None
        is_object = unit != "%" and _PREPOSITION_BEFORE_RE.search(near) is not None
        # where the last other figure of the clause ends: a plain synonym before it belongs to that figure
        last_other = (len(normalize_for_matching(f.clause_before[:max(f.figure_offsets_in_clause)]))
                      if f.figure_offsets_in_clause else -1)
        candidates: list[_Candidate] = []
        add = candidates.append
        for index in sorted(found):
            ind = self.indicators[index]
            exclude_terms = ind.exclude_terms
            if exclude_terms and any(term in near or term in subject or term in after for term in exclude_terms):
                continue
            in_bounds = ind.within_bounds(f.value)
            # tier 1: the subject, or the words right before the number
            synonyms = [synonym for synonym in ind.plain_synonyms if synonym in present]
            if not is_object:  # 对38件行政复议案件进行了听证: the cases heard, not the cases received
                for synonym in synonyms:
                    if synonym in subject:
                        add((1, (10_000 + _end_of(subject, synonym), len(synonym), 0, in_bounds), ind.code,
                             synonym, f"subject:{synonym}"))
                    elif synonym in near:
                        add((1, (_end_of(near, synonym), len(synonym), 0, in_bounds), ind.code, synonym,
                             f"near:{synonym}"))
                    elif 0 <= after.find(synonym) < head_length:  # the noun it counts: 24项政府信息公开基本事项
                        add((1, (-after.find(synonym), len(synonym), 0, in_bounds), ind.code, synonym,
                             f"after:{synonym}"))
            # tier 2: a gapped synonym in the figure's segment (tier 1 when it lies in the words right before the
            # number); it may reach across an earlier figure only through a list (审核重大行政决策12件、行政合同186件)
            for synonym, first_part, pattern in ind.gapped_patterns:
                if first_part not in present:
                    continue
                parts = len(synonym) - synonym.count(_GAP_MARK)
                in_subject = None if is_object else _last_match(pattern, subject)
                if in_subject is not None:
                    add((1, (10_000 + in_subject.end(), parts, parts - in_subject.end() + in_subject.start(),
                              in_bounds), ind.code, synonym, f"subject:{in_subject.group(0)}"))
                    continue
                in_near = _last_match(pattern, near)
                if in_near is not None:
                    add((1, (in_near.end(), parts, parts - in_near.end() + in_near.start(), in_bounds), ind.code,
                         synonym, f"near:{in_near.group(0)}"))
                    continue
                match = _last_match(pattern, segment)
                # clause-wide evidence meets clause-wide exclusions (规范性文件草案…修改意见 is no legislative opinion)
                if match is not None and (match.start() >= last_other or continues_list) and not any(
                        term in clause for term in exclude_terms):
                    add((2, (match.end(), parts, parts - match.end() + match.start(), in_bounds), ind.code,
                         synonym, f"clause:{match.group(0)}"))
            # tier 3: a local synonym right before the number, its context in the clause or a heading
            if ind.context_terms and any(synonym in present for synonym in ind.local_synonyms):
                if context_text is None:
                    context_text = clause + "\n" + "\n".join(f.headings)
                context = next((t for t in ind.context_terms if t in context_text), None)
                if context is not None and not any(term in clause for term in exclude_terms):
                    where = "clause" if context in clause else "heading"
                    for synonym in ind.local_synonyms:
                        if synonym in near or synonym in subject:
                            add((3, (_end_of(near, synonym), len(synonym), 0, in_bounds), ind.code, synonym,
                                 f"context:{synonym}+{where}:{context}"))
            # tier 4: a plain synonym earlier in the clause, with no other figure in between
            if not is_breakdown and not is_scope:
                for synonym in synonyms:
                    position = clause.rfind(synonym)
                    if position < 0 or position < last_other:
                        continue
                    between = clause[position + len(synonym):]
                    # near enough: at most _CLAUSE_REACH_PLAIN characters and one segment stop away
                    # `行政复议案件中，涉及…42件`: a part of the named total, not the total
                    if len(between) <= _CLAUSE_REACH_PLAIN and not between.lstrip().startswith("中") and len(
                            _SEGMENT_STOP_RE.findall(between)) <= 1 and not any(
                            term in clause[position:] for term in exclude_terms):
                        add((4, (position + len(synonym), len(synonym), 0, in_bounds), ind.code, synonym,
                             f"clause:{synonym}"))
        return candidates


class _WordIndex:
    """Which of some indicators' words occur in a text, found without trying every word: each word is filed under
    its rarest character among the catalogue's words, and only the words filed under a character of the text are
    tried. (A word occurs only where all its characters do, so none is missed.)"""

    def __init__(self, words_of: Mapping[int, set[str]]):
        holders: dict[str, set[int]] = {}
        for index, words in words_of.items():
            for word in words:
                holders.setdefault(word, set()).add(index)
        spread: dict[str, int] = {}  # in how many words a character occurs
        for word in holders:
            for char in set(word):
                spread[char] = spread.get(char, 0) + 1
        self._by_char: dict[str, list[tuple[str, frozenset[int]]]] = {}
        for word, indices in holders.items():
            key = min(word, key=lambda char: (spread[char], word.index(char)))
            self._by_char.setdefault(key, []).append((word, frozenset(indices)))
        self._chars = frozenset(self._by_char)

    def lookup(self, text: str) -> tuple[set[int], set[str]]:
        """(indices of the indicators with a word in the text, the words that occur)."""
        found: set[int] = set()
        present: set[str] = set()
        for char in self._chars.intersection(text):
            for word, indices in self._by_char[char]:
                if word in text:
                    found |= indices
                    present.add(word)
        return found, present


def _end_of(text: str, synonym: str) -> int:
    position = text.rfind(synonym)
    return position + len(synonym) if position >= 0 else -1


def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    last = None
    for match in pattern.finditer(text):
        last = match
    return last


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _split(value: object) -> tuple[str, ...]:
    return tuple(s.strip() for s in _text(value).split("|") if s.strip())


def _number(value: object) -> float | None:
    value = _text(value)
    return float(value) if value else None


def _indicator_from_row(row: Mapping) -> Indicator:
    code = _text(row.get("indicator_code"))
    if not code:
        raise ValueError(f"an indicator catalogue row has no indicator_code: {dict(row)}")
    return Indicator(
        code=code,
        kind=_text(row.get("kind")),
        accepted_units=frozenset(_split(row.get("accepted_units"))),
        synonyms=_split(row.get("synonyms")),
        min_value=_number(row.get("min_value")),
        max_value=_number(row.get("max_value")),
        local_synonyms=_split(row.get("local_synonyms")),
        context_terms=_split(row.get("context_terms")),
        exclude_terms=_split(row.get("exclude_terms")),
    )


# --- the text around a figure --------------------------------------------------------------------------------------


# The run of characters before a point up to a stop, read on the reversed text (one regex call, not a loop).
_NOT_CLAUSE_STOPS_RE = re.compile("[^" + re.escape(_CLAUSE_STOPS) + "]*")
_NOT_SEGMENT_STOPS_RE = re.compile("[^" + re.escape(_SEGMENT_STOPS) + "]*")


def clause_before(text: str, char_start: int) -> str:
    """The clause holding a figure, from its start up to the figure's span (at most _CLAUSE_REACH characters)."""
    reach = text[max(0, char_start - _CLAUSE_REACH):char_start]
    return reach[len(reach) - _NOT_CLAUSE_STOPS_RE.match(reach[::-1]).end():]


def near_before(clause: str) -> str:
    """The words right before the number: the clause from its last segment stop."""
    return clause[len(clause) - _NOT_SEGMENT_STOPS_RE.match(clause[::-1]).end():]


_NUMERAL = "0-9０-９零〇一二两三四五六七八九十百千万亿"
_NUMERAL_RE = re.compile("[" + _NUMERAL + "]")


@lru_cache(maxsize=512)  # one pattern per unit: the figure parser knows a few dozen units
def _number_before_unit_re(unit: str) -> re.Pattern:
    return re.compile("[" + _NUMERAL + ".．]+[余多]?[万亿千百]*[余多]?(?=" + re.escape(unit) + ")")


def span_prefix(raw_span: str, unit: str | None = None) -> str:
    """The words of a figure's own span before its number (`受理行政复议案件` of `受理行政复议案件17件`): the last number
    followed by the figure's unit, so a numeral inside the subject (`法律七进”活动320场次`) stays in the words."""
    if unit:
        found = None
        for found in _number_before_unit_re(unit).finditer(raw_span):
            pass
        if found is not None:
            return raw_span[: found.start()]
    match = _NUMERAL_RE.search(raw_span)
    return raw_span[: match.start()] if match else raw_span


def value_basis(clause_before_number: str, unit: str | None) -> str:
    """What the number is, when the sentence says it: before (由20个工作日…), reduced_to, increased_by, reduced_by,
    cumulative, year_total.
    `clause_before_number`: FigureContext.clause_before (the clause up to the number, the span's own words included)."""
    before = clause_before_number
    if _BEFORE_RE.search(before):
        return "before"
    if _REDUCED_TO_RE.search(before):
        return "reduced_to"
    if _INCREASED_BY_RE.search(before):
        return "increased_by"
    tail = near_before(before)
    if _REDUCED_BY_RE.search(tail) and (unit in ("%", "个百分点") or re.search(r"压缩|精简|压减|减少", tail)):
        return "reduced_by"
    if _CUMULATIVE_RE.search(before):
        return "cumulative"
    return "year_total"


def figure_context(text: str, char_start: int, char_end: int, raw_span: str, subject_text: str | None,
                   unit: str | None, value: float, qualifier: str | None, headings: Sequence[str] = (),
                   other_figure_ends: Sequence[int] = ()) -> FigureContext:
    """The FigureContext of a figure of a text (offsets as in raw.parsed_figures; the text may be a window of the
    document holding the figure, with offsets shifted alike). The words of its own span before the number count as
    the end of the clause (`受理行政复议案件17件` holds its subject); `other_figure_ends`: where the figures before it end."""
    prefix = span_prefix(raw_span, unit)
    clause = clause_before(text, char_start) + prefix
    clause_start = char_start - len(clause) + len(prefix)
    offsets = tuple(end - clause_start for end in other_figure_ends if clause_start < end <= char_start)
    # the noun the figure counts, when it follows the number: in its own span (`20余个行政执法部门`), else right after it
    rest = _rest_after(raw_span[len(prefix):], unit)
    following = words_after(text, char_end)
    return FigureContext(subject_text, unit, value, qualifier, clause, near_before(clause), tuple(headings), offsets,
                         rest or following, rest, following)


_AFTER_END_RE = re.compile("[" + re.escape(_SEGMENT_STOPS) + r"]|[0-9０-９]+(?![0-9０-９年])")
_NUMBER_AND_TAIL_RE = re.compile(r"^[0-9０-９.．,，零〇一二两三四五六七八九十百千万亿]+[余多]?(?:[万亿千百]+)?[余多]?")


def span_rest(raw_span: str, unit: str | None) -> str:
    """The words of a figure's own span after its number and unit (`行政执法部门` of `20余个行政执法部门`)."""
    return _rest_after(raw_span[len(span_prefix(raw_span, unit)):], unit)


def _rest_after(rest: str, unit: str | None) -> str:
    """span_rest of the span from its number on."""
    rest = _NUMBER_AND_TAIL_RE.sub("", rest)
    if unit and rest.startswith(unit):
        rest = rest[len(unit):]
    return rest.strip()


def words_after(text: str, char_end: int) -> str:
    """The words right after a figure: up to the next segment stop or number (a year, 2016年, is no number here),
    at most _AFTER_REACH characters."""
    window = text[char_end: char_end + _AFTER_REACH]
    match = _AFTER_END_RE.search(window)
    return window[: match.start()] if match else window


# --- the figures of a query, a batch at a time ---------------------------------------------------------------------

# The columns of a figure row as int_figure_indicators_matched selects them, the figures of a document together and
# in text order: its fields, where the figures before it end (earlier_ends) and the headings of its section and of up
# to two enclosing ones.
FIGURE_ROW_COLUMNS = ("document_id", "figure_index", "subject_text", "unit", "value", "qualifier", "raw_span",
                      "char_start", "char_end", "earlier_ends", "heading_0", "heading_1", "heading_2")
# What each figure row maps to: the columns of int_figure_indicators_matched (but the run id).
MAPPED_COLUMNS = ("document_id", "figure_index", "indicator_code", "matched_synonym", "mapping_tier",
                  "mapping_evidence", "value_basis")


def map_figure_rows(catalog: IndicatorCatalog, rows: Iterable[Sequence], texts: Mapping[str, str]) -> list[tuple]:
    """Each figure row (FIGURE_ROW_COLUMNS) → its MAPPED_COLUMNS row; `texts`: the text of each row's document. A list
    item takes its indicator from the figure before it in the same document, so a document's figures must come
    together, in text order, in one call."""
    mapped = []
    previous_document, previous, text = None, None, ""
    for (document_id, figure_index, subject_text, unit, value, qualifier, raw_span, char_start, char_end,
         earlier_ends, *headings) in rows:
        if document_id != previous_document:
            previous_document, previous, text = document_id, None, texts[document_id]
        context = figure_context(text, char_start, char_end, raw_span, subject_text, unit, value, qualifier,
                                 [h for h in headings if h], earlier_ends or ())
        mapping = catalog.map_figure(context, previous)
        previous = (mapping, unit)
        basis = value_basis(context.clause_before, unit)
        if mapping is None:
            mapped.append((document_id, figure_index, None, None, None, None, basis))
        else:
            mapped.append((document_id, figure_index, mapping.indicator_code, mapping.matched_synonym, mapping.tier,
                           mapping.evidence, basis))
    return mapped


# A worker process's catalogue (the mapper's worker processes get it once, in their initializer).
_worker_catalog: IndicatorCatalog | None = None


def start_mapping_worker(catalog_rows: Sequence[Mapping]) -> None:
    """Initializer of a worker process that maps figure rows. On Linux the kernel kills the worker when the process
    that started it dies: a run killed with SIGKILL must leave none behind (fazhi.child_processes does the same for
    dbt; the forkserver that starts the workers ends when dbt does)."""
    global _worker_catalog
    if sys.platform.startswith("linux"):
        import ctypes

        parent = os.getppid()
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)
    _worker_catalog = IndicatorCatalog.from_rows(catalog_rows)


def map_figure_rows_in_worker(rows: Sequence[Sequence], texts: Mapping[str, str]) -> list[tuple]:
    """map_figure_rows with the catalogue start_mapping_worker gave this worker process."""
    if _worker_catalog is None:
        raise RuntimeError("start_mapping_worker was not run in this process")
    return map_figure_rows(_worker_catalog, rows, texts)
