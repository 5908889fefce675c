"""A report file's bytes → its text, for every format users have; anything else is an `UnreadableFile` with a reason.

- `.txt`/`.md`: the charset is detected (UTF-8 with or without BOM, UTF-16, GB18030/GBK, Big5), the text kept
  exactly as decoded. A candidate charset must decode cleanly *and* read as Chinese: the share of common
  characters (GB2312 level 1 or Big5 level 1) separates the right decoding from mojibake (≥ 0.99 against ≤ 0.65 on
  real reports), so a Big5 file is not read as GB18030 noise and a file that was already mis-decoded and saved again
  is rejected instead of landing as nonsense.
- `.html`/`.htm`: the page's main content (trafilatura), headed by its title and publish date (htmldate); a page
  where no main content is found gives its visible text (lxml parses; scripts, styles, navigation and hidden
  elements are dropped; block elements become line breaks).
- `.pdf`: the text layer, laid out from the glyphs' positions (pdfminer.six: a PDF that places every character on
  its own still reads as lines), page numbers dropped and lines wrapped by the layout joined again, so that a
  number split over two lines (`3` / `5件`) is read as `35件`, never as `5件`.
- `.docx`: paragraphs and tables in document order (python-docx).

`encoding` tells how the text was obtained: a charset (`utf-8`, `utf-8-sig`, `gb18030`, `big5`, `utf-16`,
`utf-8+gb18030` for a file whose lines mix both), `html:<charset>`, `pdf-text` or `docx`. Damage that cannot be
undone is marked, not hidden: a multi-byte character cut off at the end of the file becomes U+FFFD, which the
figure extractor never reads a number next to.
"""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import lru_cache

# Longer than any one report (the dev set's longest has ~6,000 characters): a file above this is a dump or a merged
# collection and is rejected with a reason, which also keeps the memory and the parse time of a run bounded.
MAX_TEXT_CHARS = 1_000_000
# Uncompressed size of a .docx's parts; a larger one is a zip bomb or a book, not a report.
MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}

CHARSETS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-8+gb18030")
# Every value of raw.documents.encoding (also asserted by the GX suite and the dbt staging test).
ENCODINGS = (*CHARSETS, *(f"html:{c}" for c in CHARSETS if c != "utf-8-sig"), "pdf-text", "docx")

# Formats people send that we cannot read, with what to do about them.
UNSUPPORTED_HINTS = {
    ".doc": "legacy Word .doc; save it as .docx",
    ".wps": "WPS document; save it as .docx",
    ".rtf": "RTF; save it as .docx or .txt",
    ".ofd": "OFD layout document; export it as PDF",
    ".mht": "web archive; save the page as .html",
    ".mhtml": "web archive; save the page as .html",
    ".xls": "spreadsheet, not a report",
    ".xlsx": "spreadsheet, not a report",
    ".ppt": "presentation, not a report",
    ".pptx": "presentation, not a report",
    ".zip": "archive; unpack it into the raw folder",
    ".rar": "archive; unpack it into the raw folder",
    ".7z": "archive; unpack it into the raw folder",
    ".part": "an incomplete download; it lands once complete",
    ".crdownload": "an incomplete download; it lands once complete",
    ".tmp": "a temporary file",
    ".jpg": "an image; OCR it first",
    ".jpeg": "an image; OCR it first",
    ".png": "an image; OCR it first",
    ".tif": "an image; OCR it first",
    ".tiff": "an image; OCR it first",
}


class UnreadableFile(ValueError):
    """The file cannot be landed as text; the message is the plain reason shown to users."""


@dataclass(frozen=True)
class ExtractedText:
    text: str
    encoding: str  # how the text was obtained (see the module docstring)
    source_url: str | None = None  # a saved web page's own address (saved-from comment, canonical link, og:url)


def extract_text(data: bytes, suffix: str) -> ExtractedText:
    """The text of a report file given its bytes and its (lower-case) suffix; raises UnreadableFile."""
    source_url = None
    if suffix in TEXT_SUFFIXES:
        text, encoding = decode_bytes(data)
    elif suffix in HTML_SUFFIXES:
        text, encoding = extract_html(data)
        source_url = html_source_url(data)
    elif suffix == ".pdf":
        text, encoding = extract_pdf(data), "pdf-text"
    elif suffix == ".docx":
        text, encoding = extract_docx(data), "docx"
    else:
        raise UnreadableFile(unsupported_reason(suffix))
    if not text.strip():
        raise UnreadableFile("empty file (no text)")
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableFile(f"too long for one report ({len(text):,} characters, limit {MAX_TEXT_CHARS:,}); split it")
    return ExtractedText(text, encoding, source_url)


def unsupported_reason(suffix: str) -> str:
    hint = UNSUPPORTED_HINTS.get(suffix)
    return f"unsupported file type '{suffix or '(none)'}'" + (f" ({hint})" if hint else "")


# --- plain text: charset detection -------------------------------------------------------------------------

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CJK_FIRST, _CJK_LAST = 0x4E00, 0x9FFF
# White space that is not noise but that str.isprintable is false for: line breaks and tabs, the ideographic and the
# no-break space, a byte-order mark.
_NOT_NOISE_SPACES = ("\n", "\r", "\t", "\u3000", "\xa0", "\ufeff", "\f", "\v")
_SAMPLE = 8000


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """GB2312 level-1 (3,755 common simplified) and Big5 level-1 (5,401 common traditional) characters."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _sample(text: str) -> str:
    """Head, middle and tail of a long text: damage anywhere in a file shows up in the measures."""
    if len(text) <= 3 * _SAMPLE:
        return text
    middle = len(text) // 2
    return text[:_SAMPLE] + text[middle - _SAMPLE // 2:middle + _SAMPLE // 2] + text[-_SAMPLE:]


@lru_cache(maxsize=1)
def _is_common_ideograph() -> "np.ndarray":
    """A flag per code point of the CJK block: is it one of the common characters."""
    import numpy as np

    flags = np.zeros(_CJK_LAST + 1 - _CJK_FIRST, dtype=bool)
    for ch in _common_characters():
        if _CJK_FIRST <= ord(ch) <= _CJK_LAST:
            flags[ord(ch) - _CJK_FIRST] = True
    return flags


def common_share(text: str) -> tuple[float, int]:
    """(share of common characters among the CJK ideographs, number of ideographs) in a sample of the text."""
    import numpy as np

    # counted over the code points as an array: a loop over the characters cost more than the rest of landing
    points = np.frombuffer(_sample(text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cjk = points[(points >= _CJK_FIRST) & (points <= _CJK_LAST)]
    if not cjk.size:
        return 1.0, 0
    return int(np.count_nonzero(_is_common_ideograph()[cjk - _CJK_FIRST])) / cjk.size, int(cjk.size)


def _plausible_text(text: str) -> bool:
    """Mostly letters, digits, punctuation and white space, not control or private-use noise."""
    sample = _sample(text)
    if not sample:
        return False
    # Nearly every text is printable once its white space is gone: no noise at all, and no loop over its characters.
    printable = sample
    for space in _NOT_NOISE_SPACES:
        if space in printable:
            printable = printable.replace(space, "")
    if printable.isprintable():
        return True
    bad = 0
    for ch in sample:
        if ch in "\t\n\r\f\v":
            continue
        if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn"):
            bad += 1
    return bad / len(sample) < 0.01


# How each codec reports a multi-byte character cut off by the end of the data.
_CUT_END_REASONS = {"unexpected end of data", "incomplete multibyte sequence", "truncated data"}


def _decode_tolerating_cut_end(data: bytes, encoding: str) -> str:
    """Strict decoding, except that a multi-byte character cut off at the very end becomes U+FFFD."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.reason not in _CUT_END_REASONS or exc.start < len(data) - 3:
            raise
        return data[:exc.start].decode(encoding) + "\ufffd"


def _looks_like_latin1_mojibake(text: str) -> str | None:
    """The original charset of Chinese bytes once read as Latin-1/cp1252 and saved again ('ÊÜÀí'), else None."""
    if _CJK_RE.search(text[:20000]):  # first: Chinese text ends here, before a loop over its characters
        return None
    non_ascii = [ch for ch in _sample(text) if ord(ch) > 0x7F]
    if len(non_ascii) < 20:
        return None
    if sum(1 for ch in non_ascii if ord(ch) <= 0xFF or ch in "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ") / len(non_ascii) < 0.9:
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            raw = text.encode(codec)
        except UnicodeEncodeError:
            continue
        for original in ("utf-8", "gb18030"):
            try:
                share, count = common_share(raw.decode(original))
            except UnicodeDecodeError:
                continue
            if count >= 10 and share >= 0.9:
                return original
    return None


# A candidate decoding must read as Chinese: common-character share at or above this (real reports ≥ 0.99).
_COMMON_SHARE_MIN = 0.9
# A file that is valid UTF-8 is rejected as mojibake only below this (mis-decoded text measures ≤ 0.65).
_UTF8_MOJIBAKE_MAX = 0.75
_EMPTY = "empty file (no bytes or only white space)"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """A plain-text report's bytes → (text, charset); UnreadableFile with the reason when it is not text."""
    if not data.strip():
        raise UnreadableFile(_EMPTY)
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(_decode_or_reject(data, "utf-8-sig"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(_decode_or_reject(data, "utf-16"), "utf-16")
    # UTF-16 without a byte-order mark: line breaks, digits and ASCII punctuation come with a NUL byte.
    if b"\n\x00" in data or b"\x00\n" in data or data.count(b"\x00") > len(data) // 8:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = _decode_tolerating_cut_end(data, codec)
            except UnicodeDecodeError:
                continue
            share, count = common_share(text)
            reads_as_text = share >= _COMMON_SHARE_MIN if count else text.isascii()
            if "\x00" not in text and _plausible_text(text) and reads_as_text:
                return _checked(text, "utf-16")
        raise UnreadableFile("binary file (contains NUL bytes and is not UTF-16 text)")
    try:
        text = _decode_tolerating_cut_end(data, "utf-8")
    except UnicodeDecodeError:
        pass
    else:
        share, count = common_share(text)
        if count >= 20 and share < _UTF8_MOJIBAKE_MAX:
            raise UnreadableFile(
                f"mojibake: valid UTF-8 but only {share:.0%} common Chinese characters (the text was decoded with "
                "the wrong charset and saved again); land the original file")
        original = _looks_like_latin1_mojibake(text)
        if original:
            raise UnreadableFile(f"mojibake: {original.upper()} text that was read as Latin-1 and saved again; "
                                 "land the original file")
        return _checked(text, "utf-8")
    best: tuple[float, int, str, str] | None = None
    for codec, label in (("gb18030", "gb18030"), ("cp950", "big5")):
        try:
            text = _decode_tolerating_cut_end(data, codec)
        except UnicodeDecodeError:
            continue
        share, count = common_share(text)
        if best is None or (share, count) > best[:2]:
            best = (share, count, text, label)
    if best is not None and best[1] and best[0] >= (_COMMON_SHARE_MIN if best[1] >= 10 else 0.5):
        return _checked(best[2], best[3])  # a line or two of text holds too few characters to be strict
    mixed = _decode_mixed_lines(data)
    if mixed is not None:
        return _checked(mixed, "utf-8+gb18030")
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes and is not UTF-16 text)")
    raise UnreadableFile("not text in a supported charset (UTF-8, UTF-16, GB18030/GBK, Big5), "
                         "or damaged (bytes that decode in no charset)")


def _decode_or_reject(data: bytes, codec: str) -> str:
    try:
        return _decode_tolerating_cut_end(data, codec)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"damaged {codec.upper()} text: invalid bytes at offset {exc.start}") from None


def _decode_mixed_lines(data: bytes) -> str | None:
    """A file whose lines are each UTF-8 or GB18030 (two sources pasted together), when every line reads as Chinese."""
    lines = data.splitlines(keepends=True)
    pieces, kinds = [], set()
    for line in lines:
        try:
            pieces.append(line.decode("utf-8"))
            kinds.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        try:
            piece = line.decode("gb18030")
        except UnicodeDecodeError:
            return None
        share, count = common_share(piece)
        if count and share < _COMMON_SHARE_MIN:
            return None
        pieces.append(piece)
        kinds.add("gb18030")
    text = "".join(pieces)
    share, count = common_share(text)
    if kinds != {"utf-8", "gb18030"} or not count or share < _COMMON_SHARE_MIN:
        return None
    return text


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if not text.strip() or not text.strip("\ufeff \t\r\n\x00"):
        raise UnreadableFile(_EMPTY)
    if "\x00" in text:
        raise UnreadableFile("binary file (contains NUL bytes)")
    if not _plausible_text(text):
        raise UnreadableFile("binary file (mostly control characters, not text)")
    return text, encoding


# --- HTML: the visible text --------------------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,30})""", re.IGNORECASE)
# declared charset → (codec, label); GB2312 and GBK pages are read as GB18030, their superset.
_CHARSET_ALIASES = {
    "utf-8": ("utf-8", "utf-8"), "utf8": ("utf-8", "utf-8"),
    "gb2312": ("gb18030", "gb18030"), "gbk": ("gb18030", "gb18030"), "gb18030": ("gb18030", "gb18030"),
    "x-gbk": ("gb18030", "gb18030"), "cp936": ("gb18030", "gb18030"), "euc-cn": ("gb18030", "gb18030"),
    "big5": ("cp950", "big5"), "cp950": ("cp950", "big5"), "big5-hkscs": ("big5hkscs", "big5"),
    "utf-16": ("utf-16", "utf-16"),
}
# Elements whose content is never shown as page text, or is the site's furniture rather than the report.
_INVISIBLE_TAGS = ("head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
                   "math", "select", "button", "input", "textarea", "map", "audio", "video", "nav", "aside", "form")
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar"}
_CHROME_TOKENS = {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "sidebar",
                  "footer", "share", "bdshare", "copyright", "skip-link", "pagination", "pager"}
_BLOCK_TAGS = {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
               "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
               "header", "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table",
               "tbody", "thead", "tfoot", "tr", "ul"}
_CELL_TAGS = {"td", "th"}
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# CSS Text 3: a line break in the source between two East Asian characters renders as nothing, not as a space.
_CJK_SEGMENT_BREAK_RE = re.compile(rf"(?<=[{_WIDE}])[ \t]*[\r\n][ \t\r\n]*(?=[{_WIDE}])")
_WHITESPACE_RUN_RE = re.compile(r"[ \t\r\n\f]+")


def decode_html(data: bytes) -> tuple[str, str]:
    """(source text, charset label) of a web page: byte-order mark, else the declared <meta charset>, else detected."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        text, charset = decode_bytes(data)
        return text.lstrip("\ufeff"), "utf-8" if charset == "utf-8-sig" else charset
    declared = _META_CHARSET_RE.search(data[:4096])
    alias = _CHARSET_ALIASES.get(declared.group(1).decode("ascii").lower()) if declared else None
    if alias:
        try:
            text = _decode_tolerating_cut_end(data, alias[0])
        except UnicodeDecodeError:
            pass  # pages often declare one charset and are saved in another: detect instead
        else:
            share, count = common_share(text)
            if not count or share >= _COMMON_SHARE_MIN:
                return text, alias[1]
    return decode_bytes(data)


# What browsers write at the top of a saved page: <!-- saved from url=(0057)https://www.example.gov.cn/art/1.html -->
_SAVED_FROM_RE = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_CANONICAL_RE = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""([a-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def html_source_url(data: bytes) -> str | None:
    """The address a saved web page came from: the browser's `saved from url` comment, else its
    `<link rel="canonical">`, else its `og:url`; only absolute http(s) addresses count."""
    saved = _SAVED_FROM_RE.search(data[:4096])
    if saved:
        return saved.group(1).decode("ascii", errors="replace")
    head = data[:65536].decode("latin-1")  # the tags are ASCII whatever the page's charset
    for tag in re.findall(r"<(?:link|meta)\b[^>]*>", head, re.IGNORECASE):
        attrs = {m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTR_RE.finditer(tag)}
        if "canonical" in attrs.get("rel", "").lower().split():
            url = attrs.get("href", "").strip()
        elif attrs.get("property", attrs.get("name", "")).lower() == "og:url":
            url = attrs.get("content", "").strip()
        else:
            continue
        if re.match(r"https?://[^/\s]+", url):
            return url
    return None


def _is_hidden(element) -> bool:
    if element.tag in ("html", "body"):
        return False
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _is_chrome(element) -> bool:
    if element.tag in ("html", "body"):
        return False
    if _is_hidden(element):
        return True
    if (element.get("role") or "").lower() in _CHROME_ROLES:
        return True
    tokens = set((element.get("class") or "").lower().split()) | {(element.get("id") or "").lower()}
    return bool(tokens & _CHROME_TOKENS)


def _inside_content(element) -> bool:
    return any(a.tag in ("article", "main") for a in element.iterancestors())


def extract_html(data: bytes) -> tuple[str, str]:
    """(text, 'html:<charset>') of a saved web page: its main content (trafilatura) headed by the page's title and
    publish date (htmldate), or, when no main content is found, all of its visible text.

    bench/eval_html_extract.py measured both on government-style pages around the sample reports: the main content
    removes 73 % of the portals' navigation and footer text against 33 % for the visible text, keeps every report
    paragraph, and with its title and date lines the parser finds the right title in 100 % and the right publish
    date in 100 % of the pages (visible text: 100 % and 80 %)."""
    visible, label, source = _visible_page_text(data)
    main = _main_content(source, visible)
    return (main if main is not None else visible), label


# The main content replaces the visible text only when it holds a report's worth of text and not a mere fragment of
# the page (a short notice, a page that is all table, are read whole).
_MAIN_CONTENT_MIN_CHARS = 200
_MAIN_CONTENT_MIN_SHARE = 0.25


def _main_content(source: str, visible: str) -> str | None:
    """The article of a page without its navigation, headed by `title` and `发布时间：date` lines; None when
    trafilatura finds too little (the caller keeps the visible text)."""
    import lxml.etree
    import lxml.html
    import trafilatura
    from htmldate import find_date

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
        root = lxml.html.document_fromstring(source.encode("utf-8"), parser=parser)
        # what a reader never sees stays out (trafilatura keeps hidden elements), and a source line break between
        # two Chinese characters is nothing, as the browser shows it (trafilatura would make it a space)
        for element in [el for el in root.iter(lxml.etree.Element) if _is_hidden(el)]:
            if element.getparent() is not None:
                element.drop_tree()
        for element in root.iter(lxml.etree.Element):
            if element.tag != "pre" and not any(a.tag == "pre" for a in element.iterancestors()):
                if element.text:
                    element.text = _CJK_SEGMENT_BREAK_RE.sub("", element.text)
                if element.tail:
                    element.tail = _CJK_SEGMENT_BREAK_RE.sub("", element.tail)
        document = trafilatura.bare_extraction(root, include_tables=True, include_comments=False,
                                               with_metadata=True, deduplicate=False)
    except Exception:  # noqa: BLE001 - the library failing on a strange page: the visible text stays
        return None
    body = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(body) < _MAIN_CONTENT_MIN_CHARS or len(body) < _MAIN_CONTENT_MIN_SHARE * len(visible.strip()):
        return None
    lines = [_table_row(line.strip()) for line in body.splitlines() if line.strip()]
    lines = [line for line in lines if line is not None]
    header = []
    title = " ".join((getattr(document, "title", None) or "").split())
    if title:  # first, where the parser looks for it; the same line at the top of the body is not repeated
        header.append(title)
        if lines and lines[0] == title:
            lines.pop(0)
    try:
        date = find_date(source, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - no date is better than a crash
        date = None
    if date:
        header.append(f"发布时间：{date}")
    return "\n".join(header + lines) + "\n"


_TABLE_RULE_RE = re.compile(r"^[\s|:\-]+$")


def _table_row(line: str) -> str | None:
    """trafilatura writes a table row as `| a | b |`: cells separated by tabs, as the visible text and .docx give
    them; a rule line (`|---|---|`) is dropped (None)."""
    if not (line.startswith("|") and line.endswith("|") and len(line) > 1):
        return line
    if _TABLE_RULE_RE.match(line):
        return None
    return "\t".join(cell.strip() for cell in line[1:-1].split("|"))


def _visible_page_text(data: bytes) -> tuple[str, str, str]:
    """(visible text, 'html:<charset>', decoded source) of a saved web page."""
    import lxml.etree
    import lxml.html

    if not data.strip():
        raise UnreadableFile(_EMPTY)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("binary file (contains NUL bytes), not a web page")
    source, label = decode_html(data)
    # huge_tree: nesting up to 2,048 levels instead of 256 (generated pages nest deeply); deeper is rejected below
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(source.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"damaged web page: {exc}") from None
    drop = [el for el in root.iter(*_INVISIBLE_TAGS)]
    drop += [el for el in root.iter("header", "footer") if not _inside_content(el)]
    drop += [el for el in root.iter(lxml.etree.Element) if _is_chrome(el)]
    for element in drop:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element (its tail)
    body = root.find("body")
    text = _visible_text(body if body is not None else root)
    if not text.strip() and len(parser.error_log):
        raise UnreadableFile(f"damaged web page ({parser.error_log[0].message.strip()[:120]})")
    return text, f"html:{label}", source


def _visible_text(root) -> str:
    import lxml.etree

    out: list[str] = []
    pre_depth = 0

    def add(s: str | None) -> None:
        if not s:
            return
        if pre_depth:
            out.append(s)
        else:
            s = _CJK_SEGMENT_BREAK_RE.sub("", s)
            out.append(_WHITESPACE_RUN_RE.sub(" ", s))

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                out.append("\n")
            if tag == "pre":
                pre_depth += 1
            if tag == "br":
                out.append("\n")
            add(element.text)
        else:
            if tag == "pre":
                pre_depth -= 1
            if tag in _BLOCK_TAGS:
                out.append("\n")
            elif tag in _CELL_TAGS:
                out.append("\t")
            if element is not root:
                add(element.tail)
    lines = [line.strip(" \t") for line in "".join(out).split("\n")]
    text = "\n".join(line for line in lines if line)
    return text + "\n" if text else ""


# --- PDF: the text layer -----------------------------------------------------------------------------------

_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–—－]\s*\d{1,4}\s*[-–—－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
_PARAGRAPH_END = set("。!?;:！？；：”」』)）》")
_NEW_BLOCK_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第[一二三四五六七八九十]+[章节条部分])")


def _display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _reflow_page(page_text: str) -> list[str]:
    """A page's lines with page numbers dropped and lines that the layout wrapped joined again."""
    lines = [line.rstrip() for line in page_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    for edge in (0, -1):  # a page number sits on the first or last line
        if lines and _PAGE_NUMBER_RE.match(lines[edge]):
            lines.pop(edge)
    if len(lines) < 3:
        return lines
    widths = sorted(_display_width(line) for line in lines if line.strip())
    full = widths[int(len(widths) * 0.9) - 1] if widths else 0  # the width of a full line of body text
    out: list[str] = []
    for line in lines:
        if out and _is_wrapped(out[-1], line, full):
            out[-1] = out[-1] + line.lstrip()
        else:
            out.append(line)
    return out


def _is_wrapped(previous: str, line: str, full_width: int) -> bool:
    """The layout broke `previous` at the right margin and `line` goes on with the same sentence."""
    if not previous.strip() or not line.strip() or full_width < 20:
        return False
    if previous[-1] in _PARAGRAPH_END or line[0] in " \t\u3000" or _NEW_BLOCK_RE.match(line):
        return False
    return _display_width(previous) >= 0.85 * full_width


def extract_pdf(data: bytes) -> str:
    """The text layer of a PDF, page by page, laid out by the glyphs' positions (pdfminer.six)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on damaged files would flood the run's log
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFile("not a PDF file (no %PDF header)")
    pages: list[str] = []
    length = 0
    try:
        for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
            page_text = "".join(box.get_text() for box in layout if isinstance(box, LTTextContainer))
            page_text = "\n".join(_reflow_page(_mark_unmapped(page_text)))
            pages.append(page_text)
            length += len(page_text)
            if length > MAX_TEXT_CHARS:
                raise UnreadableFile(f"too long for one report (more than {MAX_TEXT_CHARS:,} characters); split it")
    except UnreadableFile:
        raise
    except PDFPasswordIncorrect:
        raise UnreadableFile("encrypted PDF (needs a password)") from None
    except Exception as exc:  # noqa: BLE001 - any failure of the library on a damaged file
        raise UnreadableFile(f"damaged PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    text = _join_pages([p for p in pages if p.strip()])
    if not text.strip():
        raise UnreadableFile("PDF without a text layer (a scanned image?); OCR it first")
    visible = len(text) - sum(text.count(ch) for ch in " \t\r\n")
    unmapped = text.count("\ufffd") / max(1, visible)
    if unmapped > _UNMAPPED_MAX:
        raise UnreadableFile(f"PDF text layer cannot be read: {unmapped:.0%} of its characters have no Unicode "
                             "mapping (fonts without a ToUnicode map); OCR it first")
    return text + "\n"


# A glyph the PDF gives no character for comes out of pdfminer as "(cid:123)", and a glyph missing from the font as
# a control character: both become U+FFFD, next to which no figure is read. A few are tolerated, many are no text.
_UNMAPPED_RE = re.compile(r"\(cid:\d+\)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNMAPPED_MAX = 0.05


def _mark_unmapped(text: str) -> str:
    return _UNMAPPED_RE.sub("\ufffd", text) if ("(cid:" in text or not text.isprintable()) else text


def _join_pages(pages: list[str]) -> str:
    """Pages joined by a blank line, except where a sentence runs on to the next page."""
    if not pages:
        return ""
    out = pages[0]
    for page in pages[1:]:
        last = out.rsplit("\n", 1)[-1]
        first = page.split("\n", 1)[0]
        widths = [_display_width(line) for line in out.split("\n")[-40:] if line.strip()]
        full = sorted(widths)[int(len(widths) * 0.9) - 1] if len(widths) >= 3 else 0
        out += (page.lstrip() if _is_wrapped(last, first, full) else "\n\n" + page)
    return out


# --- DOCX: paragraphs and tables ---------------------------------------------------------------------------


def extract_docx(data: bytes) -> str:
    """Paragraphs and table rows (cells separated by tabs) of a Word .docx, in document order."""
    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise UnreadableFile("not a Word .docx (no word/document.xml inside)")
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNCOMPRESSED_BYTES:
                raise UnreadableFile("too large once unpacked (a zip bomb or a book, not a report)")
    except zipfile.BadZipFile:
        raise UnreadableFile("damaged .docx (not a zip archive; a legacy .doc renamed?)") from None
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the library on a damaged file
        raise UnreadableFile(f"damaged .docx ({type(exc).__name__}: {str(exc)[:120]})") from None
    text = "\n".join(lines).strip("\n")
    return text + "\n" if text else ""


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.replace("\n", " "))
        rows.append("\t".join(cells))
    return rows
