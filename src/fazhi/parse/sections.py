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
        # can have hundreds of sections
        self.__dict__.update(index=index, parent_index=parent_index, level=level, ordinal=ordinal, heading=heading,
                             char_start=char_start, char_end=char_end, is_plan=is_plan)


_CN_NUMERAL = "[一二三四五六七八九十]"
_CN_ORDINAL = _CN_NUMERAL + "{1,3}"
# what `\d` matches below U+10000, spelled out: a class with a category in it is tested far more slowly
_BMP_DIGITS = "".join(re.findall(r"\d", "".join(map(chr, range(0x10000)))))
# Every form opens with "(", a digit or a numeral: that character is consumed first so that the search skips from
# one to the next (a pattern opening with a group is tried at every position), and a look-behind at it picks the
# form (characters beyond U+FFFF are all let through to the look-behinds). Groups l1-l4 name the level; l2 is its
# numeral, the others the rest of it after the first character.
_CANDIDATE = re.compile(
    rf"[(一二三四五六七八九十{_BMP_DIGITS}\U00010000-\U0010FFFF]"
    rf"(?:(?<=\()\s*(?P<l2>{_CN_ORDINAL})\s*\)"
    rf"|(?<={_CN_NUMERAL})(?P<l1>{_CN_NUMERAL}{{0,2}})\s*(?:、|\.(?![\d.]))"
    rf"|(?<={_CN_NUMERAL})(?P<l4>{_CN_NUMERAL}{{0,2}})是"
    r"|(?<=\d)(?P<l3>\d?)\s*(?:\.|、)(?!\d))"
)
_LEVEL = {"l1": 1, "l2": 2, "l3": 3, "l4": 4}
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


@lru_cache(maxsize=8)
def _sections(text: str) -> tuple[Section, ...]:
    """Cached: the metadata reader and the parser both outline the same document."""
    view = text_views(text).body
    accepted: list[tuple[int, str, int, int | None]] = []  # (level, ordinal, start, parent index)
    stack: list[tuple[int, int]] = []  # (level, index into accepted) of the open headings, levels increasing
    last_value: dict[int | None, dict[int, int]] = {None: {}}  # parent index -> level -> last ordinal value

    for match in _CANDIDATE.finditer(view):
        kind = match.lastgroup
        level = _LEVEL[kind]
        start, end = match.span()
        numeral = match.group(kind) if level == 2 else view[start:match.end(kind)]
        value = int(numeral) if level == 3 else _CN_VALUE.get(numeral) or _cn_value(numeral)
        if not value:
            continue
        where = _position_kind(view, start)
        if level == 1:
            if where != "line" and (where != "punct" or view[end - 1] == "."):
                continue  # 一、 may follow a full stop in run-together text; 一. only starts a line
        elif level == 2:
            if start and view[start - 1] in "第的和及":
                continue
        elif level == 3:
            if (where != "line" and where != "punct") or not _LEVEL3_FOLLOWER.match(view, end, end + 3):
                continue
        elif where == "inline":
            continue

        depth = len(stack)
        while depth and stack[depth - 1][0] >= level:
            depth -= 1
        parent = stack[depth - 1][1] if depth else None
        numbering = last_value[parent]
        previous = numbering.get(level)
        restart = value == 1 and (where == "line" or previous is None or level >= 3)
        if not (restart or (previous is not None and value == previous + 1)):
            continue

        # a new heading closes the numbering below the headings it closed
        if depth < len(stack):
            for _, closed in stack[depth:]:
                del last_value[closed]
            del stack[depth:]
        index = len(accepted)
        stack.append((level, index))
        numbering[level] = value
        last_value[index] = {}
        accepted.append((level, match.group(), start, parent))

    # a section ends where the next heading of its level or a higher one starts, and its heading text where the
    # next heading starts: one backward pass
    sections: list[Section] = []
    later: list[tuple[int, int]] = []  # (level, start) of later headings that can still end one, nearest last
    next_start = len(text)
    for index in range(len(accepted) - 1, -1, -1):
        level, ordinal, start, parent = accepted[index]
        while later and later[-1][0] > level:
            later.pop()
        end = later[-1][1] if later else len(text)
        later.append((level, start))
        ordinal_end = start + len(ordinal)
        heading = _heading_text(view, ordinal_end, level, next_start)
        sections.append(Section(index, parent, level, text[start:ordinal_end], heading, start, end,
                                is_plan_heading(heading, level)))
        next_start = start
    sections.reverse()
    return tuple(sections)
