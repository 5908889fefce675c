"""Child processes that die with the run: a run killed with SIGKILL must not leave a dbt writing its build file.

A killed process cannot clean up, and its children live on by default: an orphaned `dbt build` would go on writing
the build file (and its write-ahead log) while the next run, which got the run lock at once, starts a new build at
the same path. On Linux the kernel can send a child SIGKILL when its parent dies (`PR_SET_PDEATHSIG`); elsewhere
this does nothing.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
from typing import Callable

_PR_SET_PDEATHSIG = 1
# Looked up once in the parent: after fork the child only calls it (no library loading between fork and exec).
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess that makes the child die when this process dies (None where unsupported)."""
    if _prctl is None:
        return None
    parent = os.getpid()

    def set_parent_death_signal() -> None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return set_parent_death_signal
