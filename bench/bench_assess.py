"""What the assess stage costs cold, after 10 reports are added, and that its memory does not grow with the corpus.

Usage: .venv/bin/python bench/bench_assess.py [--reports 10000] [--small 5000] [--work-dir /tmp/fazhi-bench-assess]
                                              [--seed 7] [--copies 0.02]

Writes two build files of generated reports (bench/generate_corpus.py: the first `--small` and the first `--reports`
reports, a share `--copies` of them followed by a near-copy of an earlier report: names changed, paragraphs dropped or
half of another report appended, so the copy detection has pairs to find) with the raw tables landing writes
(raw.documents, raw.current_files). Then, each in its own process so that its peak memory is its own:

- the assess stage cold on the small and on the big build file (run_assess_stage: content, boilerplate count,
  signatures over the worker processes, LSH candidates joined in DuckDB, exact overlap);
- 10 documents added to the big one (6 new reports, 4 near-copies of them) and the stage run again.

It prints seconds (and CPU seconds, steadier on a shared machine) per 10,000 reports cold (target ≤ 4 s), the +10 run's seconds and how many documents it signed
(target: the 10 new ones), and the peak RSS of the stage's process and of its largest worker at both sizes with their
ratio (flat: the batch size bounds it, not the corpus). Every figure is measured in this one run; the machine's load
average is printed with them, as other work on the machine slows every wall-clock figure.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402

TARGET_COLD_PER_10K = 4.0
TARGET_PLUS10 = 2.0
_NOW = datetime(2026, 1, 1)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def near_copy(text: str, source: str, rng: random.Random) -> str:
    """A report made from another: names changed, a share of its paragraphs dropped, or another's second half."""
    paragraphs = text.split("\n")
    kind = rng.randrange(3)
    if kind == 0:
        return text.replace("区", "县").replace("市", "州") + f"\n(编号{rng.randrange(10 ** 9)})\n"
    if kind == 1:
        return "\n".join(p for p in paragraphs if rng.random() > 0.3) + f"\n(编号{rng.randrange(10 ** 9)})\n"
    other = source.split("\n")
    return "\n".join(paragraphs[:len(paragraphs) // 2] + other[len(other) // 2:])


def reports(seed: int, start: int, count: int, copies: float):
    """(source_file, text) of generated reports start … start+count-1, some followed by a near-copy."""
    regions = generate_corpus.load_regions()
    rng = random.Random(f"{seed}:copies:{start}")
    earlier: list[str] = []
    for index in range(start, start + count):
        path, text = generate_corpus.generate_report(seed, index, regions)
        yield path, text
        if earlier and rng.random() < copies:
            yield f"copies/{path}", near_copy(rng.choice(earlier), text, rng)
        if len(earlier) < 200:
            earlier.append(text)


def land(database: Path, documents) -> int:
    """Write the documents into a build file's raw tables as landing would (one current file per document)."""
    import duckdb
    from fazhi.db import create_raw_tables, insert_rows

    con = duckdb.connect(str(database))
    create_raw_tables(con)
    seen = {r[0] for r in con.execute("select document_id from raw.documents").fetchall()}
    batch, files, count = [], [], 0

    def flush() -> None:
        insert_rows(con, "documents", batch)
        insert_rows(con, "current_files", files)
        batch.clear()
        files.clear()

    for path, text in documents:
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest[:16] in seen:
            continue
        seen.add(digest[:16])
        size = len(text.encode())
        batch.append((digest[:16], digest, path, size, "utf-8", text, _NOW, "bench", None, None, None))
        files.append((path, digest[:16], size, "bench", "bench"))
        count += 1
        if len(batch) >= 1000:
            flush()
    flush()
    con.close()
    return count


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def child(database: str, run_id: str) -> None:
    """Run the assess stage once on the build file; print its summary, seconds and peak memory as JSON."""
    import duckdb

    from fazhi.assess.stage import run_assess_stage

    con = duckdb.connect(database)
    # as fazhi.db.connect sets it for the product's connections (issue 16: memory bounded by batch, not corpus)
    con.execute(f"set memory_limit = '{os.environ.get('FAZHI_DUCKDB_MEMORY_LIMIT', '1GB')}'")
    start = time.perf_counter()
    summary = run_assess_stage(con, run_id, _NOW)
    seconds = time.perf_counter() - start
    # DuckDB's own buffers (cached blocks of the texts read, up to its memory_limit) are part of the process's RSS
    duckdb_mb = con.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchone()[0] / 2 ** 20
    con.close()
    print(json.dumps({
        "seconds": seconds, "assessed": summary.assessed, "signed": summary.signed,
        "recounted": summary.boilerplate_recounted, "candidates": summary.candidate_pairs,
        "kept": summary.pairs_kept, "timings": summary.timings,
        "cpu_main": _cpu(resource.RUSAGE_SELF), "cpu_workers": _cpu(resource.RUSAGE_CHILDREN),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "duckdb_mb": duckdb_mb,
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def run_stage(database: Path, run_id: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(database), run_id], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the assess stage failed on {database}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-bench-assess"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--copies", type=float, default=0.02)
    parser.add_argument("--child", nargs=2, metavar=("DATABASE", "RUN_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for n in (args.small, args.reports):
        database = work / f"assess-{n}.duckdb"
        database.unlink(missing_ok=True)
        documents = land(database, reports(args.seed, 0, n, args.copies))
        load = _load()
        cold = run_stage(database, "cold")
        sizes[n] = (database, documents, cold)
        print(f"{n} reports ({documents} documents with the copies), cold: {cold['seconds']:.1f} s, "
              f"peak RSS {cold['rss_mb']:.0f} MB (largest worker {cold['worker_rss_mb']:.0f} MB); load {load}; {cold}")
    database, documents, cold = sizes[args.reports]
    added = land(database, itertools.islice(reports(args.seed, args.reports, 10, 1.0), 10))  # 6 new, 4 copies
    load = _load()
    plus = run_stage(database, "plus10")
    print(f"+{added} documents: {plus['seconds']:.2f} s; load {load}; {plus}")

    small = sizes[args.small][2]
    per_10k = cold["seconds"] / documents * 10_000
    rows = [
        ("cold, seconds per 10,000 documents", f"{per_10k:.1f} s ({cold['seconds']:.1f} s for {documents}; "
         f"{cold['candidates']} candidate pairs, {cold['kept']} kept; {cold['timings']})",
         f"≤ {TARGET_COLD_PER_10K:.0f} s", per_10k <= TARGET_COLD_PER_10K),
        ("cold, CPU seconds per 10,000 documents", f"{(cold['cpu_main'] + cold['cpu_workers']) / documents * 10_000:.1f}"
         f" (stage's process {cold['cpu_main']:.1f} s incl. start-up, workers {cold['cpu_workers']:.1f} s incl. "
         "start-up): less affected by other work on the machine than the wall clock", "—", None),
        (f"+{added} documents: seconds", f"{plus['seconds']:.2f} s ({plus['signed']} signed, {plus['assessed']} "
         f"assessed, boilerplate {'recounted' if plus['recounted'] else 'kept'}, {plus['candidates']} candidate "
         f"pairs, {plus['kept']} kept)", f"≤ {TARGET_PLUS10:.0f} s", plus["seconds"] <= TARGET_PLUS10),
        (f"+{added} documents: signed", f"{plus['signed']} of {documents + added}", "the new ones",
         plus["signed"] == added and not plus["recounted"]),
        (f"peak RSS, {args.reports} / {args.small} reports", f"{cold['rss_mb'] / small['rss_mb']:.2f} "
         f"({cold['rss_mb']:.0f} / {small['rss_mb']:.0f} MB)", "≈ 1 (flat)", cold["rss_mb"] / small["rss_mb"] < 1.3),
        (f"peak RSS less DuckDB's buffers at the end, {args.reports} / {args.small}",
         f"{(cold['rss_mb'] - cold['duckdb_mb']) / (small['rss_mb'] - small['duckdb_mb']):.2f} "
         f"({cold['rss_mb'] - cold['duckdb_mb']:.0f} / {small['rss_mb'] - small['duckdb_mb']:.0f} MB; DuckDB "
         f"{cold['duckdb_mb']:.0f} / {small['duckdb_mb']:.0f} MB, bounded by its memory_limit)", "≈ 1 (flat)", None),
        (f"largest worker's peak RSS, {args.reports} / {args.small}", f"{cold['worker_rss_mb'] / max(small['worker_rss_mb'], 1):.2f} "
         f"({cold['worker_rss_mb']:.0f} / {small['worker_rss_mb']:.0f} MB)", "≈ 1 (flat)", None),
        (f"cold seconds per document, {args.reports} / {args.small}",
         f"{(cold['seconds'] / documents) / (small['seconds'] / sizes[args.small][1]):.2f}", "≈ 1 (linear)", None),
    ]
    print(f"\nload average after {_load()}\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure':<{width}} | measured | target | met |")
    print(f"|{'-' * (width + 2)}|---|---|---|")
    for label, value, target, met in rows:
        print(f"| {label:<{width}} | {value} | {target} | {'—' if met is None else ('yes' if met else 'NO')} |")


if __name__ == "__main__":
    main()
