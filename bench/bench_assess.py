"""What the reports-under-review stage costs: the copying stage's share of a cold build, and that it stays incremental.

Usage: .venv/bin/python bench/bench_assess.py [--reports 10000] [--work-dir /tmp/fazhi-bench] [--seed 7]

Builds the generated corpus (bench/generate_corpus.py, cached as bench/bench_build.py caches it) into an empty
warehouse with `fazhi run`, then adds 10 reports and runs again. From the runs' own logs it prints:

- the copying stage (boilerplate count, MinHash signatures, LSH candidates, exact overlap of the candidates: the
  `similarity` part of the assess stage) against the rest of the cold build: target ≤ 30 %;
- the content part of the assess stage (required parts, core figures, placeholders) against the same;
- after adding 10 reports: how many documents were signed and compared (the new ones only, against the stored
  signatures) and the copying stage's time.

Every figure is measured in this one run; the machine's load average is printed with them.
"""
from __future__ import annotations

import argparse
import ast
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402
from bench_build import _check, _load, _timings_line, run_fazhi  # noqa: E402

TARGET_SHARE = 0.30

_ASSESS_LINE = re.compile(r"assessed (\d+) documents' content, signed (\d+) \(boilerplate (\w+): (\d+) shingles\), "
                          r"(\d+) candidate pairs, (\d+) kept \((\{.*?\})\)")


def assess_figures(output: str) -> dict:
    found = _ASSESS_LINE.search(output)
    if not found:
        raise SystemExit("the run's log has no assess line")
    assessed, signed, recount, boilerplate, candidates, kept, timings = found.groups()
    return {"assessed": int(assessed), "signed": int(signed), "recounted": recount == "recounted",
            "boilerplate": int(boilerplate), "candidates": int(candidates), "kept": int(kept),
            **ast.literal_eval(timings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/fazhi-bench"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n, work = args.reports, args.work_dir

    raw = generate_corpus.cached_corpus(work, n, args.seed)
    corpus = work / "assess-raw"  # a copy: the +10 step must not change the cached corpus
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(raw, corpus, ignore=shutil.ignore_patterns(generate_corpus.CORPUS_COMPLETE))
    wh_dir = work / "assess-warehouse"
    shutil.rmtree(wh_dir, ignore_errors=True)
    wh_dir.mkdir(parents=True)
    warehouse = wh_dir / "fazhi.duckdb"
    load_before = _load()
    print(f"corpus: {n} reports; load average {load_before}")

    cold = _check(run_fazhi(corpus, warehouse), "cold build")
    first = assess_figures(cold.output)
    print(f"cold build: {cold.seconds:.1f} s ({_timings_line(cold.output)}); assess: {first}")

    generate_corpus.write_corpus(corpus, 10, args.seed, start=n)
    plus10 = _check(run_fazhi(corpus, warehouse), "rebuild after adding 10 reports")
    second = assess_figures(plus10.output)
    print(f"+10 reports: {plus10.seconds:.1f} s ({_timings_line(plus10.output)}); assess: {second}")

    copying, content = first["similarity"], first["content"]
    rest = cold.seconds - copying
    rows = [
        ("copying stage / rest of the cold build", f"{copying / rest:.1%} ({copying:.1f} s of {cold.seconds:.1f} s; "
         f"{first['signed']} signed, {first['candidates']} candidate pairs, {first['kept']} kept)",
         f"≤ {TARGET_SHARE:.0%}", copying / rest <= TARGET_SHARE),
        ("content checks / rest of the cold build", f"{content / (cold.seconds - content):.1%} ({content:.1f} s, "
         f"{first['assessed']} documents)", "—", None),
        ("+10 reports: documents signed and compared", f"{second['signed']} of {n + 10} "
         f"(boilerplate {'recounted' if second['recounted'] else 'kept'}; {second['candidates']} candidate pairs)",
         "10", second["signed"] == 10 and not second["recounted"]),
        ("+10 reports: copying stage", f"{second['similarity']:.2f} s ({second['similarity'] / copying:.1%} of the "
         "cold one)", "—", None),
    ]
    print(f"\nload average before {load_before}, after {_load()}\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure':<{width}} | measured | target | met |")
    print(f"|{'-' * (width + 2)}|---|---|---|")
    for label, value, target, met in rows:
        print(f"| {label:<{width}} | {value} | {target} | {'—' if met is None else ('yes' if met else 'NO')} |")
    shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
