"""Raw report files → `raw.documents`, `raw.current_files`, `raw.removed_files`, `raw.rejected_files`.

A document's id comes from its bytes, so the same file lands once however often a run sees it, a changed file lands
as a new document version, and the same content under two names is one document seen at two paths. The decoded
text is stored exactly as decoded. A file that cannot be read as text is rejected with a plain reason and never
stops the run.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from fazhi.db import insert_rows

TEXT_SUFFIXES = {".txt", ".md", ".text"}
# Files that are part of a folder's furniture, not reports: skipped without a rejection.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", "README"}


class UnreadableFile(ValueError):
    """The file cannot be landed as text; the message is the plain reason shown to users."""


@dataclass(frozen=True)
class LandedFile:
    source_file: str
    document_id: str
    content_sha256: str
    byte_size: int
    encoding: str
    text: str


@dataclass(frozen=True)
class RejectedFile:
    source_file: str
    byte_size: int | None
    reason: str


@dataclass
class FolderScan:
    landed: list[LandedFile] = field(default_factory=list)
    rejected: list[RejectedFile] = field(default_factory=list)


@dataclass(frozen=True)
class LandingSummary:
    files_seen: int
    documents_new: int
    documents_known: int
    files_rejected: int
    files_removed: int


def document_id_for(data: bytes) -> tuple[str, str]:
    """(document_id, full sha256) of a file's bytes: the same bytes give the same id on any machine."""
    digest = hashlib.sha256(data).hexdigest()
    return digest[:16], digest


def _plausible_text(text: str) -> bool:
    """Decoded text that is mostly letters, digits, punctuation and white space, not control or private-use noise."""
    if not text:
        return False
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\t\n\r\f\v":
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Co", "Cs", "Cn"):
            bad += 1
    return bad / len(sample) < 0.01


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    non_ascii = [ch for ch in sample if ord(ch) > 0x7F]
    if not non_ascii:
        return 1.0
    common = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return common / len(non_ascii)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a report file's bytes: (text, encoding). Raises UnreadableFile with the reason when it is not text."""
    if not data.strip():
        raise UnreadableFile("empty file (no bytes or only white space)")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
        # UTF-16 without a byte-order mark: line breaks, digits and ASCII punctuation come with a NUL byte.
        if len(data) % 2 == 0 and (b"\n\x00" in data or b"\x00\n" in data or data.count(b"\x00") > len(data) // 8):
            candidates = ["utf-16-le", "utf-16-be", *candidates]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\x00" in text or not _plausible_text(text):
            continue
        if encoding in ("gb18030", "utf-16-le", "utf-16-be") and _cjk_share(text) < 0.6:
            continue  # these decode almost any bytes; mostly rare characters means a wrong guess
        if not text.strip():
            raise UnreadableFile("empty file (no bytes or only white space)")
        return text, "utf-16" if encoding.startswith("utf-16") else encoding
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes and is not UTF-16 text)")
    raise UnreadableFile("not text in a supported encoding (UTF-8, UTF-16, GB18030/GBK)")


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def scan_raw_folder(raw_dir: Path) -> FolderScan:
    """Read every file under raw_dir (nested folders walked in sorted order, symbolic links never followed)."""
    scan = FolderScan()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder does not exist: {raw_dir}")
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for d in list(dirnames):
            if (base / d).is_symlink():
                dirnames.remove(d)
                scan.rejected.append(RejectedFile(_relative(base / d, raw_dir), None, "symbolic link (not followed)"))
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            _scan_file(base / name, raw_dir, scan)
    return scan


def _scan_file(path: Path, raw_dir: Path, scan: FolderScan) -> None:
    relative = _relative(path, raw_dir)
    if path.is_symlink():
        scan.rejected.append(RejectedFile(relative, None, "symbolic link (not followed)"))
        return
    if not path.is_file():
        scan.rejected.append(RejectedFile(relative, None, "not a regular file"))
        return
    if path.suffix.lower() not in TEXT_SUFFIXES:
        size = path.stat().st_size
        scan.rejected.append(RejectedFile(relative, size, f"unsupported file type '{path.suffix or '(none)'}'"))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        scan.rejected.append(RejectedFile(relative, None, f"cannot be read: {exc.strerror or exc}"))
        return
    try:
        text, encoding = decode_bytes(data)
    except UnreadableFile as exc:
        scan.rejected.append(RejectedFile(relative, len(data), str(exc)))
        return
    document_id, sha = document_id_for(data)
    scan.landed.append(LandedFile(relative, document_id, sha, len(data), encoding, text))


def write_landing(con: duckdb.DuckDBPyConnection, scan: FolderScan, run_id: str, now: datetime) -> LandingSummary:
    """Record a folder scan in the raw tables (which must exist); idempotent for an unchanged folder."""
    known = {row[0] for row in con.execute("select document_id from raw.documents").fetchall()}
    previous = dict(con.execute("select source_file, document_id from raw.current_files").fetchall())
    first_seen = dict(con.execute("select source_file, first_seen_run_id from raw.current_files").fetchall())

    new_docs: dict[str, LandedFile] = {}
    for f in scan.landed:
        if f.document_id not in known and f.document_id not in new_docs:
            new_docs[f.document_id] = f
    if new_docs:
        insert_rows(con, "documents", [
            (f.document_id, f.content_sha256, f.source_file, f.byte_size, f.encoding, f.text, now, run_id)
            for f in new_docs.values()
        ])

    present = {f.source_file for f in scan.landed}
    removed = [(path, doc) for path, doc in previous.items() if path not in present]
    if removed:
        insert_rows(con, "removed_files", [(path, doc, now, run_id) for path, doc in sorted(removed)])
    con.execute("delete from raw.current_files")
    if scan.landed:
        insert_rows(con, "current_files", [
            (f.source_file, f.document_id, f.byte_size,
             first_seen.get(f.source_file, run_id) if previous.get(f.source_file) == f.document_id else run_id,
             run_id)
            for f in scan.landed
        ])
    con.execute("delete from raw.rejected_files")
    if scan.rejected:
        insert_rows(con, "rejected_files", [(r.source_file, r.byte_size, r.reason, now, run_id) for r in scan.rejected])
    return LandingSummary(
        files_seen=len(scan.landed) + len(scan.rejected),
        documents_new=len(new_docs),
        documents_known=len({f.document_id for f in scan.landed}) - len(new_docs),
        files_rejected=len(scan.rejected),
        files_removed=len(removed),
    )
