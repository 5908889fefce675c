"""Where collected files go in the raw folder, and the sidecar that says where each came from.

`<raw>/web/<host>/<path of the URL>`, e.g. `raw/web/www.example.gov.cn/art/2024/3/1/art_12_345.html`, with
`<file>.sidecar.json` beside it. Landing reads the sidecar (source_url, fetched_at, the site's region code) and never
lands it as a document. The sidecars are also the collector's memory: the validators (ETag, Last-Modified) and the
SHA-256 of what was fetched last time, so the next run asks conditionally and writes nothing when nothing changed.
Listing pages are not reports and are not kept; their validators and links are in `<raw>/web/.state/`, which
landing skips (a hidden folder).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

SIDECAR_SUFFIX = ".sidecar.json"
WEB_FOLDER = "web"

# The suffix a saved file gets from its media type, when its address does not already end in it.
SUFFIX_BY_TYPE = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc", "application/vnd.ms-works": ".wps", "application/kswps": ".wps",
    "text/plain": ".txt", "application/ofd": ".ofd",
}
_UNSAFE_RE = re.compile(r"[\x00-\x1f<>:\"\\|?*]")
_MAX_NAME = 120


@dataclass
class Sidecar:
    url: str                      # the address asked for (the link on the listing or report page)
    final_url: str                # after redirects
    status: int
    fetched_at: str               # ISO 8601, UTC
    content_type: str | None
    declared_charset: str | None  # the charset of the Content-Type header; null when the server named none
    etag: str | None
    last_modified: str | None
    sha256: str
    byte_size: int
    kind: str                     # page (a report page) or attachment
    site: str
    region_code: str | None       # the site's configured region code
    listing_url: str | None = None  # the listing page the link was found on
    link_text: str | None = None
    page_url: str | None = None   # for an attachment: the report page that links to it
    attachments: list[dict] = field(default_factory=list)  # for a page: [{url, file}] of its attachments

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"


def host_folder(netloc: str) -> str:
    return netloc.lower().replace(":", "_")


def relative_path_for(url: str, content_type: str | None) -> str:
    """The file's path relative to the raw folder, decided by the URL and the media type (stable across runs)."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s not in ("", ".", "..")]
    if not segments or parts.path.endswith("/"):
        segments.append("index")
    segments = [_UNSAFE_RE.sub("_", s)[:_MAX_NAME] for s in segments]
    name = segments[-1]
    if parts.query:  # download.jsp?id=12 and ?id=13 are two files
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(parts.query.encode()).hexdigest()[:10]
        name = f"{stem}__{digest}.{suffix}" if dot and stem else f"{name}__{digest}"
    wanted = SUFFIX_BY_TYPE.get(content_type or "")
    if wanted and not name.lower().endswith(wanted) and not (wanted == ".html" and name.lower().endswith(
            (".htm", ".shtml", ".xhtml"))):
        name += wanted
    segments[-1] = name
    return "/".join([WEB_FOLDER, host_folder(parts.netloc), *segments])


def sidecar_path(file_path: Path) -> Path:
    return file_path.with_name(file_path.name + SIDECAR_SUFFIX)


def is_sidecar(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIX)


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target under a hidden name, then rename: landing never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_sidecar(path: Path) -> dict | None:
    """The sidecar beside a file (its JSON), or None when there is none or it cannot be read."""
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load_index(raw_dir: Path) -> dict[str, tuple[str, dict]]:
    """url → (file path relative to raw_dir, sidecar) of everything collected before."""
    index: dict[str, tuple[str, dict]] = {}
    web = raw_dir / WEB_FOLDER
    if not web.is_dir():
        return index
    for sidecar in web.rglob("*" + SIDECAR_SUFFIX):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        file_path = sidecar.with_name(sidecar.name[:-len(SIDECAR_SUFFIX)])
        if isinstance(data, dict) and data.get("url") and file_path.is_file():
            index[data["url"]] = (file_path.relative_to(raw_dir).as_posix(), data)
    return index


class ListingState:
    """Validators and links of listing pages from the last run (`web/.state/listings.json`)."""

    def __init__(self, raw_dir: Path):
        self.path = raw_dir / WEB_FOLDER / ".state" / "listings.json"
        try:
            self.pages: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.pages = {}
        self._saved = self._dump()

    def _dump(self) -> bytes:
        return json.dumps(self.pages, ensure_ascii=False, indent=1, sort_keys=True).encode()

    def save(self) -> None:
        """Write the state when it changed (an unchanged site leaves the raw folder untouched)."""
        data = self._dump()
        if data != self._saved:
            write_atomic(self.path, data)
            self._saved = data
