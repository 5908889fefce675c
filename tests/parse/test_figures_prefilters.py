"""The fast paths in figures.py give what the plain searches they stand for give.

A cheap pre-test must never skip a search that would have matched; these tests read the words out of the expressions
themselves, so a word added to one of them is covered here without editing the test.
"""
from __future__ import annotations

import random
import re

import pytest

from fazhi.parse import figures
from fazhi.parse.figures import _may_follow_cue, _may_list_rates


def _alphabet(*patterns: re.Pattern[str]) -> list[str]:
    """The words the patterns name, their beginnings and characters, with digits, blanks and a few ordinary ones."""
    runs = {w for p in patterns for w in re.findall(r"[\u4e00-\u9fffA-Za-z]+", p.pattern)}
    words = {w[:i] for w in runs for i in range(1, len(w) + 1)}  # 由原来的? names 由原来 too
    chars = {ch for w in runs for ch in w}
    return sorted(words | chars | set("0123456789 \t\n:,。件人的工作"))


def _samples(alphabet: list[str], seed: int, count: int = 60_000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(count)]


def test_cue_pretest_covers_the_searches_before_a_numeral():
    searches = [  # (pattern, how far back it looks), as in _numeral_hit
        (figures._ORDINAL_BEFORE_RE, 3), (figures._CODE_LABEL_RE, 6),
        (figures._RANGE_BEFORE_RE, 8), (figures._PREFIX_QUAL_RE, 8),
    ]
    alphabet = _alphabet(*(p for p, _ in searches))
    for text in _samples(alphabet, seed=1):
        s = len(text)
        if any(p.search(text, max(0, s - back), s) for p, back in searches):
            assert _may_follow_cue(text[max(0, s - 8):s]), text


def test_lead_pretest_covers_the_leading_fillers():
    alphabet = _alphabet(figures._LEAD_FILLER_RE) + ["?", "？", "\ufffd", "2019年", "1998年度"]
    for text in _samples(alphabet, seed=5):
        if figures._LEAD_FILLER_RE.match(text):
            assert text[:1] in figures._LEAD_FIRST_CHARS, text


def test_trail_pretest_covers_the_trailing_fillers():
    alphabet = _alphabet(figures._TRAIL_FILLER_RE)
    for text in _samples(alphabet, seed=2):
        if figures._TRAIL_FILLER_RE.search(text):
            assert text[-1:] in figures._TRAIL_LAST_CHARS, text


@pytest.mark.parametrize("pattern, first", [
    (figures._RANGE_AFTER_RE, figures._RANGE_AFTER_FIRST),
    (figures._SUFFIX_QUAL_RE, figures._SUFFIX_QUAL_FIRST),
])
def test_first_character_pretests(pattern, first):
    alphabet = _alphabet(pattern) + list("~～—–-")
    for text in _samples(alphabet, seed=3):
        if pattern.match(text):
            assert text[:1] in first, text


def test_rates_pretest_covers_shared_rates():
    alphabet = _alphabet(figures._SHARED_RATES_RE) + ["、", "和", "及时"]
    rng = random.Random(4)
    for _ in range(60_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        if figures._SHARED_RATES_RE.search(text):
            assert _may_list_rates(text), text


@pytest.mark.parametrize("ranges", [[(0, 10), (5, 20)], [(5, 5), (5, 12)], [(30, 40), (0, 10), (10, 12)], [(3, 3)], []])
def test_plan_lookup_matches_the_ranges(ranges):
    reader = figures._Reader("受理案件12件," * 8, ranges)
    for pos in range(-1, 50):
        assert reader.in_plan(pos) == any(a <= pos < b for a, b in ranges), pos


def test_candidate_scan_finds_the_numerals_a_plain_scan_reads():
    """_CANDIDATE_RE gives the numerals a left-to-right scan reads (3.4.9 is 3.4 and 9), those a unit, a blank or 大
    follows, with the tail's groups; an Arabic one right after a dot (dropped anyway) may be missing."""
    cn = figures._CN_NUMERAL_CHARS
    plain = re.compile(f"(?=[0-9{cn}])(?:(?P<ar>{figures.ARABIC_PATTERN})|(?P<cn>[{cn}]+))")
    alphabet = list("0123456789,.,.0123456789,") + list(cn) + list("件个项%余多大 等年人次\t百分点个月元x-")
    rng = random.Random(6)
    for _ in range(40_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20)))
        expected, found = [], []
        for m in plain.finditer(text):
            tail = figures._TAIL_RE.match(text, m.end())
            after_dot = m.group("ar") and text[m.start() - 1:m.start()] == "."
            if (tail or text.startswith((" ", "大"), m.end())) and not after_dot:
                expected.append((m.span(), tail.span() if tail else None, tail.groupdict() if tail else None))
        for m in figures._CANDIDATE_RE.finditer(text):
            if m.group()[0].isdigit() and text[m.start() - 1:m.start()] == ".":
                continue
            unit = m.group("unit") is not None
            groups = {k: m.group(k) for k in ("approx1", "mult", "approx2", "unit")} if unit else None
            found.append((m.span(), (m.end(), m.end("unit")) if unit else None, groups))
        assert found == expected, text


def _special_alphabet() -> list[str]:
    """Words and characters of the rare patterns _SPECIAL_RE finds in one scan, with what they may meet."""
    patterns = (figures._SHIELD_RE, figures._RANK_RE, figures._ZERO_RE, figures._PERCENT_WORD_RE, figures._CHROME_LINE_RE)
    alphabet = _alphabet(*patterns) + list(figures._CHROME_LABEL_WORDS)
    return alphabet + list("《》“”\"「」‘’〔〕[]【】()一二三十百零") + [
        "(2020)", "全省第一。", "位居全市第二", "第3名", "无一例败诉", "零纠错", "百分之九十", "百分之12.5", "点击:",
        "共 3 页", "浏览次数:", "第二位于", "一零败诉", "《第一名》", "“全省第1”", "发布时间:2020", "\n",
    ]


def _chrome_reference(view: str) -> tuple[bool, set[int]]:
    """has_chrome_label and chrome_lines as two plain scans give them."""
    label = re.search("|".join(figures._CHROME_LABEL_WORDS), view) is not None
    lines = set()
    for m in figures._CHROME_LINE_RE.finditer(view):
        start = max(view.rfind("\n", 0, m.start()), view.rfind("\r", 0, m.start())) + 1
        ends = [i for i in (view.find("\n", m.start()), view.find("\r", m.start())) if i != -1]
        line = view[start:min(ends, default=len(view))].strip()
        if len(line) <= figures._CHROME_LINE_MAX and "。" not in line:
            lines.add(start)
    return label, lines


def test_special_scan_finds_what_each_pattern_finds_alone():
    """One scan (_SPECIAL_RE) stands for a finditer of each rare pattern: the same matches, overlapping ones too."""
    alphabet = _special_alphabet()
    rng = random.Random(7)
    for _ in range(30_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        reader = figures._Reader(text, ())
        view = reader.view
        assert reader.shields == [m.span() for m in figures._SHIELD_RE.finditer(view)], text
        for pattern, starts in ((figures._RANK_RE, reader.rank_starts), (figures._ZERO_RE, reader.zero_starts),
                                (figures._PERCENT_WORD_RE, reader.percent_starts)):
            found = [m.span() for m in figures._matches(pattern, view, starts)]
            assert found == [m.span() for m in pattern.finditer(view)], (pattern.pattern[:20], text)
        assert (reader.has_chrome_label, reader.chrome_lines) == _chrome_reference(view), text


def test_cue_window_start_is_after_the_second_last_comma_or_the_last_stop():
    alphabet = list(",,,。;!?\n\r") + ["确保", "到2025年", "达到", "件", "的", " ", "受理案件"]
    rng = random.Random(8)
    for _ in range(60_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        lowest = rng.randint(0, len(text))
        pos = rng.randint(lowest, len(text))
        start = lowest  # the plain reading: two rfind calls, then the last sentence stop after them
        comma = text.rfind(",", lowest, pos)
        if comma != -1 and (comma := text.rfind(",", lowest, comma)) != -1:
            start = comma + 1
        stop = max(text.rfind(ch, start, pos) for ch in figures._SENTENCE_STOPS)
        start = stop + 1 if stop != -1 else start
        m = figures._CUE_WINDOW_START_RE.match(text, lowest, pos)
        assert (m.end() if m else lowest) == start, (text, lowest, pos)


def test_cue_pretest_is_the_plain_one():
    alphabet = sorted(figures._CUE_LAST_CHARS) + list(" \t\n少低码件的1")
    rng = random.Random(9)
    for _ in range(60_000):
        window = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        plain = window.rstrip(" \t")[-1:] in figures._CUE_LAST_CHARS or any(ch in window for ch in "少低码")
        assert _may_follow_cue(window) == plain, window


def test_arabic_candidates_read_as_parse_arabic_reads_them():
    """_numeral_hit reads an Arabic candidate with float(): what parse_arabic gives for every token the scan finds."""
    alphabet = list("0123456789,,..") + ["件", "%", " "]
    rng = random.Random(10)
    for _ in range(40_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        for m in figures._CANDIDATE_RE.finditer(text):
            token = m.group()
            if token[0].isdigit():
                assert float(token.replace(",", "")) == figures.parse_arabic(token), token


def test_grouped_units_match_as_the_flat_alternation():
    flat = "|".join(re.escape(unit) + (f"(?!{avoid})" if avoid else "")
                    for unit, avoid in sorted(figures._ARABIC_UNITS, key=lambda u: len(u[0]), reverse=True))
    flat_re = re.compile(f"(?:{flat})")
    grouped_re = re.compile(f"(?:{figures._unit_alternation(figures._ARABIC_UNITS)})")
    alphabet = _alphabet(flat_re) + ["%", "‰", "个工作日"]
    for text in _samples(alphabet, seed=11):
        for pos in range(len(text) + 1):
            a, b = flat_re.match(text, pos), grouped_re.match(text, pos)
            assert (a and a.span()) == (b and b.span()), (text, pos)
