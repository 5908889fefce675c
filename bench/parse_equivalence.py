"""Does a parser change alter any output? Record every parsed row of a corpus, then compare a later parse to it.

Usage:
  .venv/bin/python bench/parse_equivalence.py record SNAPSHOT [--reports 600] [--seed 11]
  .venv/bin/python bench/parse_equivalence.py check SNAPSHOT

The corpus is the sample reports in raw/ plus `--reports` generated ones (bench/generate_corpus.py), each parsed
whole by `fazhi.parse.document.Parser`: documents, sections, figures and term counts.
`check` prints the first differing rows per table and exits 1 when anything differs — for optimisation work, where
the output must stay the same row for row.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402


def _corpus(reports: int, seed: int) -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "raw").glob("*.txt"))]
    regions = generate_corpus.load_regions()
    texts += [generate_corpus.generate_report(seed, i, regions) for i in range(reports)]
    return texts


def _parse(texts: list[tuple[str, str]]) -> dict[str, list]:
    from fazhi.parse.document import Parser
    from fazhi.settings import load_settings

    parser = Parser(load_settings().region_table)
    out: dict[str, list] = {"documents": [], "sections": [], "figures": [], "terms": []}
    for name, text in texts:
        batch = parser.parse(name, text)
        for table in out:
            out[table] += [list(row) for row in getattr(batch, table)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if args.action == "record":
        texts = _corpus(args.reports, args.seed)
        rows = _parse(texts)
        payload = {"reports": args.reports, "seed": args.seed, "rows": rows}
        with gzip.open(args.snapshot, "wt", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False, default=str)
        print(f"recorded {len(texts)} documents: " + ", ".join(f"{len(v)} {k}" for k, v in rows.items()))
        return
    with gzip.open(args.snapshot, "rt", encoding="utf-8") as f:
        recorded = json.load(f)
    texts = _corpus(recorded["reports"], recorded["seed"])
    now = json.loads(json.dumps(_parse(texts), ensure_ascii=False, default=str))
    differing = 0
    for table, before in recorded["rows"].items():
        after = now[table]
        if before == after:
            print(f"{table}: {len(after)} rows, identical")
            continue
        differing += 1
        old, new = {json.dumps(r, ensure_ascii=False) for r in before}, {json.dumps(r, ensure_ascii=False) for r in after}
        print(f"{table}: {len(before)} rows before, {len(after)} now; {len(old - new)} gone, {len(new - old)} new")
        for row in sorted(old - new)[:10]:
            print("  - " + row[:300])
        for row in sorted(new - old)[:10]:
            print("  + " + row[:300])
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
