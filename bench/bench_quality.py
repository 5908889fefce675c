"""Quality checks (fazhi.quality) on built warehouses of two sizes: what a run costs cold, with ten changed
documents and with nothing changed, against the checks before issue 16 (fazhi/quality.py and expectations/ of commit
d1acadc, read from git: every dataset read whole into one DataFrame) in the same run.

Usage: .venv/bin/python bench/bench_quality.py [SIZE=WAREHOUSE ...] [--detail] [--repeat=2]
(default: 2000=/tmp/fazhi-s16-quality/w2k/fazhi.duckdb 10000=/tmp/fazhi-bench-final/warehouse/fazhi.duckdb, built
by `fazhi run` on bench/generate_corpus.py corpora). Each warehouse is copied, never written in place; each
scenario runs in its own process, so its peak memory (max RSS, GX imported and its context open) is its own; the
scenarios run interleaved, `--repeat` times, and the fastest of each is printed.

Scenarios, set in the copy's raw.changed_documents and staging.int_documents_changed as a run's dbt build leaves them:
- cold: every document changed (a first build or --full-refresh);
- +10: ten documents changed;
- unchanged: none (a plain run after nothing changed);
- before cold, before unchanged: the same two with the code and suites of d1acadc.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DEFAULTS = {2000: Path("/tmp/fazhi-s16-quality/w2k/fazhi.duckdb"),
            10000: Path("/tmp/fazhi-bench-final/warehouse/fazhi.duckdb")}
SCENARIOS = ("cold", "+10", "unchanged", "before cold", "before unchanged")
BEFORE = "d1acadc"  # main before issue 16's quality work


def set_changed(database: Path, scenario: str) -> None:
    from fazhi.db import connect

    limit = {"cold": None, "+10": 10, "unchanged": 0, "before cold": None, "before unchanged": 0}[scenario]
    with connect(database) as con:
        ids = [r[0] for r in con.execute("select document_id from marts.dim_document order by document_id desc"
                                         + (f" limit {limit}" if limit is not None else "")).fetchall()]
        for table in ("raw.changed_documents", "staging.int_documents_changed"):
            con.execute(f"delete from {table}")
        con.execute("insert into raw.changed_documents select unnest($ids), 'parsed', 'bench'", {"ids": ids})
        con.execute("insert into staging.int_documents_changed select unnest($ids)", {"ids": ids})


def quality_before(folder: Path):
    """fazhi.quality as of BEFORE, with its committed suites in folder/expectations (written once per run)."""
    import importlib.util

    if not (folder / "quality.py").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "quality.py").write_bytes(subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{BEFORE}:src/fazhi/quality.py"], capture_output=True, check=True).stdout)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "expectations/gx"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    spec = importlib.util.spec_from_file_location("quality_before", folder / "quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def child(database: Path, scenario: str, work: Path) -> dict:
    """One scenario in this process: GX context, then the checks; times, peak memory and per-dataset seconds."""
    from fazhi import quality
    from fazhi.db import connect

    before = work.parent / "before"
    started = time.perf_counter()
    if scenario.startswith("before"):
        old = quality_before(before)
        context = old.gx_context(old.prepare_gx_project(before / "expectations", work))
    else:
        context = quality.gx_context(quality.prepare_gx_project(ROOT / "expectations", work))
    opened = time.perf_counter() - started
    volume = quality.read_volume(database)
    per_dataset: dict[str, float] = {}
    started = time.perf_counter()
    if scenario.startswith("before"):
        results = old.run_quality_checks(database, before / "expectations", "bench", datetime.now(), work_dir=work,
                                         volume=old.Volume(**vars(volume)), context=context, parsed_in_run_only=True)
    else:
        parameters = {**volume.as_previous(), "changed_only": True}
        results = []
        with connect(database, read_only=True) as con:
            t = time.perf_counter()
            quality.register_span_mismatches(con, True)
            per_dataset["(span check)"] = time.perf_counter() - t
            for name, dataset in quality.DATASETS.items():
                t = time.perf_counter()
                results += quality._validate(con, context, name, dataset, parameters, "bench", datetime.now())
                per_dataset[name] = time.perf_counter() - t
    failed = sorted({f"{r.suite}: {r.check_name}" for r in results if not r.success})
    return {"open": opened, "checks": time.perf_counter() - started, "failed": failed,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "per_dataset": per_dataset}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if args and args[0] == "child":
        print(json.dumps(child(Path(args[1]), args[2], Path(args[3]))))
        return
    sizes = {int(k): Path(v) for k, v in (a.split("=", 1) for a in args)} or DEFAULTS
    detail = "--detail" in sys.argv
    repeat = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--repeat=")), 2)
    table: dict[tuple[int, str], dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        for size, source in sizes.items():
            # scenarios interleaved, each run `repeat` times, the fastest kept: other work on the machine adds noise
            for _ in range(repeat):
                for scenario in SCENARIOS:
                    database = Path(tmp) / f"w{size}.duckdb"
                    shutil.copyfile(source, database)
                    set_changed(database, scenario)
                    out = subprocess.run([sys.executable, __file__, "child", str(database), scenario, f"{tmp}/gx"],
                                         capture_output=True, text=True, check=True).stdout
                    result = json.loads(out.strip().splitlines()[-1])
                    result["load"] = os.getloadavg()[0]
                    database.unlink()
                    if (size, scenario) not in table or result["checks"] < table[size, scenario]["checks"]:
                        table[size, scenario] = result
            for scenario in SCENARIOS:
                result = table[size, scenario]
                print(f"{size:>7} reports  {scenario:<16} checks {result['checks']:6.2f} s   "
                      f"GX context {result['open']:5.2f} s   peak {result['max_rss_mb']:6.0f} MB   "
                      f"load {result['load']:.1f}"
                      + (f"   failed: {', '.join(result['failed'])}" if result["failed"] else ""), flush=True)
                if detail:
                    for name, seconds in result["per_dataset"].items():
                        print(f"{'':27}{name:<46} {seconds:6.2f} s")
    small, large = min(sizes), max(sizes)
    if small != large:
        print(f"growth {small} → {large} reports (×{large / small:g}):")
        for scenario in SCENARIOS:
            a, b = table[small, scenario]["checks"], table[large, scenario]["checks"]
            print(f"  {scenario:<16} {a:6.2f} s → {b:6.2f} s  (×{b / a:.1f})")
    for size in sizes:
        for now, then in (("cold", "before cold"), ("unchanged", "before unchanged")):
            a, b = table[size, now], table[size, then]
            print(f"{size} reports, {now}: {a['checks']:.2f} s vs {b['checks']:.2f} s before (×{b['checks'] / a['checks']:.1f}"
                  f" faster), peak {a['max_rss_mb']:.0f} vs {b['max_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
