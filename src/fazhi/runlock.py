"""One writer per warehouse: an exclusive, non-blocking lock on a file in the warehouse's state folder.

The lock is held by the process (flock), so a killed run releases it at once; a second run started meanwhile
exits with a clear message instead of writing the same build file. `fazhi run` takes it before Prefect starts and
holds it across the flow, which takes it again: the lock is re-entrant within a thread, so two runs started at the
same instant never both start Prefect (their first start would race on Prefect's database).
"""
from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse's lock."""


# Locks held by this process: (lock file, thread) → how deeply nested; another thread never shares one.
_held: dict[tuple[str, int], int] = {}


@contextmanager
def run_lock(lock_file: Path) -> Iterator[None]:
    key = (os.path.realpath(lock_file), threading.get_ident())
    if key in _held:  # the CLI holds it for the flow it started in this thread
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = Path(lock_file).read_text(encoding="utf-8", errors="replace").strip() or "another process"
            raise WarehouseBusy(f"another run is building this warehouse ({holder}); try again when it ends") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)
