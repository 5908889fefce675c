"""One collect run: listings → report links → report pages → attachments, site by site, hosts side by side."""
from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from fazhi.collect import discover
from fazhi.collect.fetch import FetchFailed, Fetched, NotPermitted, PoliteFetcher
from fazhi.collect.sources import Site, Sources
from fazhi.collect.store import (
    ListingState, Sidecar, load_index, read_sidecar, relative_path_for, sidecar_path, write_atomic,
)

HTML_TYPES = {"text/html", "application/xhtml+xml"}
STATUSES = ("new", "changed", "unchanged", "failed", "skipped")


@dataclass(frozen=True)
class Outcome:
    url: str
    kind: str          # listing, page, attachment
    status: str        # new, changed, unchanged, failed, skipped (never requested); a listing page: listed
    site: str
    reason: str | None = None
    file: str | None = None  # relative to the raw folder, for what was written or is kept


@dataclass
class CollectSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicate_links: int = 0

    def counts(self) -> dict[str, int]:
        counted = Counter(o.status for o in self.outcomes if o.kind != "listing" or o.status in ("failed", "skipped"))
        return {status: counted.get(status, 0) for status in STATUSES}

    @property
    def written(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in ("new", "changed")]

    def lines(self) -> list[str]:
        """The summary people read: counts, then each failure and skip with its reason, then the warnings."""
        counts = self.counts()
        out = [", ".join(f"{status} {counts[status]}" for status in STATUSES)
               + (f" (duplicate links ignored: {self.duplicate_links})" if self.duplicate_links else "")]
        for o in self.outcomes:
            if o.status in ("failed", "skipped"):
                out.append(f"{o.status} {o.kind} {o.url}: {o.reason}")
            elif o.status in ("new", "changed"):
                out.append(f"{o.status} {o.kind} {o.file}" + (f" ({o.reason})" if o.reason else ""))
        out += [f"warning: {w}" for w in self.warnings]
        return out


class _Run:
    def __init__(self, sources: Sources, raw_dir: Path, fetcher: PoliteFetcher, log: logging.Logger):
        self.sources, self.raw_dir, self.fetcher, self.log = sources, raw_dir, fetcher, log
        self.index = load_index(raw_dir)
        self.listings = ListingState(raw_dir)
        self.summary = CollectSummary()
        self.lock = threading.Lock()
        self.claimed: set[str] = set()  # every URL is fetched once per run, whoever links to it

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.summary.outcomes.append(outcome)
        level = logging.WARNING if outcome.status == "failed" else logging.INFO
        self.log.log(level, "%s %s %s%s", outcome.status, outcome.kind, outcome.url,
                     f": {outcome.reason}" if outcome.reason else "")

    def claim(self, url: str) -> bool:
        with self.lock:
            if url in self.claimed:
                self.summary.duplicate_links += 1
                return False
            self.claimed.add(url)
            return True

    # --- a site -----------------------------------------------------------------------------------------------

    def collect_site(self, site: Site) -> None:
        patterns = site.link_regexes()
        reports: list[tuple[discover.Link, str | None, Fetched | None]] = []
        for listing in site.listings:
            found = self.walk_listing(site, listing, patterns)
            if found is None:
                continue
            if not found:
                self.warn(f"{site.name}: listing {listing} has no report links (the layout changed, or the "
                          "link patterns no longer match)")
            reports += [(link, listing, None) for link in found]
        reports += [(discover.Link(url, ""), None, None) for url in site.reports]
        for url in site.seeds:
            reports += self.seed(site, url, patterns)
        for link, listing, prefetched in reports:
            if self.claim(link.url):
                self.collect_report(site, link, listing, prefetched)

    def warn(self, text: str) -> None:
        with self.lock:
            self.summary.warnings.append(text)
        self.log.warning("%s", text)

    def allowed(self, site: Site, attachment: bool = False):
        return lambda url: site.allows(url, attachment)

    def walk_listing(self, site: Site, url: str, patterns) -> list[discover.Link] | None:
        """The report links of a listing and its next pages; None when its first page could not be fetched."""
        links: list[discover.Link] = []
        seen_pages: set[str] = set()
        page: str | None = url
        while page and page not in seen_pages and len(seen_pages) < site.politeness.max_listing_pages:
            seen_pages.add(page)
            with self.lock:
                state = dict(self.listings.pages.get(page) or {})
            try:
                fetched = self.fetcher.fetch(page, site.politeness, self.allowed(site), state.get("etag"),
                                             state.get("last_modified"))
            except FetchFailed as exc:
                self.record(Outcome(page, "listing", "skipped" if isinstance(exc, NotPermitted) else "failed",
                                    site.name, exc.reason))
                return None if page == url else links
            if fetched.status == 304 and "links" in state:
                found = [discover.Link(u, t) for u, t in state["links"]]
                following = state.get("next")
                self.record(Outcome(page, "listing", "listed", site.name, f"HTTP 304, {len(found)} report links"))
            else:
                root = discover.parse_page(fetched.content, fetched.declared_charset)
                found = discover.report_links(root, fetched.final_url, patterns)
                following = discover.next_page(root, fetched.final_url)
                with self.lock:
                    self.listings.pages[page] = {"etag": fetched.etag, "last_modified": fetched.last_modified,
                                                 "links": [[link.url, link.text] for link in found],
                                                 "next": following}
                self.record(Outcome(page, "listing", "listed", site.name, f"{len(found)} report links"))
            links += found
            page = following
        return links

    def seed(self, site: Site, url: str, patterns) -> list[tuple[discover.Link, str | None, Fetched | None]]:
        """A URL from the command line: a listing when it links to reports and is not one itself, else a report."""
        link = discover.Link(url, "")
        if url in self.index:  # collected before as a report
            return [(link, None, None)]
        try:
            fetched = self.fetcher.fetch(url, site.politeness, self.allowed(site))
        except FetchFailed as exc:
            self.claim(url)  # not asked again in this run
            self.record(Outcome(url, "page", "skipped" if isinstance(exc, NotPermitted) else "failed", site.name,
                                exc.reason))
            return []
        if fetched.content_type not in HTML_TYPES:
            return [(link, None, fetched)]
        root = discover.parse_page(fetched.content, fetched.declared_charset)
        found = discover.report_links(root, fetched.final_url, patterns)
        is_report = any(p.search(discover.page_title(root)) for p in patterns)
        if is_report or not found:
            return [(link, None, fetched)]
        self.record(Outcome(url, "listing", "listed", site.name, f"{len(found)} report links"))
        return [(found_link, url, None) for found_link in found]

    # --- a report page and its attachments ------------------------------------------------------------------

    def collect_report(self, site: Site, link: discover.Link, listing: str | None,
                       prefetched: Fetched | None = None) -> None:
        result = self.fetch_and_store(site, link.url, "page", listing=listing, link_text=link.text,
                                      prefetched=prefetched)
        if result is None:
            return
        fetched, relative = result
        if fetched.content_type not in HTML_TYPES:
            return  # the listing linked straight to the report file
        data = fetched.content if fetched.status != 304 else (self.raw_dir / relative).read_bytes()
        root = discover.parse_page(data, fetched.declared_charset)
        attachments = []
        for attachment in discover.attachment_links(root, fetched.final_url, site.attachment_suffixes):
            if not self.claim(attachment.url):
                continue
            stored = self.fetch_and_store(site, attachment.url, "attachment", listing=listing,
                                          link_text=attachment.text, page_url=link.url)
            with self.lock:
                before = self.index.get(attachment.url)
            if stored is not None or before is not None:  # one that failed now keeps the copy collected before
                attachments.append({"url": attachment.url, "file": stored[1] if stored else before[0]})
        sidecar_file = sidecar_path(self.raw_dir / relative)
        sidecar = read_sidecar(self.raw_dir / relative)
        if sidecar is not None and sidecar.get("attachments") != attachments:
            sidecar["attachments"] = attachments
            write_atomic(sidecar_file, (Sidecar(**sidecar).to_json()).encode("utf-8"))

    def fetch_and_store(self, site: Site, url: str, kind: str, *, listing: str | None, link_text: str | None,
                        page_url: str | None = None, prefetched: Fetched | None = None) -> tuple[Fetched, str] | None:
        """Fetch a URL (conditionally when collected before) and write it with its sidecar when it is new or
        changed; (what was fetched, its file relative to the raw folder), or None when it failed."""
        with self.lock:
            before = self.index.get(url)
        previous = before[1] if before else {}
        try:
            fetched = prefetched or self.fetcher.fetch(
                url, site.politeness, self.allowed(site, attachment=kind == "attachment"), previous.get("etag"),
                previous.get("last_modified"))
        except FetchFailed as exc:
            kept = f"; the copy fetched {previous.get('fetched_at')} is kept" if before else ""
            self.record(Outcome(url, kind, "skipped" if isinstance(exc, NotPermitted) else "failed", site.name,
                                exc.reason + kept, before[0] if before else None))
            return None
        if fetched.status == 304:
            if before is None:  # a validator we did not send cannot be answered: nothing to keep
                self.record(Outcome(url, kind, "failed", site.name, "HTTP 304 to an unconditional request"))
                return None
            # a 304 carries no body and often no Content-Type: what we have is what was fetched last time
            fetched = replace(fetched, content_type=previous.get("content_type"),
                              declared_charset=previous.get("declared_charset"))
            kind = previous.get("kind") or kind
            self.record(Outcome(url, kind, "unchanged", site.name, "HTTP 304", before[0]))
            return fetched, before[0]
        if kind == "page" and fetched.content_type not in HTML_TYPES:
            kind = "attachment"  # the listing linked straight to the report file
        sha = hashlib.sha256(fetched.content).hexdigest()
        if before and previous.get("sha256") == sha:  # a server without validators sent the same bytes again
            self.record(Outcome(url, kind, "unchanged", site.name, "same content", before[0]))
            return fetched, before[0]
        relative = before[0] if before else relative_path_for(fetched.final_url if fetched.final_url != url
                                                              else url, fetched.content_type)
        path = self.raw_dir / relative
        sidecar = Sidecar(
            url=url, final_url=fetched.final_url, status=fetched.status,
            fetched_at=fetched.fetched_at.isoformat(timespec="seconds") + "Z", content_type=fetched.content_type,
            declared_charset=fetched.declared_charset, etag=fetched.etag, last_modified=fetched.last_modified,
            sha256=sha, byte_size=len(fetched.content), kind=kind, site=site.name, region_code=site.region_code,
            listing_url=listing, link_text=link_text or None, page_url=page_url,
            attachments=previous.get("attachments") or [],
        )
        write_atomic(path, fetched.content)  # the file first: a sidecar never describes bytes that are not there
        write_atomic(sidecar_path(path), sidecar.to_json().encode("utf-8"))
        with self.lock:
            self.index[url] = (relative, sidecar.__dict__)
        self.record(Outcome(url, kind, "changed" if before else "new", site.name, _unreadable(path), relative))
        return fetched, relative


def _unreadable(path: Path) -> str | None:
    """Why landing will reject a file just written (a scanned PDF, a .doc …), said now; None when it reads."""
    from fazhi.extract import SUPPORTED_SUFFIXES, UnreadableFile, extract_text, unsupported_reason

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"landing will reject it: {unsupported_reason(suffix)}"
    if suffix in (".pdf", ".docx"):
        try:
            extract_text(path.read_bytes(), suffix)
        except UnreadableFile as exc:
            return f"landing will reject it: {exc}"
    return None


def collect(sources: Sources, raw_dir: Path, *, fetcher: PoliteFetcher | None = None,
            log: logging.Logger | logging.LoggerAdapter | None = None) -> CollectSummary:
    """Collect every site of `sources` into raw_dir/web/; sites run side by side, each host one request at a time."""
    log = log or logging.getLogger("fazhi.collect")
    raw_dir = Path(raw_dir)
    owned = fetcher is None
    fetcher = fetcher or PoliteFetcher()
    run = _Run(sources, raw_dir, fetcher, log)
    try:
        workers = max(1, min(sources.defaults.max_concurrent_hosts, len(sources.sites)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="collect") as pool:
            for future in [pool.submit(run.collect_site, site) for site in sources.sites]:
                future.result()
        run.listings.save()
    finally:
        if owned:
            fetcher.close()
    return run.summary
