"""The main job: land → parse → dbt build → Great Expectations → publish, as one Prefect flow.

Work is batched (a few tasks per run, each handling hundreds of documents): a Prefect task run costs ~10 ms and
~6.5 KB of state, so a task per document would cost more than the parsing.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from fazhi import land, publish, quality
from fazhi.db import connect, create_raw_tables, insert_rows
from fazhi.parse.document import ParsedBatch, Parser
from fazhi.parse.store import pending_document_ids, read_texts, write_parsed
from fazhi.runlock import run_lock
from fazhi.settings import Settings, load_settings
from fazhi.transform import dbt_build

PARSE_BATCH_SIZE = 500


class QualityGateFailed(RuntimeError):
    """A blocking (error-severity) Great Expectations check failed: nothing was published."""


@dataclass
class RunSummary:
    run_id: str
    warehouse: str
    published: bool = False
    counts: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    failed_checks: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class _Stage:
    """Times a stage and logs its start and end with counts."""

    def __init__(self, summary: RunSummary, name: str):
        self.summary, self.name = summary, name

    def __enter__(self):
        self.start = time.perf_counter()
        get_run_logger().info("▶ %s …", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        elapsed = round(time.perf_counter() - self.start, 2)
        self.summary.timings[self.name] = elapsed
        if exc is None:
            get_run_logger().info("✔ %s done in %.2f s", self.name, elapsed)
        return False


@task(name="prepare-build", cache_policy=NO_CACHE)
def prepare_build_task(settings: Settings) -> bool:
    publish.clean_publish_leftovers(settings.warehouse)
    had_published = publish.prepare_build_file(settings.warehouse, settings.build_database)
    with connect(settings.build_database) as con:
        create_raw_tables(con)
        con.execute("delete from raw.quality_check_results")
        insert_rows(con, "quality_check_results", quality.read_history(settings.quality_history))
    return had_published


@task(name="land", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def land_task(settings: Settings, run_id: str) -> land.LandingSummary:
    scan = land.scan_raw_folder(settings.raw_dir)
    with connect(settings.build_database) as con:
        summary = land.write_landing(con, scan, run_id, _now())
    for rejected in scan.rejected:
        get_run_logger().warning("rejected %s: %s", rejected.source_file, rejected.reason)
    return summary


@lru_cache(maxsize=4)
def _parser(region_table: str) -> Parser:
    return Parser(Path(region_table))


@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch_task(region_table: str, documents: list[tuple[str, str]]) -> ParsedBatch:
    return _parser(region_table).parse_batch(documents)


@task(name="dbt-build", retries=0, cache_policy=NO_CACHE)
def dbt_build_task(settings: Settings) -> None:
    dbt_build(settings.dbt_project_dir, settings.build_database, settings.state_dir / "dbt")


@task(name="validate", retries=0, cache_policy=NO_CACHE)
def validate_task(settings: Settings, run_id: str) -> list[quality.CheckResult]:
    results = quality.run_quality_checks(settings.build_database, settings.expectations_dir, run_id, _now())
    quality.append_history(settings.quality_history, results)
    with connect(settings.build_database) as con:
        insert_rows(con, "quality_check_results", [r.as_row() for r in results])
    return results


@task(name="publish", retries=0, cache_policy=NO_CACHE)
def publish_task(settings: Settings) -> None:
    publish.publish_build(settings.build_database, settings.warehouse)


@flow(name="build_warehouse", log_prints=True)
def build_warehouse(raw_dir: str | None = None, warehouse: str | None = None) -> RunSummary:
    """Build the warehouse from a folder of report files and publish it when every blocking check passes."""
    settings = load_settings(raw_dir, warehouse)
    logger = get_run_logger()
    run_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    summary = RunSummary(run_id=run_id, warehouse=str(settings.warehouse))
    logger.info("run %s: %s → %s", run_id, settings.raw_dir, settings.warehouse)

    with run_lock(settings.state_dir / "run.lock"):
        with _Stage(summary, "prepare"):
            summary.counts["had_published"] = prepare_build_task(settings)

        with _Stage(summary, "land"):
            landing = land_task(settings, run_id)
            summary.counts.update(
                files_seen=landing.files_seen, documents_new=landing.documents_new,
                documents_known=landing.documents_known, files_rejected=landing.files_rejected,
                files_removed=landing.files_removed,
            )
            logger.info("landed %d files: %d new documents, %d known, %d rejected, %d removed",
                        landing.files_seen, landing.documents_new, landing.documents_known,
                        landing.files_rejected, landing.files_removed)

        with _Stage(summary, "parse"):
            with connect(settings.build_database) as con:
                pending = pending_document_ids(con)
                texts = read_texts(con, pending)
            batches = [texts[i:i + PARSE_BATCH_SIZE] for i in range(0, len(texts), PARSE_BATCH_SIZE)]
            futures = parse_batch_task.map(str(settings.region_table), batches) if batches else []
            with connect(settings.build_database) as con:
                for done, future in enumerate(futures, start=1):
                    write_parsed(con, future.result())
                    logger.info("parsed batch %d/%d", done, len(batches))
                summary.counts["documents_parsed"] = len(pending)
                summary.counts["observations"] = con.execute("select count(*) from raw.parsed_figures").fetchone()[0]
            logger.info("parsed %d documents (%d unchanged kept)", len(pending), landing.documents_known)

        with _Stage(summary, "dbt build"):
            dbt_build_task(settings)

        with _Stage(summary, "quality checks"):
            results = validate_task(settings, run_id)
            failures = quality.blocking_failures(results)
            summary.failed_checks = [f"{r.suite}: {r.check_name} (observed {r.observed_value})" for r in failures]
            summary.warnings = [f"{r.suite}: {r.check_name} (observed {r.observed_value})"
                                for r in results if not r.success and r.severity != "error"]
            logger.info("%d checks: %d passed, %d blocking failures, %d warnings", len(results),
                        sum(r.success for r in results), len(failures), len(summary.warnings))
            if failures:
                raise QualityGateFailed("blocking quality checks failed, nothing published:\n  "
                                        + "\n  ".join(summary.failed_checks))

        with _Stage(summary, "publish"):
            publish_task(settings)
            summary.published = True
        logger.info("published %s", settings.warehouse)
    return summary
