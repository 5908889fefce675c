"""The report site `fazhi run` publishes, opened in headless Chromium (Debian's `chromium`, driven by Playwright;
`make test-setup` installs it): from a real static HTTP server on loopback and from file://, for the warehouse of
the sample reports and of a generated corpus. Every page loads without a console error and without a request
leaving the machine, charts are SVG with one mark per row of the table behind them, a region page shows a figure
with its source sentence, and a screenshot of each page kind is saved under tests/output/site/ (ignored by git)."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from generate_corpus import write_corpus

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "output" / "site"
ALL_CHARTS_DONE = ("Array.from(document.querySelectorAll('[data-chart]'))"
                   ".every(e => e.hasAttribute('data-rendered') || e.hasAttribute('data-error'))")

pytestmark = pytest.mark.slow


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is not installed: run `make test-setup` (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path())
        yield browser
        browser.close()


class StaticServer:
    """Python's own static file server on 127.0.0.1, serving one site folder, in a thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class PageVisit:
    """A page opened in a fresh browser context that records console messages, page errors and every request;
    a request to anywhere but `allowed_prefix` is recorded and aborted, never sent."""

    def __init__(self, browser, url: str, allowed_prefix: str):
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))

        def route(route):
            self.requests.append(route.request.url)
            if route.request.url.startswith(allowed_prefix):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)
        response = self.page.goto(url)
        assert response is None or response.ok, f"{url}: HTTP {response.status}"
        self.page.wait_for_function(ALL_CHARTS_DONE, timeout=30_000)

    def assert_clean(self) -> None:
        problems = [f"{kind}: {text}" for kind, text in self.console if kind in ("error", "warning")] + self.errors
        assert not problems, f"{self.page.url}: {problems}"
        assert not self.outside, f"{self.page.url} asked for {self.outside}"
        broken = self.page.evaluate("Array.from(document.querySelectorAll('[data-error]'))"
                                    ".map(e => e.dataset.chart + ': ' + e.dataset.error)")
        assert not broken, broken

    def marks(self, chart: str, layer: str) -> int:
        """Marks drawn by a named layer of a chart (summed over the panels of a faceted chart), as SVG paths."""
        return self.page.evaluate(
            "([chart, layer]) => Array.from(document.querySelectorAll(`#chart-${chart} svg g.${layer}_marks`))"
            ".reduce((n, g) => n + g.querySelectorAll(':scope > path').length, 0)", [chart, layer])

    def svg_count(self) -> int:
        return self.page.evaluate("document.querySelectorAll('[data-chart] > svg').length")

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def sample(built):
    """(warehouse, site folder, server) of the sample reports' warehouse, site built by `fazhi run`'s publish."""
    _base, _raw, warehouse, first = built
    site = warehouse.parent / "site"
    assert (site / "index.html").is_file(), first.stdout[-2000:]
    server = StaticServer(site)
    yield warehouse, site, server
    server.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory, run_fazhi):
    """A warehouse of 60 generated reports, built and published (with its site) by `fazhi run`."""
    base = tmp_path_factory.mktemp("site-corpus")
    raw = base / "raw"
    write_corpus(raw, reports=60, seed=17)
    warehouse = base / "out" / "fazhi.duckdb"
    result = run_fazhi(raw, warehouse, base)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = warehouse.parent / "site"
    server = StaticServer(site)
    yield warehouse, site, server
    server.close()


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def visit(browser, server: StaticServer, path: str) -> PageVisit:
    return PageVisit(browser, f"{server.origin}/{path}", server.origin + "/")


def test_run_output_names_the_site(built):
    _base, _raw, warehouse, first = built
    assert f"report site: {warehouse.parent / 'site' / 'index.html'}" in first.stdout


def test_every_page_of_the_sample_site_loads_clean(browser, sample):
    warehouse, site, server = sample
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    regions = {r[0] for r in query(warehouse, "select distinct region_code from marts.dim_document "
                                              "where region_code is not null")}
    indicators = {r[0] for r in query(warehouse, "select distinct indicator_code from "
                                                 "marts.fct_region_year_indicators where quoted_value is not null")}
    assert set(pages) == {"index.html", "compliance.html", "quality.html"} | {f"regions/{c}.html" for c in regions} \
        | {f"indicators/{c}.html" for c in indicators}
    for path in pages:
        page = visit(browser, server, path)
        try:
            page.assert_clean()
            assert page.svg_count() == page.page.evaluate("document.querySelectorAll('[data-chart]').length")
            assert all(r.startswith(server.origin) for r in page.requests)
        finally:
            page.close()


def test_overview_charts_have_a_mark_per_row(browser, sample):
    warehouse, _site, server = sample
    page = visit(browser, server, "index.html")
    try:
        page.assert_clean()
        year_kinds = query(warehouse, "select count(*) from (select distinct report_year, doc_kind "
                                      "from marts.dim_document where report_year is not null)")[0][0]
        provinces = query(warehouse, "select count(distinct coalesce(province_name, '?')) from marts.dim_document "
                                     "where region_code is not null")[0][0]
        assert year_kinds > 1 and provinces > 1
        assert page.marks("reports-by-year-kind", "reports") == year_kinds
        assert page.marks("regions-by-province", "provinces") == provinces
        status = page.page.inner_text("#quality-status")
        latest = query(warehouse, "select run_id from marts.fct_quality_checks order by checked_at desc limit 1")[0][0]
        assert latest in status
        page.screenshot("overview")
    finally:
        page.close()


def test_region_filter_finds_a_region_by_its_chinese_name(browser, sample):
    warehouse, _site, server = sample
    total = query(warehouse, "select count(distinct region_code) from marts.dim_document "
                             "where region_code is not null")[0][0]
    page = visit(browser, server, "index.html")
    try:
        page.page.fill("#region-filter", "吉州")
        visible = page.page.locator("#region-list li:visible")
        assert visible.count() == 1 and "吉州区" in visible.inner_text()
        assert page.page.inner_text("#region-count") == "1"
        page.page.fill("#region-filter", "没有这个地方")
        assert page.page.locator("#region-list li:visible").count() == 0
        assert page.page.is_visible("#region-none")
        page.page.fill("#region-filter", "")
        assert page.page.locator("#region-list li:visible").count() == total
        page.assert_clean()
    finally:
        page.close()


def test_region_page_shows_a_figure_with_its_source_sentence(browser, sample):
    warehouse, _site, server = sample
    # raw/000_…txt (吉州区, 2016): "今年以来,区政府各部门行政首长出庭应诉率达30%。"
    (value, span, observation_id, values), = query(warehouse, """
        select quoted_value, quoted_raw_span, quoted_observation_id,
               (select count(*) from marts.fct_region_year_indicators where region_code = '360802')
        from marts.fct_region_year_indicators
        where region_code = '360802' and report_year = 2016 and indicator_code = 'admin_head_court_appearance_rate'
    """)
    assert value == 30 and "出庭应诉率达30%" in span
    page = visit(browser, server, "regions/360802.html")
    try:
        page.assert_clean()
        assert page.marks("region-indicators", "values") == values
        row = page.page.locator("#table-values tr[data-indicator=admin_head_court_appearance_rate][data-year='2016']")
        assert "30%" in row.inner_text()
        row.locator("a.value").click()
        source = page.page.locator(f"li#obs-{observation_id}")
        assert page.page.evaluate("location.hash") == f"#obs-{observation_id}"
        assert source.is_visible()
        assert "今年以来,区政府各部门行政首长出庭应诉率达30%。" in source.locator("blockquote").inner_text()
        assert span in source.locator("mark").inner_text()
        assert "吉州区2016年度法治政府建设情况报告" in page.page.inner_text("#table-reports")
        page.screenshot("region")
    finally:
        page.close()


def test_site_opens_from_the_file_system(browser, sample):
    _warehouse, site, _server = sample
    for path in ("index.html", "regions/360802.html", "quality.html"):
        page = PageVisit(browser, (site / path).as_uri(), "file://")
        try:
            page.assert_clean()
            assert page.svg_count() >= 1
        finally:
            page.close()


def test_quality_and_compliance_pages(browser, sample):
    warehouse, _site, server = sample
    runs = query(warehouse, "select count(distinct run_id) from marts.fct_quality_checks")[0][0]
    outcomes = query(warehouse, """select count(*) from (select distinct run_id,
        case when success then 'ok' else severity end from marts.fct_quality_checks)""")[0][0]
    page = visit(browser, server, "quality.html")
    try:
        page.assert_clean()
        assert page.marks("quality-runs", "outcomes") == outcomes
        assert page.page.locator("#table-runs tbody tr").count() == runs
        page.screenshot("quality")
    finally:
        page.close()
    has_compliance = bool(query(warehouse, "select 1 from duckdb_tables() where schema_name = 'marts' "
                                           "and table_name = 'fct_reporting_compliance'"))
    page = visit(browser, server, "compliance.html")
    try:
        page.assert_clean()
        assert page.page.is_visible("#compliance-unavailable") != has_compliance
        page.screenshot("compliance")
    finally:
        page.close()


def test_generated_corpus_site(browser, generated):
    warehouse, site, server = generated
    regions = query(warehouse, "select count(distinct region_code) from marts.dim_document "
                               "where region_code is not null")[0][0]
    assert regions >= 30 and len(list((site / "regions").glob("*.html"))) == regions
    page = visit(browser, server, "index.html")
    try:
        page.assert_clean()
        assert page.page.locator("#region-list li").count() == regions
    finally:
        page.close()
    # the indicator with the most regions: a box and a median point per year, a bar per ranked region
    code, years, latest = query(warehouse, """
        with rows as (select * from marts.fct_region_year_indicators where quoted_value is not null),
        best as (select indicator_code from rows group by 1 order by count(distinct region_code) desc, 1 limit 1)
        select b.indicator_code, count(distinct r.report_year),
               count(*) filter (where r.report_year = (select max(report_year) from rows x
                                                       where x.indicator_code = b.indicator_code))
        from best b join rows r using (indicator_code) group by 1
    """)[0]
    assert years > 3
    page = visit(browser, server, f"indicators/{code}.html")
    try:
        page.assert_clean()
        assert page.marks("indicator-distribution", "boxes") == years
        assert page.marks("indicator-median", "medians") == years
        assert page.marks("indicator-ranking", "ranking") == min(latest, 20)
        assert page.page.locator("#table-per-year tbody tr").count() == years
        page.screenshot("indicator")
    finally:
        page.close()
    # the region with the most values: one point per region, year and indicator
    region, values = query(warehouse, """
        select region_code, count(*) from marts.fct_region_year_indicators where quoted_value is not null
        group by 1 order by 2 desc, 1 limit 1""")[0]
    page = visit(browser, server, f"regions/{region}.html")
    try:
        page.assert_clean()
        assert page.marks("region-indicators", "values") == values
        assert page.page.locator("#table-values tbody tr").count() == values
        assert page.page.locator("ol.sources li mark").count() >= values
    finally:
        page.close()


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def test_rebuild_renders_only_the_pages_whose_data_changed(built, tmp_path):
    from fazhi.site import build_site

    _base, _raw, warehouse, _first = built
    copy = tmp_path / "fazhi.duckdb"
    shutil.copyfile(warehouse, copy)
    first = build_site(copy)
    assert first.rendered == first.pages and first.reused == 0
    before = _inodes(first.site_dir)
    unchanged = build_site(copy)
    assert (unchanged.rendered, unchanged.reused) == (0, first.pages)
    assert _inodes(unchanged.site_dir) == before  # the same files, linked into the new site
    # as a run that re-read 吉州区's report with another figure would publish it
    with duckdb.connect(str(copy)) as con:
        con.execute("update marts.fct_region_year_indicators set quoted_value = 31 where region_code = '360802' "
                    "and report_year = 2016 and indicator_code = 'admin_head_court_appearance_rate'")
    changed = build_site(copy)
    after = _inodes(changed.site_dir)
    assert {p for p in after if after[p] != before[p]} == {
        "regions/360802.html", "indicators/admin_head_court_appearance_rate.html"}
    assert (changed.rendered, changed.reused) == (2, first.pages - 2)
    assert "31%" in (changed.site_dir / "regions/360802.html").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".site.building-*"))


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_an_incremental_build_equals_a_full_one(generated, tmp_path, monkeypatch):
    """Each input a page's fingerprint digests, changed as a run would publish it: a document's title, a figure's
    value, a document's landed text, a document moved to a region that had no page; then an indicator's name. Each
    rebuild renders the pages they touch, in several batches on two worker processes, reuses the rest, and gives the
    very files a build from scratch gives."""
    from fazhi.site import build as site_build

    def from_scratch(step: str) -> dict[str, bytes]:
        full = tmp_path / step / "fazhi.duckdb"
        full.parent.mkdir()
        shutil.copyfile(copy, full)
        with monkeypatch.context() as m:
            m.setenv("FAZHI_SITE_WORKERS", "1")
            m.setattr(site_build, "BATCH_DOCUMENTS", 10_000)
            built = site_build.build_site(full)
        assert built.rendered == built.pages
        return _files(built.site_dir)

    warehouse, _site, _server = generated
    copy = tmp_path / "incremental" / "fazhi.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(warehouse, copy)
    monkeypatch.setattr(site_build, "BATCH_DOCUMENTS", 7)
    monkeypatch.setenv("FAZHI_SITE_WORKERS", "2")
    first = site_build.build_site(copy)
    assert first.rendered == first.pages and first.reused == 0
    before = _inodes(first.site_dir)
    with duckdb.connect(str(copy)) as con:
        with_figures = con.execute("""
            select d.region_code, d.document_id, min(o.observation_id), min(o.indicator_code)
            from marts.dim_document d join marts.fct_indicator_observations o using (document_id)
            where d.region_code is not null and o.indicator_code is not null
            group by all order by 1, 2
        """).fetchall()
        regions = sorted({r[0] for r in with_figures})
        assert len(regions) >= 5
        picks = [next(r for r in with_figures if r[0] == region) for region in regions[:4]]
        con.execute("update marts.dim_document set title = title || '(修订)' where document_id = ?", [picks[0][1]])
        con.execute("update marts.fct_indicator_observations set value = value + 1 where observation_id = ?",
                    [picks[1][2]])
        # other bytes landed under the same id: its sentences no longer match, its checksum says so
        con.execute("update raw.documents set text = replace(text, '。', '!') where document_id = ?", [picks[2][1]])
        con.execute("update marts.dim_document set content_sha256 = 'changed' where document_id = ?", [picks[2][1]])
        con.execute("update marts.dim_document set region_code = '999999', region_name = '测试区' "
                    "where document_id = ?", [picks[3][1]])
    incremental = site_build.build_site(copy)
    after = _inodes(incremental.site_dir)
    changed = {p for p in after if after[p] != before.get(p)}
    assert {f"regions/{r}.html" for r in [*(p[0] for p in picks[:3]), "999999"]} <= changed
    moved_from = f"regions/{picks[3][0]}.html"  # gone where the moved document was its region's only one
    assert moved_from in changed or (moved_from not in after and after.keys() == before.keys() - {moved_from}
                                     | {"regions/999999.html"})
    assert not {f"regions/{r}.html" for r in regions[4:]} & changed
    assert incremental.rendered == len(changed) and incremental.reused == incremental.pages - len(changed)
    assert _files(incremental.site_dir) == from_scratch("full-1")

    with duckdb.connect(str(copy)) as con:
        con.execute("update marts.dim_indicator set indicator_name_zh = indicator_name_zh || '(新)' "
                    "where indicator_code = ?", [picks[0][3]])
    renamed = site_build.build_site(copy)
    assert f"indicators/{picks[0][3]}.html" in {p for p, i in _inodes(renamed.site_dir).items() if i != after.get(p)}
    assert _files(renamed.site_dir) == from_scratch("full-2")


def test_a_failed_build_keeps_the_previous_site(built, tmp_path):
    from fazhi.site import build_site

    _base, _raw, warehouse, _first = built
    copy = tmp_path / "fazhi.duckdb"
    shutil.copyfile(warehouse, copy)
    site = build_site(copy).site_dir
    files = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with duckdb.connect(str(copy)) as con:
        con.execute("drop view marts.fct_quality_checks")
    with pytest.raises(ValueError, match="marts.fct_quality_checks missing"):
        build_site(copy)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == files
    assert not list(tmp_path.glob(".site.building-*"))


def test_fazhi_site_command_rebuilds_the_site(built, tmp_path):
    import subprocess
    import sys

    _base, _raw, warehouse, _first = built
    copy = tmp_path / "w" / "fazhi.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(warehouse, copy)
    fazhi = Path(sys.executable).with_name("fazhi")
    result = subprocess.run([str(fazhi), "site", "--warehouse", str(copy)], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (copy.parent / "site" / "index.html").is_file() and "report site written to" in result.stdout
    missing = subprocess.run([str(fazhi), "site", "--warehouse", str(tmp_path / "none.duckdb")],
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "no published warehouse" in missing.stderr


def test_a_site_failure_warns_but_the_run_publishes(run_fazhi, tmp_path):
    """The warehouse is published and sound when the site fails: exit 0, a warning naming the site stage, the
    failure kept in the quality history; whatever is where the site goes is left alone."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    warehouse = tmp_path / "out" / "fazhi.duckdb"
    warehouse.parent.mkdir()
    (warehouse.parent / "site").write_text("not a folder", encoding="utf-8")
    result = run_fazhi(raw, warehouse, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"published {warehouse}" in result.stdout
    assert "warning: pipeline: stage site completes" in result.stdout and "is not a folder" in result.stdout
    assert (warehouse.parent / "site").read_text(encoding="utf-8") == "not a folder"
    history = (warehouse.parent / ".fazhi.state" / "quality_history.jsonl").read_text(encoding="utf-8")
    assert '"check_name": "stage site completes"' in history and '"severity": "warning"' in history


def test_compliance_page_over_the_compliance_marts(browser, built, tmp_path):
    """The compliance marts of issue 15 (marts.fct_reporting_compliance, marts.fct_document_similarity) as the
    sample warehouse has them: a cell per province and year, the missing and late counts, the flagged pairs."""
    from fazhi.site import build_site

    _base, _raw, warehouse, _first = built
    copy = tmp_path / "fazhi.duckdb"
    shutil.copyfile(warehouse, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        cells, found, missing, late, flagged = con.execute("""
            select (select count(*) from (select distinct province_name, report_year
                                          from marts.fct_reporting_compliance)),
                   (select count(*) from marts.fct_reporting_compliance where has_report),
                   (select count(*) from marts.fct_reporting_compliance where not has_report),
                   (select count(*) from marts.fct_reporting_compliance
                    where has_report and is_published_by_deadline = false),
                   (select count(*) from marts.fct_document_similarity where is_flagged_copy)
        """).fetchone()
    assert found >= 2 and missing > 0
    site = build_site(copy).site_dir
    page = PageVisit(browser, (site / "compliance.html").as_uri(), "file://")
    try:
        page.assert_clean()
        assert not page.page.is_visible("#compliance-unavailable")
        for chart in ("compliance-found", "compliance-on-time", "compliance-complete"):
            assert page.marks(chart, "cells") == cells
        assert f"未找到报告({missing})" in page.page.inner_text("#missing h2")
        assert f"逾期发布({late})" in page.page.inner_text("#late h2")
        if flagged:
            assert page.page.locator("#table-pairs tbody tr").count() == min(flagged, 2000)
        else:
            assert "没有发现相互抄袭的文件" in page.page.inner_text("#copying")
        page.screenshot("compliance-with-marts")
    finally:
        page.close()


def test_a_run_killed_before_its_site_stage_gets_its_site_at_the_next_run(run_fazhi, tmp_path, monkeypatch):
    """Killed right after publishing (FAZHI_CRASH_AT=flow:publish-done), the site is the previous warehouse's; the
    next `fazhi run --incremental` finds nothing to build but rebuilds the site for the published warehouse."""
    from fazhi.publish import read_version
    from fazhi.site import site_version

    raw = tmp_path / "raw"
    raw.mkdir()
    samples = sorted((ROOT / "raw").iterdir())
    for sample in samples[:-1]:
        shutil.copy(sample, raw / sample.name)
    warehouse = tmp_path / "out" / "fazhi.duckdb"
    site = warehouse.parent / "site"
    first = run_fazhi(raw, warehouse, tmp_path)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert site_version(site) == read_version(warehouse)

    shutil.copy(samples[-1], raw / samples[-1].name)  # 泸州市's plan: a region the first run did not have
    monkeypatch.setenv("FAZHI_CRASH_AT", "flow:publish-done")
    killed = run_fazhi(raw, warehouse, tmp_path)
    assert killed.returncode == -9, killed.stdout[-3000:] + killed.stderr[-3000:]
    (region,), = query(warehouse, "select region_code from marts.dim_document where source_file = ?",
                       [samples[-1].name])
    assert site_version(site) != read_version(warehouse) and not (site / f"regions/{region}.html").exists()

    monkeypatch.delenv("FAZHI_CRASH_AT")
    again = run_fazhi(raw, warehouse, tmp_path, "--incremental")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "is up to date, nothing published" in again.stdout and "report site:" in again.stdout
    assert site_version(site) == read_version(warehouse)
    assert (site / f"regions/{region}.html").is_file()
