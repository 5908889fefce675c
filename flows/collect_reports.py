"""Collect reports from the sites of the sources file into the raw folder, then (optionally) build the warehouse.

Thin: `fazhi.collect` decides how to fetch; this flow decides when, logs the summary, alerts when a listing page
found no report links, and chains an incremental build so that new reports are published the same day.
"""
from __future__ import annotations

import os
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from fazhi import alerts
from fazhi.collect import CollectSummary, collect, load_sources
from fazhi.collect.report import collect_alert
from fazhi.settings import PROJECT_ROOT, load_alert_settings, load_settings


@task(name="collect", retries=0, cache_policy=NO_CACHE)  # the collector retries each request itself, politely
def collect_task(sources_file: str, raw_dir: str) -> CollectSummary:
    return collect(load_sources(Path(sources_file)), Path(raw_dir), log=get_run_logger())


@flow(name="collect_reports", log_prints=True)
def collect_reports(sources: str | None = None, raw_dir: str | None = None, warehouse: str | None = None,
                    build_after: bool = False) -> dict:
    """Fetch what `sources` names (default $FAZHI_SOURCES, else sources.yaml of the project) into raw_dir/web/;
    with build_after, run an incremental build when anything new or changed arrived. Returns the counts."""
    logger = get_run_logger()
    settings = load_settings(raw_dir, warehouse)
    sources_file = sources or os.environ.get("FAZHI_SOURCES") or str(PROJECT_ROOT / "sources.yaml")
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    summary = collect_task(sources_file, str(settings.raw_dir))
    for line in summary.lines():
        logger.info("%s", line)
    report = collect_alert(summary, str(settings.raw_dir))
    if report is not None:
        alerts.send_alert(report, load_alert_settings(), logger=logger)
    counts = summary.counts()
    if build_after and summary.written:
        from flows.build_warehouse import build_warehouse

        build_warehouse(raw_dir=str(settings.raw_dir), warehouse=str(settings.warehouse), incremental=True)
    return counts
