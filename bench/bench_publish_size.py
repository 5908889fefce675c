"""Published file size over repeated full refreshes: does the warehouse stay the size of its content?

Usage: .venv/bin/python bench/bench_publish_size.py [--reports 300] [--refreshes 10] [--work-dir /tmp/fazhi-bench-size]

Builds a warehouse from `--reports` generated reports (bench/generate_corpus.py), then runs `fazhi run --full-refresh`
`--refreshes` times on the same corpus and prints the published file's size after each run, its free blocks
(`pragma database_size`), and the ratio of the last size to the size after the first build (target ≤ 1.1: a full
refresh rebuilds every table, and DuckDB never gives freed blocks back, so without compaction the file kept the
blocks of both versions and grew with each refresh). Also checks the Parquet export names the published run.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402
from bench_build import _check, _load, run_fazhi  # noqa: E402

from fazhi.export import read_export_version  # noqa: E402
from fazhi.publish import file_space, read_version  # noqa: E402

TARGET_RATIO = 1.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--refreshes", type=int, default=10)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-bench-size"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    raw = generate_corpus.cached_corpus(args.work_dir, args.reports, args.seed)
    wh_dir = args.work_dir / "warehouse"
    shutil.rmtree(wh_dir, ignore_errors=True)
    wh_dir.mkdir(parents=True)
    warehouse = wh_dir / "fazhi.duckdb"
    print(f"corpus: {args.reports} reports in {raw}; load average {_load()}")

    sizes = []
    for index in range(args.refreshes + 1):
        run = _check(run_fazhi(raw, warehouse, *(["--full-refresh"] if index else [])),
                     f"run {index}")
        space = file_space(warehouse)
        sizes.append(warehouse.stat().st_size)
        same_version = read_export_version(wh_dir / "parquet") == read_version(warehouse)
        print(f"{'first build' if index == 0 else f'full refresh {index}':16} {sizes[-1] / 2**20:8.1f} MiB  "
              f"free blocks {space.free_blocks}/{space.total_blocks}  {run.seconds:5.1f} s  "
              f"Parquet of the same run: {'yes' if same_version else 'NO'}")
    ratio = sizes[-1] / sizes[0]
    print(f"\nsize after {args.refreshes} full refreshes / after the first build: {ratio:.2f} "
          f"(target ≤ {TARGET_RATIO}: {'met' if ratio <= TARGET_RATIO else 'NOT met'}); "
          f"largest {max(sizes) / sizes[0]:.2f}; load average {_load()}")


if __name__ == "__main__":
    main()
