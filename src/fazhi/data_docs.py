"""Great Expectations Data Docs for one run, readable offline.

GX renders its pages with Bootstrap, jQuery, Font Awesome and Vega from CDNs, a logo from S3 (with the context id
in the query string) and an index page whose tables only exist once those scripts ran. A warehouse's maintainers
read the docs from the state folder, possibly without a network, so each page is post-processed: every external
script, stylesheet and image is removed, a small local stylesheet (with text glyphs for the status icons) is inlined,
and the index is replaced by a static page listing the run's checks. Nothing on the pages loads from the network.
"""
from __future__ import annotations

import html
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Iterable

KEEP_RUNS = 20  # Data Docs folders kept per warehouse (one per run, oldest removed first)

_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.I | re.S)  # they all drive the CDN libraries
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_EXTERNAL_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_EXTERNAL_CSS_URL = re.compile(r"url\(\s*[\"']?(?:https?:)?//[^)]*\)", re.I)
_FOOTER = re.compile(r"<footer\b.*?</footer>", re.I | re.S)  # newsletter and tutorial links

OFFLINE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif; margin: 0 1.5rem 2rem;
       color: #212529; font-size: 14px; }
a { color: #0b5ed7; }
.navbar, .d-none, .cooltip .top, .btn, .nav-tabs { display: none; }
.row { display: flex; flex-wrap: wrap; }
.col-12 { flex: 0 0 100%; max-width: 100%; }
.col-md-2, .col-lg-2 { flex: 0 0 16%; max-width: 16%; }
.col-md-10, .col-lg-10 { flex: 0 0 82%; max-width: 82%; }
.card { border: 1px solid #dee2e6; border-radius: 4px; margin: 0 0 1rem; }
.card-header { background: #f1f3f5; padding: .4rem .8rem; border-bottom: 1px solid #dee2e6; }
.card-body { padding: .4rem .8rem; }
.alert { padding: .4rem .8rem; border-radius: 4px; margin: .4rem 0; }
.alert-secondary { background: #e2e3e5; } .alert-danger { background: #f8d7da; } .alert-success { background: #d1e7dd; }
.badge { display: inline-block; padding: .1em .4em; border-radius: 4px; background: #e9ecef; }
table { border-collapse: collapse; margin: .4rem 0; max-width: 100%; }
th, td { border: 1px solid #dee2e6; padding: .25rem .5rem; vertical-align: top; text-align: left; }
th { background: #f8f9fa; }
pre, code { white-space: pre-wrap; word-break: break-word; }
.text-success { color: #198754; } .text-danger { color: #dc3545; } .text-warning { color: #b8860b; }
.fas, .fa, .far { font-style: normal; }
.fa-check-circle::before, .fa-check::before { content: "✔"; }
.fa-times::before, .fa-times-circle::before { content: "✘"; }
.fa-exclamation-triangle::before, .fa-exclamation-circle::before { content: "⚠"; }
.fa-question-circle::before, .fa-info-circle::before { content: "ⓘ"; }
.status-failed { color: #dc3545; font-weight: 600; } .status-passed { color: #198754; }
.severity-error { color: #dc3545; } .severity-quarantine { color: #b35c00; } .severity-warning { color: #8a6d00; }
"""


def make_offline(page: str) -> str:
    """A Data Docs page without anything loaded from the network, with the local stylesheet inlined."""
    page = _EXTERNAL_SCRIPT.sub("", page)
    page = _INLINE_SCRIPT.sub("", page)
    page = _EXTERNAL_LINK.sub("", page)
    page = _EXTERNAL_IMAGE.sub("", page)
    page = _EXTERNAL_CSS_URL.sub("none", page)
    page = _FOOTER.sub("", page)
    style = f"<style>{OFFLINE_CSS}</style>"
    return page.replace("</head>", style + "</head>", 1) if "</head>" in page else style + page


def index_page(run_id: str, checks: Iterable, validation_pages: dict[str, str], suite_pages: dict[str, str]) -> str:
    """A static index: the run's checks by suite (severity, outcome, what was observed), linking GX's pages."""
    by_suite: dict[str, list] = defaultdict(list)
    for check in checks:
        by_suite[check.suite].append(check)
    e = html.escape
    failed_total = sum(not c.success for cs in by_suite.values() for c in cs)
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>Fazhi Warehouse data quality — run {e(run_id)}</title><style>{OFFLINE_CSS}</style></head><body>",
        f"<h1>Data quality of run {e(run_id)}</h1>",
        f"<p>{sum(len(cs) for cs in by_suite.values())} checks in {len(by_suite)} suites, "
        f"<span class='{'status-failed' if failed_total else 'status-passed'}'>{failed_total} failed</span>. "
        "Severity: <b>error</b> blocks publishing, <b>quarantine</b> means impossible records were kept out of the "
        "facts, <b>warning</b> publishes and alerts.</p>",
        "<table><tr><th>suite</th><th>passed</th><th>failed</th><th>pages</th></tr>",
    ]
    for suite, cs in by_suite.items():
        failed = [c for c in cs if not c.success]
        links = []
        if suite in validation_pages:
            links.append(f"<a href='{e(validation_pages[suite])}'>validation result</a>")
        if suite in suite_pages:
            links.append(f"<a href='{e(suite_pages[suite])}'>expectation suite</a>")
        parts.append(
            f"<tr><td><a href='#{e(suite)}'>{e(suite)}</a></td><td>{len(cs) - len(failed)}</td>"
            f"<td class='{'status-failed' if failed else ''}'>{len(failed)}</td><td>{' · '.join(links)}</td></tr>")
    parts.append("</table>")
    for suite, cs in by_suite.items():
        parts.append(f"<h2 id='{e(suite)}'>{e(suite)}</h2><table><tr><th>status</th><th>severity</th><th>check</th>"
                     "<th>meaning</th><th>observed</th><th>records</th></tr>")
        for c in cs:
            status = "<span class='status-passed'>✔ passed</span>" if c.success else \
                "<span class='status-failed'>✘ failed</span>"
            parts.append(
                f"<tr><td>{status}</td><td class='severity-{e(c.severity)}'>{e(c.severity)}</td>"
                f"<td><code>{e(c.check_name)}</code></td><td>{e(c.description or '')}</td>"
                f"<td>{e(c.observed_value or '')}</td><td>{e(c.details or '') if not c.success else ''}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _first_page(folder: Path, site: Path) -> str | None:
    pages = sorted(folder.rglob("*.html")) if folder.is_dir() else []
    return pages[-1].relative_to(site).as_posix() if pages else None


def publish_site(site: Path, target: Path, run_id: str, checks: list, keep: int = KEEP_RUNS) -> Path:
    """Copy a built GX site into target/<run_id>, offline, with the static index; prune old runs. Returns index."""
    out = target / run_id
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(site, out, ignore=shutil.ignore_patterns("static"))  # styles are inlined; fonts, images unused
    for page in out.rglob("*.html"):
        page.write_text(make_offline(page.read_text(encoding="utf-8")), encoding="utf-8")
    suites = {c.suite for c in checks}
    validation_pages = {s: p for s in suites if (p := _first_page(out / "validations" / s, out))}
    suite_pages = {s: f"expectations/{s}.html" for s in suites if (out / "expectations" / f"{s}.html").exists()}
    index = out / "index.html"
    index.write_text(index_page(run_id, checks, validation_pages, suite_pages), encoding="utf-8")
    runs = sorted(p for p in target.iterdir() if p.is_dir())
    for old in runs[:-keep] if keep > 0 else []:
        if old != out:
            shutil.rmtree(old, ignore_errors=True)
    return index
