"""The collector against a real HTTP server on loopback (tests/collect/fake_gov_site.py): what it collects, what it
never requests, its pace per host, its conditional second run, and the reasons it gives for what failed."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from fazhi.collect import Politeness, collect, parse_sources
from fazhi.collect.fetch import retry_after_seconds

from fake_gov_site import build_portal, report_html

DELAY = 0.05
MAX_BYTES = 200_000
FAST = Politeness(delay_seconds=DELAY, timeout_seconds=0.4, retries=1, backoff_seconds=0.01, max_bytes=MAX_BYTES)


@pytest.fixture
def portal():
    site = build_portal(MAX_BYTES)
    yield site
    site.close()


def sources_for(portal, only_other: bool = False, **overrides):
    defaults = {k: getattr(FAST, k) for k in ("delay_seconds", "timeout_seconds", "retries", "backoff_seconds",
                                              "max_bytes")}
    defaults.update(overrides)
    sites = [
        {"name": "吉州区人民政府", "region_code": "360802", "listings": [f"{portal.main.base}/col/index.html"]},
        {"name": "青原区人民政府", "region_code": "360803", "listings": [f"{portal.other.base}/fzzf/"]},
    ]
    return parse_sources({"defaults": defaults, "sites": sites[1:] if only_other else sites})


# The collector spaces the starts of its requests; the server sees them arrive with scheduling jitter (tens of ms on
# a loaded machine). Over k requests the span still has to reach k × delay, which an unpaced client misses by far.
JITTER = 0.1


def assert_paced(times: list[float], delay: float) -> None:
    """No burst: any k consecutive gaps between request arrivals span at least k × delay (less the jitter)."""
    for i in range(len(times)):
        for j in range(i + 1, len(times)):
            assert times[j] - times[i] >= (j - i) * delay - JITTER, (i, j, times[j] - times[i])


def by_url(summary):
    return {o.url: o for o in summary.outcomes}


def test_collects_the_reports_and_says_why_the_rest_failed(portal, tmp_path):
    summary = collect(sources_for(portal), tmp_path)
    main, other = portal.main.base, portal.other.base
    outcomes = by_url(summary)

    written = {o.url for o in summary.written}
    assert written == {
        f"{main}/art/2023/report.html", f"{main}/files/2023_report.pdf",  # a page and its PDF
        f"{main}/art/2022/report.html",                                   # GBK without a charset anywhere
        f"{main}/files/2021_report.docx",                                  # a listing linking the file itself
        f"{main}/art/2019/report.html", f"{main}/art/2019/2019_attachment.docx",
        f"{main}/art/busy.html",                                           # after a 429 and its Retry-After
        f"{main}/art/flaky.html",                                          # after a 503
        f"{main}/art/scan.html", f"{main}/files/scan.pdf",                 # saved; landing will reject the scan
        f"{main}/art/huge.html",
        f"{other}/fzzf/2023.html",
    }
    assert "timed out" in outcomes[f"{main}/art/slow.html"].reason
    assert "redirect loop" in outcomes[f"{main}/art/loop.html"].reason
    assert outcomes[f"{main}/art/gone.html"].reason.startswith("HTTP 404")
    assert "login page" in outcomes[f"{main}/art/members.html"].reason
    assert "another host" in outcomes[f"{main}/art/offsite.html"].reason
    assert "too large" in outcomes[f"{main}/files/huge.pdf"].reason
    assert "without a text layer" in outcomes[f"{main}/files/scan.pdf"].reason
    assert outcomes[f"{main}/private/2020.html"].status == "skipped"
    assert outcomes[f"{main}/private/2020.html"].reason == "disallowed by robots.txt"
    assert outcomes[f"{portal.foreign.base}/art/2023.html"].status == "skipped"
    assert summary.duplicate_links >= 1
    assert summary.counts()["new"] == len(written)
    text = "\n".join(summary.lines())
    assert "failed page" in text and "redirect loop" in text and "disallowed by robots.txt" in text

    # never requested: the disallowed path, anything on the foreign host, the login page
    assert portal.main.requested("/private/") == []
    assert portal.foreign.log == []
    assert portal.main.requested("/sso/") == []
    # each URL once (the duplicate link was not fetched twice); robots.txt read once per host
    assert len(portal.main.requested("/art/2023/report.html")) == 1
    assert len(portal.main.requested("/robots.txt")) == len(portal.other.requested("/robots.txt")) == 1
    # retries: 429 and 503 retried once each, the slow page tried retries + 1 times, a 404 never retried
    assert len(portal.main.requested("/art/busy.html")) == 2
    assert len(portal.main.requested("/art/flaky.html")) == 2
    assert len(portal.main.requested("/art/slow.html")) == 2
    assert len(portal.main.requested("/art/gone.html")) == 1

    # one request at a time per host, DELAY apart, and the Retry-After honoured
    for host in (portal.main, portal.other):
        assert_paced([entry.at for entry in host.log], DELAY)
    busy = portal.main.requested("/art/busy.html")
    assert busy[1].at - busy[0].at >= 1.0
    # a clear User-Agent on every request
    assert all(entry.headers["user-agent"].startswith("FazhiWarehouse/") for entry in portal.main.log)

    # the files and their sidecars
    page = tmp_path / "web" / f"127.0.0.1_{portal.main.port}" / "art" / "2022" / "report.html"
    assert page.read_bytes() == report_html(2022, charset=None).encode("gbk")
    sidecar = json.loads(page.with_name("report.html.sidecar.json").read_text(encoding="utf-8"))
    assert sidecar["url"] == sidecar["final_url"] == f"{main}/art/2022/report.html"
    assert sidecar["status"] == 200 and sidecar["content_type"] == "text/html"
    assert sidecar["declared_charset"] is None and sidecar["etag"] is None and sidecar["last_modified"]
    assert sidecar["listing_url"] == f"{main}/col/index.html"
    assert sidecar["link_text"] == "吉州区2022年法治政府建设年度报告"
    assert sidecar["region_code"] == "360802" and sidecar["kind"] == "page" and sidecar["fetched_at"].endswith("Z")
    pdf = json.loads((page.parents[1] / ".." / "files" / "2023_report.pdf.sidecar.json").resolve()
                     .read_text(encoding="utf-8"))
    assert pdf["kind"] == "attachment" and pdf["page_url"] == f"{main}/art/2023/report.html"
    assert pdf["content_type"] == "application/pdf" and pdf["etag"].startswith('"')
    report_page = json.loads((page.parents[1] / "2023" / "report.html.sidecar.json").read_text(encoding="utf-8"))
    assert report_page["attachments"] == [{"url": f"{main}/files/2023_report.pdf",
                                           "file": f"web/127.0.0.1_{portal.main.port}/files/2023_report.pdf"}]
    assert not (tmp_path / "web" / f"127.0.0.1_{portal.main.port}" / "files" / "huge.pdf").exists()


def test_a_second_collect_asks_conditionally_and_writes_nothing_then_only_the_changed_page(portal, tmp_path):
    sources = sources_for(portal)
    collect(sources, tmp_path)
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / "web").rglob("*") if p.is_file()}
    first_requests = len(portal.main.log)

    again = collect(sources, tmp_path)
    assert again.written == []
    assert again.counts()["unchanged"] >= 10, again.lines() + [str(o) for o in again.outcomes]
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "web").rglob("*") if p.is_file()} == files
    second = portal.main.log[first_requests:]
    fetched_before = {"/col/index.html", "/col/index_1.html", "/art/2023/report.html", "/files/2023_report.pdf",
                      "/art/2022/report.html", "/files/2021_report.docx", "/art/flaky.html"}
    for entry in second:
        if entry.path in fetched_before:
            assert "if-none-match" in entry.headers or "if-modified-since" in entry.headers, entry.path
    gbk = [e for e in second if e.path == "/art/2022/report.html"]
    assert gbk and "if-modified-since" in gbk[0].headers and "if-none-match" not in gbk[0].headers

    # the site changes one report page: the third collect rewrites exactly that file
    portal.main.routes["/art/2019/report.html"].body = report_html(2019, attachment="2019_attachment.docx").replace(
        "评查案卷386卷", "评查案卷390卷").encode()
    third = collect(sources, tmp_path)
    assert [(o.status, o.url) for o in third.written] == [("changed", f"{portal.main.base}/art/2019/report.html")]


def test_a_404_keeps_what_was_collected_before(portal, tmp_path):
    sources = sources_for(portal, only_other=True)
    collect(sources, tmp_path)
    page = tmp_path / "web" / f"127.0.0.1_{portal.other.port}" / "fzzf" / "2023.html"
    kept = page.read_bytes()
    del portal.other.routes["/fzzf/2023.html"]
    summary = collect(sources, tmp_path)
    gone = by_url(summary)[f"{portal.other.base}/fzzf/2023.html"]
    assert gone.status == "failed" and gone.reason.startswith("HTTP 404") and "is kept" in gone.reason
    assert page.read_bytes() == kept and page.with_name("2023.html.sidecar.json").exists()


def test_a_listing_that_lost_its_links_is_a_warning(portal, tmp_path):
    portal.other.routes["/fzzf/"].body = "<html><body><div class='newlayout'>栏目改版中</div></body></html>".encode()
    summary = collect(sources_for(portal, only_other=True), tmp_path)
    assert any("no report links" in w and "/fzzf/" in w for w in summary.warnings)
    assert any(line.startswith("warning:") for line in summary.lines())


def test_robots_crawl_delay_slows_the_host_down(portal, tmp_path):
    portal.other.routes["/robots.txt"] = portal.main.routes["/robots.txt"].__class__(
        b"User-agent: *\nCrawl-delay: 0.3\n", "text/plain")
    collect(sources_for(portal, only_other=True), tmp_path)
    times = [entry.at for entry in portal.other.log]
    assert len(times) == 3  # robots.txt, the listing, the report
    assert_paced(times, 0.3)


def test_a_retry_after_longer_than_the_limit_gives_up_for_this_run(portal, tmp_path):
    portal.main.routes["/art/busy.html"].script = [(429, {"Retry-After": "3600"})]
    summary = collect(sources_for(portal, max_retry_after_seconds=5), tmp_path)
    busy = by_url(summary)[f"{portal.main.base}/art/busy.html"]
    assert busy.status == "failed" and "3600 s" in busy.reason
    assert len(portal.main.requested("/art/busy.html")) == 1


def test_an_unreachable_robots_txt_fetches_nothing_from_that_host(portal, tmp_path):
    portal.other.routes["/robots.txt"] = replace(portal.main.routes["/robots.txt"], status=500, body=b"oops")
    summary = collect(sources_for(portal, only_other=True), tmp_path)
    listing = by_url(summary)[f"{portal.other.base}/fzzf/"]
    assert listing.status == "skipped" and "robots.txt could not be read (HTTP 500" in listing.reason
    assert all(entry.path == "/robots.txt" for entry in portal.other.log)


@pytest.mark.parametrize("value, expected", [("120", 120.0), (None, None), ("soon", None),
                                             ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_retry_after_reads_seconds_and_dates(value, expected):
    assert retry_after_seconds(value) == expected


def test_urls_from_the_command_line_are_told_apart_as_listing_or_report(portal, tmp_path):
    from fazhi.collect import sources_for_urls

    sources = sources_for_urls([f"{portal.other.base}/fzzf/", f"{portal.main.base}/art/2019/report.html",
                                f"{portal.main.base}/art/gone.html"], FAST)
    summary = collect(sources, tmp_path)
    assert {(o.kind, o.status, o.url) for o in summary.outcomes if o.status != "listed"} == {
        ("page", "new", f"{portal.other.base}/fzzf/2023.html"),         # found on the listing given
        ("page", "new", f"{portal.main.base}/art/2019/report.html"),    # the report given
        ("attachment", "new", f"{portal.main.base}/art/2019/2019_attachment.docx"),
        ("page", "failed", f"{portal.main.base}/art/gone.html"),
    }
    assert len(portal.main.requested("/art/2019/report.html")) == 1  # told apart without fetching it twice
    assert len(portal.main.requested("/art/gone.html")) == 1
    assert portal.main.requested("/col/") == []  # nothing beyond what was given and what it links to


def test_a_listing_without_links_alerts_the_maintainers(portal, tmp_path, monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from fazhi import alerts
    from fazhi.collect.report import collect_alert
    from fazhi.settings import load_alert_settings

    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("FAZHI_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{server.server_address[1]}/hook")
        portal.other.routes["/fzzf/"].body = "<html><body><p>栏目改版中</p></body></html>".encode()
        summary = collect(sources_for(portal, only_other=True), tmp_path)
        report = collect_alert(summary, str(tmp_path))
        assert alerts.send_alert(report, load_alert_settings(), attempts=1) == {"webhook": True}
    finally:
        server.shutdown()
        server.server_close()
    (payload,) = received
    assert payload["status"] == "collected_with_warnings"
    assert "no report links" in payload["text"] and f"{portal.other.base}/fzzf/" in payload["text"]
    # a listing that still has its links says nothing
    portal.other.routes["/fzzf/"] = replace(portal.other.routes["/fzzf/2023.html"], body=listing_with_report())
    assert collect_alert(collect(sources_for(portal, only_other=True), tmp_path / "again"), "x") is None


def listing_with_report() -> bytes:
    from fake_gov_site import listing

    return listing([("/fzzf/2023.html", "青原区2023年法治政府建设情况报告")])


def test_a_sources_file_with_a_mistake_says_where(tmp_path):
    from fazhi.collect import SourcesError, load_sources

    cases = {
        "sites: [{name: a, listings: [ftp://x.example/]}]": "not an http(s) URL",
        "sites: [{name: a, listing: [https://x.example/]}]": "unknown keys ['listing']",
        "sites: [{name: a, listings: [https://x.example/], region_code: 3608}]": "6 digits",
        "sites: [{name: a, listings: [https://x.example/], delay_seconds: soon}]": "delay_seconds must be a float",
        "sites: [{name: a}]": "at least one listing",
        "defaults: {delay: 1}\nsites: []": "unknown keys ['delay']",
        "sites: [{name: a, listings: [https://x.example/], link_patterns: ['(']}]": "not a regular expression",
    }
    for text, message in cases.items():
        path = tmp_path / "sources.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(SourcesError, match=re.escape(message)):
            load_sources(path)
