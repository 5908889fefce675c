"""Landing, kind by kind, on the adversarial corpus: every file is landed correctly or rejected with a clear reason,
no figure is read from a placeholder or from damaged text, and nothing landed is ever lost. Pure functions: no
Prefect, no dbt (the whole corpus through `fazhi run` is test_adversarial_run.py)."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from corpus import KIND_NAMES, REPORT, kinds, report, unlock, write_corpus
from fazhi import land
from fazhi.db import create_raw_tables
from fazhi.land import RawFolderUnavailable, land_folder, scan_raw_folder, write_landing
from fazhi.parse.figures import extract_figures

NOW = datetime(2026, 1, 1, 8, 0, 0)


@pytest.fixture(scope="module")
def corpus_scan(tmp_path_factory):
    raw = tmp_path_factory.mktemp("adversarial") / "raw"
    all_kinds = {k.name: k for k in write_corpus(raw)}
    scan = scan_raw_folder(raw)
    yield raw, all_kinds, scan
    unlock(raw)


@pytest.mark.parametrize("name", KIND_NAMES)
def test_each_kind_is_landed_correctly_or_rejected_with_its_reason(corpus_scan, name):
    _, all_kinds, scan = corpus_scan
    kind = all_kinds[name]
    landed = {f.source_file: f for f in scan.landed}
    rejected = {r.source_file: r.reason for r in scan.rejected}
    for path in kind.files:
        if kind.outcome == "ignored":
            assert path not in landed and path not in rejected
            continue
        if kind.outcome == "rejected":
            assert path in rejected, f"{path} should be rejected, landed as {landed.get(path)}"
            assert kind.reason in rejected[path]
            continue
        assert path in landed, f"{path} should land, rejected: {rejected.get(path)}"
        f = landed[path]
        assert f.encoding == kind.encoding
        for phrase in kind.text_has:
            assert phrase in f.text
        for phrase in kind.text_lacks:
            assert phrase not in f.text
        values = {fig.value for fig in extract_figures(f.text)}
        assert set(kind.figures) <= values, f"figures {sorted(values)}"
        if kind.figures_exact is not None:
            assert values == kind.figures_exact  # nothing read from placeholders or damaged characters


def test_the_corpus_has_every_kind_the_issue_lists(corpus_scan):
    _, all_kinds, scan = corpus_scan
    assert len(all_kinds) >= 30
    seen = {f.source_file for f in scan.landed} | {r.source_file for r in scan.rejected}
    expected = {p for k in all_kinds.values() if k.outcome != "ignored" for p in k.files}
    assert seen == expected  # every file is accounted for, none twice, none invented
    assert not any("样本outside_secret" in (f.text or "") for f in scan.landed)  # the symlink was not followed


def test_the_same_content_under_two_names_is_one_document(corpus_scan):
    _, _, scan = corpus_scan
    ids = {f.source_file: f.document_id for f in scan.landed}
    assert ids["same_a.txt"] == ids["copies/same_b.txt"]


def _db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_raw_tables(con)
    return con


def _current(con) -> dict[str, str]:
    return dict(con.execute("select source_file, document_id from raw.current_files").fetchall())


def test_land_folder_writes_the_corpus_and_a_rerun_changes_nothing(corpus_scan):
    raw, _, scan = corpus_scan
    con = _db()
    first = land_folder(con, raw, "run1", NOW)
    tables = ("documents", "current_files", "removed_files", "rejected_files")
    before = {t: sorted(con.execute(f"select * from raw.{t}").fetchall(), key=repr) for t in tables}
    assert first.documents_new == len({f.document_id for f in scan.landed})
    assert first.files_rejected == len(scan.rejected)
    again = land_folder(con, raw, "run2", NOW.replace(hour=9))
    assert (again.documents_new, again.files_removed, again.files_kept) == (0, 0, 0)
    after = {t: sorted(con.execute(f"select * from raw.{t}").fetchall(), key=repr) for t in tables}
    # identical, but for the run that last saw each current file
    assert after["documents"] == before["documents"]
    assert after["removed_files"] == before["removed_files"] == []
    assert after["rejected_files"] == before["rejected_files"]  # a rejection seen again keeps its first time and run
    assert [r[:4] for r in after["current_files"]] == [r[:4] for r in before["current_files"]]
    texts = con.execute("select count(*) from raw.documents where text is null or encoding is null").fetchone()[0]
    assert texts == 0


def test_a_file_changed_between_runs_lands_as_a_new_version_and_keeps_the_old(tmp_path):
    con = _db()
    (tmp_path / "a.txt").write_text(report("v1"), encoding="utf-8")
    land_folder(con, tmp_path, "run1", NOW)
    v1 = _current(con)["a.txt"]
    (tmp_path / "a.txt").write_text(report("v2"), encoding="utf-8")
    summary = land_folder(con, tmp_path, "run2", NOW)
    v2 = _current(con)["a.txt"]
    assert v1 != v2 and summary.documents_new == 1 and summary.files_removed == 0
    assert {r[0] for r in con.execute("select document_id from raw.documents").fetchall()} == {v1, v2}


def test_a_removed_file_is_recorded_and_its_document_kept(tmp_path):
    con = _db()
    (tmp_path / "a.txt").write_text(report("a"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(report("b"), encoding="utf-8")
    land_folder(con, tmp_path, "run1", NOW)
    doc_b = _current(con)["b.txt"]
    (tmp_path / "b.txt").unlink()
    summary = land_folder(con, tmp_path, "run2", NOW)
    assert summary.files_removed == 1
    assert con.execute("select source_file, document_id, run_id from raw.removed_files").fetchall() == [
        ("b.txt", doc_b, "run2")]
    assert con.execute("select count(*) from raw.documents where document_id = ?", [doc_b]).fetchone()[0] == 1
    land_folder(con, tmp_path, "run3", NOW)
    assert con.execute("select count(*) from raw.removed_files").fetchone()[0] == 1  # recorded once


def test_a_landed_file_that_turns_unreadable_keeps_its_last_version(tmp_path, monkeypatch):
    con = _db()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(report(name), encoding="utf-8")
    land_folder(con, tmp_path, "run1", NOW)
    before = _current(con)
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02 half-copied")  # overwritten by a broken copy
    real_read = land._read_capped

    def failing_read(path: Path, cap: int):
        if path.name == "c.txt":  # a read error (a flaky share): the real OSError path, not a permission trick
            return f"cannot be read: {os.strerror(errno.EIO)}"
        return real_read(path, cap)

    monkeypatch.setattr(land, "_read_capped", failing_read)
    summary = land_folder(con, tmp_path, "run2", NOW)
    assert (summary.files_removed, summary.files_kept) == (0, 2)
    assert _current(con) == before  # nothing dropped
    reasons = dict(con.execute("select source_file, reason from raw.rejected_files").fetchall())
    assert reasons["b.txt"].startswith("binary") and reasons["b.txt"].endswith(land.KEPT_NOTE)
    assert reasons["c.txt"] == "cannot be read: Input/output error" + land.KEPT_NOTE


def test_a_real_read_error_is_a_rejection_not_a_crash(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")

    def broken_open(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(land.os, "open", broken_open)
    scan = scan_raw_folder(tmp_path)
    assert [(r.source_file, r.reason) for r in scan.rejected] == [("a.txt", "cannot be read: Input/output error")]


def test_a_folder_that_cannot_be_listed_keeps_its_files(tmp_path, monkeypatch):
    con = _db()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(report("sub"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(report("top"), encoding="utf-8")
    land_folder(con, tmp_path, "run1", NOW)
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "sub":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = land_folder(con, tmp_path, "run2", NOW)
    assert (summary.files_removed, summary.files_kept) == (0, 1)
    assert set(_current(con)) == {"sub/a.txt", "b.txt"}
    assert con.execute("select source_file, reason from raw.rejected_files").fetchall() == [
        ("sub/", "folder cannot be listed: Permission denied")]


def test_an_emptied_raw_folder_fails_instead_of_removing_everything(tmp_path):
    con = _db()
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    land_folder(con, tmp_path, "run1", NOW)
    (tmp_path / "a.txt").unlink()  # what an unmounted share looks like: the mount point, empty
    with pytest.raises(RawFolderUnavailable, match="empty but 1 files were landed"):
        land_folder(con, tmp_path, "run2", NOW)
    assert _current(con) and con.execute("select count(*) from raw.removed_files").fetchone()[0] == 0  # rolled back
    with pytest.raises(RawFolderUnavailable, match="does not exist"):
        land_folder(con, tmp_path / "gone", "run3", NOW)


def test_write_landing_refuses_a_new_document_without_text(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    scan = scan_raw_folder(tmp_path, known={"x"})
    assert scan.landed[0].text is not None  # only known contents skip decoding
    skipped = scan_raw_folder(tmp_path, known={scan.landed[0].document_id})
    assert skipped.landed[0].text is None
    with pytest.raises(ValueError, match="needs its text"):
        write_landing(_db(), skipped, "run1", NOW)


# Peak memory of this process only: VmHWM (ru_maxrss would include the forking pytest's, which Linux carries over).
_MEASURE = """
import re, sys
from datetime import datetime
from pathlib import Path
import duckdb
from fazhi.db import create_raw_tables
from fazhi.land import land_folder

def peak_kb():
    return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

con = duckdb.connect()
create_raw_tables(con)
before = peak_kb()
land_folder(con, Path(sys.argv[1]), "run", datetime(2026, 1, 1))
print(before, peak_kb())
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
def test_memory_stays_bounded_on_the_50_mb_file(tmp_path):
    """Landing the whole corpus in a fresh process, with the 50 MB file and with a tiny one in its place."""
    peaks = {}
    for size in (50 * 1024 * 1024, 1024):
        raw = tmp_path / f"raw-{size}"
        write_corpus(raw, big_file_bytes=size)
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(raw)], capture_output=True, text=True, check=True)
        unlock(raw)
        start_kb, peak_kb = map(int, out.stdout.split())
        peaks[size] = peak_kb
        print(f"landing the corpus with a {size:,}-byte file: peak RSS {peak_kb / 1024:.0f} MB "
              f"({(peak_kb - start_kb) / 1024:.0f} MB above the interpreter with DuckDB loaded)")
    assert abs(peaks[50 * 1024 * 1024] - peaks[1024]) < 20 * 1024  # the 50 MB file is never read into memory
    assert peaks[50 * 1024 * 1024] < 600 * 1024


def test_every_kind_is_described():
    assert len({k.name for k in kinds(0)}) == len(kinds(0))
    assert all(k.outcome in ("landed", "rejected", "ignored") for k in kinds(0))
    assert all((k.reason is not None) == (k.outcome == "rejected") for k in kinds(0))
