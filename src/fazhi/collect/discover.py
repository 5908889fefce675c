"""Links on fetched pages: report links on a listing page, its next page, and a report page's attachments."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from fazhi.extract import UnreadableFile, decode_html

NEXT_PAGE_TEXTS = re.compile(r"^\s*(下一页|下页|后一页|next|›|»|>)\s*$", re.IGNORECASE)
_CHARSET_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


@dataclass(frozen=True)
class Link:
    url: str    # absolute, without its #fragment
    text: str   # what the link says (its title attribute when the text is cut short)


def parse_page(data: bytes, declared_charset: str | None = None):
    """An lxml tree of a web page; the header's charset first, else the page's own declaration or detection."""
    import lxml.html

    source = None
    if declared_charset:
        try:
            source = data.decode(_CHARSET_CODECS.get(declared_charset, declared_charset))
        except (LookupError, UnicodeDecodeError):
            source = None  # a wrong header is common: read the bytes as a saved page is read
    if source is None:
        try:
            source, _ = decode_html(data)
        except UnreadableFile:
            source = data.decode("utf-8", errors="replace")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    return lxml.html.document_fromstring(source.encode("utf-8") or b"<html/>", parser=parser)


def _anchors(root, base_url: str):
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        text = " ".join(anchor.text_content().split())
        title = " ".join((anchor.get("title") or "").split())
        if title and (not text or len(title) > len(text)):  # portals cut long titles with "…" and keep them here
            text = title
        yield anchor, url, text


def _base(root, page_url: str) -> str:
    base = root.find(".//base[@href]")
    return urljoin(page_url, base.get("href")) if base is not None else page_url


def report_links(root, page_url: str, patterns: list[re.Pattern]) -> list[Link]:
    """Links whose text names a report or plan (by the site's patterns), in page order; a link given twice is
    returned twice (the collector fetches it once and counts the duplicate)."""
    return [Link(url, text) for _anchor, url, text in _anchors(root, _base(root, page_url))
            if any(p.search(text) for p in patterns)]


def next_page(root, page_url: str) -> str | None:
    """The listing's next page: rel="next", or a link reading 下一页 / next."""
    base = _base(root, page_url)
    for anchor, url, text in _anchors(root, base):
        if "next" in (anchor.get("rel") or "").lower().split() or NEXT_PAGE_TEXTS.match(text):
            if url != urldefrag(page_url)[0]:
                return url
    return None


def attachment_links(root, page_url: str, suffixes: tuple[str, ...]) -> list[Link]:
    """Links to report files (by the suffix of the address or of the link text), once each, in page order."""
    seen, links = set(), []
    for _anchor, url, text in _anchors(root, _base(root, page_url)):
        path = urlsplit(url).path.lower()
        if url in seen or not (path.endswith(suffixes) or text.lower().endswith(suffixes)):
            continue
        seen.add(url)
        links.append(Link(url, text))
    return links


def page_title(root) -> str:
    for xpath in ("//h1", "//title"):
        found = root.xpath(xpath)
        if found:
            text = " ".join(found[0].text_content().split())
            if text:
                return text
    return ""
