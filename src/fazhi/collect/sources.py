"""The sources file (`sources.yaml`): which sites to collect from, and how politely.

```yaml
defaults:                 # optional; every key may also be set per site
  delay_seconds: 2.0      # pause between two requests to one host (one request at a time per host)
sites:
  - name: 杭州市人民政府
    region_code: "330100"           # the site's government (evidence for the region, never over the text)
    listings: [https://www.hangzhou.gov.cn/col/col1229063382/index.html]
    reports: []                     # report pages or attachments to fetch directly
    attachment_hosts: []            # other hosts its attachments may live on
```

A file that does not read as this shape is a `SourcesError` with the place and the reason: a mistyped key must not
silently collect with the defaults.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

# HTTP headers are ASCII: the product token robots.txt groups can name, then what it does
USER_AGENT = ("FazhiWarehouse/0.1 (collects published rule-of-law government reports; obeys robots.txt; "
              "one request at a time per host)")

# Link texts of reports and plans about 法治政府建设 / 依法行政 (searched, not matched whole).
DEFAULT_LINK_PATTERNS = (
    r"法治政府建设.{0,20}(报告|情况|方案|规划|计划|要点|总结)",
    r"依法行政.{0,20}(报告|情况|方案|规划|计划|要点|总结)",
    r"法治(政府|建设).{0,12}年度",
)
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".ofd", ".txt")


class SourcesError(ValueError):
    """The sources file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Politeness:
    """How one site is fetched. Defaults suit a government portal; tests lower the delays to tens of ms."""

    user_agent: str = USER_AGENT
    delay_seconds: float = 2.0          # between the starts of two requests to one host (never two at once)
    timeout_seconds: float = 20.0       # connect and read, per request
    retries: int = 3                    # extra attempts after a timeout, a connection error or a 5xx; never a 4xx
    backoff_seconds: float = 2.0        # first wait before a retry, doubled each time
    max_retry_after_seconds: float = 600.0  # a longer Retry-After gives up for this run instead of waiting
    max_redirects: int = 5
    max_bytes: int = 50 * 1024 * 1024   # a larger response is abandoned (size cap)
    max_listing_pages: int = 20         # pages of one listing followed through its pagination
    max_concurrent_hosts: int = 4       # hosts fetched at the same time (only read from `defaults`)


@dataclass(frozen=True)
class Site:
    name: str
    listings: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    seeds: tuple[str, ...] = ()  # URLs given on the command line: a listing or a report, told apart once fetched
    region_code: str | None = None
    attachment_hosts: tuple[str, ...] = ()
    link_patterns: tuple[str, ...] = DEFAULT_LINK_PATTERNS
    attachment_suffixes: tuple[str, ...] = ATTACHMENT_SUFFIXES
    politeness: Politeness = field(default_factory=Politeness)

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts (host[:port]) its listings and reports are on: the only ones it may request."""
        return frozenset(host_of(url) for url in (*self.listings, *self.reports, *self.seeds))

    def allows(self, url: str, attachment: bool = False) -> bool:
        host = host_of(url)
        return host in self.hosts or (attachment and host in {h.lower() for h in self.attachment_hosts})

    def link_regexes(self) -> list[re.Pattern]:
        return [re.compile(p) for p in self.link_patterns]


@dataclass(frozen=True)
class Sources:
    sites: tuple[Site, ...]
    defaults: Politeness = field(default_factory=Politeness)


def host_of(url: str) -> str:
    """host[:port] in lower case: the unit of politeness and of permission."""
    return urlsplit(url).netloc.lower()


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


_POLITENESS_KEYS = {f.name: f.type for f in fields(Politeness)}
_SITE_KEYS = {"name", "listings", "reports", "region_code", "attachment_hosts", "link_patterns", "attachment_suffixes"}


def _politeness(base: Politeness, mapping: dict, where: str) -> Politeness:
    changes = {}
    for key, value in mapping.items():
        if key not in _POLITENESS_KEYS:
            continue
        default = getattr(base, key)
        try:
            changes[key] = type(default)(value)
        except (TypeError, ValueError):
            raise SourcesError(f"{where}: {key} must be a {type(default).__name__}, not {value!r}") from None
        if key == "user_agent" and not changes[key].isascii():
            raise SourcesError(f"{where}: user_agent must be ASCII (it is an HTTP header)")
        if isinstance(changes[key], (int, float)) and changes[key] < 0:
            raise SourcesError(f"{where}: {key} must not be negative")
    return replace(base, **changes)


def _url_list(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise SourcesError(f"{where}: expected a list of URLs")
    for url in value:
        if not isinstance(url, str) or not is_web_url(url):
            raise SourcesError(f"{where}: not an http(s) URL: {url!r}")
    return tuple(value)


def parse_sources(data: dict, origin: str = "sources") -> Sources:
    """Sources from the mapping a YAML file holds; SourcesError on anything unknown or malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise SourcesError(f"{origin}: expected a mapping with a list under `sites`")
    unknown = set(data) - {"defaults", "sites"}
    if unknown:
        raise SourcesError(f"{origin}: unknown top-level keys {sorted(unknown)}")
    raw_defaults = data.get("defaults") or {}
    if not isinstance(raw_defaults, dict):
        raise SourcesError(f"{origin}: `defaults` must be a mapping")
    bad = set(raw_defaults) - set(_POLITENESS_KEYS) - {"link_patterns", "attachment_suffixes"}
    if bad:
        raise SourcesError(f"{origin}: defaults: unknown keys {sorted(bad)}")
    defaults = _politeness(Politeness(), raw_defaults, f"{origin}: defaults")
    sites = []
    for number, entry in enumerate(data["sites"], start=1):
        where = f"{origin}: site {number}"
        if not isinstance(entry, dict) or not entry.get("name"):
            raise SourcesError(f"{where}: each site needs a `name`")
        where = f"{origin}: site {entry['name']!r}"
        bad = set(entry) - _SITE_KEYS - set(_POLITENESS_KEYS)
        if bad:
            raise SourcesError(f"{where}: unknown keys {sorted(bad)}")
        listings = _url_list(entry.get("listings"), f"{where}: listings")
        reports = _url_list(entry.get("reports"), f"{where}: reports")
        if not listings and not reports:
            raise SourcesError(f"{where}: needs at least one listing or report URL")
        region = entry.get("region_code")
        if region is not None and not re.fullmatch(r"\d{6}", str(region)):
            raise SourcesError(f"{where}: region_code must be 6 digits, not {region!r}")
        patterns = tuple(entry.get("link_patterns") or raw_defaults.get("link_patterns") or DEFAULT_LINK_PATTERNS)
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourcesError(f"{where}: link pattern {pattern!r} is not a regular expression ({exc})") from None
        suffixes = tuple(s.lower() for s in (entry.get("attachment_suffixes")
                                             or raw_defaults.get("attachment_suffixes") or ATTACHMENT_SUFFIXES))
        sites.append(Site(
            name=str(entry["name"]), listings=listings, reports=reports,
            region_code=str(region) if region is not None else None,
            attachment_hosts=tuple(str(h).lower() for h in entry.get("attachment_hosts") or ()),
            link_patterns=patterns, attachment_suffixes=suffixes,
            politeness=_politeness(defaults, entry, where),
        ))
    return Sources(tuple(sites), defaults)


def load_sources(path: Path) -> Sources:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourcesError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise SourcesError(f"{path}: not valid YAML ({exc})") from None
    return parse_sources(data, str(path))


def sources_for_urls(urls: list[str], defaults: Politeness | None = None) -> Sources:
    """URLs given on the command line: one site per host, each URL a seed (listing or report), default politeness."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        if not is_web_url(url):
            raise SourcesError(f"not an http(s) URL: {url!r}")
        by_host.setdefault(host_of(url), []).append(url)
    politeness = defaults or Politeness()
    return Sources(tuple(Site(name=host, seeds=tuple(seeds), politeness=politeness)
                         for host, seeds in by_host.items()), politeness)
