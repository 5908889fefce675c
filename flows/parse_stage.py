"""The parse stage of build_warehouse: batches of documents parsed in parallel into Parquet parts that dbt reads.

One Prefect task per batch (hundreds of documents; a task run costs ~10 ms), the same task wherever it runs:

- `FAZHI_DASK_ADDRESS` set: Prefect's DaskTaskRunner runs the tasks on that Dask cluster (the workers need this
  package installed, `FAZHI_PARSED_DIR` on storage they share with the flow, and — beyond this machine — a Prefect
  server in `PREFECT_API_URL`);
- otherwise, with more than one batch and `FAZHI_PARSE_WORKERS` > 1 (default: the machine's cores), the tasks run in
  threads of the flow that hand each batch to a pool of worker processes; a worker builds its Parser once, in its
  initializer, and never starts Prefect (parsing is CPU-bound: threads alone would share one core under the GIL);
- otherwise in the flow's own process (no worker start-up for a handful of new documents).

Every task writes its rows as Parquet parts (fazhi.parse.store) and returns only counts. The stage ends when every
part is written: dbt build, the build file's one writer, reads them as external sources (dbt_project/models/parsed/),
so the workers never wait for the writer. Texts are read from the build file a batch at a time and only a few
batches are in flight, so memory stays flat however many documents wait.

The worker processes are spawned, so a script that runs the flow must guard it with `if __name__ == "__main__":`
(`fazhi run`, pytest and Prefect's workers do).
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import duckdb
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from fazhi.faults import crash_point
from fazhi.parse.store import PartWritten, batch_sizes, clear_parts, parse_to_parts, text_batches, warm_parser
from fazhi.settings import ParseSettings, Settings, load_parse_settings

# The worker processes of the running parse stage, in the flow's process; None elsewhere (on a Dask worker).
_local_pool: ProcessPoolExecutor | None = None


@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch_task(region_table: str, documents: list[tuple[str, str]], parts_dir: str, part: str) -> PartWritten:
    pool = _local_pool
    if pool is not None:
        return pool.submit(parse_to_parts, region_table, documents, parts_dir, part).result()
    return parse_to_parts(region_table, documents, parts_dir, part)


@dataclass(frozen=True)
class ParseStageResult:
    documents: int
    batches: int
    runner: str  # how the batches ran: in-process, processes:N, dask:ADDRESS


@contextmanager
def parse_task_runner(options: ParseSettings, batches: int, region_table: str) -> Iterator[tuple[TaskRunner, str]]:
    """The task runner for this many batches (started, with its worker processes), and a label for the log."""
    global _local_pool
    if options.dask_address:
        from prefect_dask import DaskTaskRunner  # imported only when a cluster is configured

        with _api_for_remote_workers(), DaskTaskRunner(address=options.dask_address) as runner:
            yield runner, f"dask:{options.dask_address}"
        return
    workers = min(options.workers, batches)
    if workers <= 1:
        with ThreadPoolTaskRunner(max_workers=1) as runner:
            yield runner, "in-process"
        return
    # spawn: the flow process runs threads (Prefect's), which a forked child must not inherit
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=warm_parser, initargs=(region_table,))
    _local_pool = pool
    try:
        with ThreadPoolTaskRunner(max_workers=workers) as runner:
            yield runner, f"processes:{workers}"
    finally:
        _local_pool = None
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _api_for_remote_workers() -> Iterator[None]:
    """Dask workers run Prefect's task engine, which needs the flow's API. An embedded run's temporary server is in
    no setting, so each worker would start a server of its own: name it in the settings the tasks carry along."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    with temporary_settings({PREFECT_API_URL: SubprocessASGIServer().api_url}):
        yield


def parse_documents(settings: Settings, con: duckdb.DuckDBPyConnection, document_ids: list[str],
                    options: ParseSettings | None = None) -> ParseStageResult:
    """Parse the documents (ids in the build file `con`) into Parquet parts in `settings.parsed_parts_dir`, which
    holds nothing else afterwards (no part of an earlier run), for dbt build to take in."""
    options = options or load_parse_settings()
    logger = get_run_logger()
    size = options.batch_size
    sizes = batch_sizes(len(document_ids), size, options.workers)
    batches = len(sizes)
    region_table = str(settings.region_table)
    parts_dir = settings.parsed_parts_dir
    clear_parts(parts_dir)  # parts a killed or failed run left behind (the run lock makes this run alone)
    if not batches:
        return ParseStageResult(0, 0, "none")
    in_flight_limit = 2 * max(1, options.workers)  # enough to keep every worker busy; bounds the texts held
    with parse_task_runner(options, batches, region_table) as (runner, label):
        logger.info("parsing %d documents in %d batches of up to %d (%s)", len(document_ids), batches, size, label)
        in_flight: deque = deque()
        written: list[PartWritten] = []
        for number, documents in enumerate(text_batches(con, document_ids, sizes), start=1):
            in_flight.append(runner.submit(parse_batch_task, {
                "region_table": region_table, "documents": documents, "parts_dir": str(parts_dir),
                "part": f"{number:06d}",
            }))
            while in_flight and (len(in_flight) >= in_flight_limit or number == batches):
                written.append(in_flight.popleft().result())
                logger.info("parsed batch %d/%d: %s", len(written), batches, ", ".join(
                    f"{n} {table.removeprefix('parsed_')}" for table, n in written[-1].rows.items()))
    crash_point("parse:batch-written")
    return ParseStageResult(len(document_ids), batches, label)
