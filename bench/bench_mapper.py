"""The indicator mapper, the dbt Python model int_figure_indicators_matched, mapping every figure of a corpus: as an
older revision did it and as this tree does, at two corpus sizes.

Usage: .venv/bin/python bench/bench_mapper.py [--reports 2000 8000] [--warehouse FILE ...] [--old-revision d1acadc]
                                              [--work-dir /tmp/fazhi-bench-mapper] [--seed 7]

Each corpus is a generated one (bench/generate_corpus.py) built with `fazhi run` (cached in the work folder), or a
warehouse built before (`--warehouse`, only copied). On a copy of its file the bench runs
`dbt run --select int_figure_indicators_matched --full-refresh`, the old model then the new, twice (the better run
counts, the machine being shared): the old is the model file and fazhi.parse.indicators of `--old-revision` (git),
which fetched every figure at once into one table, the new is this tree's (batches of document-id ranges on worker
processes, FAZHI_MAPPER_WORKERS). For each it prints the model's own time from dbt's run_results.json, figures per
second, and the peak memory of the dbt process tree (its worker processes included) and of its largest process; then
the old/new ratios and how each grows from the smaller corpus to the larger. It also checks that both map every
figure alike (every row equal). Every figure is measured in this one run; the load average is printed with them.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402
import generate_corpus  # noqa: E402
from bench_build import _MEASURING_PARENT, _check, _load, _tree_rss_mb, run_fazhi  # noqa: E402

MODEL = "int_figure_indicators_matched"
MODEL_FILE = f"dbt_project/models/intermediate/{MODEL}.py"
MAPPER_FILE = "src/fazhi/parse/indicators.py"
DBT = Path(sys.executable).with_name("dbt")


@dataclass
class Mapping:
    seconds: float  # the model's execution time as dbt recorded it
    figures: int
    peak_tree_mb: float
    peak_process_mb: float


def old_project(revision: str, into: Path) -> Path:
    """A copy of this dbt project whose mapper model and mapper module are those of `revision`."""
    project = into / "dbt_project"
    shutil.copytree(ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))

    def show(path: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{path}"], check=True,
                              capture_output=True, text=True).stdout

    mapper = into / "indicators_before.py"
    mapper.write_text(show(MAPPER_FILE), encoding="utf-8")
    model = show(MODEL_FILE)
    old_import = "from fazhi.parse.indicators import IndicatorCatalog, figure_context, value_basis\n"
    if old_import not in model:
        raise SystemExit(f"{MODEL_FILE} at {revision} does not import the mapper as this bench expects")
    # the old mapper module loaded from its file, under its own name (the installed fazhi is this tree's)
    model = model.replace(old_import, (
        "import importlib.util, sys\n"
        f"_spec = importlib.util.spec_from_file_location('indicators_before', {str(mapper)!r})\n"
        "_mapper = sys.modules['indicators_before'] = importlib.util.module_from_spec(_spec)\n"
        "_spec.loader.exec_module(_mapper)\n"
        "IndicatorCatalog, figure_context, value_basis = (_mapper.IndicatorCatalog, _mapper.figure_context, "
        "_mapper.value_basis)\n"))
    (project / "models" / "intermediate" / f"{MODEL}.py").write_text(model, encoding="utf-8")
    return project


def map_all(project: Path, warehouse: Path, work: Path) -> Mapping:
    """`dbt run --full-refresh` of the mapper model alone on `warehouse`, measured."""
    env = {**os.environ, "FAZHI_BUILD_DATABASE": str(warehouse), "DBT_TARGET_PATH": str(work / "target"),
           "DBT_LOG_PATH": str(work / "logs"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_PARTIAL_PARSE": "false"}
    command = [sys.executable, "-c", _MEASURING_PARENT, str(DBT), "run", "--select", MODEL, "--full-refresh",
               "--project-dir", str(project), "--profiles-dir", str(project)]
    work.mkdir(parents=True, exist_ok=True)
    peak = [0.0]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=work)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, errors = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"dbt run failed (exit {proc.returncode}):\n{output[-4000:]}{errors[-2000:]}")
    largest = next(int(line.split()[1]) / 1024 for line in errors.splitlines() if line.startswith("PEAK_RSS_KB"))
    results = json.loads((work / "target" / "run_results.json").read_text())
    seconds = next(r["execution_time"] for r in results["results"] if r["unique_id"] == f"model.fazhi.{MODEL}")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        figures = con.execute(f"select count(*) from staging.{MODEL}").fetchone()[0]
    return Mapping(seconds, figures, peak[0], largest)


def same_mappings(old: Path, new: Path) -> bool:
    """Every row of the old build's table is in the new one and the other way round (the run id aside)."""
    with duckdb.connect() as con:
        con.execute(f"attach '{old}' as old_build (read_only)")
        con.execute(f"attach '{new}' as new_build (read_only)")
        columns = ", ".join(r[0] for r in con.execute(
            "select column_name from duckdb_columns() where database_name = 'old_build' and table_name = ? "
            "order by column_index", [MODEL]).fetchall())
        differing = con.execute(f"""
            select count(*) from (
                (select {columns} from old_build.staging.{MODEL} except all
                 select {columns} from new_build.staging.{MODEL})
                union all
                (select {columns} from new_build.staging.{MODEL} except all
                 select {columns} from old_build.staging.{MODEL})
            )
        """).fetchone()[0]
    return differing == 0


def built_warehouse(work: Path, reports: int, seed: int) -> Path:
    """A warehouse of the generated corpus of this size, built once and reused."""
    folder = work / f"warehouse-{reports}-{seed}-v{generate_corpus.VERSION}"
    warehouse = folder / "fazhi.duckdb"
    if not (folder / "complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        raw = generate_corpus.cached_corpus(work, reports, seed)
        _check(run_fazhi(raw, warehouse), f"building {reports} reports")
        (folder / "complete").write_text("")
    return warehouse


def measure(label: str, warehouse: Path, old: Path, new: Path, work: Path) -> dict[str, Mapping]:
    best: dict[str, Mapping] = {}
    builds = {}
    for attempt in range(2):
        for name, project in (("old", old), ("new", new)):
            build = work / f"{name}.duckdb"
            shutil.copyfile(warehouse, build)
            run = map_all(project, build, work / f"dbt-{name}")
            print(f"  {label} {name} #{attempt + 1}: {run.seconds:.1f} s, peak {run.peak_tree_mb:.0f} MB "
                  f"(largest process {run.peak_process_mb:.0f} MB); load average {_load()}", flush=True)
            if name not in best or run.seconds < best[name].seconds:
                best[name] = run
            builds[name] = build
    if not same_mappings(builds["old"], builds["new"]):
        raise SystemExit(f"{label}: the old and the new model map the figures differently")
    for build in builds.values():
        build.unlink()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="*", default=[2000, 8000])
    parser.add_argument("--warehouse", type=Path, nargs="*", default=[],
                        help="built warehouses to measure instead of generating and building --reports")
    parser.add_argument("--old-revision", default="d1acadc")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-bench-mapper"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    corpora = ([(f"{w}", w.resolve()) for w in args.warehouse] if args.warehouse else
               [(f"{n} reports", built_warehouse(work, n, args.seed)) for n in sorted(args.reports)])
    workers = os.environ.get("FAZHI_MAPPER_WORKERS") or f"{os.cpu_count()} (the cores)"
    print(f"old: {args.old_revision}; new: this tree, FAZHI_MAPPER_WORKERS={workers}; load average {_load()}")

    with tempfile.TemporaryDirectory(dir=work) as scratch:
        scratch = Path(scratch)
        old = old_project(args.old_revision, scratch)
        results = []
        for label, warehouse in corpora:
            best = measure(label, warehouse, old, ROOT / "dbt_project", scratch)
            results.append((label, best))

    print(f"\n{'corpus':>24} {'figures':>9} {'path':>4} {'model s':>8} {'figures/s':>10} {'tree MB':>8} "
          f"{'largest MB':>10}")
    for label, best in results:
        for name in ("old", "new"):
            run = best[name]
            print(f"{label[-24:]:>24} {run.figures:>9,} {name:>4} {run.seconds:>8.1f} "
                  f"{run.figures / run.seconds:>10,.0f} {run.peak_tree_mb:>8.0f} {run.peak_process_mb:>10.0f}")
    for label, best in results:
        old_run, new_run = best["old"], best["new"]
        print(f"{label}: new vs old: {old_run.seconds / new_run.seconds:.1f}x faster, peak tree memory "
              f"{new_run.peak_tree_mb / old_run.peak_tree_mb:.2f}x, largest process "
              f"{new_run.peak_process_mb / old_run.peak_process_mb:.2f}x; every row equal")
    if len(results) >= 2:
        (small_label, small), (large_label, large) = results[0], results[-1]
        growth = large["new"].figures / small["new"].figures
        for name in ("old", "new"):
            print(f"{name}: {small_label} → {large_label} ({growth:.1f}x the figures): time "
                  f"{large[name].seconds / small[name].seconds:.1f}x, peak tree memory "
                  f"{large[name].peak_tree_mb / small[name].peak_tree_mb:.2f}x, largest process "
                  f"{large[name].peak_process_mb / small[name].peak_process_mb:.2f}x")
    print(f"load average at the end {_load()}")


if __name__ == "__main__":
    main()
