"""Scaling benchmark: the same runs at several corpus sizes, side by side, with ratios and a projection.

Usage: .venv/bin/python bench/bench_scale.py [--sizes 10000 100000] [--work-dir /tmp/fazhi-scale] [--seed 7]

For each size (reports written by bench/generate_corpus.py, cached in --work-dir; a bigger corpus reuses a smaller
one's files, its first reports), into an empty warehouse:

1. cold: `fazhi run` into an empty warehouse;
2. nothing changed: a plain `fazhi run` (lands, finds nothing to parse, builds, checks, publishes), then
   `fazhi run --incremental` (stops after landing);
3. +10 reports: ten new reports are added to the corpus, `fazhi run`; the ten files are removed again afterwards so
   the cached corpus stays the generated one.

Each run's wall-clock seconds, its stage timings (the run's own `timings:` line), the peak memory of its whole
process tree (flow, parse workers, dbt, the Prefect server: resident sets summed, sampled every 0.1 s) and of its
largest process (getrusage RUSAGE_CHILDREN), the cold landing throughput (bytes of the corpus files / seconds of the
land stage) and the published file's size. Every figure of a size is measured in the same invocation as the others,
so the ratios between sizes compare like with like; the load average is printed with them. The last column projects
each figure to 1,000,000 reports, linearly from the two largest sizes measured (memory: the largest measured, when it
did not grow).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402
from bench_build import Run, _check, _load, _timings_line, run_fazhi  # noqa: E402

# Issue 16's targets at 100,000 reports (seconds, GB, MB/s).
TARGETS = {"cold_s": 300, "plus10_s": 20, "unchanged_s": 20, "peak_gb": 2.0, "land_mb_s": 40.0,
           "plus10_vs_10k": 1.5}
PROJECT_TO = 1_000_000


def corpus_bytes(raw: Path) -> int:
    return sum(entry.stat().st_size for entry in raw.rglob("*") if entry.is_file() and not entry.name.startswith("."))


def measure_size(work: Path, reports: int, seed: int) -> dict:
    raw = generate_corpus.cached_corpus(work, reports, seed)
    size_bytes = corpus_bytes(raw)
    wh_dir = work / f"warehouse-{reports}"
    shutil.rmtree(wh_dir, ignore_errors=True)
    wh_dir.mkdir(parents=True)
    warehouse = wh_dir / "fazhi.duckdb"
    print(f"\n== {reports:,} reports ({size_bytes / 1e6:.0f} MB) in {raw}; load average {_load()}", flush=True)
    runs: dict[str, Run] = {}
    runs["cold"] = _check(run_fazhi(raw, warehouse), f"cold build of {reports}")
    _report("cold", runs["cold"])
    runs["unchanged"] = _check(run_fazhi(raw, warehouse), "rebuild with nothing changed")
    _report("nothing changed", runs["unchanged"])
    runs["unchanged_incremental"] = _check(run_fazhi(raw, warehouse, "--incremental"),
                                           "rebuild with nothing changed (--incremental)")
    _report("nothing changed, --incremental", runs["unchanged_incremental"])
    regions = generate_corpus.load_regions()
    added = [raw / generate_corpus.generate_report(seed, i, regions)[0] for i in range(reports, reports + 10)]
    generate_corpus.write_corpus(raw, 10, seed, start=reports)
    try:
        runs["plus10"] = _check(run_fazhi(raw, warehouse), "rebuild after adding 10 reports")
    finally:
        for path in added:  # the cached corpus stays the generated one of `reports` reports
            path.unlink(missing_ok=True)
    _report("+10 reports", runs["plus10"])
    land_seconds = runs["cold"].stages.get("land", 0.0)
    return {
        "reports": reports, "mb": size_bytes / 1e6, "runs": runs,
        "land_mb_s": size_bytes / 1e6 / land_seconds if land_seconds else float("nan"),
        "file_mb": warehouse.stat().st_size / 1e6,
        "peak_tree_gb": max(r.peak_tree_mb for r in runs.values()) / 1024,
        "peak_process_gb": max(r.peak_process_mb for r in runs.values()) / 1024,
        "cold_peak_tree_gb": runs["cold"].peak_tree_mb / 1024,
        "cold_peak_process_gb": runs["cold"].peak_process_mb / 1024,
    }


def _report(what: str, run: Run) -> None:
    print(f"  {what}: {run.seconds:.1f} s, peak tree {run.peak_tree_mb / 1024:.2f} GB, largest process "
          f"{run.peak_process_mb / 1024:.2f} GB ({_timings_line(run.output)})", flush=True)


def _project(points: list[tuple[int, float]], flat: bool = False) -> float:
    """The figure at PROJECT_TO reports, linear through the two largest sizes (flat: the largest value measured
    when it does not grow)."""
    if len(points) < 2:
        return float("nan")
    (x1, y1), (x2, y2) = points[-2], points[-1]
    if flat and y2 <= y1 * 1.2:
        return max(y1, y2)
    return y2 + (y2 - y1) / (x2 - x1) * (PROJECT_TO - x2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-scale"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    load_before = _load()
    print(f"{os.cpu_count()} cores; sizes {sizes}; load average {load_before}")
    started = time.perf_counter()
    results = [measure_size(args.work_dir, n, args.seed) for n in sizes]

    figures = [  # label, value of a result, target text, target test, flat in corpus size?
        ("cold build (s)", lambda r: r["runs"]["cold"].seconds, f"≤ {TARGETS['cold_s']} at 100,000",
         lambda v, n: v <= TARGETS["cold_s"] if n == 100_000 else None, False),
        ("+10 reports, fazhi run (s)", lambda r: r["runs"]["plus10"].seconds,
         f"≤ {TARGETS['plus10_s']}, ≤ {TARGETS['plus10_vs_10k']} × 10,000", lambda v, n: v <= TARGETS["plus10_s"],
         False),
        ("nothing changed, plain fazhi run (s)", lambda r: r["runs"]["unchanged"].seconds,
         f"≤ {TARGETS['unchanged_s']}", lambda v, n: v <= TARGETS["unchanged_s"], False),
        ("nothing changed, --incremental (s)", lambda r: r["runs"]["unchanged_incremental"].seconds, "—",
         lambda v, n: None, False),
        ("landing, cold (MB/s)", lambda r: r["land_mb_s"], f"≥ {TARGETS['land_mb_s']}",
         lambda v, n: v >= TARGETS["land_mb_s"], True),
        ("peak memory, process tree, cold (GB)", lambda r: r["cold_peak_tree_gb"], f"≤ {TARGETS['peak_gb']}, flat",
         lambda v, n: v <= TARGETS["peak_gb"], True),
        ("peak memory, largest process, cold (GB)", lambda r: r["cold_peak_process_gb"],
         f"≤ {TARGETS['peak_gb']}, flat", lambda v, n: v <= TARGETS["peak_gb"], True),
        ("peak memory, process tree, any run (GB)", lambda r: r["peak_tree_gb"], f"≤ {TARGETS['peak_gb']}",
         lambda v, n: v <= TARGETS["peak_gb"], True),
        ("published file (MB)", lambda r: r["file_mb"], "—", lambda v, n: None, False),
    ]
    head = " | ".join(f"{r['reports']:,}" for r in results)
    ratio_head = " | ".join(f"{r['reports']:,} / {sizes[0]:,}" for r in results[1:])
    print(f"\nload average before {load_before}, after {_load()}; {time.perf_counter() - started:.0f} s in all\n")
    print(f"| figure | {head} | {ratio_head} | projected {PROJECT_TO:,} | target | met (largest ≤ 100,000 … ) |")
    print("|---|" + "---|" * (len(results) * 2 + 2))
    for label, value, target, test, flat in figures:
        values = [value(r) for r in results]
        ratios = [v / values[0] if values[0] else float("nan") for v in values[1:]]
        met = []
        for r, v in zip(results, values):
            verdict = test(v, r["reports"])
            if verdict is not None:
                met.append(f"{r['reports']:,}: {'yes' if verdict else 'NO'}")
        if label.startswith("+10") and len(results) > 1 and results[0]["reports"] == 10_000:
            for r, ratio in zip(results[1:], ratios):
                met.append(f"{r['reports']:,} vs 10,000: {'yes' if ratio <= TARGETS['plus10_vs_10k'] else 'NO'}")
        projected = _project(list(zip(sizes, values)), flat=flat)
        print(f"| {label} | " + " | ".join(f"{v:.2f}" for v in values) + " | "
              + " | ".join(f"{x:.2f} ×" for x in ratios) + f" | {projected:.1f} | {target} | {'; '.join(met) or '—'} |")
    print("\nstage seconds (cold / nothing changed / +10):")
    for r in results:
        runs = r["runs"]
        stages = list(dict.fromkeys([*runs["cold"].stages, *runs["plus10"].stages]))
        print(f"  {r['reports']:,}: " + "; ".join(
            f"{stage} {runs['cold'].stages.get(stage, 0):.1f} / {runs['unchanged'].stages.get(stage, 0):.1f} / "
            f"{runs['plus10'].stages.get(stage, 0):.1f}" for stage in stages))


if __name__ == "__main__":
    main()
