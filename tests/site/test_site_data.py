"""Pure parts of the report site: the sentence a figure is shown in, and number formatting."""
from __future__ import annotations

from fazhi.site.build import _fmtnum
from fazhi.site.data import _quantile, sentence_around


def test_sentence_around_cuts_at_chinese_sentence_ends():
    text = "积极开展复议答辩。今年以来,区政府各部门行政首长出庭应诉率达30%。二是大力推进行政调解工作;"
    span = "区政府各部门行政首长出庭应诉率达30%"
    start = text.index(span)
    assert sentence_around(text, start, start + len(span)) == ("今年以来,", "。")


def test_sentence_around_a_window_without_sentence_ends_is_the_whole_window():
    text = "受理行政复议案件126件"
    assert sentence_around(text, 0, len(text)) == ("", "")


def test_sentence_around_stops_at_a_line_end():
    text = "标题\n受理行政复议案件126件\n下一行"
    start = text.index("行政复议")
    assert sentence_around(text, start, start + 4) == ("受理", "案件126件")


def test_quantile_interpolates_between_ranks():
    values = [1.0, 2.0, 3.0, 4.0]
    assert _quantile(values, 0.0) == 1.0
    assert _quantile(values, 0.25) == 1.75
    assert _quantile(values, 0.5) == 2.5
    assert _quantile(values, 1.0) == 4.0
    assert _quantile([7.0], 0.75) == 7.0


def test_numbers_are_shown_as_read():
    assert _fmtnum(None) == "—"
    assert _fmtnum(2380) == "2,380"
    assert _fmtnum(984000.0) == "984,000"
    assert _fmtnum(16.5) == "16.5"
    assert _fmtnum(98.45) == "98.45"


def test_batches_hold_at_most_the_limit_and_a_big_region_alone():
    from fazhi.site.build import _batches

    sizes = {"a": 3, "b": 4, "c": 2, "d": 9, "e": 1, "f": 1}
    assert _batches(list(sizes), sizes, 7) == [["a", "b"], ["c"], ["d"], ["e", "f"]]
    assert _batches([], sizes, 7) == []
    assert [c for batch in _batches(list(sizes), sizes, 1) for c in batch] == list(sizes)
