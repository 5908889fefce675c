"""Landing throughput and memory: a cold landing, a nothing-changed landing, and where the time goes, in one run.

Usage: .venv/bin/python bench/bench_land.py [--reports 5000 10000] [--work-dir /tmp/fazhi-bench-land]
                                            [--built /tmp/fazhi-bench-final]

For each corpus size (bench/generate_corpus.py, cached under the work dir) a fresh child process lands the corpus
into an empty build file (cold), then lands it again (nothing changed: the size-and-mtime fast path), and prints:

- MB/s of the cold landing (wall clock, and per CPU second: on a machine others load, the CPU time is the steadier
  figure) in one process (`FAZHI_LAND_WORKERS=0`: the one-core figure) and with the default
  worker processes, and the nothing-changed landing's time;
- where one core's time goes: walking the folder (listing, stat), reading, hashing, decoding, charset detection
  (what `decode_bytes` costs beyond the decoding), inserting and committing the documents and recording the files
  (timed inside the landing), and the rest (Python around them: results, sidecars, batching, imports);
- the peak RSS of the landing process (and of its worker processes), at each size: flat means bounded by the batch,
  not by the corpus.

With --built DIR (a built warehouse `DIR/warehouse/fazhi.duckdb` and its corpus `DIR/raw-*`), it also times, on a copy
of that warehouse, the steps before dbt of a nothing-changed `fazhi run` that this part owns: the landing states
before and after, the landing itself, the documents left to parse, and the changed documents.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402


def _peak_rss_mb() -> tuple[float, float]:
    """(this process, its largest finished child) peak RSS in MB."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the worker processes, once the pool is shut down)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _files(raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.rglob("*") if p.is_file() and not p.name.startswith("."))


def child(reports: int, work_dir: Path) -> dict:
    """Land the corpus twice in this process and return the figures (run in a fresh process per measurement)."""
    import duckdb

    from fazhi import db, land
    from fazhi.extract import decode_bytes

    raw_dir = generate_corpus.cached_corpus(work_dir, reports)
    spent = {"insert": 0.0, "record": 0.0}

    def timed(name, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
        return run

    # (a landing without _commit_documents, e.g. an older checkout's, inserts in the one transaction it records in)
    if hasattr(land, "_commit_documents"):
        land._commit_documents = timed("insert", land._commit_documents)
    else:
        land._insert_documents = timed("insert", land._insert_documents)
    land._in_transaction = timed("record", land._in_transaction)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        database = Path(tmp) / "build.duckdb"
        with db.connect(database) as con:
            db.create_raw_tables(con)
            started, cpu = time.perf_counter(), _cpu_s()
            cold = land.land_folder(con, raw_dir, "bench-1", datetime.now())
            cold_s, cold_cpu_s = time.perf_counter() - started, _cpu_s() - cpu
            insert_s, cold_record_s = spent["insert"], spent["record"]
            rss_cold = _peak_rss_mb()
            started = time.perf_counter()
            again = land.land_folder(con, raw_dir, "bench-2", datetime.now())
            again_s = time.perf_counter() - started
            again_record_s = spent["record"] - cold_record_s
            rss = _peak_rss_mb()
    assert cold.documents_new == reports and again.documents_new == 0, (cold, again)

    # one core's time per part, over the same files (after the landings: it does not count in their RSS)
    files = _files(raw_dir)
    total_bytes = sum(p.stat().st_size for p in files)
    started = time.perf_counter()
    for _dirpath, _dirnames, names in os.walk(raw_dir):
        for name in names:
            os.lstat(os.path.join(_dirpath, name))
    walk_s = time.perf_counter() - started
    read_s = hash_s = decode_s = detect_s = 0.0
    for path in files:
        started = time.perf_counter()
        data = path.read_bytes()
        read_s += time.perf_counter() - started
        started = time.perf_counter()
        hashlib.sha256(data).hexdigest()
        hash_s += time.perf_counter() - started
        started = time.perf_counter()
        _text, encoding = decode_bytes(data)
        detect_s += time.perf_counter() - started
        started = time.perf_counter()
        data.decode(encoding.split("+")[0] if encoding != "utf-16" else "utf-16")
        decode_s += time.perf_counter() - started
    return {
        "reports": reports, "megabytes": total_bytes / 1e6, "workers": os.environ.get("FAZHI_LAND_WORKERS", "default"),
        "cold_s": cold_s, "cold_cpu_s": cold_cpu_s, "again_s": again_s, "insert_s": insert_s, "record_s": cold_record_s,
        "again_record_s": again_record_s,
        "walk_s": walk_s, "read_s": read_s, "hash_s": hash_s, "decode_s": decode_s,
        "detect_s": detect_s - decode_s,
        "rss_cold_mb": rss_cold[0], "rss_mb": rss[0], "rss_workers_mb": rss[1],
    }


def built_steps(built: Path, work_dir: Path) -> dict:
    """The steps before dbt of a nothing-changed run that this part owns, on a copy of a built warehouse."""
    import duckdb  # noqa: F401

    from fazhi import changes, db, land
    from fazhi.parse.store import pending_document_ids

    raw_dir = next(p for p in sorted(built.glob("raw-*")) if p.is_dir())
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        copy = Path(tmp) / "fazhi.duckdb"
        shutil.copyfile(built / "warehouse" / "fazhi.duckdb", copy)
        times = {}
        with db.connect(copy) as con:
            db.create_raw_tables(con)
            tracemalloc.start()
            started = time.perf_counter()
            before = changes.landing_state(con)
            times["landing state before"] = time.perf_counter() - started
            state_mb = tracemalloc.get_traced_memory()[0] / 1e6  # what the flow holds through the run, twice
            tracemalloc.stop()
            started = time.perf_counter()
            summary = land.land_folder(con, raw_dir, "bench-built", datetime.now())
            times["land"] = time.perf_counter() - started
            started = time.perf_counter()
            after = changes.landing_state(con)
            difference = before.differences(after)
            times["landing state after + differences"] = time.perf_counter() - started
            started = time.perf_counter()
            pending = pending_document_ids(con)
            times["documents to parse"] = time.perf_counter() - started
            started = time.perf_counter()
            changed = changes.changed_documents(before, after, pending)
            times["changed documents"] = time.perf_counter() - started
        times["rss_mb"] = _peak_rss_mb()[0]
    return {"files": summary.files_seen, "documents_new": summary.documents_new, "difference": difference,
            "pending": len(pending), "changed": len(changed), "times": times, "state_mb": state_mb}


def _run_child(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], env={**os.environ, **env}, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-bench-land"))
    parser.add_argument("--built", type=Path, help="a built warehouse's folder (warehouse/fazhi.duckdb and raw-*)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-built", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(child(args.child, args.work_dir)))
        return
    if args.child_built:
        print(json.dumps(built_steps(args.built, args.work_dir)))
        return

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for reports in args.reports:
        generate_corpus.cached_corpus(args.work_dir, reports)
        for workers in ("0", None):
            env = {"FAZHI_LAND_WORKERS": workers} if workers else {}
            r = _run_child(["--child", str(reports), "--work-dir", str(args.work_dir)], env)
            print(f"{r['reports']:>7,} reports {r['megabytes']:6.1f} MB, workers {r['workers']:>7}: "
                  f"cold {r['cold_s']:6.2f} s = {r['megabytes'] / r['cold_s']:5.1f} MB/s "
                  f"({r['cold_cpu_s']:.2f} CPU s = {r['megabytes'] / r['cold_cpu_s']:.1f} MB per CPU s); "
                  f"nothing changed {r['again_s']:5.2f} s (recording {r['again_record_s']:.2f}); peak RSS {r['rss_cold_mb']:5.0f} MB "
                  f"(after both {r['rss_mb']:.0f}, workers {r['rss_workers_mb']:.0f})")
            if workers == "0":
                parts = {name: r[f"{name}_s"] for name in ("walk", "read", "hash", "decode", "detect", "insert", "record")}
                parts["rest"] = r["cold_s"] - sum(parts.values())
                print("   one core's cold landing: " + ", ".join(
                    f"{name} {seconds:.2f} s ({seconds / r['cold_s']:.0%})" for name, seconds in parts.items()))
    if args.built:
        r = _run_child(["--child-built", "--built", str(args.built), "--work-dir", str(args.work_dir)], {})
        print(f"built warehouse {args.built}, nothing changed: {r['files']:,} files, {r['documents_new']} new, "
              f"differences {r['difference']}, {r['pending']} to parse, {r['changed']} changed documents")
        print("   " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in r["times"].items() if name != "rss_mb")
              + f"; peak RSS {r['times']['rss_mb']:.0f} MB; one landing state holds {r['state_mb']:.1f} MB "
              f"of Python objects ({r['state_mb'] * 1e6 / r['files']:.0f} bytes a file)")


if __name__ == "__main__":
    main()
