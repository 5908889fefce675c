"""An incremental build equals a build from scratch.

A warehouse is built from the sample reports and a few dozen generated ones, one of them also in GB18030 under a
later path (another document with the same text, not current). Then files are added, changed, renamed and removed;
a text appears in GB18030 under a new, alphabetically first path (its document becomes the current one), and the
UTF-8 file of the text with a GB18030 copy goes (that copy's document, its file untouched, becomes current). The
rebuild, which replaces only the changed documents' rows in the incremental models, must hold exactly the rows of a
build from scratch on the final folder: every mart and incremental model, row for row, but for run ids and times and
the marts that record a warehouse's history.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import generate_corpus
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

# What only a warehouse with a history holds: every landing's file events, and removed files' statuses.
HISTORY = {"fct_file_events", "dim_source_file", "fct_quality_checks"}
INCREMENTAL_MODELS = ("staging.int_observations_mapped", "staging.int_observations_screened",
                      "staging.int_section_topics_matched")
# Similarity is measured without the boilerplate counted when the corpus was last within a quarter of its size
# (fazhi.assess.stage): an incremental build measures new documents against an earlier count, so these figures may
# differ a little from a build from scratch; the pairs, their orientation and flags may not.
BOILERPLATE_MEASURES = {"jaccard_similarity", "share_of_document_in_source", "share_of_source_in_document",
                        "shared_shingles", "boilerplate_version"}


def _snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every mart and incremental model minus run ids and times, rows sorted."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = [f"marts.{r[0]}" for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'").fetchall() if r[0] not in HISTORY]
        snapshot = {}
        for table in [*marts, *INCREMENTAL_MODELS]:
            schema, name = table.split(".")
            columns = sorted(c for c, kind in con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ?",
                [schema, name]).fetchall() if not c.endswith("run_id") and not kind.startswith("TIMESTAMP")
                and not (name == "fct_document_similarity" and c in BOILERPLATE_MEASURES))
            select = ", ".join(f'"{c}"' for c in columns)
            snapshot[table] = sorted(con.execute(f"select {select} from {table}").fetchall(), key=repr)
    return snapshot


def _generated(raw: Path) -> list[Path]:
    return sorted(p for p in raw.rglob("*") if p.is_file() and p.parent != raw)  # in year folders, all UTF-8


def _copy_in_gb18030(source: Path, target: Path) -> None:
    target.write_bytes(source.read_text(encoding="utf-8").encode("gb18030"))


def _first_folder(raw: Path) -> None:
    shutil.copytree(ROOT / "raw", raw)
    generate_corpus.write_corpus(raw, 30, seed=11)
    _copy_in_gb18030(_generated(raw)[4], raw / "zz-second-copy.txt")  # same text, later path: not current


def _change_folder(raw: Path) -> None:
    files = _generated(raw)
    changed, removed, renamed, duplicated, first_of_two = files[0], files[1], files[2], files[3], files[4]
    generate_corpus.write_corpus(raw, 6, seed=11, start=100)  # added
    changed.write_bytes(files[5].read_bytes().replace("。".encode(), "；".encode(), 3))  # new bytes, new text
    removed.unlink()
    renamed.rename(renamed.with_name("renamed-" + renamed.name))
    _copy_in_gb18030(duplicated, raw / "0-first-copy.txt")  # same text, alphabetically first path: current now
    first_of_two.unlink()  # its text's GB18030 copy is the current document now


def test_an_incremental_rebuild_equals_a_build_from_scratch(tmp_path, run_fazhi):
    raw = tmp_path / "raw"
    _first_folder(raw)
    warehouse = tmp_path / "incremental" / "fazhi.duckdb"
    first = run_fazhi(raw, warehouse, tmp_path)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]

    _change_folder(raw)
    rebuilt = run_fazhi(raw, warehouse, tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
    assert "incremental models built whole" not in rebuilt.stdout + rebuilt.stderr  # it did build incrementally
    with duckdb.connect(str(warehouse), read_only=True) as con:
        changed = con.execute("select count(*) from staging.int_documents_changed").fetchone()[0]
        documents = con.execute("select count(*) from marts.dim_document").fetchone()[0]
        gb18030_current = con.execute("select count(*) from marts.dim_document where source_file in "
                                      "('0-first-copy.txt', 'zz-second-copy.txt')").fetchone()[0]
    assert 0 < changed < documents / 2
    assert gb18030_current == 2

    scratch = tmp_path / "scratch" / "fazhi.duckdb"
    reference = run_fazhi(raw, scratch, tmp_path)
    assert reference.returncode == 0, reference.stdout[-3000:] + reference.stderr[-3000:]
    incremental, expected = _snapshot(warehouse), _snapshot(scratch)
    assert incremental.keys() == expected.keys()
    for table, rows in expected.items():
        assert incremental[table] == rows, f"{table}: {len(incremental[table])} rows, expected {len(rows)}"
