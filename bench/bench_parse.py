"""Parse-stage throughput against plain segmentation, on the same text (ratios from one run).

Usage: .venv/bin/python bench/bench_parse.py [--megabytes 4]

The corpus is the sample reports in raw/ repeated to the requested size; each document is made distinct by a
suffix so nothing can be cached. Prints MB/s for `jieba.lcut`, `rjieba.cut`, and the whole parse of a document
(normalise, metadata, region, sections, figures, term counts), and the ratios the performance targets name.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(megabytes: float) -> list[str]:
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("*.txt"))]
    docs, size, i = [], 0, 0
    while size < megabytes * 1e6:
        text = samples[i % len(samples)] + f"\n({i})"
        docs.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return docs


def throughput(label: str, fn, docs: list[str]) -> float:
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    start = time.perf_counter()
    for doc in docs:
        fn(doc)
    elapsed = time.perf_counter() - start
    rate = megabytes / elapsed
    print(f"{label:<34} {megabytes:7.1f} MB {elapsed:8.2f} s {rate:8.2f} MB/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=4.0)
    args = parser.parse_args()

    import jieba
    import rjieba

    from fazhi.parse.document import Parser
    from fazhi.settings import load_settings

    jieba.setLogLevel(60)
    jieba.initialize()
    docs = corpus(args.megabytes)
    parse = Parser(load_settings().region_table)
    plain_jieba = throughput("jieba.lcut", jieba.lcut, docs[: max(1, len(docs) // 4)])
    plain_rjieba = throughput("rjieba.cut", rjieba.cut, docs)
    full = throughput("fazhi parse (whole document)", lambda d: parse.parse("bench", d), docs)
    print(f"\nparse / jieba.lcut  = {full / plain_jieba:5.2f} x  (target >= 6)")
    print(f"parse / rjieba.cut  = {full / plain_rjieba:5.2f} x  (target >= 0.5)")


if __name__ == "__main__":
    main()
