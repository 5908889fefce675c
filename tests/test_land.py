from datetime import datetime

import duckdb
import pytest

from fazhi.db import create_raw_tables
from fazhi.land import UnreadableFile, decode_bytes, document_id_for, scan_raw_folder, write_landing

REPORT = "吉州区2016年度法治政府建设情况报告\n2016年,我区受理行政复议案件1件。\r\n"
NOW = datetime(2026, 1, 1, 8, 0, 0)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + REPORT.encode("utf-8"), "utf-8-sig"),
        (REPORT.encode("gb18030"), "gb18030"),
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("utf-16"), "utf-16"),
        (REPORT.encode("utf-16-le"), "utf-16"),
    ],
)
def test_decode_bytes_detects_encoding_and_keeps_text_exactly(data, encoding):
    text, detected = decode_bytes(data)
    assert detected == encoding
    assert text == REPORT  # CRLF and everything else kept as decoded


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ],
)
def test_decode_bytes_rejects_what_is_not_text(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode_bytes(data)


def test_document_id_is_stable_and_content_derived():
    a, sha = document_id_for("报告".encode())
    assert a == document_id_for("报告".encode())[0] == sha[:16]
    assert a != document_id_for("报告。".encode())[0]


def _landing_db():
    con = duckdb.connect()
    create_raw_tables(con)
    return con


def test_scan_walks_nested_folders_rejects_unsupported_and_skips_symlinks(tmp_path):
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "吉州 区.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(REPORT.encode("gb18030"))
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy word")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text(REPORT, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(outside)

    scan = scan_raw_folder(tmp_path)
    assert sorted(f.source_file for f in scan.landed) == ["2023/吉州 区.txt", "b.txt"]
    reasons = {r.source_file: r.reason for r in scan.rejected}
    assert reasons["scan.pdf"].startswith("damaged PDF")
    assert reasons["old.doc"] == "unsupported file type '.doc' (legacy Word .doc; save it as .docx)"
    assert reasons["empty.txt"].startswith("empty file")
    assert reasons["link.txt"] == "symbolic link (not followed)"
    assert ".DS_Store" not in reasons


def test_write_landing_is_idempotent_versions_changes_and_records_removals(tmp_path):
    con = _landing_db()
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(REPORT, encoding="utf-8")  # same content under two names
    (tmp_path / "b.txt").write_text("平桥区2023年法治政府建设情况报告", encoding="utf-8")

    first = write_landing(con, scan_raw_folder(tmp_path), "run1", NOW)
    assert (first.documents_new, first.files_rejected) == (2, 0)
    again = write_landing(con, scan_raw_folder(tmp_path), "run2", NOW)
    assert (again.documents_new, again.documents_known) == (0, 2)
    assert con.execute("select count(*) from raw.documents").fetchone()[0] == 2
    assert con.execute("select count(*) from raw.current_files").fetchone()[0] == 3
    # an unchanged file keeps the run it was first seen in
    assert con.execute("select first_seen_run_id from raw.current_files where source_file = 'a.txt'").fetchone()[0] == "run1"

    (tmp_path / "a.txt").write_text(REPORT + "补充。", encoding="utf-8")
    (tmp_path / "b.txt").unlink()
    third = write_landing(con, scan_raw_folder(tmp_path), "run3", NOW)
    assert (third.documents_new, third.files_removed) == (1, 1)
    assert con.execute("select count(*) from raw.documents").fetchone()[0] == 3  # nothing landed is dropped
    assert con.execute("select source_file from raw.removed_files").fetchall() == [("b.txt",)]
    current = dict(con.execute("select source_file, first_seen_run_id from raw.current_files").fetchall())
    assert current == {"a.txt": "run3", "copy.txt": "run1"}
