"""Where the page came from, as weak evidence of its issuer.

A saved web page often records its address: `<!-- saved from url=(0045)http://www.jizhou.gov.cn/… -->`, a
`<link rel="canonical" href=…>` or `og:url` line, a 网址:/原文链接: line; a collector's sidecar gives the page's
`source_url` and may carry a configured `site_region_code`. A government host names its owner in pinyin
(`www.jizhou.gov.cn`, `sfj.jian.gov.cn`, `www.gxzf.gov.cn`, `www.njgl.gov.cn`): each label before `.gov.cn` is read
against the pinyin of the division stems valid in the report year (吉州 → jizhou) and the initials of a county's
prefecture and its own stem (南京 鼓楼 → njgl); a few province hosts that are not their pinyin are listed.
Only `.gov.cn` hosts count (a news site or a 范文 site says nothing of the issuer). The resolver uses the result only
where the text itself does not name a region, or to settle a weak text candidate (see `weighing`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from fazhi.parse.regions.gazetteer import RegionTable, _Row

_SAVED_FROM = re.compile(r"saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_CANONICAL = re.compile(
    r"<link\b[^>]*?(?:rel=[\"']?canonical[\"']?[^>]*?href=[\"']?([^\"'\s>]+)|href=[\"']?([^\"'\s>]+)[^>]*?rel=[\"']?canonical)",
    re.IGNORECASE,
)
_OG_URL = re.compile(r"og:url[\"']?\s+content=[\"']?([^\"'\s>]+)", re.IGNORECASE)
# a URL written in the page's text: 网址:http://…, 原文链接:www.jizhou.gov.cn/…
_URL_LINE = re.compile(
    r"(?:网址|网站地址|链接|原文链接|原文地址|本文链接|本文网址|页面地址|URL)\s*[::]\s*"
    r"((?:https?://)?[A-Za-z0-9.-]+\.gov\.cn[^\s\"'<>]*)",
    re.IGNORECASE,
)
# province portals whose host is not the pinyin of their name (gxzf: 广西 政府), or that pinyin cannot tell apart
_PROVINCE_HOSTS = {
    "bj": "北京市", "sh": "上海市", "tj": "天津市", "cq": "重庆市", "nmg": "内蒙古自治区", "ln": "辽宁省", "jl": "吉林省",
    "hlj": "黑龙江省", "js": "江苏省", "zj": "浙江省", "ah": "安徽省", "gd": "广东省", "gxzf": "广西壮族自治区",
    "sc": "四川省", "yn": "云南省", "nx": "宁夏回族自治区", "shaanxi": "陕西省", "xj": "新疆维吾尔自治区",
}
# labels that name a function, not a place (sfj = 司法局, zwgk = 政务公开)
_GENERIC_LABELS = frozenset("www m wap en english gov zwgk xxgk sfj sft fzb fzj zfxxgk zf".split())


@dataclass(frozen=True)
class AddressEvidence:
    url: str
    host: str
    codes: frozenset[str]  # the divisions the host may stand for in the report year (one: decided; several: a hint)


def urls_in_text(text: str) -> list[str]:
    """Addresses a saved page records about itself, in order: saved-from comment, canonical, og:url, 网址: lines."""
    found = []
    for pattern in (_SAVED_FROM, _CANONICAL, _OG_URL, _URL_LINE):
        for match in pattern.finditer(text):
            url = next(group for group in match.groups() if group)
            if url not in found:
                found.append(url)
    return found


def government_host(url: str) -> str | None:
    """The host of a URL when it is a government site (…gov.cn), lower-cased; else None."""
    candidate = url if "://" in url else "http://" + url
    try:
        host = (urlsplit(candidate).hostname or "").lower()
    except ValueError:
        return None
    return host if host.endswith(".gov.cn") else None


def _stem_pinyin_index(table: RegionTable) -> dict[str, list[_Row]]:
    """pinyin of each division stem (吉州 → jizhou) and of each province short name → rows; built on first use."""
    index = getattr(table, "_pinyin_index", None)
    if index is not None:
        return index
    from pypinyin import Style, lazy_pinyin  # imported only when a page gives an address (most texts have none)

    index: dict[str, list[_Row]] = {}
    by_name = {(row.province, row.name): row for row in table.all_rows() if row.tier == "prefecture"}
    for row in table.all_rows():
        stem = table.stem_of(row)
        if not stem:
            continue
        index.setdefault("".join(lazy_pinyin(stem)).lower(), []).append(row)
        parent = by_name.get((row.province, row.prefecture))
        parent_stem = table.stem_of(parent) if parent is not None else None
        if row.tier == "county" and parent_stem:
            # a county's host often spells its prefecture's and its own initials (南京 鼓楼 → njgl)
            initials = "".join(lazy_pinyin(parent_stem + stem, style=Style.FIRST_LETTER)).lower()
            index.setdefault(initials, []).append(row)
    for label, name in _PROVINCE_HOSTS.items():
        index.setdefault(label, []).extend(row for row in table.all_rows() if row.name == name)
    table._pinyin_index = index
    return index


def address_evidence(
    table: RegionTable, year: int | None, urls: list[str], site_region_code: str | None = None
) -> AddressEvidence | None:
    """The divisions a page's address points to: a configured site region code first, else the first government
    host whose labels match a division stem valid in `year` (a label to its right, a parent's, narrows a shared
    pinyin: jizhou.jiangxi → 吉州区, not 冀州区)."""
    if site_region_code:
        row = table.row_for_code(site_region_code.strip(), year)
        if row is not None:
            return AddressEvidence(url=urls[0] if urls else "", host="site region code", codes=frozenset({row.code}))
    for url in urls:
        host = government_host(url)
        if not host:
            continue
        labels = [label for label in host[: -len(".gov.cn")].split(".") if label not in _GENERIC_LABELS]
        index = _stem_pinyin_index(table)
        matched = [
            [row for row in index.get(label.removesuffix("zf") if label not in index else label, [])
             if year is None or row.valid_in(year)]
            for label in labels
        ]
        for position, rows in enumerate(matched):
            if not rows:
                continue
            parents = {row.name for later in matched[position + 1:] for row in later}
            narrowed = [row for row in rows if row.prefecture in parents or row.province in parents] or rows
            codes = frozenset(row.code for row in narrowed)
            return AddressEvidence(url=url, host=host, codes=codes)
    return None
