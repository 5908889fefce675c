"""Raw report files → `raw.documents`, `raw.current_files`, `raw.removed_files`, `raw.rejected_files`.

A document's id comes from its bytes, so the same file lands once however often a run sees it, a changed file lands
as a new document version, and the same content under two names is one document seen at two paths. The text is
what `fazhi.extract` reads from the file (the decoded text of a .txt, the visible text of a web page, the text
layer of a PDF, the paragraphs of a .docx). Whatever arrives, landing never stops the run on it: a file that
cannot be landed is rejected with a plain reason.

Nothing landed is lost. `raw.documents` is never deleted from. A file leaves `raw.current_files` only when it is
gone from the raw folder, and then its removal is recorded in `raw.removed_files`; a file that is still there but
cannot be read now (damaged, half-copied, a read error, a folder that cannot be listed) keeps its last landed
version, with the rejection saying so. A raw folder that is suddenly empty (an unmounted share) fails the landing
instead of recording every file as removed.

Memory stays bounded: a file's size is checked before it is read (and its read is capped), known contents are
never decoded again, and new documents are written and committed in batches while the folder is walked (a killed
landing leaves committed documents no file holds yet: the next landing finds them known). When many files must be
read, worker processes read, hash and decode them in batches (`FAZHI_LAND_WORKERS`, default one less than the
machine's cores) while this process records them, in the folder's order.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import stat
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Container, Iterator, Mapping

import duckdb

from fazhi.db import check_raw_keys, insert_columns, insert_rows
from fazhi.extract import (
    HTML_SUFFIXES,
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    UnreadableFile,
    decode_bytes,
    extract_text,
    unsupported_reason,
)
from fazhi.faults import crash_point

__all__ = [
    "FolderScan", "LandedFile", "LandingSummary", "RawFolderUnavailable", "RejectedFile", "UnreadableFile",
    "decode_bytes", "document_id_for", "land_folder", "scan_raw_folder", "write_landing",
]

# Files that are part of a folder's furniture, not reports: skipped without a rejection.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", "README"}
IGNORED_PREFIXES = ("~$",)  # Word's lock files beside an open document
# What `fazhi collect` writes beside each file it fetched (fazhi.collect.store): read with the file, never landed.
SIDECAR_SUFFIX = ".sidecar.json"
MAX_SIDECAR_BYTES = 1_000_000

# Read caps per format. UTF-8/GB18030/UTF-16 take at most 4 bytes a character, so a text file above
# 4 × MAX_TEXT_CHARS bytes is too long for one report before it is read.
MAX_BYTES_TEXT = 4 * MAX_TEXT_CHARS
MAX_BYTES_OTHER = 100 * 1024 * 1024  # web pages, PDFs and .docx carry markup, fonts and images
# New documents are written whenever this much text has been read, so a large folder never sits in memory.
INSERT_BATCH_CHARS = 8_000_000
# Files read by one worker task, and how many files must wait to be read before the workers are started (starting
# them costs about a second: a run that reads a few new files reads them itself).
FILES_PER_TASK = 200
POOL_MIN_FILES = 2_000
KEPT_NOTE = " (its previously landed version is kept)"
# A file showing the size and modification time it was last read with is not read again (raw.landed_file_stats).
# A time within this margin of the landing that read it is not trusted: a write in the same clock tick keeps it.
RACY_MTIME_NS = 2_000_000_000


class RawFolderUnavailable(RuntimeError):
    """The raw folder is missing, cannot be listed, or is suddenly empty: landing it would drop every document."""


@dataclass(frozen=True, slots=True)  # slots: one per current file is held while a folder is landed
class LandedFile:
    source_file: str
    document_id: str
    content_sha256: str
    byte_size: int
    encoding: str | None  # None when the content was landed before and was not read again
    text: str | None
    modified_ns: int | None = None  # the file's mtime, when it may vouch for these bytes next time
    # where it came from (fazhi collect's sidecar, or a saved page's own address), for a new document's row
    source_url: str | None = None
    fetched_at: datetime | None = None
    site_region_code: str | None = None
    attachment_files: tuple[str, ...] = ()  # a collected report page: the files of its attachments


@dataclass(frozen=True, slots=True)
class RejectedFile:
    source_file: str
    byte_size: int | None
    reason: str


@dataclass
class FolderScan:
    landed: list[LandedFile] = field(default_factory=list)
    rejected: list[RejectedFile] = field(default_factory=list)
    # report pages whose report is their attachment: they land nothing of their own (recorded with the reason)
    superseded: list[RejectedFile] = field(default_factory=list)
    # folders that could not be listed: the files landed from them before are kept, not recorded as removed
    unlisted_dirs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LandingSummary:
    files_seen: int
    documents_new: int
    documents_known: int
    files_rejected: int
    files_removed: int
    files_kept: int = 0  # present but unreadable now: their last landed version stays current
    rejected: tuple[RejectedFile, ...] = ()
    files_superseded: int = 0  # collected report pages whose attachment holds the report


def document_id_for(data: bytes) -> tuple[str, str]:
    """(document_id, full sha256) of a file's bytes: the same bytes give the same id on any machine."""
    digest = hashlib.sha256(data).hexdigest()
    return digest[:16], digest


def _display_path(relative: str) -> str:
    """A path as text: names written in GBK by a Windows share (not UTF-8) are decoded, never dropped or crashed on."""
    try:
        relative.encode("utf-8")
        return relative
    except UnicodeEncodeError:
        raw = os.fsencode(relative)
        for codec in ("gb18030", "big5"):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                continue
        return raw.decode("utf-8", errors="backslashreplace")


def _max_bytes(suffix: str) -> int:
    return MAX_BYTES_TEXT if suffix in TEXT_SUFFIXES else MAX_BYTES_OTHER


def _too_large(size: int, suffix: str) -> str:
    if suffix in TEXT_SUFFIXES:
        return (f"too large for one report ({size / 1e6:.1f} MB: more than {MAX_TEXT_CHARS:,} characters); "
                "split it")
    return f"too large ({size / 1e6:.1f} MB, limit {MAX_BYTES_OTHER / 1e6:.0f} MB)"


def _read_capped(path: Path, cap: int) -> bytes | str:
    """The file's bytes, or the reason it cannot be read. Never follows a link, never blocks on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return "not a regular file"
        try:
            return f.read(cap + 1)
        except OSError as exc:
            return f"cannot be read: {exc.strerror or exc}"


def read_file(path: Path | str, source_file: str, known: Container[str] = frozenset(),
              landed: Mapping[str, LandedFile] | None = None, trusted_before_ns: int = 0,
              read: bool = True) -> LandedFile | RejectedFile | None:
    """Land one file: its id from its bytes, its text unless the content is `known` already; or why it is rejected.

    A file whose size and mtime are those `landed` holds for its path is not read: it holds the document landed then.
    With `read` false, None where the file would be read (for a worker to read it).
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        return RejectedFile(source_file, None, f"cannot be read: {exc.strerror or exc}")
    if stat.S_ISLNK(info.st_mode):
        return RejectedFile(source_file, None, "symbolic link (not followed)")
    if not stat.S_ISREG(info.st_mode):
        return RejectedFile(source_file, None, "not a regular file (a pipe, socket or device)")
    suffix = _suffix(os.path.basename(path)).lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return RejectedFile(source_file, info.st_size, unsupported_reason(suffix))
    cap = _max_bytes(suffix)
    if info.st_size > cap:
        return RejectedFile(source_file, info.st_size, _too_large(info.st_size, suffix))
    before = landed.get(source_file) if landed else None
    if before is not None and (before.byte_size, before.modified_ns) == (info.st_size, info.st_mtime_ns):
        return before
    if not read:
        return None
    # the stat is taken before the read: a write after it leaves a newer mtime, so the next landing reads the file
    modified_ns = info.st_mtime_ns if info.st_mtime_ns < trusted_before_ns else None
    data = _read_capped(Path(path), cap)
    if isinstance(data, str):
        return RejectedFile(source_file, info.st_size, data)
    if len(data) > cap:  # it grew while we looked
        return RejectedFile(source_file, len(data), _too_large(len(data), suffix))
    document_id, sha = document_id_for(data)
    if document_id in known:
        return LandedFile(source_file, document_id, sha, len(data), None, None, modified_ns)
    try:
        extracted = extract_text(data, suffix)
    except UnreadableFile as exc:
        return RejectedFile(source_file, len(data), str(exc))
    return LandedFile(source_file, document_id, sha, len(data), extracted.encoding, extracted.text, modified_ns,
                      source_url=extracted.source_url)


def _suffix(name: str) -> str:
    """PurePath(name).suffix, without building a path (the stat pass over a large folder would spend most of its time
    in pathlib)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _with_sidecar(item: LandedFile, path: Path | str) -> LandedFile:
    """The file's provenance from the sidecar `fazhi collect` wrote beside it, when there is a readable one."""
    sidecar = Path(f"{path}{SIDECAR_SUFFIX}")
    try:
        if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
            return item
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return item  # no sidecar, or a damaged one: the file lands as any other
    if not isinstance(data, dict):
        return item
    url = data.get("final_url") or data.get("url")
    try:
        fetched_at = datetime.fromisoformat(str(data["fetched_at"]).rstrip("Z")) if data.get("fetched_at") else None
    except ValueError:
        fetched_at = None
    region = data.get("region_code")
    attachments = tuple(a["file"] for a in data.get("attachments") or ()
                        if isinstance(a, dict) and isinstance(a.get("file"), str))
    return replace(item, source_url=url if isinstance(url, str) else item.source_url, fetched_at=fetched_at,
                   site_region_code=str(region) if region else None, attachment_files=attachments)


def iter_raw_folder(raw_dir: Path, known: Container[str] = frozenset(), unlisted_dirs: list[str] | None = None,
                    landed: Mapping[str, LandedFile] | None = None,
                    trusted_before_ns: int = 0) -> Iterator[LandedFile | RejectedFile]:
    """Every file under raw_dir, landed or rejected: nested folders in sorted order, symbolic links never followed.

    Folders that cannot be listed are appended to `unlisted_dirs`; the raw folder itself failing raises.
    """
    for entry in _walk(raw_dir, unlisted_dirs):
        yield entry if isinstance(entry, RejectedFile) else _land_one(*entry, known, landed, trusted_before_ns)


def _walk(raw_dir: Path, unlisted_dirs: list[str] | None) -> Iterator[tuple[str, str, bool] | RejectedFile]:
    """(path, source_file, has a sidecar) of every file to land under raw_dir, in order, and the rejections of the walk
    itself."""
    if not raw_dir.is_dir():
        raise RawFolderUnavailable(f"raw folder does not exist or is not a folder: {raw_dir}")
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False, onerror=errors.append):
        base = Path(dirpath)
        prefix = "" if base == raw_dir else _relative(base, raw_dir) + "/"  # once a folder: pathlib costs
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):
            if (base / d).is_symlink():
                dirnames.remove(d)
                yield RejectedFile(_display_path(_relative(base / d, raw_dir)), None, "symbolic link (not followed)")
        sidecars = {name for name in filenames if name.endswith(SIDECAR_SUFFIX)}
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES) \
                    or name.endswith(SIDECAR_SUFFIX):
                continue
            yield os.path.join(dirpath, name), _display_path(prefix + name), name + SIDECAR_SUFFIX in sidecars
    for error in errors:
        failed = Path(error.filename) if error.filename else raw_dir
        if failed == raw_dir:
            raise RawFolderUnavailable(f"raw folder cannot be listed: {raw_dir} ({error.strerror or error})")
        relative = _display_path(_relative(failed, raw_dir))
        if unlisted_dirs is not None:
            unlisted_dirs.append(relative)
        yield RejectedFile(relative + "/", None, f"folder cannot be listed: {error.strerror or error}")


def _land_one(path: str, source_file: str, has_sidecar: bool, known: Container[str],
              landed: Mapping[str, LandedFile] | None, trusted_before_ns: int) -> LandedFile | RejectedFile:
    try:
        item = read_file(path, source_file, known, landed, trusted_before_ns)
        return _with_sidecar(item, path) if isinstance(item, LandedFile) and has_sidecar else item
    except Exception as exc:  # noqa: BLE001 - one strange file never stops the run
        return RejectedFile(source_file, None, f"could not be landed ({type(exc).__name__}: {exc})")


# --- reading in worker processes ----------------------------------------------------------------------------

_worker_known: Container[str] = frozenset()


def _start_worker(known: frozenset[str]) -> None:
    global _worker_known
    _worker_known = known


def _land_files(files: list[tuple[str, str, bool]], trusted_before_ns: int) -> list[LandedFile | RejectedFile]:
    """A worker's task: read, hash and decode a batch of files."""
    return [_land_one(*file, _worker_known, None, trusted_before_ns) for file in files]


def land_workers() -> int:
    """Worker processes that read files when many must be read, beside the landing process that records them:
    FAZHI_LAND_WORKERS, default one less than the machine's cores (0: the landing process reads every file)."""
    configured = os.environ.get("FAZHI_LAND_WORKERS", "").strip()
    return max(0, int(configured)) if configured else max(0, (os.cpu_count() or 1) - 1)


def _land_in_order(raw_dir: Path, known: set[str], unlisted_dirs: list[str], landed: Mapping[str, LandedFile],
                   trusted_before_ns: int, workers: int) -> Iterator[LandedFile | RejectedFile]:
    """What `iter_raw_folder` yields, in its order; once POOL_MIN_FILES files wait to be read, worker processes read
    them, a few batches at a time (the texts held stay bounded). Files whose size and mtime vouch for them never leave
    this process."""
    pool: ProcessPoolExecutor | None = None
    # segments in folder order: (entries, future of the worker's results for the entries to read, or None)
    segments: deque[tuple[list, Future | None]] = deque()
    entries: list = []  # items ready here, and (path, source_file) to be read
    to_read = 0

    def ready(segment: tuple[list, Future | None]) -> Iterator[LandedFile | RejectedFile]:
        items, future = segment
        results = iter(future.result()) if future is not None else None
        for entry in items:
            if isinstance(entry, tuple):
                yield next(results) if results is not None else _land_one(*entry, known, landed, trusted_before_ns)
            else:
                yield entry

    def submit(pending: list) -> None:
        """Hand the files to read among `pending` to the workers, FILES_PER_TASK a task."""
        piece, reads = [], 0
        for position, entry in enumerate(pending):
            piece.append(entry)
            reads += isinstance(entry, tuple)
            if reads == FILES_PER_TASK or position == len(pending) - 1:
                files = [e for e in piece if isinstance(e, tuple)]
                segments.append((piece, pool.submit(_land_files, files, trusted_before_ns) if files else None))
                piece, reads = [], 0

    try:
        for entry in _walk(raw_dir, unlisted_dirs):
            if not isinstance(entry, RejectedFile):
                path, source_file, has_sidecar = entry
                item = read_file(path, source_file, known, landed, trusted_before_ns, read=False)
                if item is None:
                    to_read += 1
                else:
                    entry = _with_sidecar(item, path) if isinstance(item, LandedFile) and has_sidecar else item
            entries.append(entry)
            if pool is None:
                if workers < 1 or not to_read:
                    yield from ready((entries, None))
                    entries = []
                elif to_read >= POOL_MIN_FILES:
                    # spawn: the flow's process runs threads (Prefect's), which a forked child must not inherit
                    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=_start_worker, initargs=(frozenset(known),))
                if pool is None:
                    continue
            if to_read >= FILES_PER_TASK:
                submit(entries)
                entries, to_read = [], 0
                while len(segments) > 2 * workers + 1:
                    yield from ready(segments.popleft())
        while segments:
            yield from ready(segments.popleft())
        yield from ready((entries, None))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def scan_raw_folder(raw_dir: Path, known: Container[str] = frozenset()) -> FolderScan:
    """Read every file under raw_dir into memory (see `land_folder` for the bounded-memory way a run lands)."""
    scan = FolderScan()
    pages = []
    for item in iter_raw_folder(raw_dir, known, scan.unlisted_dirs):
        if isinstance(item, RejectedFile):
            scan.rejected.append(item)
        elif _is_report_page(item):
            pages.append(item)
        else:
            scan.landed.append(item)
    kept, scan.superseded = _supersede_pages(pages, scan.landed, lambda f: len(f.text or ""))
    scan.landed += kept
    return scan


def _is_report_page(item: LandedFile) -> bool:
    return bool(item.attachment_files) and _suffix(os.path.basename(item.source_file)).lower() in HTML_SUFFIXES


def _supersede_pages(pages: list[LandedFile], landed: list[LandedFile], text_length: Callable[[LandedFile], int]
                     ) -> tuple[list[LandedFile], list[RejectedFile]]:
    """(pages that land, pages that do not): a collected report page whose attachment landed with at least as much
    text holds the same report in short, and lands nothing of its own (the attachment is the document)."""
    by_path = {f.source_file: f for f in landed}
    kept, superseded = [], []
    for page in pages:
        attachments = [by_path[path] for path in page.attachment_files if path in by_path]
        longest = max(attachments, key=text_length, default=None)
        if longest is not None and text_length(longest) >= text_length(page):
            superseded.append(RejectedFile(page.source_file, page.byte_size,
                                           f"report page without a report of its own: its attachment "
                                           f"{longest.source_file} holds the report and landed instead"))
        else:
            kept.append(page)
    return kept, superseded


def _insert_documents(con: duckdb.DuckDBPyConnection, files: list[LandedFile], run_id: str, now: datetime) -> None:
    insert_columns(con, "documents", [
        (f.document_id, f.content_sha256, f.source_file, f.byte_size, f.encoding, f.text, now, run_id,
         f.source_url, f.fetched_at, f.site_region_code) for f in files
    ])


def write_landing(con: duckdb.DuckDBPyConnection, scan: FolderScan, run_id: str, now: datetime) -> LandingSummary:
    """Record a folder scan in the raw tables (which must exist); idempotent for an unchanged folder."""
    return _in_transaction(con, lambda: _write_landing(con, scan, run_id, now))


def land_folder(con: duckdb.DuckDBPyConnection, raw_dir: Path, run_id: str, now: datetime,
                on_file: Callable[[LandedFile | RejectedFile], None] | None = None,
                rehash: bool = False, workers: int | None = None) -> LandingSummary:
    """Walk the raw folder and record it, writing new documents in batches as they are read (bounded memory).

    Files whose size and mtime are unchanged since they were read are not read again, unless `rehash`. `workers`:
    processes that read files when many must be read (default `land_workers()`; 0: none, this process reads them).

    Each batch of new documents is committed on its own: the text of a whole corpus never waits in one transaction
    (DuckDB holds a transaction's appends in memory until they fill a row group: 122,880 documents). The files are
    recorded in one transaction at the end, so a landing that fails leaves the files as the last landing recorded
    them, and the documents it committed are known to the next one.
    """
    trusted_before_ns = time.time_ns() - RACY_MTIME_NS
    known = {row[0] for row in con.execute("select document_id from raw.documents").fetchall()}
    landed = {} if rehash else _landed_files(con)
    scan = FolderScan()
    batch: list[LandedFile] = []
    batch_chars = new = 0
    pages: list[LandedFile] = []  # collected report pages: they land once their attachments are known
    lengths: dict[str, int] = {}
    items = _land_in_order(raw_dir, known, scan.unlisted_dirs, landed, trusted_before_ns,
                           land_workers() if workers is None else workers)
    for item in items:
        if on_file is not None:
            on_file(item)
        if isinstance(item, RejectedFile):
            scan.rejected.append(item)
            continue
        if item.text is not None:
            lengths[item.document_id] = len(item.text)
        if _is_report_page(item):
            pages.append(item)
            continue
        if item.text is not None and item.document_id not in known:
            known.add(item.document_id)
            batch.append(item)
            batch_chars += len(item.text)
            new += 1
            if batch_chars >= INSERT_BATCH_CHARS:
                _commit_documents(con, batch, run_id, now)
                batch, batch_chars = [], 0
        scan.landed.append(replace(item, text=None) if item.text is not None else item)
    _commit_documents(con, batch, run_id, now)
    del landed, batch

    def record() -> LandingSummary:
        kept, scan.superseded = _supersede_pages(pages, scan.landed, _text_length(con, pages, scan.landed, lengths))
        page_documents = []
        for page in kept:
            if page.text is not None and page.document_id not in known:
                known.add(page.document_id)
                page_documents.append(page)
            scan.landed.append(replace(page, text=None))
        _insert_documents(con, page_documents, run_id, now)
        crash_point("land:documents-inserted")
        return _record_files(con, scan, run_id, now, documents_new=new + len(page_documents))

    return _in_transaction(con, record)


def _commit_documents(con: duckdb.DuckDBPyConnection, files: list[LandedFile], run_id: str, now: datetime) -> None:
    if not files:
        return
    con.execute("begin transaction")
    try:
        _insert_documents(con, files, run_id, now)
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _text_length(con: duckdb.DuckDBPyConnection, pages: list[LandedFile], landed: list[LandedFile],
                 lengths: dict[str, int]) -> Callable[[LandedFile], int]:
    """Text length by document, for the report pages and their attachments: read now, or landed before."""
    if pages:
        wanted = {p.document_id for p in pages} | {f.document_id for f in landed
                                                    if any(f.source_file in p.attachment_files for p in pages)}
        missing = sorted(wanted - set(lengths))
        if missing:
            lengths.update(con.execute("select document_id, length(text) from raw.documents "
                                       "where list_contains(?, document_id)", [missing]).fetchall())
    return lambda f: lengths.get(f.document_id, 0)


def _landed_files(con: duckdb.DuckDBPyConnection) -> dict[str, LandedFile]:
    """The current files whose size and mtime vouch for their document (raw.landed_file_stats), by path."""
    rows = con.execute("""
        select s.source_file, s.document_id, d.content_sha256, s.byte_size, s.modified_ns
        from raw.landed_file_stats s
        join raw.current_files f on f.source_file = s.source_file and f.document_id = s.document_id
        join raw.documents d on d.document_id = s.document_id
        where s.modified_ns is not null
    """).fetchall()
    return {path: LandedFile(path, document_id, sha, size, None, None, modified_ns)
            for path, document_id, sha, size, modified_ns in rows}


def _in_transaction(con: duckdb.DuckDBPyConnection, work: Callable[[], LandingSummary]) -> LandingSummary:
    con.execute("begin transaction")
    try:
        summary = work()
        check_raw_keys(con, ("documents", "current_files"))
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    return summary


def _write_landing(con: duckdb.DuckDBPyConnection, scan: FolderScan, run_id: str, now: datetime) -> LandingSummary:
    known = {row[0] for row in con.execute("select document_id from raw.documents").fetchall()}
    new_docs: dict[str, LandedFile] = {}
    for f in scan.landed:
        if f.document_id not in known and f.document_id not in new_docs:
            if f.text is None:
                raise ValueError(f"{f.source_file}: a new document needs its text (scan without `known`)")
            new_docs[f.document_id] = f
    _insert_documents(con, list(new_docs.values()), run_id, now)
    return _record_files(con, scan, run_id, now, documents_new=len(new_docs))


def _under(path: str, folders: list[str]) -> bool:
    return any(path.startswith(folder.rstrip("/") + "/") for folder in folders)


def _record_files(con: duckdb.DuckDBPyConnection, scan: FolderScan, run_id: str, now: datetime,
                  documents_new: int) -> LandingSummary:
    """current_files, removed_files and rejected_files after a scan whose new documents are already inserted."""
    previous = {row[0]: row for row in con.execute(
        "select source_file, document_id, byte_size, first_seen_run_id from raw.current_files").fetchall()}
    earlier_rejections = {(row[0], row[1], row[2]): (row[3], row[4]) for row in con.execute(
        "select source_file, byte_size, reason, rejected_at, run_id from raw.rejected_files").fetchall()}
    if previous and not scan.landed and not scan.rejected and not scan.superseded:
        raise RawFolderUnavailable(
            f"the raw folder is empty but {len(previous)} files were landed from it before: is the share mounted? "
            "Nothing was recorded as removed and nothing is published.")

    present = {f.source_file: f for f in scan.landed}
    rejected_paths = {r.source_file for r in scan.rejected}
    kept = sorted(path for path in previous if path not in present
                  and (path in rejected_paths or _under(path, scan.unlisted_dirs)))
    removed = sorted(path for path in previous if path not in present and path not in kept)
    if removed:
        insert_rows(con, "removed_files", [(path, previous[path][1], now, run_id) for path in removed])

    current_rows = []
    for f in scan.landed:
        before = previous.get(f.source_file)
        first_seen = before[3] if before and before[1] == f.document_id else run_id
        current_rows.append((f.source_file, f.document_id, f.byte_size, first_seen, run_id))
    current_rows += [(path, previous[path][1], previous[path][2], previous[path][3], run_id) for path in kept]
    con.execute("delete from raw.current_files")
    insert_rows(con, "current_files", current_rows)
    con.execute("delete from raw.landed_file_stats")
    insert_rows(con, "landed_file_stats",
                [(f.source_file, f.document_id, f.byte_size, f.modified_ns) for f in scan.landed])

    kept_set = set(kept)
    rejected_rows = []
    for r in scan.rejected:
        reason = r.reason + (KEPT_NOTE if r.source_file in kept_set else "")
        # the same rejection seen again keeps the time and run it was first made in (reruns change nothing)
        at, by = earlier_rejections.get((r.source_file, r.byte_size, reason), (now, run_id))
        rejected_rows.append((r.source_file, r.byte_size, reason, at, by))
    superseded_rows = [(r.source_file, r.byte_size, r.reason,
                        *earlier_rejections.get((r.source_file, r.byte_size, r.reason), (now, run_id)))
                       for r in scan.superseded]  # not an error: listed in rejected_files for the reason only
    con.execute("delete from raw.rejected_files")
    insert_rows(con, "rejected_files", rejected_rows + superseded_rows)

    landed_ids = {f.document_id for f in scan.landed}
    return LandingSummary(
        files_seen=len(scan.landed) + len(scan.rejected) + len(scan.superseded),
        documents_new=documents_new,
        documents_known=len(landed_ids) - documents_new,
        files_rejected=len(scan.rejected),
        files_removed=len(removed),
        files_kept=len(kept),
        rejected=tuple(RejectedFile(row[0], row[1], row[2]) for row in rejected_rows),
        files_superseded=len(scan.superseded),
    )
