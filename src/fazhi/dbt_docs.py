"""The marts' documentation for BI users: `dbt docs generate --static` as one offline HTML page.

dbt reads column types from a database, so it works on a private copy of the published warehouse (never on the
published file, which BI tools may hold open). dbt's page embeds everything it shows, but its (disabled) usage
tracker names a script on a CDN: the URL is blanked, so the page loads nothing from the network.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from fazhi.settings import Settings
from fazhi.transform import run_dbt

# A quoted URL on a content-delivery network, as loaded by a <script>/<link> or a loader call.
CDN_URL = re.compile(
    r"""(["'])(?:https?:)?//[^"'\s]*(?:cloudfront\.net|googleapis\.com|gstatic\.com|jsdelivr\.net|unpkg\.com|"""
    r"""cdnjs\.cloudflare\.com|bootstrapcdn\.com|sinter-collect\.com)[^"'\s]*\1"""
)


def strip_cdn_urls(html: str) -> str:
    """Blank every quoted CDN URL (keeping the quotes), so that nothing is fetched when the page is opened."""
    return CDN_URL.sub(lambda m: m.group(1) * 2, html)


def cdn_urls(html: str) -> list[str]:
    return [m.group(0) for m in CDN_URL.finditer(html)]


def generate_marts_docs(settings: Settings, output: Path) -> Path:
    """Write the dbt docs of the project, with the published warehouse's column types, to `output` (one file)."""
    work_dir = settings.state_dir / "docs"
    if work_dir.exists():
        shutil.rmtree(work_dir)
    work_dir.mkdir(parents=True)
    database = work_dir / settings.warehouse.name  # same file name: the same catalog name as the published file
    args = ["docs", "generate", "--static"]
    if settings.warehouse.exists():
        shutil.copyfile(settings.warehouse, database)
    else:
        args.append("--empty-catalog")  # descriptions without column types until a warehouse is published
    run_dbt(args, project_dir=settings.dbt_project_dir, database=database, work_dir=work_dir)
    html = strip_cdn_urls((work_dir / "target" / "static_index.html").read_text(encoding="utf-8"))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.writing-{os.getpid()}")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, output)
    shutil.rmtree(work_dir)
    return output
