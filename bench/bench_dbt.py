"""What dbt build costs on a built warehouse: whole, with nothing changed, and with a few documents changed.

Usage: .venv/bin/python bench/bench_dbt.py --warehouse /tmp/fazhi-bench/warehouse/fazhi.duckdb [--work-dir DIR]
       [--changed 10] [--top 15]

Copies the published warehouse (never writes it) and on the copy runs the dbt stage as the flow does
(fazhi.transform.dbt_build): first `dbt build --full-refresh` (every model whole; the stored parses are kept, as a
full refresh keeps them), then an incremental build with no changed document, then one with `--changed` documents
recorded as changed (raw.changed_documents, as the flow records a run's; their stored parses are re-used, so every
per-document model deletes and re-inserts their rows). For each it prints the wall-clock seconds of the dbt process
(start-up included), the indicator mapper model's own seconds (int_figure_indicators_matched, separated because it
has its own bench), the slowest nodes from run_results.json and the peak memory of the dbt process tree.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fazhi import changes, transform  # noqa: E402

MAPPER = "model.fazhi.int_figure_indicators_matched"


def _tree_rss_mb(process: psutil.Process) -> float:
    total = 0
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def timed_build(project: Path, database: Path, work_dir: Path, parsed_dir: Path, incremental: bool,
                without_mapper: bool = False) -> tuple[float, float, dict]:
    """(wall seconds, peak MB of the dbt processes, run_results.json) of one dbt stage."""
    me, peak, done = psutil.Process(), [0.0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(me))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    try:
        if without_mapper:
            # what the flow runs, but for the mapper model, which keeps its table from the last build
            selection = (["--select", "source:raw+", "source:parsed_parts+", "--exclude-resource-type", "unit_test"]
                         if incremental else ["--full-refresh"])
            transform.run_dbt(["build", *selection, "--exclude", MAPPER.split(".")[-1]], project_dir=project,
                              database=database, work_dir=work_dir, parsed_dir=parsed_dir)
        else:
            transform.dbt_build(project, database, work_dir, incremental=incremental, parsed_dir=parsed_dir)
    finally:
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    return seconds, peak[0], json.loads((work_dir / "target" / "run_results.json").read_text())


def report(label: str, seconds: float, peak_mb: float, results: dict, top: int) -> None:
    nodes = results["results"]
    mapper = sum(r["execution_time"] for r in nodes if r["unique_id"] == MAPPER)
    tests = [r for r in nodes if r["unique_id"].startswith("test.")]
    models = [r for r in nodes if r["unique_id"].startswith("model.") and r["unique_id"] != MAPPER]
    print(f"{label}: {seconds:.1f} s in dbt (start-up included; dbt's own elapsed {results['elapsed_time']:.1f} s), "
          f"of which the mapper model {mapper:.1f} s; {len(nodes)} nodes: {len(models)} other models "
          f"{sum(r['execution_time'] for r in models):.1f} s summed, {len(tests)} tests "
          f"{sum(r['execution_time'] for r in tests):.1f} s summed; peak {peak_mb:.0f} MB")
    for node in sorted(nodes, key=lambda r: -r["execution_time"])[:top]:
        print(f"    {node['execution_time']:6.2f} s  {node['unique_id'].split('.', 2)[-1][:100]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="a published warehouse (copied, not written)")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-bench-dbt"))
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--project-dir", type=Path, default=ROOT / "dbt_project",
                        help="the dbt project to measure (default this checkout's)")
    parser.add_argument("--without-mapper", action="store_true",
                        help="leave out the mapper model (it has its own bench; it keeps the copy's table): the rest's cost")
    parser.add_argument("--skip-full-refresh", action="store_true",
                        help="start from the copy as built (the incremental runs then measure the project that built it)")
    args = parser.parse_args()

    shutil.rmtree(args.work_dir, ignore_errors=True)
    args.work_dir.mkdir(parents=True)
    database, parsed_dir, dbt_dir = args.work_dir / "build.duckdb", args.work_dir / "parsed", args.work_dir / "dbt"
    parsed_dir.mkdir()
    shutil.copyfile(args.warehouse, database)
    with duckdb.connect(str(database), read_only=True) as con:
        documents = con.execute("select count(*) from raw.current_files").fetchone()[0]
        # every k-th current document: spread over regions and years, the same ones on every run of the bench
        step = max(1, documents // max(args.changed, 1))
        sample = [row[0] for row in con.execute(
            "select document_id from (select document_id, row_number() over (order by document_id) as n "
            "from raw.current_files) where n % ? = 0 order by document_id limit ?", [step, args.changed]).fetchall()]
    print(f"warehouse {args.warehouse}: {documents} current documents; load average {os.getloadavg()[0]:.1f}")

    def record(changed: list[tuple[str, str]]) -> None:
        with duckdb.connect(str(database)) as con:
            changes.record_run(con, f"bench-{time.time_ns()}", datetime.now(timezone.utc), changed)

    # the flow keeps dbt's target/ between runs, so a run parses the project partially: so do the builds here
    transform.run_dbt(["parse"], project_dir=args.project_dir, database=database, work_dir=dbt_dir,
                      parsed_dir=parsed_dir)
    if not args.skip_full_refresh:
        record([])
        report("cold (--full-refresh)", *timed_build(args.project_dir, database, dbt_dir, parsed_dir,
                                                     incremental=False, without_mapper=args.without_mapper), args.top)
    record([])
    report("nothing changed", *timed_build(args.project_dir, database, dbt_dir, parsed_dir, incremental=True,
                                           without_mapper=args.without_mapper), args.top)
    record([(document_id, "parsed") for document_id in sample])
    report(f"{len(sample)} documents changed", *timed_build(args.project_dir, database, dbt_dir, parsed_dir,
                                                            incremental=True, without_mapper=args.without_mapper),
           args.top)
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
