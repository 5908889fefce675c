"""Whole-warehouse benchmark on a generated corpus: cold build, parse throughput, incremental rebuilds, memory, workers.

Usage: .venv/bin/python bench/bench_build.py [--reports 10000] [--work-dir /tmp/fazhi-bench] [--seed 7]

Writes `--reports` reports with bench/generate_corpus.py (≈12 KB each) and measures, on this machine:

1. a full build into an empty warehouse (`fazhi run`), with the peak memory of the whole process tree (flow, parse
   workers, dbt, the Prefect server: resident sets summed, sampled every 0.1 s) and of its largest process
   (getrusage RUSAGE_CHILDREN);
2. the parse stage (flows/parse_stage.py, the code the flow runs: texts read from the build file, parsed, written as
   Parquet parts, which dbt build then reads as external sources) on every document of that build, with 1 worker
   process and with FAZHI_PARSE_WORKERS (default: the cores), against plain `jieba.lcut` and `rjieba.cut` on the same
   texts (jieba on a sample: it is slow);
3. a rebuild with nothing changed (`fazhi run --incremental`: stops after landing) and a full one (`fazhi run`);
4. a rebuild after adding 10 reports (`fazhi run`: lands, parses and builds only what changed where it can).

Every figure is measured in this one run, so the ratios compare like with like; the machine's load average is printed
with them (other work on the machine slows every wall-clock figure). Prints one table.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402

FAZHI = Path(sys.executable).with_name("fazhi")

# The targets of the scaling issue (10,000 reports on a 2-core machine).
TARGETS = {
    "cold_build_s": 120, "parse_vs_jieba": 6.0, "parse_vs_rjieba": 0.5, "unchanged_s": 20, "plus10_s": 30,
    "peak_gb": 2.0, "speedup": 1.7,
}


@dataclass
class Run:
    seconds: float
    returncode: int
    output: str
    peak_tree_mb: float = 0.0
    peak_process_mb: float = 0.0
    stages: dict = field(default_factory=dict)


def _tree_rss_mb(pid: int) -> float:
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


# The command runs under this small parent, so RUSAGE_CHILDREN reports the run's processes and nothing of the bench.
_MEASURING_PARENT = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(f'PEAK_RSS_KB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_fazhi(raw: Path, warehouse: Path, *options: str, **env: str) -> Run:
    environment = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect"), **env}
    environment.pop("FAZHI_RAW_DIR", None)
    environment.pop("FAZHI_WAREHOUSE", None)
    command = [sys.executable, "-c", _MEASURING_PARENT, str(FAZHI), "run", "--raw-dir", str(raw),
               "--warehouse", str(warehouse), *options]
    peak = [0.0]
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=warehouse.parent)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    largest = re.search(r"PEAK_RSS_KB (\d+)", output)
    stages = {name: float(value) for name, value in re.findall(r"(\w[\w ]*?) ([\d.]+)s", _timings_line(output))}
    return Run(seconds, proc.returncode, output, peak[0], int(largest.group(1)) / 1024 if largest else 0.0, stages)


def _timings_line(output: str) -> str:
    found = re.search(r"timings: (.*)", output)
    return found.group(1) if found else ""


def _check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        print(run.output[-4000:], file=sys.stderr)
        raise SystemExit(f"{what} failed (exit {run.returncode})")
    return run


def segmentation_rates(texts: list[str]) -> tuple[float, float]:
    """MB/s of plain jieba.lcut (on a sample) and rjieba.cut (on all texts), one process, same texts."""
    import jieba
    import rjieba

    jieba.setLogLevel(60)
    jieba.initialize()
    rjieba.cut("预热")
    sample = texts[:: max(1, len(texts) // 200)]  # ~200 documents: jieba needs ~6 s per 10 MB
    rates = []
    for cut, docs in ((jieba.lcut, sample), (rjieba.cut, texts)):
        megabytes = sum(len(t.encode("utf-8")) for t in docs) / 1e6
        start = time.perf_counter()
        for text in docs:
            cut(text)
        rates.append(megabytes / (time.perf_counter() - start))
    return rates[0], rates[1]


_PARSE_STAGE = """
import sys, time
from pathlib import Path
from prefect import flow
from fazhi.db import connect
from fazhi.settings import ParseSettings, load_settings
from flows.parse_stage import parse_documents

@flow(name="bench-parse-stage")
def parse_stage(database: str, workers: int, batch_size: int) -> float:
    settings = load_settings(warehouse=database)  # parts go to the state folder beside this copy
    with connect(database) as con:
        ids = [r[0] for r in con.execute("select distinct document_id from raw.current_files order by 1").fetchall()]
        start = time.perf_counter()
        parse_documents(settings, con, ids, ParseSettings(workers=workers, batch_size=batch_size, dask_address=None))
        return time.perf_counter() - start

print("PARSE_SECONDS", parse_stage(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


def parse_stage_seconds(build_copy: Path, workers: int, batch_size: int) -> float:
    environment = {**os.environ, "PREFECT_HOME": str(build_copy.parent / ".prefect")}
    proc = subprocess.run([sys.executable, "-c", _PARSE_STAGE, str(build_copy), str(workers), str(batch_size)],
                          env=environment,
                          capture_output=True, text=True, cwd=ROOT)
    found = re.search(r"PARSE_SECONDS ([\d.]+)", proc.stdout)
    if proc.returncode != 0 or not found:
        print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"parse stage with {workers} workers failed")
    return float(found.group(1))


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-bench"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n, work = args.reports, args.work_dir
    cores = os.cpu_count() or 1
    workers = int(os.environ.get("FAZHI_PARSE_WORKERS") or cores)

    raw = generate_corpus.cached_corpus(work, n, args.seed)
    wh_dir = work / "warehouse"
    shutil.rmtree(wh_dir, ignore_errors=True)
    wh_dir.mkdir(parents=True)
    warehouse = wh_dir / "fazhi.duckdb"
    load_before = _load()
    print(f"corpus: {n} reports in {raw}; {cores} cores, FAZHI_PARSE_WORKERS={workers}; load average {load_before}")

    cold = _check(run_fazhi(raw, warehouse), "cold build")
    print(f"cold build: {cold.seconds:.1f} s ({_timings_line(cold.output)})")

    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        texts = [r[0] for r in con.execute(
            "select d.text from raw.documents d join raw.current_files f using (document_id) order by 1").fetchall()]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba_rate, rjieba_rate = segmentation_rates(texts)
    del texts

    build_copy = work / "parse-bench" / "fazhi.duckdb"
    shutil.rmtree(build_copy.parent, ignore_errors=True)
    build_copy.parent.mkdir(parents=True)
    shutil.copyfile(warehouse, build_copy)  # the published file is the last build (publishing renames it)
    batch = max(25, min(500, n // (4 * workers)))  # the flow's 500, smaller for a small corpus: work for every worker
    one = parse_stage_seconds(build_copy, 1, batch)
    many = parse_stage_seconds(build_copy, workers, batch)
    parse_rate = text_mb / many
    print(f"parse stage ({batch} documents a batch): {one:.1f} s with 1 worker, {many:.1f} s with {workers}; "
          f"text {text_mb:.1f} MB; "
          f"jieba.lcut {jieba_rate:.2f} MB/s, rjieba.cut {rjieba_rate:.1f} MB/s")

    unchanged = _check(run_fazhi(raw, warehouse, "--incremental"), "rebuild with nothing changed (--incremental)")
    unchanged_full = _check(run_fazhi(raw, warehouse), "rebuild with nothing changed")
    print(f"nothing changed: {unchanged.seconds:.1f} s with --incremental; {unchanged_full.seconds:.1f} s full "
          f"({_timings_line(unchanged_full.output)})")

    generate_corpus.write_corpus(raw, 10, args.seed, start=n)
    (raw / generate_corpus.CORPUS_COMPLETE).unlink()  # the corpus is no longer the generated one of n reports
    plus10 = _check(run_fazhi(raw, warehouse), "rebuild after adding 10 reports")
    print(f"+10 reports: {plus10.seconds:.1f} s ({_timings_line(plus10.output)})")
    shutil.rmtree(build_copy.parent, ignore_errors=True)

    peak = max(r.peak_tree_mb for r in (cold, unchanged, unchanged_full, plus10))
    largest = max(r.peak_process_mb for r in (cold, unchanged, unchanged_full, plus10))
    rows = [
        (f"full build, {n} reports, cold", f"{cold.seconds:.1f} s", f"≤ {TARGETS['cold_build_s']} s at 10,000",
         cold.seconds <= TARGETS["cold_build_s"] if n == 10_000 else None),
        (f"parse stage ({workers} workers) / jieba.lcut", f"{parse_rate / jieba_rate:.2f} ×  ({parse_rate:.1f} vs "
         f"{jieba_rate:.2f} MB/s)", f"≥ {TARGETS['parse_vs_jieba']}", parse_rate / jieba_rate >= TARGETS["parse_vs_jieba"]),
        (f"parse stage ({workers} workers) / rjieba.cut", f"{parse_rate / rjieba_rate:.2f} ×  ({parse_rate:.1f} vs "
         f"{rjieba_rate:.1f} MB/s)", f"≥ {TARGETS['parse_vs_rjieba']}",
         parse_rate / rjieba_rate >= TARGETS["parse_vs_rjieba"]),
        ("rebuild, nothing changed (--incremental)", f"{unchanged.seconds:.1f} s", f"≤ {TARGETS['unchanged_s']} s",
         unchanged.seconds <= TARGETS["unchanged_s"]),
        ("rebuild, nothing changed (full run)", f"{unchanged_full.seconds:.1f} s", "—", None),
        (f"rebuild after adding 10 reports", f"{plus10.seconds:.1f} s", f"≤ {TARGETS['plus10_s']} s",
         plus10.seconds <= TARGETS["plus10_s"]),
        ("peak memory, whole process tree", f"{peak / 1024:.2f} GB (largest process {largest / 1024:.2f} GB)",
         f"≤ {TARGETS['peak_gb']} GB", peak / 1024 <= TARGETS["peak_gb"]),
        (f"parse speed-up, {workers} workers vs 1", f"{one / many:.2f} ×  ({one:.1f} s → {many:.1f} s)",
         f"≥ {TARGETS['speedup']}", one / many >= TARGETS["speedup"]),
    ]
    print(f"\nload average before {load_before}, after {_load()}\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure':<{width}} | measured | target | met |")
    print(f"|{'-' * (width + 2)}|---|---|---|")
    for label, value, target, met in rows:
        print(f"| {label:<{width}} | {value} | {target} | {'—' if met is None else ('yes' if met else 'NO')} |")
    print("\nstage seconds (cold / nothing changed, full / +10):")
    for stage in cold.stages:
        print(f"  {stage:<15} {cold.stages.get(stage, 0):7.1f} {unchanged_full.stages.get(stage, 0):7.1f} "
              f"{plus10.stages.get(stage, 0):7.1f}")


if __name__ == "__main__":
    main()
