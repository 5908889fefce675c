"""Length-preserving normalisation of landed report text.

Every parser works on a *view* of the landed text that has exactly the same length, so that a character offset
found in the view is also the offset in the original text (the contract's `raw_span`/`char_start` provenance).
Normalisation therefore only ever replaces one character by one character:

- full-width ASCII (０-９, Ａ-Ｚ, ％, （）, ：…) becomes ASCII; ideographic and no-break spaces become ' ';
- HTML remnants (tags, `&nbsp;`-style entities) are blanked;
- pinyin glosses glued into text (`我區(qū)`) are blanked;
- web-page chrome lines (`欢迎您访问…`, `浏览量`, `推荐访问`, `版权声明`, breadcrumbs …) are blanked in the
  *body* view, which is what figure extraction reads; the metadata reader keeps them (it wants `发布时间`).

Blanking keeps newlines, so line structure survives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SPACES = {0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20, 0xFEFF: 0x20}
_OTHER = {
    0xFE50: ord(","),
    0xFE51: ord("、"),
    0xFE52: ord("."),
    0x2236: ord(":"),  # ratio colon
    0x2030: ord("‰"),
}
_CHAR_MAP = {**_FULLWIDTH, **_SPACES, **_OTHER}

_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>\n]{0,200}>")
_HTML_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|mdash|hellip|#\d{2,5});")
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}\)")

# A line is page chrome when it is short and carries one of these markers; the report body never does.
_CHROME_MARKERS = re.compile(
    r"欢迎您?访问|浏览量|浏览次数|阅读次数|点击数|点击量|推荐访问|版权声明|版权所有|免责声明|【字体|字体[::]\s*[大中小]|"
    r"首页\s*[>》]|当前位置[::]|您的位置|您现在的位置|上一篇|下一篇|打印本页|关闭窗口|分享到|扫一扫|手机站|"
    r"网站地图|联系我们|ICP备|公网安备|主办单位[::]|技术支持[::]|相关链接|相关文章|相关阅读|责任编辑[::]"
)
_CHROME_MAX_LINE = 160


@dataclass(frozen=True)
class TextViews:
    """Two same-length views of one landed text."""

    chars: str  # character-normalised, everything kept
    body: str  # character-normalised, page chrome blanked


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def normalize_chars(text: str) -> str:
    """Map characters one-to-one to their plain form and blank HTML remnants and pinyin glosses."""
    out = text.translate(_CHAR_MAP)
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
    return len(stripped) <= _CHROME_MAX_LINE and bool(_CHROME_MARKERS.search(stripped))


def blank_chrome(chars: str) -> str:
    """Blank every chrome line of an already character-normalised text, keeping its length and newlines."""
    pieces = []
    for line in chars.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if is_chrome_line(body):
            pieces.append(" " * len(body) + line[len(body):])
        else:
            pieces.append(line)
    return "".join(pieces)


def text_views(text: str) -> TextViews:
    """Both normalised views of a landed text; `len(view) == len(text)` always holds."""
    chars = normalize_chars(text)
    return TextViews(chars=chars, body=blank_chrome(chars))
