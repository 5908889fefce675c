"""Landing many files: worker processes read them with the same result as the landing process, documents are committed
in batches (a landing that fails halfway leaves the files as they were recorded, and the next one finishes the work),
charset detection counts exactly what its plain definition counts, and DuckDB connections get the memory limit."""
from __future__ import annotations

import json
import random
import unicodedata
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from fazhi import db, extract, land

NOW = datetime(2026, 1, 1, 8, 0, 0)
RAW = Path(__file__).resolve().parents[1] / "raw"
TABLES = {  # every raw table landing writes, without the columns saying when and by which run
    "documents": "document_id, content_sha256, source_file, byte_size, encoding, text, source_url, fetched_at, "
                 "site_region_code",
    "current_files": "source_file, document_id, byte_size",
    "rejected_files": "source_file, byte_size, reason",
    "removed_files": "source_file, document_id",
}


def _folder(root: Path) -> Path:
    """Reports in three encodings, the same report at two paths, rejections, a sidecar, nested folders."""
    samples = sorted(RAW.glob("*.txt"))
    for index, sample in enumerate(samples):
        text = sample.read_text(encoding="utf-8")
        folder = root / f"{2016 + index % 3}" / ("sub" if index % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        encoding = ("utf-8", "gb18030", "utf-8-sig")[index % 3]
        (folder / f"r{index:03d}.txt").write_bytes(text.replace("\xa0", " ").encode(encoding, "replace"))
    (root / "2016" / "copy.txt").write_bytes((root / "2016" / "r000.txt").read_bytes())
    (root / "2017" / "empty.txt").write_bytes(b"")
    (root / "2017" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (root / "2018" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (root / "2018" / "r002.txt.sidecar.json").write_text(json.dumps({
        "url": "https://example.gov.cn/r2.html", "fetched_at": "2026-01-01T00:00:00Z", "region_code": "360000"}))
    return root


def _tables(con) -> dict[str, list[tuple]]:
    return {table: con.execute(f"select {columns} from raw.{table} order by all").fetchall()
            for table, columns in TABLES.items()}


def _landed(raw: Path, **kwargs) -> tuple[land.LandingSummary, dict[str, list[tuple]]]:
    con = duckdb.connect()
    db.create_raw_tables(con)
    summary = land.land_folder(con, raw, "run1", NOW, **kwargs)
    return summary, _tables(con)


def test_worker_processes_land_exactly_what_the_landing_process_lands(tmp_path, monkeypatch):
    raw = _folder(tmp_path / "raw")
    alone = _landed(raw, workers=0)
    # the workers start at the third file to read and take two files a task: many tasks, pages of the folder between
    monkeypatch.setattr(land, "POOL_MIN_FILES", 3)
    monkeypatch.setattr(land, "FILES_PER_TASK", 2)
    started = []
    pool = land.ProcessPoolExecutor
    monkeypatch.setattr(land, "ProcessPoolExecutor", lambda *a, **k: started.append(k) or pool(*a, **k))
    with_workers = _landed(raw, workers=2)
    assert started and started[0]["max_workers"] == 2
    assert with_workers == alone
    summary, tables = alone
    assert summary.documents_new == len(tables["documents"]) == len(list(RAW.glob("*.txt")))  # the copy is one
    assert len(tables["current_files"]) == summary.files_seen - summary.files_rejected
    assert {row[4] for row in tables["documents"]} == {"utf-8", "gb18030", "utf-8-sig"}
    assert ("https://example.gov.cn/r2.html", datetime(2026, 1, 1), "360000") in [row[6:] for row in tables["documents"]]
    assert len(tables["rejected_files"]) == 3


def test_a_landing_failing_after_committed_batches_is_finished_by_the_next(tmp_path, monkeypatch):
    raw = _folder(tmp_path / "raw")
    _, uninterrupted = _landed(raw, workers=0)

    con = duckdb.connect()
    db.create_raw_tables(con)
    monkeypatch.setattr(land, "INSERT_BATCH_CHARS", 1)  # every new document is a batch of its own, committed
    seen = []

    def fail_at_the_fifth(item):
        seen.append(item)
        if len(seen) == 5:
            raise OSError("the share went away")

    with pytest.raises(OSError):
        land.land_folder(con, raw, "run1", NOW, on_file=fail_at_the_fifth, workers=0)
    committed = con.execute("select count(*) from raw.documents").fetchone()[0]
    assert 0 < committed < len(uninterrupted["documents"])  # kept: the next landing finds them known
    assert con.execute("select count(*) from raw.current_files").fetchone()[0] == 0  # files not recorded

    summary = land.land_folder(con, raw, "run2", NOW, workers=0)
    assert _tables(con) == uninterrupted
    assert summary.documents_new == len(uninterrupted["documents"]) - committed


def _common_share_by_definition(text: str) -> tuple[float, int]:
    common = extract._common_characters()
    cjk = extract._CJK_RE.findall(extract._sample(text))
    return (sum(ch in common for ch in cjk) / len(cjk), len(cjk)) if cjk else (1.0, 0)


def _plausible_by_definition(text: str) -> bool:
    sample = extract._sample(text)
    bad = sum(ch not in "\t\n\r\f\v" and unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") for ch in sample)
    return bool(sample) and bad / len(sample) < 0.01


def _texts() -> list[str]:
    rng = random.Random(16)
    texts = []
    for sample in sorted(RAW.glob("*.txt"))[:6]:
        data = sample.read_bytes()
        texts += [data.decode(codec, "replace") for codec in ("utf-8", "gb18030", "big5", "latin-1")]
    texts += ["".join(chr(rng.randrange(0x20, 0x11000)) for _ in range(rng.randrange(1, 3000))) for _ in range(50)]
    texts += ["报告\x01" * k + "法治政府" * 300 for k in range(0, 30, 3)]  # control characters near the threshold
    texts += ["\ue000" * k + "年度　报告\u3000\xa0\ufeff\n" * 200 for k in range(0, 60, 6)]  # private use
    texts += ["\ud800" * 3 + "中文", "", "\x1c\x1d" * 40 + "文" * 200]
    return texts


def test_charset_measures_count_what_their_definition_counts():
    for text in _texts():
        assert extract.common_share(text) == _common_share_by_definition(text), text[:40]
        assert extract._plausible_text(text) == _plausible_by_definition(text), text[:40]


@pytest.mark.parametrize("configured, expected", [(None, "953.6 MiB"), ("300MB", "286.1 MiB")])
def test_connections_get_the_memory_limit(tmp_path, monkeypatch, configured, expected):
    if configured is None:
        monkeypatch.delenv("FAZHI_DUCKDB_MEMORY_LIMIT", raising=False)
    else:
        monkeypatch.setenv("FAZHI_DUCKDB_MEMORY_LIMIT", configured)
    with db.connect(tmp_path / "a.duckdb") as con:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0] == expected
