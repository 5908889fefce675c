"""Build the static report site from a published warehouse into `<warehouse folder>/site/`, swapped in atomically.

The site is written into a hidden folder beside `site/` and swapped in in one step (as the Parquet export is), so a
reader never sees half a site; a failed build leaves the previous site as it was. The warehouse is only read.

Incremental: `site/manifest.json` records each page's fingerprint (the hash of the templates, the assets, the code
of this package and the page's data). A page whose fingerprint is unchanged is hard-linked from the previous site instead of rendered, so a
run that changed a few regions rewrites their pages and the pages that aggregate them (overview, indicators).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from fazhi import export, publish
from fazhi.db import connect
from fazhi.site import charts
from fazhi.site.data import SiteData, read_site_data

STAGING_PREFIX = ".site.building-"
_CODE = tuple(Path(__file__).with_name(name) for name in ("build.py", "charts.py", "data.py"))  # shape the pages
MANIFEST = "manifest.json"
# Bump when the pages change for a reason that neither the templates, the assets nor this package's code show.
SITE_FORMAT = 1


@dataclass(frozen=True)
class SiteBuild:
    site_dir: Path
    pages: int  # HTML pages in the site
    rendered: int  # pages rendered in this build
    reused: int  # pages linked unchanged from the previous site
    seconds: float
    read_seconds: float  # reading the warehouse


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


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("fazhi.site", "templates"),
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


def _pages(data: SiteData) -> list[tuple[str, str, dict]]:
    """(path in the site, template, context) of every page."""
    o = data.overview
    pages = [("index.html", "index.html", {
        "page_kind": "overview", "page_title": "概览", "root": "", "o": o,
        "charts": {"reports_by_year_kind": charts.reports_by_year_kind(o["reports_by_year_kind"]),
                   "regions_by_province": charts.regions_by_province(o["regions_by_province"])},
    })]
    for code, r in sorted(data.regions.items()):
        small = [{"indicator_name_zh": v["indicator_name_zh"], "report_year": v["report_year"],
                  "quoted_value": v["quoted_value"], "sources": "不一致" if v["has_disagreement"] else "一致"}
                 for v in r["values"]]
        pages.append((f"regions/{code}.html", "region.html", {
            "page_kind": "region", "page_title": r["region_name"] or code, "root": "../", "r": r,
            "charts": {"small_multiples": charts.region_small_multiples(small)},
        }))
    for code, i in sorted(data.indicators.items()):
        pages.append((f"indicators/{code}.html", "indicator.html", {
            "page_kind": "indicator", "page_title": i["indicator_name_zh"], "root": "../", "i": i,
            "charts": {"distribution": charts.indicator_distribution(i["per_year"], i["unit"]),
                       "median": charts.indicator_median_trend(i["per_year"], i["unit"]),
                       "ranking": charts.indicator_ranking(i["ranked"], i["latest_year"])},
        }))
    c = data.compliance
    rows = c.get("per_province_year", [])
    pages.append(("compliance.html", "compliance.html", {
        "page_kind": "compliance", "page_title": "报告合规", "root": "", "c": c,
        "region_pages": sorted(data.regions),
        "charts": {"found": charts.compliance_heatmap(rows, "found_share", "找到报告的比例"),
                   "on_time": charts.compliance_heatmap(rows, "on_time_share", "按时发布的比例"),
                   "complete": charts.compliance_heatmap(rows, "complete_share", "内容完整的比例")},
    }))
    q = data.quality
    pages.append(("quality.html", "quality.html", {
        "page_kind": "quality", "page_title": "数据质量", "root": "", "q": q,
        "charts": {"runs": charts.quality_runs(q["outcomes"])},
    }))
    return pages


def _fingerprint(code: str, template: str, context: dict) -> str:
    """The page's data (its contexts are built in a fixed order); the charts derive from it and from charts.py,
    which is part of `code`."""
    data = {k: v for k, v in context.items() if k != "charts"}
    payload = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"), check_circular=False)
    return hashlib.sha256(f"{code}\0{template}\0{payload}".encode()).hexdigest()


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
        data = read_site_data(con)
        version = publish.read_version(warehouse, con)
    read_seconds = time.perf_counter() - started

    templates, assets = _package_files("templates"), _package_files("assets")
    code = _code_fingerprint(templates + [(p.name, p.read_bytes()) for p in _CODE], assets)
    previous = _read_manifest(site_dir)
    previous_pages = previous.get("pages", {}) if previous.get("code") == code else {}

    staging = site_dir.with_name(f"{STAGING_PREFIX}{os.getpid()}")
    staging.mkdir(parents=True)
    try:
        for name, content in assets:
            target = staging / "assets" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (staging / "regions").mkdir()
        (staging / "indicators").mkdir()
        env = _environment()
        fingerprints: dict[str, str] = {}
        rendered = reused = 0
        for path, template, context in _pages(data):
            fingerprint = fingerprints[path] = _fingerprint(code, template, context)
            target = staging / path
            if previous_pages.get(path) == fingerprint and _reuse(site_dir / path, target):
                reused += 1
                continue
            target.write_text(env.get_template(template).render(**context), encoding="utf-8")
            rendered += 1
        manifest = {"warehouse_version": version, "code": code, "pages": fingerprints}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=0), encoding="utf-8")
        os.sync()  # the new pages reach the disk before the swap makes them the site
        export.swap_folder_in(staging, site_dir, STAGING_PREFIX)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteBuild(site_dir=site_dir, pages=len(fingerprints), rendered=rendered, reused=reused,
                     seconds=time.perf_counter() - started, read_seconds=read_seconds)
