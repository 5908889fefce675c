"""Parse throughput against plain segmentation, on the same text (ratios from one run), with a per-parser breakdown.

Usage: .venv/bin/python bench/bench_parse.py [--megabytes 4] [--corpus dev|generated]

The corpus is the sample reports in raw/ repeated to the requested size (each made distinct by a suffix, so nothing
can be cached), or reports written by bench/generate_corpus.py. Prints MB/s for `jieba.lcut`, `rjieba.cut`, each
parser on its own (milliseconds per MB: where the time goes), and the whole parse of a document (normalise, metadata,
region, sections, figures, term counts) in one process, and the ratios the performance targets name. The parse
stage of a build runs this on every core (bench/bench_build.py measures that).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(megabytes: float, kind: str = "dev") -> list[str]:
    if kind == "generated":
        sys.path.insert(0, str(ROOT / "bench"))
        import generate_corpus

        regions = generate_corpus.load_regions()
        samples = iter(generate_corpus.generate_report(3, i, regions)[1] for i in range(10**9))
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("*.txt"))]
        samples = iter(texts[i % len(texts)] + f"\n({i})" for i in range(10**9))
    docs, size = [], 0
    while size < megabytes * 1e6:
        docs.append(next(samples))
        size += len(docs[-1].encode("utf-8"))
    return docs


def throughput(label: str, fn, docs: list[str]) -> float:
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    start = time.perf_counter()
    for doc in docs:
        fn(doc)
    elapsed = time.perf_counter() - start
    rate = megabytes / elapsed
    print(f"{label:<34} {megabytes:7.1f} MB {elapsed:8.2f} s {rate:8.2f} MB/s {1000 / rate:8.1f} ms/MB")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=4.0)
    parser.add_argument("--corpus", choices=["dev", "generated"], default="dev")
    args = parser.parse_args()

    import jieba
    import rjieba

    from fazhi.parse.document import Parser
    from fazhi.parse.figures import extract_figures
    from fazhi.parse.metadata import extract_metadata
    from fazhi.parse.normalize import text_views
    from fazhi.parse.regions import resolve_region
    from fazhi.parse.sections import extract_sections
    from fazhi.parse.terms import count_terms
    from fazhi.settings import load_settings

    jieba.setLogLevel(60)
    jieba.initialize()
    docs = corpus(args.megabytes, args.corpus)
    parse = Parser(load_settings().region_table)
    plain_jieba = throughput("jieba.lcut", jieba.lcut, docs[: max(1, len(docs) // 4)])
    plain_rjieba = throughput("rjieba.cut", rjieba.cut, docs)
    print("each parser alone:")
    throughput("  metadata", extract_metadata, docs)
    throughput("  region", lambda d: resolve_region(d, parse.regions, report_year=None, title=None), docs)
    throughput("  sections", extract_sections, docs)
    throughput("  figures", lambda d: extract_figures(d, plan_ranges=[]), docs)
    throughput("  normalise (text views)", text_views, docs)
    throughput("  term counts (incl. views)", lambda d: count_terms(text_views(d).body, parse.tokenizer), docs)
    full = throughput("fazhi parse (whole document)", lambda d: parse.parse("bench", d), docs)
    print(f"\none process: parse / jieba.lcut  = {full / plain_jieba:5.2f} x  (stage target >= 6)")
    print(f"one process: parse / rjieba.cut  = {full / plain_rjieba:5.2f} x  (stage target >= 0.5)")


if __name__ == "__main__":
    main()
