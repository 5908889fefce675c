"""Build the static report site from a published warehouse into `<warehouse folder>/site/`, swapped in atomically.

The site is written into a hidden folder beside `site/` and swapped in in one step (as the Parquet export is), so a
reader never sees half a site; a failed build leaves the previous site as it was. The warehouse is only read.

Incremental: `site/manifest.json` records each page's fingerprint: the hash of the templates, the assets, the code of
this package and the page's data. For a region or indicator page the data part is a digest DuckDB computes over
exactly the rows and columns the page shows (data.page_fingerprints: one grouped pass per table), so a page whose
fingerprint is unchanged is hard-linked from the previous site without its rows ever leaving the warehouse; only
the changed regions and indicators are read (in batches, bounded by documents, so memory does not grow with the
corpus) and rendered, on `FAZHI_SITE_WORKERS` processes when there are several batches. The overview, compliance and
quality pages are one each: their data is read every build and hashed.
"""
from __future__ import annotations

import ctypes
import hashlib
import logging
import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import jinja2

from fazhi import export, publish
from fazhi.db import connect
from fazhi.site import charts
from fazhi.site import data as site_data

logger = logging.getLogger(__name__)
STAGING_PREFIX = ".site.building-"
_CODE = tuple(Path(__file__).with_name(name) for name in ("build.py", "charts.py", "data.py"))  # shape the pages
MANIFEST = "manifest.json"
# Bump when the pages change for a reason that neither the templates, the assets nor this package's code show.
SITE_FORMAT = 2
# A batch of region pages read and rendered together: its rows are in memory at once, so this bounds the build's
# memory whatever the corpus size (a region with more documents is a batch of its own).
BATCH_DOCUMENTS = 2000
BATCH_VALUES = 50_000  # region-year-indicator rows of a batch of indicator pages


@dataclass(frozen=True)
class SiteBuild:
    site_dir: Path
    pages: int  # HTML pages in the site
    rendered: int  # pages rendered in this build
    reused: int  # pages linked unchanged from the previous site
    seconds: float
    read_seconds: float  # reading the warehouse: page fingerprints, the overview, compliance and quality pages' data
    render_seconds: float = 0.0  # reading and rendering the region and indicator pages that changed
    sync_seconds: float = 0.0  # flushing the new pages to the disk


def site_dir_for(warehouse: Path) -> Path:
    """The contract's place: `<warehouse folder>/site/`."""
    return warehouse.parent / "site"


def _fmtnum(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:g}"


class _Environment(jinja2.Environment):
    """Jinja's `x.name` tries the attribute first and the item after, through an exception for every field of a
    dict; the pages' data are plain dicts, so the item comes first here (a third of the rendering time). A missing
    key still falls back to Jinja's lookup (a dict's own methods, `.get`, and StrictUndefined's error)."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _environment() -> jinja2.Environment:
    env = _Environment(loader=jinja2.PackageLoader("fazhi.site", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["fmtnum"] = _fmtnum
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


def _package_files(folder: str) -> list[tuple[str, bytes]]:
    root = resources.files("fazhi.site") / folder
    found = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif not child.name.startswith("."):
                found.append((f"{prefix}{child.name}", child.read_bytes()))

    walk(root, "")
    return found


def _code_fingerprint(templates: list[tuple[str, bytes]], assets: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(f"site format {SITE_FORMAT}".encode())
    for name, content in templates + assets:
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _overview_page(o: dict) -> tuple[str, str, dict]:
    return ("index.html", "index.html", {
        "page_kind": "overview", "page_title": "概览", "root": "", "o": o,
        "charts": {"reports_by_year_kind": charts.reports_by_year_kind(o["reports_by_year_kind"]),
                   "regions_by_province": charts.regions_by_province(o["regions_by_province"])},
    })


def _region_page(code: str, r: dict) -> tuple[str, str, dict]:
    small = [{"indicator_name_zh": v["indicator_name_zh"], "report_year": v["report_year"],
              "quoted_value": v["quoted_value"], "sources": "不一致" if v["has_disagreement"] else "一致"}
             for v in r["values"]]
    return (f"regions/{code}.html", "region.html", {
        "page_kind": "region", "page_title": r["region_name"] or code, "root": "../", "r": r,
        "charts": {"small_multiples": charts.region_small_multiples(small)},
    })


def _indicator_page(code: str, i: dict) -> tuple[str, str, dict]:
    return (f"indicators/{code}.html", "indicator.html", {
        "page_kind": "indicator", "page_title": i["indicator_name_zh"], "root": "../", "i": i,
        "charts": {"distribution": charts.indicator_distribution(i["per_year"], i["unit"]),
                   "median": charts.indicator_median_trend(i["per_year"], i["unit"]),
                   "ranking": charts.indicator_ranking(i["ranked"], i["latest_year"])},
    })


def _compliance_page(c: dict, region_pages: list[str]) -> tuple[str, str, dict]:
    rows = c.get("per_province_year", [])
    return ("compliance.html", "compliance.html", {
        "page_kind": "compliance", "page_title": "报告合规", "root": "", "c": c,
        "region_pages": region_pages,
        "charts": {"found": charts.compliance_heatmap(rows, "found_share", "找到报告的比例"),
                   "on_time": charts.compliance_heatmap(rows, "on_time_share", "按时发布的比例"),
                   "complete": charts.compliance_heatmap(rows, "complete_share", "内容完整的比例")},
    })


def _quality_page(q: dict) -> tuple[str, str, dict]:
    return ("quality.html", "quality.html", {
        "page_kind": "quality", "page_title": "数据质量", "root": "", "q": q,
        "charts": {"runs": charts.quality_runs(q["outcomes"])},
    })


def _fingerprint(code: str, template: str, context: dict) -> str:
    """A page whose data is read every build (overview, compliance, quality): the hash of its context (built in a
    fixed order); the charts derive from it and from charts.py, which is part of `code`."""
    data = {k: v for k, v in context.items() if k != "charts"}
    payload = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"), check_circular=False)
    return hashlib.sha256(f"{code}\0{template}\0{payload}".encode()).hexdigest()


def _data_fingerprint(code: str, template: str, shared: str, key: str, digest: str) -> str:
    """A region or indicator page: the hash of DuckDB's digest of the rows it shows (data.page_fingerprints)."""
    return hashlib.sha256(f"{code}\0{template}\0{shared}\0{key}\0{digest}".encode()).hexdigest()


# Up to this many pages written, each is fsynced; more, and one syncfs() flushes the site's file system at once (an
# fsync per file costs a journal commit each: 3,000 of them took 13 s here).
FSYNC_EACH_UP_TO = 64


def _syncfs(folder: Path) -> None:
    """Flush the file system holding `folder` (Linux syncfs); elsewhere os.sync(), every file system."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(folder, os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    os.sync()


def _sync_site(staging: Path, written: list[Path]) -> None:
    """The new pages and the folders' entries (links included) reach the disk before the swap makes them the site:
    a run that changed little syncs only its own files, not what other processes have written meanwhile."""
    if len(written) > FSYNC_EACH_UP_TO:
        _syncfs(staging)
        return
    for path in written:
        publish.fsync_path(path)
    for folder in {staging, *(p.parent for p in staging.rglob("*") if p.is_file())}:
        publish.fsync_path(folder)


def _render_batch(warehouse: str, staging: str, kind: str, codes: list[str], region_pages: list[str]) -> list[Path]:
    """Read and render one batch of region or indicator pages into the staging folder; the files written. Runs in a
    worker process (its own read-only connection) or in the building process."""
    with connect(Path(warehouse), read_only=True) as con:
        relations = site_data.check_published(con)
        names = site_data.read_indicator_names(con)
        if kind == "regions":
            pages = [_region_page(code, r) for code, r in
                     site_data.read_region_pages(con, relations, codes, names).items()]
        else:
            pages = [_indicator_page(code, i) for code, i in
                     site_data.read_indicator_pages(con, codes, names, set(region_pages)).items()]
    env = _environment()
    written = []
    for path, template, context in pages:
        written.append(Path(staging) / path)
        written[-1].write_text(env.get_template(template).render(**context), encoding="utf-8")
    return written


def _batches(codes: list[str], sizes: dict[str, int], limit: int) -> list[list[str]]:
    """Consecutive codes in groups of at most `limit` rows (a bigger group alone)."""
    batches: list[list[str]] = []
    rows = 0
    for code in codes:
        if not batches or rows + sizes.get(code, 0) > limit:
            batches.append([])
            rows = 0
        batches[-1].append(code)
        rows += sizes.get(code, 0)
    return batches


def site_workers() -> int:
    """FAZHI_SITE_WORKERS: processes rendering batches of pages (default: the machine's cores)."""
    workers = (os.environ.get("FAZHI_SITE_WORKERS") or "").strip()
    return max(1, int(workers)) if workers.isdigit() else (os.cpu_count() or 1)


def _render_batches(warehouse: Path, staging: Path, jobs: list[tuple[str, list[str]]],
                    region_pages: list[str]) -> list[Path]:
    def in_process() -> list[Path]:
        return [path for kind, codes in jobs
                for path in _render_batch(str(warehouse), str(staging), kind, codes, region_pages)]

    workers = min(site_workers(), len(jobs))
    # starting a worker (imports, a connection) costs about a second: worth it for a cold build's dozens of region
    # batches, not for the one batch of a run that changed a few regions
    if workers < 2 or sum(kind == "regions" for kind, _ in jobs) < 2:
        return in_process()
    try:
        # spawn, not fork: the building process may hold DuckDB connections and threads (Prefect's) a fork would copy
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(_render_batch, str(warehouse), str(staging), kind, codes, region_pages)
                       for kind, codes in jobs]
            return [path for future in futures for path in future.result()]
    except BrokenProcessPool as error:
        # a worker could not start (a calling script without the `if __name__ == "__main__"` guard spawn needs) or
        # was killed: the same pages in this process, over whatever a worker wrote
        logger.warning("site worker processes failed (%s): rendering in the building process", error)
        return in_process()


def _read_manifest(site_dir: Path) -> dict:
    try:
        manifest = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) and isinstance(manifest.get("pages"), dict) else {}
    except (OSError, ValueError):
        return {}


def _reuse(previous: Path, target: Path) -> bool:
    """Hard-link an unchanged page from the previous site (a copy where links are impossible)."""
    try:
        os.link(previous, target)
    except FileNotFoundError:
        return False
    except OSError:
        shutil.copyfile(previous, target)
    return True


def site_version(site_dir: Path) -> str | None:
    """The run id of the warehouse the site was built from (raw.publish_version); None when unknown."""
    return _read_manifest(site_dir).get("warehouse_version")


def clean_site_leftovers(site_dir: Path) -> list[Path]:
    """Remove half-built sites that a killed build left beside the site folder."""
    return export.remove_staging_folders(site_dir, STAGING_PREFIX)


def build_site(warehouse: Path, site_dir: Path | None = None) -> SiteBuild:
    """Build the site of a published warehouse (opened read-only) and swap it in place of `site_dir`."""
    started = time.perf_counter()
    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise FileNotFoundError(f"no published warehouse at {warehouse}")
    site_dir = Path(site_dir) if site_dir is not None else site_dir_for(warehouse)
    if site_dir.exists() and not site_dir.is_dir():
        raise NotADirectoryError(f"{site_dir} is not a folder: move it away, the report site is written there")
    clean_site_leftovers(site_dir)
    with connect(warehouse, read_only=True) as con:
        relations = site_data.check_published(con)
        version = publish.read_version(warehouse, con)
        fingerprints = site_data.page_fingerprints(con, relations)
        names = site_data.read_indicator_names(con)
        overview = site_data.read_overview(con, names)
        compliance = site_data.read_compliance(con, relations)
        quality = site_data.read_quality(con, relations)
        overview["quality"] = quality["latest"]
    read_seconds = time.perf_counter() - started

    templates, assets = _package_files("templates"), _package_files("assets")
    # the DuckDB version too: its hash() makes the region and indicator pages' digests
    code = _code_fingerprint(templates + [(p.name, p.read_bytes()) for p in _CODE]
                             + [("duckdb", duckdb.__version__.encode())], assets)
    previous = _read_manifest(site_dir)
    previous_pages = previous.get("pages", {}) if previous.get("code") == code else {}

    region_codes = sorted(fingerprints.regions)
    indicator_codes = sorted(fingerprints.indicators)
    single = [_overview_page(overview), _compliance_page(compliance, region_codes), _quality_page(quality)]
    pages: dict[str, str] = {}  # path → fingerprint, in the site's page order
    pages["index.html"] = _fingerprint(code, "index.html", single[0][2])
    for region in region_codes:
        pages[f"regions/{region}.html"] = _data_fingerprint(code, "region.html", fingerprints.shared, region,
                                                            fingerprints.regions[region])
    for indicator in indicator_codes:
        pages[f"indicators/{indicator}.html"] = _data_fingerprint(
            code, "indicator.html", fingerprints.shared, indicator, fingerprints.indicators[indicator])
    for path, template, context in single[1:]:
        pages[path] = _fingerprint(code, template, context)

    staging = site_dir.with_name(f"{STAGING_PREFIX}{os.getpid()}")
    staging.mkdir(parents=True)
    try:
        for name, content in assets:
            target = staging / "assets" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (staging / "regions").mkdir()
        (staging / "indicators").mkdir()
        reused = 0
        stale: set[str] = set()
        for path, fingerprint in pages.items():
            if previous_pages.get(path) == fingerprint and _reuse(site_dir / path, staging / path):
                reused += 1
            else:
                stale.add(path)
        env = _environment()
        rendered = 0
        for path, template, context in single:
            if path in stale:
                (staging / path).write_text(env.get_template(template).render(**context), encoding="utf-8")
                rendered += 1
        jobs = [("regions", batch) for batch in _batches(
            [c for c in region_codes if f"regions/{c}.html" in stale], fingerprints.region_documents, BATCH_DOCUMENTS)]
        jobs += [("indicators", batch) for batch in _batches(
            [c for c in indicator_codes if f"indicators/{c}.html" in stale], fingerprints.indicator_rows,
            BATCH_VALUES)]
        render_started = time.perf_counter()
        written = _render_batches(warehouse, staging, jobs, region_codes)
        render_seconds = time.perf_counter() - render_started
        rendered += len(written)
        if reused + rendered != len(pages):
            raise RuntimeError(f"the site has {len(pages)} pages but {rendered} were rendered and {reused} reused")
        manifest = {"warehouse_version": version, "code": code, "pages": pages}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=0), encoding="utf-8")
        sync_started = time.perf_counter()
        _sync_site(staging, [staging / MANIFEST, *(staging / p for p in stale),
                             *(staging / "assets" / name for name, _ in assets)])
        sync_seconds = time.perf_counter() - sync_started
        export.swap_folder_in(staging, site_dir, STAGING_PREFIX)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteBuild(site_dir=site_dir, pages=len(pages), rendered=rendered, reused=reused,
                     seconds=time.perf_counter() - started, read_seconds=read_seconds,
                     render_seconds=render_seconds, sync_seconds=sync_seconds)
