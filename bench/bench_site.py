"""Report site benchmark: build the site of a warehouse of generated reports, cold, unchanged and after a change.

Usage: .venv/bin/python bench/bench_site.py [--reports 10000] [--work-dir /tmp/fazhi-site-bench] [--seed 7]
                                            [--changed-regions 10] [--warehouse FILE]

Writes `--reports` reports with bench/generate_corpus.py and builds their warehouse with `fazhi run` (both kept in
the work folder and reused by the next run of this script with the same arguments), or takes `--warehouse`, a
published file built before (only copied, never written), then measures on a copy of it, each build in a fresh
process so its peak memory (the process and its worker processes) is its own:

1. a cold site build (no previous site: every page rendered);
2. a rebuild with nothing changed (every page linked from the previous site);
3. a rebuild after the quoted values of `--changed-regions` regions changed (written into the copy's
   marts.fct_region_year_indicators, as a run that re-parsed those regions' reports would publish them): only their
   region pages, the pages of the indicators whose values changed and the pages aggregating them are rendered.

Every figure is measured in this one run, so the ratios compare like with like; the machine's load average is printed
with them. Prints one table: each build's time, the part reading the warehouse (page fingerprints and the single
pages' data), the part reading and rendering the changed region and indicator pages, the sync, and peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402

import generate_corpus  # noqa: E402

FAZHI = Path(sys.executable).with_name("fazhi")
TARGET_COLD_S = 60  # issue 17: the site of 10,000 reports in at most 60 s
TARGET_UNCHANGED_S = 1  # issue 16: a build with nothing changed at 10,000 reports
# One build in a fresh process: its SiteBuild and peak RSS (this process; the largest worker process).
_BUILD = """
import dataclasses, json, resource, sys
from fazhi.site import build_site
built = build_site(sys.argv[1])
usage = {who: resource.getrusage(who).ru_maxrss * 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)}
print(json.dumps({**{k: v for k, v in dataclasses.asdict(built).items() if k != "site_dir"},
                  "site_dir": str(built.site_dir), "peak_rss": usage[resource.RUSAGE_SELF],
                  "worker_peak_rss": usage[resource.RUSAGE_CHILDREN]}))
"""


def build(warehouse: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _BUILD, str(warehouse)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def warehouse_of(work: Path, reports: int, seed: int) -> Path:
    raw = work / f"raw-{reports}-{seed}-v{generate_corpus.VERSION}"
    warehouse = work / f"warehouse-{reports}-{seed}-v{generate_corpus.VERSION}" / "fazhi.duckdb"
    if not raw.is_dir():
        print(f"writing {reports} reports into {raw} …", flush=True)
        partial = raw.with_name(raw.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        generate_corpus.write_corpus(partial, reports=reports, seed=seed)
        partial.rename(raw)
    if not warehouse.is_file():
        print(f"building the warehouse {warehouse} (fazhi run) …", flush=True)
        env = {**os.environ, "PREFECT_HOME": str(work / ".prefect")}
        subprocess.run([str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse)], check=True,
                       env=env, stdout=subprocess.DEVNULL)
    return warehouse


def change_regions(warehouse: Path, regions: int) -> tuple[int, int]:
    """Raise the quoted values of the first `regions` regions with values by 1; (regions, indicators) touched."""
    with duckdb.connect(str(warehouse)) as con:
        codes = [r[0] for r in con.execute(
            "select distinct region_code from marts.fct_region_year_indicators where quoted_value is not null "
            "order by 1 limit ?", [regions]).fetchall()]
        indicators = con.execute(
            "select count(distinct indicator_code) from marts.fct_region_year_indicators "
            "where region_code in (select unnest(?))", [codes]).fetchone()[0]
        con.execute("update marts.fct_region_year_indicators set quoted_value = quoted_value + 1 "
                    "where region_code in (select unnest(?))", [codes])
    return len(codes), indicators


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--work-dir", default="/tmp/fazhi-site-bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--changed-regions", type=int, default=10)
    parser.add_argument("--warehouse", help="a published warehouse to measure (copied) instead of building one")
    args = parser.parse_args()
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    source = Path(args.warehouse) if args.warehouse else warehouse_of(work, args.reports, args.seed)

    copy = work / "site-run" / "fazhi.duckdb"
    shutil.rmtree(copy.parent, ignore_errors=True)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(source, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        documents, regions, values = con.execute(
            "select (select count(*) from marts.dim_document), "
            "(select count(distinct region_code) from marts.dim_document where region_code is not null), "
            "(select count(*) from marts.fct_region_year_indicators)").fetchone()

    cold = build(copy)
    unchanged = build(copy)
    changed_regions, changed_indicators = change_regions(copy, args.changed_regions)
    changed = build(copy)
    size_mb = sum(p.stat().st_size for p in Path(cold["site_dir"]).rglob("*") if p.is_file()) / 1e6

    load = os.getloadavg()
    print(f"\nreport site of {documents:,} documents, {regions:,} regions, {values:,} region-year-indicator values "
          f"({cold['pages']:,} pages, {size_mb:.0f} MB); load average {load[0]:.1f} on {os.cpu_count()} cores\n")
    print(f"{'build':<40}{'seconds':>8}{'reading':>8}{'pages':>8}{'sync':>7}{'rendered':>9}{'reused':>7}"
          f"{'peak MB':>8}{'worker MB':>10}")
    for name, built in (("cold (no previous site)", cold), ("nothing changed", unchanged),
                        (f"{changed_regions} regions changed ({changed_indicators} indicators)", changed)):
        print(f"{name:<40}{built['seconds']:>8.2f}{built['read_seconds']:>8.2f}{built['render_seconds']:>8.2f}"
              f"{built['sync_seconds']:>7.2f}{built['rendered']:>9,}{built['reused']:>7,}"
              f"{built['peak_rss'] / 2**20:>8.0f}{built['worker_peak_rss'] / 2**20:>10.0f}")
    print(f"\ncold build {cold['seconds']:.1f} s (target ≤ {TARGET_COLD_S} s: "
          f"{'met' if cold['seconds'] <= TARGET_COLD_S else 'NOT met'}); nothing changed {unchanged['seconds']:.2f} s "
          f"(target ≤ {TARGET_UNCHANGED_S} s at 10,000 reports: "
          f"{'met' if unchanged['seconds'] <= TARGET_UNCHANGED_S else 'NOT met'}); "
          f"changed / cold = {changed['seconds'] / cold['seconds']:.2f}, unchanged / cold = "
          f"{unchanged['seconds'] / cold['seconds']:.2f}; pages rendered after the change: {changed['rendered']} of "
          f"{changed['pages']}")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")
