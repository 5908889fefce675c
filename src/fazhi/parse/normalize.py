"""Length-preserving normalisation of landed report text.

Every parser works on a *view* of the landed text that has exactly the same length, so that a character offset
found in the view is also the offset in the original text (the contract's `raw_span`/`char_start` provenance).
Normalisation therefore only ever replaces one character by one character:

- full-width ASCII (０-９, Ａ-Ｚ, ％, （）, ：…) becomes ASCII; ideographic and no-break spaces become ' ';
- traditional characters become simplified ones (內蒙古自治區 → 内蒙古自治区, 1.2萬余次 → 1.2万余次), one character for
  one character, from `data/t2s_chars.txt` (generated once by `scripts/generate_t2s_chars.py` from OpenCC's table,
  so the runtime needs no converter); phrase-level conversions that change length are deliberately not made;
- HTML remnants (tags, `&nbsp;`-style entities) are blanked;
- pinyin glosses glued into text (`我區(qū)`) are blanked;
- web-page chrome lines (`欢迎您访问…`, `浏览量`, `推荐访问`, `版权声明`, breadcrumbs …) are blanked in the
  *body* view, which is what figure extraction reads; the metadata reader keeps them (it wants `发布时间`).

Blanking keeps newlines, so line structure survives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SPACES = {0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20, 0xFEFF: 0x20}
_OTHER = {
    0xFE50: ord(","),
    0xFE51: ord("、"),
    0xFE52: ord("."),
    0x2236: ord(":"),  # ratio colon
    0x2030: ord("‰"),
}


@lru_cache(maxsize=1)
def _char_map() -> tuple[dict[str, str], dict[int, int], tuple[str, ...]]:
    """The whole one-to-one character map, built on first use (the t2s pairs live in a data file): the map by
    character, the map by code point for `str.translate`, and the mapped characters beyond U+FFFF."""
    pairs = {}
    for line in resources.files("fazhi").joinpath("data/t2s_chars.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, simplified = line.split("\t")
            pairs[ord(traditional)] = ord(simplified)
    by_code = {**pairs, **_FULLWIDTH, **_SPACES, **_OTHER}
    by_char = {chr(source): chr(target) for source, target in by_code.items()}
    return by_char, by_code, tuple(char for char in by_char if char > "\uffff")


@lru_cache(maxsize=2)
def _mapped_char_pattern(wide: bool) -> re.Pattern[str]:
    """A pattern matching any mapped character; without those beyond U+FFFF unless `wide`: the few of them slow the
    class check on every character 2.5x, and a text without them needs none."""
    by_char, _, _ = _char_map()
    return re.compile("[" + "".join(re.escape(char) for char in sorted(by_char) if wide or char <= "\uffff") + "]")


def _map_chars(text: str) -> str:
    """Substitute only the mapped characters, several times faster than `str.translate` on mostly simplified text;
    a text dense with them (a traditional mirror) is translated whole.

    The few distinct characters found (a simplified text's full-width ，：（）) are replaced one `str.replace` each,
    which runs in C, instead of one Python call per occurrence; that is the same substitution as long as no
    replacement is itself one of the characters replaced (else, and never in practice, the one-pass substitution)."""
    by_char, by_code, wide_chars = _char_map()
    pattern = _mapped_char_pattern(any(char in text for char in wide_chars))  # `in` is instant for a wider needle
    occurrences = pattern.findall(text)
    if len(occurrences) > 100 and len(pattern.findall(text, 0, 1000)) > 100:  # (no more there than in all)
        return text.translate(by_code)
    found = set(occurrences)
    if not found:
        return text
    if not found.isdisjoint([by_char[char] for char in found]):
        return pattern.sub(lambda match: by_char[match.group()], text)
    for char in found:
        text = text.replace(char, by_char[char])
    return text


_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>\n]{0,200}>|<!--[^\n]{0,200}?-->")
_HTML_ENTITY = re.compile(
    r"&(?:(?:nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|bull|times|emsp|ensp|thinsp|"
    r"#\d{2,6}|#[xX][0-9a-fA-F]{2,5});|nbsp(?![a-z]))"
)
_PINYIN_SYLLABLE = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}"
# the look-behind follows the bracket so the search can skip ahead to each '(' (a leading one is tried everywhere)
_PINYIN_GLOSS = re.compile(rf"\((?<=[\u4e00-\u9fff]\(){_PINYIN_SYLLABLE}(?: {_PINYIN_SYLLABLE}){{0,3}}\)")

# A line is page chrome when it is short and carries one of these markers; the report body never does.
_CHROME_MARKERS = re.compile(
    r"欢迎您?访问|浏览量|浏览次数|阅读次数|点击数|点击量|推荐访问|版权声明|版权所有|免责声明|【字体|字体[::]\s*[大中小]|"
    r"首页\s*[>》]|当前位置[::]|您的位置|您现在的位置|上一篇|下一篇|打印本页|关闭窗口|分享到|扫一扫|手机站|"
    r"网站地图|联系我们|ICP备|公网安备|主办单位[::]|技术支持[::]|相关链接|相关文章|相关阅读|责任编辑[::]|"
    r"所在位置[::]|网站标识码|我要纠错|【打印】|【关闭】"
)
# ... and lines that open with a site clock or a label row of a government-information-disclosure page (kept apart:
# anchored alternatives inside the search above would slow it tenfold)
_CHROME_OPENERS = re.compile(
    r"(?:今天是|今日是|当前时间|现在时间)\s*[::]?\s*(?:(?:19|20)\d\d|二[〇○零])|"
    r"(?:索\s*引\s*号|主\s*题\s*分\s*类|信息分类|公开方式|公开范围|有\s*效\s*性|所属机构|(?:信息|文章)?来\s*源)\s*[::]"
)
_CHROME_MAX_LINE = 160
# the line breaks splitlines() knows besides \n and \r\n (\r counts when alone): a text with any is blanked line
# by line, the newline-based scan below would cut its lines differently
_OTHER_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Where a marker line may be: every marker by its rarest characters (the search stops at each character an
# alternative opens with, so 上一篇 is found by its 篇), and those line breaks. Each marker must imply one of these
# within its line: tests/parse/test_normalize.py checks the two against each other.
_CHROME_HINT = re.compile(
    r"欢迎|浏览|阅读|击[数量]|荐访问|版权|免责|字体|首页|当前位置|您的位置|您现在的位置|篇(?<=[上下]一篇)|打印本页|闭窗口|"
    r"享到|扫一扫|手机站|图(?<=网站地图)|们(?<=联系我们)|ICP备|安备(?<=公网安备)|主办单位|技术支持|链接(?<=相关链接)|"
    r"章(?<=相关文章)|辑(?<=责任编辑)|所在位置|码(?<=网站标识码)|错(?<=我要纠错)|【"
    + "".join("|" + re.escape(mark) for mark in _OTHER_LINE_BREAKS if mark != "\r") + r"|\r(?!\n)"
)
# where a line that opens with a label or is a lone "|", ">>", "政策" may start: found by its newline, which the
# search skips to, and then by the first characters of those; looking ahead only, so no match hides the next line's
_CHROME_LINE_OPENING = re.compile(
    r"\n(?=[^\S\n]*(?=[今当现索主信公有所文来|>政])(?:" + _CHROME_OPENERS.pattern + r"|(?:\||>>|政策)(?!\S)))"
)
# links to other pages at the foot (上一篇/下一篇, 相关文章 …): from here on, short lines are page furniture
_TAIL_LINE = re.compile(
    r"[ \t]*[【\[]?(?:相关文章|相关阅读|相关推荐|相关链接|推荐阅读|热门文章|热门推荐|猜你喜欢|延伸阅读|更多文章|"
    r"最新文章|您可能感兴趣|上一篇|下一篇)"
)
_TAIL_MARKER = re.compile(r"\n" + _TAIL_LINE.pattern)  # by its newline, which the search skips to
_TAIL_MIN_SHARE = 0.2  # a marker in the first fifth of the page is top navigation, not the foot


@dataclass(frozen=True)
class TextViews:
    """Two same-length views of one landed text."""

    chars: str  # character-normalised, everything kept
    body: str  # character-normalised, page chrome blanked


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def normalize_chars(text: str) -> str:
    """Map characters one-to-one to their plain form and blank HTML remnants and pinyin glosses."""
    out = _map_chars(text)
    if "<" in out:
        out = _HTML_TAG.sub(_blank, out)
    if "&" in out:
        out = _HTML_ENTITY.sub(_blank, out)
    if "(" in out:
        out = _PINYIN_GLOSS.sub(_blank, out)
    return out


def is_chrome_line(line: str) -> bool:
    """True for a web-page furniture line (counter, breadcrumb, copyright, share bar)."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped in {"|", ">>", "政策", "手机站"}:
        return True
    return len(stripped) <= _CHROME_MAX_LINE and bool(
        _CHROME_MARKERS.search(stripped) or _CHROME_OPENERS.match(stripped)
    )


@lru_cache(maxsize=8)
def page_tail_start(chars: str) -> int:
    """Offset where the page's foot of links to other pages starts (len(chars) when there is none); cached: the
    chrome blanking and the metadata reader both ask."""
    start = int(len(chars) * _TAIL_MIN_SHARE)
    if start == 0 and _TAIL_LINE.match(chars):
        return 0
    match = _TAIL_MARKER.search(chars, max(start - 1, 0))
    return match.start() + 1 if match else len(chars)


def blank_chrome(chars: str) -> str:
    """Blank every chrome line of an already character-normalised text, keeping its length and newlines."""
    tail = page_tail_start(chars)
    # only a line with a marker, a line-opening label, the first line and the foot can be chrome: look at those
    starts = {0}
    line_start = searched = 0  # the newline search resumes where it stopped: linear on a one-line text
    for match in _CHROME_HINT.finditer(chars):
        if match.group() in _OTHER_LINE_BREAKS:
            return _blank_chrome_lines(chars, tail)
        line_start = chars.rfind("\n", searched, match.start()) + 1 or line_start
        searched = match.start()
        starts.add(line_start)
    starts.update(match.end() for match in _CHROME_LINE_OPENING.finditer(chars))
    line_start = tail
    while line_start < len(chars):
        starts.add(line_start)
        line_start = chars.find("\n", line_start) + 1 or len(chars)
    pieces = []
    done = 0
    for start in sorted(starts):
        end = chars.find("\n", start)
        body = chars[start:len(chars) if end < 0 else end].rstrip("\r")
        if (start >= tail and len(body.strip()) <= _CHROME_MAX_LINE) or is_chrome_line(body):
            pieces += [chars[done:start], " " * len(body)]
            done = start + len(body)
    pieces.append(chars[done:])
    return "".join(pieces)


def _blank_chrome_lines(chars: str, tail: int) -> str:
    """`blank_chrome` line by line, for a text with line breaks other than \n and \r\n."""
    pieces = []
    offset = 0
    for line in chars.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        in_tail = offset >= tail and len(body.strip()) <= _CHROME_MAX_LINE
        offset += len(line)
        if in_tail or is_chrome_line(body):
            pieces.append(" " * len(body) + line[len(body):])
        else:
            pieces.append(line)
    return "".join(pieces)


@lru_cache(maxsize=8)
def text_views(text: str) -> TextViews:
    """Both normalised views of a landed text; `len(view) == len(text)` always holds.

    Cached: the metadata reader, the region resolver, the section outline and the figure extractor all read the
    views of the same document one after the other."""
    chars = normalize_chars(text)
    return TextViews(chars=chars, body=blank_chrome(chars))
