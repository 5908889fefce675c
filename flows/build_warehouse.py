"""The main job: land → parse → dbt build → Great Expectations → publish, as one Prefect flow.

Work is batched (a few tasks per run, each handling hundreds of documents): a Prefect task run costs ~10 ms and
~6.5 KB of state, so a task per document would cost more than the parsing.

Crash safety: every stage works on the private build file, so a run killed anywhere leaves the published warehouse
as it was, and the next run starts again from it. `crash_point` calls mark where tests/robustness/test_crash.py
kills a run on purpose (`FAZHI_CRASH_AT`, see `fazhi.faults`); they do nothing otherwise.
"""
from __future__ import annotations

import dataclasses
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timezone

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run as flow_run_context

from fazhi import alerts, changes, export, land, publish, quality, site, transform
from fazhi.assess.stage import AssessSummary, run_assess_stage
from fazhi.db import connect, create_raw_tables, insert_rows
from fazhi.faults import crash_point
from fazhi.parse.document import PARSER_VERSION
from fazhi.parse.store import pending_document_ids, remove_parts
from fazhi.runlock import run_lock
from fazhi.settings import Settings, load_alert_settings, load_settings
from flows.parse_stage import parse_documents

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
    rejected_files: list = field(default_factory=list)  # (source_file, reason) of every file not landed
    skipped: str | None = None  # why an incremental run ended before dbt build (nothing changed)
    failed_stage: str | None = None  # the stage that raised, when the run failed
    error: str | None = None  # what it raised ("RuntimeError: …")
    check_results: list = field(default_factory=list)  # every quality.CheckResult of the run
    quarantined: list = field(default_factory=list)  # rows of marts.fct_quarantined_observations (dicts)
    data_docs: str | None = None  # index.html of the run's Data Docs
    site: str | None = None  # index.html of the report site built from what the run published
    alerts_sent: dict | None = None  # {channel: delivered} once the run's one alert went out


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
            crash_point(f"flow:{self.name.replace(' ', '-')}-done")
        elif isinstance(exc, Exception):
            exc.run_summary = self.summary  # so the CLI can still say what the run saw (rejected files …)
        if exc is not None and self.summary.failed_stage is None:
            self.summary.failed_stage, self.summary.error = self.name, f"{type(exc).__name__}: {exc}".strip()
        return False


@task(name="prepare-build", cache_policy=NO_CACHE)
def prepare_build_task(settings: Settings) -> bool:
    publish.clean_publish_leftovers(settings.warehouse)
    export.clean_export_leftovers(settings.parquet_dir)
    if export.repair_parquet_exports(settings.warehouse, settings.parquet_dir):
        get_run_logger().warning("the Parquet export was not from the published warehouse's run (a run killed "
                                 "between its two swaps): re-exported from %s", settings.warehouse)
    had_published = publish.prepare_build_file(settings.warehouse, settings.build_database)
    with connect(settings.build_database) as con:
        create_raw_tables(con)
        con.execute("delete from raw.quality_check_results")
        insert_rows(con, "quality_check_results", quality.read_history(settings.quality_history))
    return had_published


@task(name="land", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def land_task(settings: Settings, run_id: str, rehash: bool = False) -> land.LandingSummary:
    """rehash: read every file, also those whose size and mtime are as when they were last read."""
    with connect(settings.build_database) as con:
        summary = land.land_folder(con, settings.raw_dir, run_id, _now(), rehash=rehash)
    for rejected in summary.rejected:
        get_run_logger().warning("rejected %s: %s", rejected.source_file, rejected.reason)
    return summary


@task(name="assess", retries=0, cache_policy=NO_CACHE)
def assess_task(settings: Settings, run_id: str, full_refresh: bool) -> AssessSummary:
    """Required content and copying of the documents that need it (fazhi.assess.stage), for dbt to read."""
    with connect(settings.build_database) as con:
        return run_assess_stage(con, run_id, _now(), full_refresh=full_refresh)


@task(name="dbt-build", retries=0, cache_policy=NO_CACHE)
def dbt_build_task(settings: Settings, run_id: str, changed: list[tuple[str, str]], full_refresh: bool) -> bool:
    """dbt build on the build file; the incremental models rebuild only the changed documents' rows unless
    full_refresh, or unless they were built from another dbt project, parser or dbt version. True when built whole."""
    fingerprint = transform.project_fingerprint(settings.dbt_project_dir, PARSER_VERSION)
    with connect(settings.build_database) as con:
        changes.record_run(con, run_id, _now(), changed)
        previous = transform.built_fingerprint(con)
    whole = full_refresh or previous != fingerprint
    if whole and not full_refresh:
        get_run_logger().info("incremental models built whole: %s", "never built in this warehouse" if previous is None
                              else "the dbt project, the parser or the dbt/DuckDB version changed")
    transform.dbt_build(settings.dbt_project_dir, settings.build_database, settings.state_dir / "dbt",
                        incremental=not whole, parsed_dir=settings.parsed_parts_dir)
    with connect(settings.build_database) as con:
        transform.record_build(con, fingerprint, run_id, _now())
    return whole


@task(name="validate", retries=0, cache_policy=NO_CACHE)
def validate_task(settings: Settings, run_id: str, volume: quality.Volume,
                  gx_project: Future) -> list[quality.CheckResult]:
    results = quality.run_quality_checks(settings.build_database, settings.expectations_dir, run_id, _now(),
                                         work_dir=settings.state_dir / "gx", volume=volume,
                                         context=gx_project.result(), parsed_in_run_only=True)
    quality.append_history(settings.quality_history, results)
    crash_point("validate:history-appended")
    with connect(settings.build_database) as con:
        insert_rows(con, "quality_check_results", [r.as_row() for r in results])
    return results


@task(name="data-docs", retries=0, cache_policy=NO_CACHE)
def data_docs_task(settings: Settings, run_id: str, results: list[quality.CheckResult],
                   gx_project: Future) -> str | None:
    """Offline Data Docs of the run; a convenience, so a failure here is logged and never fails the run."""
    try:
        index = quality.build_data_docs(settings.state_dir / "gx", settings.data_docs_dir, run_id, results,
                                        context=gx_project.result())
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("data docs not built: %s: %s", type(exc).__name__, exc)
        return None
    return str(index)


@task(name="publish", retries=0, cache_policy=NO_CACHE)
def publish_task(settings: Settings, run_id: str) -> None:
    publish.stamp_version(settings.build_database, run_id, datetime.now(timezone.utc))
    staged = export.stage_parquet_exports(settings.build_database, settings.parquet_dir)  # before: fails unpublished
    publish.publish_build(settings.build_database, settings.warehouse)
    export.publish_parquet_exports(staged, settings.parquet_dir)


@task(name="site", retries=0, cache_policy=NO_CACHE)
def site_task(settings: Settings) -> site.SiteBuild:
    return site.build_site(settings.warehouse)


def _build_site(settings: Settings, summary: RunSummary) -> None:
    """The report site of what was just published. The warehouse is already published and sound, so a failure here
    does not fail the run: the previous site stays as it was, and the run reports a warning (alert, quality history)."""
    logger = get_run_logger()
    started = time.perf_counter()
    try:
        built = site_task(settings)
    except Exception as exc:  # noqa: BLE001
        error = f"{type(exc).__name__}: {exc}".strip()
        logger.error("report site not rebuilt, the previous one is kept: %s", error)
        failure = dataclasses.replace(quality.stage_failure(summary.run_id, _now(), "site", error), severity="warning")
        summary.check_results.append(failure)
        summary.warnings.append(failure.label())
        try:
            quality.append_history(settings.quality_history, [failure])
        except OSError as history_error:
            logger.error("could not record the site failure in the quality history: %s", history_error)
    else:
        summary.site = str(built.site_dir / "index.html")
        summary.counts.update(site_pages=built.pages, site_pages_rendered=built.rendered)
        logger.info("report site: %d pages (%d rendered, %d unchanged) in %.2f s: %s", built.pages, built.rendered,
                    built.reused, built.seconds, summary.site)
    summary.timings["site"] = round(time.perf_counter() - started, 2)


# Summaries of the runs in progress in this process, by flow run id: the failure hooks report from them.
_RUNS_IN_PROGRESS: dict[str, RunSummary] = {}


def _alert_report(summary: RunSummary, status: str) -> alerts.AlertReport:
    failed = [r for r in summary.check_results if not r.success and r.severity == "error"]
    if summary.error and not failed:  # the run failed outside the checks: its stage is the failed check
        failed = [quality.stage_failure(summary.run_id, _now(), summary.failed_stage or "run", summary.error)]
    return alerts.AlertReport(
        run_id=summary.run_id, status=status, warehouse=summary.warehouse, published=summary.published,
        failed_checks=failed, warnings=[r for r in summary.check_results if not r.success and r.severity == "warning"],
        quarantined=summary.quarantined, counts=summary.counts, failed_stage=summary.failed_stage,
        error=summary.error, data_docs=summary.data_docs,
    )


def _report_failed_run(flow, flow_run, state) -> None:
    """on_failure / on_crashed: keep the failure in the quality history and send the run's one alert."""
    from prefect.logging.loggers import flow_run_logger

    from fazhi.runlock import WarehouseBusy

    logger = flow_run_logger(flow_run, flow)
    summary = _RUNS_IN_PROGRESS.pop(str(flow_run.id), None)
    if summary is None or summary.alerts_sent is not None:
        return  # not started in this process, or already reported
    if summary.error is None:  # it failed outside a stage (the run lock, the incremental check) or was killed
        try:
            error = state.result(raise_on_failure=False)
        except Exception as exc:  # noqa: BLE001 - a crashed state may hold no result
            error = exc
        if isinstance(error, WarehouseBusy):
            return  # another run holds the warehouse and reports for itself
        summary.error = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else \
            (state.message or "the run ended abnormally")
    if not summary.failed_checks:  # failed checks are in the history already; a failed stage is not
        stage = quality.stage_failure(summary.run_id, _now(), summary.failed_stage or "run", summary.error)
        try:
            quality.append_history(load_settings(warehouse=summary.warehouse).quality_history, [stage])
        except Exception as exc:  # noqa: BLE001
            logger.error("could not record the failure in the quality history: %s", exc)
    status = "crashed" if state.is_crashed() else "failed"
    summary.alerts_sent = alerts.send_alert(_alert_report(summary, status), load_alert_settings(), logger=logger)


def _forget_run(flow, flow_run, state) -> None:
    _RUNS_IN_PROGRESS.pop(str(flow_run.id), None)


@flow(name="build_warehouse", log_prints=True, on_completion=[_forget_run], on_failure=[_report_failed_run],
      on_crashed=[_report_failed_run])
def build_warehouse(raw_dir: str | None = None, warehouse: str | None = None, full_refresh: bool = False,
                    incremental: bool = False) -> RunSummary:
    """Build the warehouse from a folder of report files and publish it when every blocking check passes.

    Args:
        raw_dir: folder of report files (default: FAZHI_RAW_DIR, else raw/ of the project)
        warehouse: DuckDB file to publish (default: FAZHI_WAREHOUSE, else warehouse/fazhi.duckdb)
        full_refresh: re-read every raw file and re-parse every current document, not only those without a
            parse by this parser version
        incremental: end after landing, without dbt build, checks or publish, when no file was added, changed,
            removed or newly rejected, nothing is left to parse and a published warehouse exists
    """
    if full_refresh and incremental:
        raise ValueError("full_refresh and incremental exclude each other")
    settings = load_settings(raw_dir, warehouse)
    logger = get_run_logger()
    run_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    summary = RunSummary(run_id=run_id, warehouse=str(settings.warehouse))
    _RUNS_IN_PROGRESS[str(flow_run_context.id)] = summary
    logger.info("run %s: %s → %s", run_id, settings.raw_dir, settings.warehouse)

    with run_lock(settings.state_dir / "run.lock"):
        with _Stage(summary, "prepare"):
            summary.counts["had_published"] = prepare_build_task(settings)
            previous = quality.read_volume(settings.build_database)  # the last published run, before landing
            summary.counts.update(previous_documents=previous.documents,
                                  previous_fact_observations=previous.observations)

        with _Stage(summary, "land"):
            with connect(settings.build_database) as con:
                landed_before = changes.landing_state(con)
            landing = land_task(settings, run_id, rehash=full_refresh)
            summary.counts.update(
                files_seen=landing.files_seen, documents_new=landing.documents_new,
                documents_known=landing.documents_known, files_rejected=landing.files_rejected,
                files_removed=landing.files_removed, files_kept=landing.files_kept,
            )
            summary.rejected_files = [(r.source_file, r.reason) for r in landing.rejected]
            logger.info("landed %d files: %d new documents, %d known, %d rejected (%d of them keep their last "
                        "landed version), %d removed", landing.files_seen, landing.documents_new,
                        landing.documents_known, landing.files_rejected, landing.files_kept, landing.files_removed)

        if incremental:
            with connect(settings.build_database) as con:
                difference = landed_before.differences(changes.landing_state(con))
                unparsed = len(pending_document_ids(con))
            published = summary.counts["had_published"] and settings.parquet_dir.is_dir()
            if published and not unparsed and not any(difference.values()):
                summary.skipped = (f"nothing changed since the last published build ({landing.files_seen} files: "
                                   "none added, changed, removed or newly rejected, none to parse)")
                logger.info("incremental run: %s; dbt build, quality checks and publish skipped", summary.skipped)
                site_dir = site.site_dir_for(settings.warehouse)
                if (not (site_dir / "index.html").is_file()
                        or site.site_version(site_dir) != publish.read_version(settings.warehouse)):
                    logger.info("the report site is missing or not from the published warehouse (a run killed "
                                "before its site stage): rebuilding it")
                    _build_site(settings, summary)
                return summary
            logger.info("incremental run: %s, %d to parse, published warehouse %s: building",
                        ", ".join(f"{n} {what}" for what, n in difference.items()), unparsed,
                        "present" if published else "missing")

        with _Stage(summary, "parse"):
            with connect(settings.build_database) as con:
                pending = changes.current_document_ids(con) if full_refresh else pending_document_ids(con)
                if full_refresh:
                    logger.info("full refresh: re-parsing all %d current documents", len(pending))
                parsed = parse_documents(settings, con, pending)  # batches in parallel (flows/parse_stage.py)
                summary.counts["documents_parsed"] = len(pending)
            logger.info("parsed %d documents in %d batches (%s), %d unchanged kept", len(pending), parsed.batches,
                        parsed.runner, landing.documents_known)

        with _Stage(summary, "assess"):
            assessed = assess_task(settings, run_id, full_refresh)
            summary.counts.update(documents_assessed=assessed.assessed, documents_signed=assessed.signed,
                                  similar_pairs_found=assessed.pairs_kept)
            logger.info("assessed %d documents' content, signed %d (boilerplate %s: %d shingles), %d candidate "
                        "pairs, %d kept (%s)", assessed.assessed, assessed.signed,
                        "recounted" if assessed.boilerplate_recounted else "kept", assessed.boilerplate_shingles,
                        assessed.candidate_pairs, assessed.pairs_kept, assessed.timings)

        gx_project = quality.open_gx_project_in_background(settings.expectations_dir, settings.state_dir / "gx")
        with _Stage(summary, "dbt build"):
            with connect(settings.build_database) as con:
                changed = changes.changed_documents(landed_before, changes.landing_state(con), pending)
            summary.counts["dbt_full_refresh"] = dbt_build_task(settings, run_id, changed, full_refresh)
            remove_parts(settings.parsed_parts_dir)  # taken in by dbt: the build file holds their rows now
            with connect(settings.build_database) as con:
                summary.counts["observations"] = con.execute("select count(*) from raw.parsed_figures").fetchone()[0]

        with _Stage(summary, "quality checks"):
            results = validate_task(settings, run_id, previous, gx_project)
            summary.check_results = results
            summary.data_docs = data_docs_task(settings, run_id, results, gx_project)
            failures = quality.blocking_failures(results)
            summary.failed_checks = [r.label() for r in failures]
            summary.warnings = [r.label() for r in results if not r.success and r.severity != "error"]
            current = quality.read_volume(settings.build_database)
            summary.quarantined = quality.quarantined_records(settings.build_database)
            summary.counts.update(documents=current.documents, fact_observations=current.observations,
                                  quarantined=len(summary.quarantined))
            logger.info("%d checks: %d passed, %d blocking failures, %d quarantined records, %d warnings; "
                        "data docs: %s", len(results), sum(r.success for r in results), len(failures),
                        len(summary.quarantined), len(summary.warnings), summary.data_docs)
            if failures:
                raise QualityGateFailed("blocking quality checks failed, nothing published:\n  "
                                        + "\n  ".join(summary.failed_checks))

        with _Stage(summary, "publish"):
            publish_task(settings, summary.run_id)
            summary.published = True
        logger.info("published %s", settings.warehouse)
        _build_site(settings, summary)
    if summary.quarantined or summary.warnings:  # published but degraded: the maintainers hear of it
        status = "published_with_quarantine" if summary.quarantined else "published_with_warnings"
        summary.alerts_sent = alerts.send_alert(_alert_report(summary, status), load_alert_settings(), logger=logger)
    return summary
