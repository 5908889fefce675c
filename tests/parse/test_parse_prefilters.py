"""The fast paths in normalize, sections, metadata, regions and terms give what the plain searches they stand for give.

Each test holds the plain form (a pattern scanned over the whole text, a search tried at every position, a
substitution with one call per character) and compares it with the fast one on random texts built from the
characters that matter to it, so a fast path that skips or finds one match too many fails here.
"""
from __future__ import annotations

import random
import re
from itertools import islice

import pytest

from fazhi.parse import metadata, normalize, sections, terms
from fazhi.parse.regions import mentions

_CJK = [chr(code) for code in range(0x4E00, 0x4E30)]


def _texts(pieces: list[str], seed: int, count: int = 4000, length: int = 30) -> list[str]:
    rng = random.Random(seed)
    alphabet = pieces + _CJK
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, length))) for _ in range(count)]


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.groupdict()) for m in matches]


# -- sections ------------------------------------------------------------------------------------------------------

# every form in one scan, as the outline was found before level 3 was read back from its separators
_BMP_DIGITS = "".join(re.findall(r"\d", "".join(map(chr, range(0x10000)))))
_ONE_SCAN = re.compile(
    rf"[(一二三四五六七八九十{_BMP_DIGITS}\U00010000-\U0010FFFF]"
    r"(?:(?<=\()\s*(?P<l2>[一二三四五六七八九十]{1,3})\s*\)"
    r"|(?<=[一二三四五六七八九十])(?P<l1>[一二三四五六七八九十]{0,2})\s*(?:、|\.(?![\d.]))"
    r"|(?<=[一二三四五六七八九十])(?P<l4>[一二三四五六七八九十]{0,2})是"
    r"|(?<=\d)(?P<l3>\d?)\s*(?:\.|、)(?!\d))"
)
_ORDINAL_PIECES = list("一二三十九(),.、是 \t\u3000\n0123456789") + ["１", "٣", "𝟏", "12", "1.2", "一、", "(一)", "1.", "2、"]


def test_candidates_are_those_of_one_scan_for_all_forms():
    for text in _texts(_ORDINAL_PIECES, seed=1, count=20000):
        fast = [*sections._CANDIDATE.finditer(text), *sections._level3_matches(text)]
        fast.sort(key=lambda match: match.start())
        assert [(m.span(), m.lastgroup, m.span(m.lastgroup)) for m in fast] == [
            (m.span(), m.lastgroup, m.span(m.lastgroup)) for m in _ONE_SCAN.finditer(text)
        ], text


def test_ordinal_values_are_those_of_the_numeral_reader():
    numerals = "一二三四五六七八九十"
    runs = [a + b + c for a in numerals for b in ["", *numerals] for c in ["", *numerals] if b or not c]
    for run in runs:
        assert sections._ORDINAL_VALUE.get(run) == (sections._CN_VALUE.get(run) or sections._cn_value(run)), run


def test_not_inline_characters_are_those_position_kind_does_not_call_inline():
    for code in range(0x10000):
        char = chr(code)
        text = "的" + char + "一是"
        assert (char in sections._NOT_INLINE) == (sections._position_kind(text, 2) != "inline"), repr(char)


# -- metadata ------------------------------------------------------------------------------------------------------

_DATE_PIECES = list("12〇○零O0一二三四五六七八九十元年月日-/. \u3000\n") + [
    "2022年1月18日", "二〇二一年三月五日", "2020-01-02", "2019.12.31", "2020/1/5", "2020 年 1 月", "12022年1月5日", "二十八",
]


def test_dates_are_those_of_a_scan_with_the_date_pattern():
    for text in _texts(_DATE_PIECES, seed=2, count=20000):
        assert _spans(metadata._dates(text)) == _spans(metadata._DATE.finditer(text)), text


_YEAR_LOOKBEHIND_FIRST = re.compile(r"(?<![\d〔\[(（])(?P<y>(?:19|20)\d\d)\s*年(?:度)?")


def test_year_pattern_matches_as_its_look_behind_first_form():
    rng = random.Random(3)
    for text in _texts(list("1290〔[(（年度 \n") + ["2016年", "1999", "2020 年度"], seed=3, count=20000):
        start, end = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
        assert _spans(metadata._YEAR.finditer(text, start, end)) == _spans(_YEAR_LOOKBEHIND_FIRST.finditer(text, start, end))


def _clean_title_plainly(line: str) -> str:
    cleaned = metadata._AGGREGATOR_PREFIX.sub("", line)
    for _ in range(3):
        shorter = metadata._AGGREGATOR_SUFFIX.sub("", cleaned).strip()
        if shorter == cleaned:
            break
        cleaned = shorter
    return cleaned


def test_clean_title_pretests_skip_only_lines_without_decorations():
    pieces = ["(精选)", "【精品】", "[推荐]", "【法治政府】", "_百度文库", "-范文网", "(通用5篇)", ".doc", "工作计划范文", " ", "\u3000",
              *"()[]【】-_|—–.", "范文", "模板", "范本", "大全", "总结", "报告", "网", "政府", "word版", "共3篇"]
    for line in _texts(pieces, seed=4, count=20000, length=12):
        assert metadata._clean_title(line) == _clean_title_plainly(line), line


def test_mask_pretest_characters_are_the_prefilter_class():
    assert set(re.findall(r"\[([^\]]*)\]", metadata._MASK_PREFILTER.pattern)[0]) == set(metadata._MASK_CHARS)


@pytest.mark.parametrize("needed", [1, 2])
def test_counting_rule_of_law_work_up_to_what_is_needed(needed):
    for window in _texts(["法治政府", "依法行政", "行政复议", "法治", "政府", "行政"], seed=5, count=3000, length=12):
        reached = next(islice(metadata._RULE_OF_LAW_WORK.finditer(window), needed - 1, None), None) is not None
        assert reached == (len(metadata._RULE_OF_LAW_WORK.findall(window)) >= needed)


# -- normalize -----------------------------------------------------------------------------------------------------


def test_mapped_characters_are_replaced_as_one_substitution_would():
    by_char, _, wide_chars = normalize._char_map()
    mapped = sorted(by_char)
    rng = random.Random(6)
    for text in _texts(list("，：（）ABC"), seed=6, count=3000, length=60):
        chars = list(text)
        pool = rng.sample(mapped, rng.randint(1, 10)) + rng.choice([[], list(wide_chars), ["‰"]])
        for _ in range(rng.choice([0, 1, 5, 40, 200])):  # none, a few, many (the whole-text translation)
            chars.insert(rng.randint(0, len(chars)), rng.choice(pool))
        text = "".join(chars)
        plain = normalize._mapped_char_pattern(True).sub(lambda match: by_char[match.group()], text)
        assert normalize._map_chars(text) == plain


# -- regions -------------------------------------------------------------------------------------------------------

_CHAIN_OR_EMPTY = re.compile(r"(?:《[^《》]{0,60}》[、,,和及与]?\s*)*$")


def test_own_document_lead_in_is_what_the_chain_that_may_be_empty_leaves():
    for before in _texts(["《吉州区实施方案》", "《", "》", "、", "和", " ", "\n", "按照", "印发"], seed=7, count=5000, length=8):
        chain = mentions._OWN_DOCUMENT_CHAIN.search(before)
        fast = before[:chain.start()] if chain else before[:-1] if before.endswith("\n") else before
        assert fast == before[:_CHAIN_OR_EMPTY.search(before).start()], before


# -- terms ---------------------------------------------------------------------------------------------------------


def test_sorted_term_counts_are_the_term_counts_sorted():
    tokenizer = terms.build_tokenizer()
    text = "2020年,我区推进5G网络和12345热线建设,行政复议APP上线;行政复议纠错率3%,全区开展法治宣传。法治宣传 我们"
    found, counts = terms.sorted_term_counts(text, tokenizer)
    expected = terms.count_terms(text, tokenizer)
    assert found == sorted(expected)
    assert [counts[term] for term in found] == [expected[term] for term in found]


def test_verdicts_stay_bounded_and_right():
    verdicts = terms._Verdicts(limit=3)
    tokens = ["行政复议", "我们", "12", "法治", "的", "行政复议"]
    assert [verdicts[token] for token in tokens] == [terms._is_content_term(token) for token in tokens]
    assert len(verdicts) <= 3
