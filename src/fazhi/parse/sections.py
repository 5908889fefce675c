"""Numbered headings of a report and the text range each one governs.

Four levels, as Chinese official documents number them:

| level | ordinal | where it may stand |
| --- | --- | --- |
| 1 | 一、 (一. at line start) | line start, or mid-line after a full stop, colon or closing bracket (web text that lost its newlines) |
| 2 | (一) | anywhere except after 第/的/和/及 (it may follow a level-1 heading with no punctuation at all) |
| 3 | 1. / 1、 | line start or after a full stop or colon; never 1.2万 |
| 4 | 一是 | inline, after line start, punctuation or a space |

A candidate is kept only when it continues the numbering of its level under the current parent (一 starts a list,
then 二, 三 …), which keeps enumerations (三中、四中), 统一是 and stray numbers out. A section runs from its ordinal
to the next heading of the same or a higher level (or the end of the text). `is_plan` marks a heading that announces
next-year work (2017年工作打算, 明年工作计划, 下一步工作安排, 下步打算, 工作思路, 2021年重点工作). Headings are read on
the normalised body view (traditional script simplified, HTML remnants and page furniture blanked), and the
ordinal keeps the original characters, so `text[char_start:]` always starts with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, product

from fazhi.parse.normalize import text_views


@dataclass(frozen=True)
class Section:
    index: int
    parent_index: int | None
    level: int
    ordinal: str
    heading: str
    char_start: int
    char_end: int
    is_plan: bool

    def __init__(self, index: int, parent_index: int | None, level: int, ordinal: str, heading: str,
                 char_start: int, char_end: int, is_plan: bool) -> None:
        # the generated frozen __init__ sets each field through object.__setattr__: twice as slow, and a report
        # can have hundreds of sections; one dict literal set as the instance dict is faster still than update()
        _set_attribute(self, "__dict__", {
            "index": index, "parent_index": parent_index, "level": level, "ordinal": ordinal, "heading": heading,
            "char_start": char_start, "char_end": char_end, "is_plan": is_plan,
        })


_set_attribute = object.__setattr__  # the frozen dataclass refuses its own __setattr__


_CN_NUMERAL = "[一二三四五六七八九十]"
_CN_ORDINAL = _CN_NUMERAL + "{1,3}"
# Every form but 1. opens with "(" or a numeral: that character is consumed first so that the search skips from one
# to the next (a pattern opening with a group is tried at every position), and a look-behind at it picks the form.
# Groups l1, l2, l4 name the level; l2 is its numeral, the others the rest of it after the first character.
_CANDIDATE = re.compile(
    r"[(一二三四五六七八九十]"
    rf"(?:(?<=\()\s*(?P<l2>{_CN_ORDINAL})\s*\)"
    rf"|(?<={_CN_NUMERAL})(?P<l1>{_CN_NUMERAL}{{0,2}})\s*(?:、|\.(?![\d.]))"
    rf"|(?<={_CN_NUMERAL})(?P<l4>{_CN_NUMERAL}{{0,2}})是)"
)
# Level 3 (1. / 1、, l3 the second digit) is matched apart: digits are the commonest candidate characters by far
# (every figure) and hardly ever a heading, so the text is searched for the separator its match ends with instead
# (a digit or a blank before it, no digit after: rare outside headings), one literal-led pattern per separator (a
# search for a literal skips ahead several times faster than one for a class), and the match is read back from
# there. None of its characters can start or sit inside one of the other forms, nor theirs inside it, so the two
# scans merged by position are what one scan for all forms finds.
_LEVEL3 = re.compile(r"\d(?P<l3>\d?)\s*(?:\.|、)(?!\d)")
_LEVEL3_SEPARATORS = (re.compile(r"\.(?<=[\d\s]\.)(?!\d)"), re.compile(r"、(?<=[\d\s]、)(?!\d)"))
_LEVEL3_FOLLOWER = re.compile(r"\s*[\u4e00-\u9fff《“\"]")
_PUNCT_BEFORE = set("。;;::!!??))」』”\"】]")
_HEADING_STOP = re.compile(r"[\n。;;!?!?]")
_HEADING_STOP_INLINE = re.compile(r"[\n。;;!?!?,,::]")
_MAX_HEADING = 40
_CLAUSE = re.compile(r"[《,,::]")
_BODY_OPENER = re.compile(r"各|市级|县级|区级|要求|严格|进一步|认真|根据|按照|依据|落实|积极|采取|全面|切实|深入|加强|坚持")
_CN_VALUE = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PLAN = re.compile(r"打算|下一步|明年|来年|下一年|下年度|今后|展望|工作思路|努力方向")
_PLAN_END = re.compile(
    r"(?:20\d\d\s*年度?|明年|下年)[^,,。]{0,8}(?:计划|安排|要点|重点|任务|重点工作|工作重点)$|工作(?:计划|安排|要点)$"
)


def _cn_value(ordinal: str) -> int | None:
    if ordinal in _CN_VALUE:
        return _CN_VALUE[ordinal]
    if "十" in ordinal:
        tens, _, units = ordinal.partition("十")
        if (tens and tens not in _CN_VALUE) or (units and units not in _CN_VALUE):
            return None
        return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[units] if units else 0)
    return None


# the value of every run of one to three numerals the patterns let through, for one lookup per candidate (a run that
# is no number, 二十十 or 一一, is left out)
_ORDINAL_VALUE = {
    numeral: value
    for numeral in map("".join, chain.from_iterable(product(_CN_VALUE, repeat=n) for n in (1, 2, 3)))
    if (value := _CN_VALUE.get(numeral) or _cn_value(numeral))
}
# what may stand right before an 一是 item that is not inline (`_position_kind` is anything but 'inline' after it)
_NOT_INLINE = frozenset(" \t\u3000\n,,") | _PUNCT_BEFORE


def _position_kind(text: str, start: int) -> str:
    """'line' when only spaces precede on the line, 'punct' after sentence punctuation, else 'inline'."""
    index = start - 1
    while index >= 0 and text[index] in " \t\u3000":
        index -= 1
    if index < 0 or text[index] == "\n":
        return "line"
    if text[index] in _PUNCT_BEFORE:
        return "punct"
    if text[index] in ",,":
        return "comma"
    return "space" if index < start - 1 else "inline"


def _heading_text(text: str, start: int, level: int, next_start: int) -> str:
    """The heading text after the ordinal, cut at sentence end (and at a comma for inline 一是 items)."""
    limit = min(len(text), next_start)
    stop = (_HEADING_STOP_INLINE if level == 4 else _HEADING_STOP).search(text, start, limit)
    end = stop.start() if stop else limit
    ended_by_newline = stop is not None and text[end] == "\n"
    if end - start > _MAX_HEADING or (level < 4 and not ended_by_newline and end - start > 20):
        # run-together web text: the heading may flow into the body; cut before a quoted title or clause, then
        # before the words a body sentence typically opens with
        window = text[start:min(end, start + _MAX_HEADING)]
        clause = _CLAUSE.search(window)
        head = window[:clause.start()] if clause and clause.start() >= 4 else window
        opener = _BODY_OPENER.search(head, 6)
        if opener:
            end = start + opener.start()
        elif end - start > _MAX_HEADING:
            end = start + len(head)
    return text[start:end].strip()


def is_plan_heading(heading: str, level: int) -> bool:
    """True when a heading announces next-year work rather than reporting past work."""
    if _PLAN.search(heading):
        return True
    return level <= 2 and bool(_PLAN_END.search(heading.rstrip(" :")))


def extract_sections(text: str) -> list[Section]:
    """Numbered headings of `text` in order, with parent links and the character range each governs."""
    return list(_sections(text))


def _level3_matches(view: str) -> list[re.Match[str]]:
    """The 1. / 1、 candidates of a text, read back from each separator that may end one (see `_LEVEL3`)."""
    found = []
    for pattern in _LEVEL3_SEPARATORS:
        for separator in pattern.finditer(view):
            end = separator.end()
            blank = separator.start()
            while blank and view[blank - 1].isspace():  # what `\s*` takes before the separator
                blank -= 1
            # the digits stand right before the blanks; stopping at the separator, whose follower is already checked
            match = _LEVEL3.search(view, max(blank - 2, 0), end)
            if match and match.end() == end:
                found.append(match)
    return found


def _match_start(match: re.Match[str]) -> int:
    return match.start()


@lru_cache(maxsize=8)
def _sections(text: str) -> tuple[Section, ...]:
    """Cached: the metadata reader and the parser both outline the same document."""
    view = text_views(text).body
    accepted: list[tuple[int, int, int, int | None]] = []  # (level, start, end of the ordinal, parent index)
    stack: list[tuple[int, int]] = []  # (level, index into accepted) of the open headings, levels increasing
    last_value: dict[int | None, dict[int, int]] = {None: {}}  # parent index -> level -> last ordinal value

    candidates = _CANDIDATE.finditer(view)
    level3 = _level3_matches(view)
    if level3:
        candidates = sorted([*candidates, *level3], key=_match_start)
    for match in candidates:
        # the cheap tests of each form first; where the ordinal stands is worked out only when it decides
        kind = match.lastgroup
        start, end = match.span()
        where = None
        if kind == "l4":
            level = 4
            value = _ORDINAL_VALUE.get(match.group()[:-1])
            if not value or (start and view[start - 1] not in _NOT_INLINE):
                continue  # 一是 may not run on from a word (统一是)
        elif kind == "l2":
            level = 2
            value = _ORDINAL_VALUE.get(match.group("l2"))
            if not value or (start and view[start - 1] in "第的和及"):
                continue
        elif kind == "l1":
            level = 1
            value = _ORDINAL_VALUE.get(view[start:match.end("l1")])
            if not value:
                continue
            where = _position_kind(view, start)
            if where != "line" and (where != "punct" or view[end - 1] == "."):
                continue  # 一、 may follow a full stop in run-together text; 一. only starts a line
        else:
            level = 3
            value = int(view[start:match.end("l3")])
            if not value:
                continue
            where = _position_kind(view, start)
            if (where != "line" and where != "punct") or not _LEVEL3_FOLLOWER.match(view, end, end + 3):
                continue

        depth = len(stack)
        while depth and stack[depth - 1][0] >= level:
            depth -= 1
        parent = stack[depth - 1][1] if depth else None
        numbering = last_value[parent]
        previous = numbering.get(level)
        restart = value == 1 and (previous is None or level >= 3 or (where or _position_kind(view, start)) == "line")
        if not restart and (previous is None or value != previous + 1):
            continue  # neither a list (re)starting nor the next number of one

        # a new heading closes the numbering below the headings it closed
        if depth < len(stack):
            for _, closed in stack[depth:]:
                del last_value[closed]
            del stack[depth:]
        index = len(accepted)
        stack.append((level, index))
        numbering[level] = value
        last_value[index] = {}
        accepted.append((level, start, end, parent))

    # a section ends where the next heading of its level or a higher one starts, and its heading text where the
    # next heading starts: one backward pass
    sections: list[Section] = []
    later: list[tuple[int, int]] = []  # (level, start) of later headings that can still end one, nearest last
    next_start = text_end = len(text)
    for index in range(len(accepted) - 1, -1, -1):
        level, start, ordinal_end, parent = accepted[index]
        while later and later[-1][0] > level:
            later.pop()
        end = later[-1][1] if later else text_end
        later.append((level, start))
        # `_heading_text`, whose cut is all there is to it for a heading of up to 20 characters (most of them)
        stop = (_HEADING_STOP_INLINE if level == 4 else _HEADING_STOP).search(view, ordinal_end, next_start)
        heading_end = stop.start() if stop else next_start
        if heading_end - ordinal_end <= 20:
            heading = view[ordinal_end:heading_end].strip()
        else:
            heading = _heading_text(view, ordinal_end, level, next_start)
        sections.append(Section(index, parent, level, text[start:ordinal_end], heading, start, end,
                                is_plan_heading(heading, level)))
        next_start = start
    sections.reverse()
    return tuple(sections)
