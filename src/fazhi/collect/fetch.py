"""Polite HTTP: robots.txt, one request at a time per host with a delay, Retry-After, retries, redirects, size cap.

httpx does the HTTP, protego reads robots.txt, tenacity times the retries; this module only decides what a crawler
people trust must do with them:

- every request to a host waits for that host's turn (`HostGate`): one at a time, starts at least `delay_seconds`
  (or the site's robots.txt `Crawl-delay`, whichever is longer) apart, and no sooner than a `Retry-After` the host
  sent;
- robots.txt is read once per host and obeyed for every URL, redirect targets included (RFC 9309: a 4xx robots.txt
  allows everything, an unreachable one or a 5xx allows nothing);
- timeouts, connection errors, 5xx and 429 are retried with exponential backoff; any other 4xx is final;
- redirects are followed by hand, each hop checked (http(s) only, a permitted host, robots.txt, not a login page, no
  loop) and limited in number;
- a body larger than `max_bytes` is abandoned while it streams.
"""
from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from fazhi.collect.sources import Politeness, host_of, is_web_url

# Where a redirect lands when a site wants a login instead of serving the page.
LOGIN_RE = re.compile(r"(?:^|[/._?=-])(?:login|logon|signin|sign-in|passport|sso|cas|auth|oauth)(?:$|[/._?=-])",
                      re.IGNORECASE)
ROBOTS_TOKEN = "FazhiWarehouse"  # the product token robots.txt groups name
MAX_CRAWL_DELAY_SECONDS = 60.0   # a larger Crawl-delay is read as this (one request a minute)


class FetchFailed(Exception):
    """The URL could not be fetched; `reason` is the plain explanation recorded in the collect summary."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.reason, self.status = reason, status


class NotPermitted(FetchFailed):
    """The URL was not requested at all: robots.txt disallows it, or it is not on a permitted host or scheme."""


class _Transient(Exception):
    """A failure worth another attempt (timeout, connection error, 5xx, 429)."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.reason, self.status = reason, status


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int                 # 200, or 304 when the validators sent still hold
    content: bytes              # empty for a 304
    content_type: str | None    # media type without parameters, lower case
    declared_charset: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime        # UTC, naive


class HostGate:
    """One request at a time to a host, and a pause between requests."""

    def __init__(self, delay: float):
        self.delay = delay
        self._lock = threading.Lock()
        self._next_at = 0.0

    @contextmanager
    def turn(self, sleep: Callable[[float], None] = time.sleep) -> Iterator[None]:
        """Wait for the host's turn and hold it for one request: the next one starts `delay` after this one
        started (as Scrapy's download delay), and never before this one has ended."""
        with self._lock:
            wait = self._next_at - time.monotonic()
            if wait > 0:
                sleep(wait)
            started = time.monotonic()
            try:
                yield
            finally:
                self._next_at = max(self._next_at, started + self.delay)

    def defer(self, seconds: float) -> None:
        """The host asked for a pause (Retry-After): no request before it ends."""
        self._next_at = max(self._next_at, time.monotonic() + seconds)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count:,} bytes"


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    if not content_type:
        return None, None
    media, _, params = content_type.partition(";")
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:\-]+)", params, re.IGNORECASE)
    return media.strip().lower() or None, match.group(1).lower() if match else None


class PoliteFetcher:
    """Fetches URLs for the collector; safe to share between threads (one per host at a time)."""

    def __init__(self, client: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep):
        # redirects are followed by hand (each hop is checked); the client's own pool serves every thread
        self._client = client or httpx.Client(follow_redirects=False, http2=False)
        self._owns_client = client is None
        self._sleep = sleep
        self._gates: dict[str, HostGate] = {}
        self._robots: dict[str, Protego | str | None] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- per host: the gate and robots.txt -------------------------------------------------------------------

    def _gate(self, host: str, politeness: Politeness) -> HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = HostGate(politeness.delay_seconds)
            gate.delay = max(gate.delay, politeness.delay_seconds)  # two sites on one host: the slower pace
            return gate

    def _robots_for(self, url: str, politeness: Politeness) -> Protego | str | None:
        """The host's robots rules: a Protego, None (everything allowed) or a reason nothing is allowed."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            if key in self._robots:
                return self._robots[key]
        try:
            status, headers, body = self._request(f"{key}/robots.txt", politeness, {})
        except FetchFailed as exc:
            rules: Protego | str | None = f"robots.txt could not be read ({exc.reason}): nothing is fetched"
        else:
            if 200 <= status < 300:
                rules = Protego.parse(body.decode("utf-8", errors="replace"))
                delay = rules.crawl_delay(ROBOTS_TOKEN)
                if delay:
                    gate = self._gate(host_of(url), politeness)
                    gate.delay = max(gate.delay, min(float(delay), MAX_CRAWL_DELAY_SECONDS))
                    gate.defer(gate.delay)  # already from robots.txt itself to the next request
            elif 500 <= status:
                rules = f"robots.txt answered HTTP {status}: nothing is fetched"
            else:
                rules = None  # 3xx/4xx: no robots.txt, everything is allowed (RFC 9309 §2.3.1.3)
        with self._lock:
            self._robots.setdefault(key, rules)
            return self._robots[key]

    def check_permitted(self, url: str, politeness: Politeness, allowed: Callable[[str], bool]) -> None:
        """Raise NotPermitted, before any request to it, for a URL the collector must not fetch."""
        if not is_web_url(url):
            raise NotPermitted(f"not an http(s) URL: {url}")
        if not allowed(url):
            raise NotPermitted(f"host {host_of(url)} is not one of the site's hosts in the sources file")
        rules = self._robots_for(url, politeness)
        if isinstance(rules, str):
            raise NotPermitted(rules)
        if rules is not None and not rules.can_fetch(url, ROBOTS_TOKEN):
            raise NotPermitted("disallowed by robots.txt")

    # --- one request, retried ---------------------------------------------------------------------------------

    def _request_once(self, url: str, politeness: Politeness, headers: dict) -> tuple[int, httpx.Headers, bytes]:
        gate = self._gate(host_of(url), politeness)
        with gate.turn(self._sleep):
            started = time.monotonic()
            try:
                with self._client.stream("GET", url, headers={"User-Agent": politeness.user_agent, **headers},
                                         timeout=politeness.timeout_seconds) as response:
                    status = response.status_code
                    if status in (429, 503):
                        wait = retry_after_seconds(response.headers.get("retry-after"))
                        if wait is not None and wait > politeness.max_retry_after_seconds:
                            raise FetchFailed(f"HTTP {status} asking to retry after {wait:.0f} s (more than "
                                              f"{politeness.max_retry_after_seconds:.0f} s): try in a later run",
                                              status)
                        if wait is not None:
                            gate.defer(wait)
                        raise _Transient(f"HTTP {status}" + (f" (Retry-After {wait:.0f} s)" if wait is not None
                                                             else ""), status)
                    if status >= 500:
                        raise _Transient(f"HTTP {status}", status)
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > politeness.max_bytes:
                        raise FetchFailed(f"too large ({_size(int(declared))}, limit "
                                          f"{_size(politeness.max_bytes)})", status)
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > politeness.max_bytes:
                            raise FetchFailed(f"too large (more than {_size(politeness.max_bytes)})", status)
                        if time.monotonic() - started > 4 * politeness.timeout_seconds:
                            raise _Transient(f"timed out (body still arriving after "
                                             f"{4 * politeness.timeout_seconds:.0f} s)")
                        chunks.append(chunk)
                    return status, response.headers, b"".join(chunks)
            except httpx.TimeoutException:
                raise _Transient(f"timed out (no answer within {politeness.timeout_seconds:g} s)") from None
            except httpx.TransportError as exc:
                raise _Transient(f"connection failed ({type(exc).__name__}: {exc})") from None

    def _request(self, url: str, politeness: Politeness, headers: dict) -> tuple[int, httpx.Headers, bytes]:
        attempts = politeness.retries + 1
        try:
            for attempt in Retrying(stop=stop_after_attempt(attempts), reraise=True,
                                    retry=retry_if_exception_type(_Transient), sleep=self._sleep,
                                    wait=wait_exponential(multiplier=politeness.backoff_seconds,
                                                          max=max(politeness.backoff_seconds * 8, 0.001))):
                with attempt:
                    return self._request_once(url, politeness, headers)
        except _Transient as exc:
            raise FetchFailed(f"{exc.reason}; gave up after {attempts} attempts", exc.status) from None
        raise AssertionError("unreachable")

    # --- a URL, with its redirects ------------------------------------------------------------------------------

    def fetch(self, url: str, politeness: Politeness, allowed: Callable[[str], bool],
              etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET a URL politely: Fetched with status 200 (or 304 when etag/last_modified still hold); else raises
        NotPermitted (nothing was requested) or FetchFailed (with the reason)."""
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        for _hop in range(politeness.max_redirects + 1):
            self.check_permitted(current, politeness, allowed)
            status, headers, body = self._request(current, politeness, conditional)
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                target = urljoin(current, headers["location"].strip())
                if LOGIN_RE.search(urlsplit(target).path + "?" + urlsplit(target).query) or \
                        LOGIN_RE.search(urlsplit(target).netloc.split(".")[0]):
                    raise FetchFailed(f"redirected to a login page ({target})", status)
                if target in seen:
                    raise FetchFailed(f"redirect loop ({' → '.join(seen + [target])})", status)
                if is_web_url(target) and not allowed(target):
                    raise FetchFailed(f"redirected to another host ({host_of(target)}, not one of the site's hosts)",
                                      status)
                seen.append(target)
                current = target
                continue
            if status == 304:
                return self._fetched(url, current, status, headers, b"")
            if status in (404, 410):
                raise FetchFailed(f"HTTP {status} ({'not found' if status == 404 else 'gone'})", status)
            if status >= 400 or status < 200 or status >= 300:
                raise FetchFailed(f"HTTP {status}", status)
            return self._fetched(url, current, status, headers, body)
        raise FetchFailed(f"too many redirects (more than {politeness.max_redirects}: {' → '.join(seen)})")

    @staticmethod
    def _fetched(url: str, final_url: str, status: int, headers: httpx.Headers, body: bytes) -> Fetched:
        media, charset = _media_type(headers.get("content-type"))
        return Fetched(url=url, final_url=final_url, status=status, content=body, content_type=media,
                       declared_charset=charset, etag=headers.get("etag"), last_modified=headers.get("last-modified"),
                       fetched_at=datetime.now(timezone.utc).replace(tzinfo=None))
