"""Named crash points, for the crash-safety test only: `FAZHI_CRASH_AT=<name>` makes the process kill itself there.

A run is killed at any instant in real life; the test kills it at the instants that matter most (between the steps
of landing and publishing, which take milliseconds and cannot be hit by a timer) by setting this variable. Unset,
a crash point is one dictionary lookup. The names in use: `land:documents-inserted`, `flow:<stage>-done` for each
stage of `flows/build_warehouse.py`, and `publish:*` in `fazhi.publish` (grep `crash_point(`).
"""
from __future__ import annotations

import os
import signal

CRASH_AT_VARIABLE = "FAZHI_CRASH_AT"


def crash_point(name: str) -> None:
    """SIGKILL this process when FAZHI_CRASH_AT names this point: no clean-up, no exception handler, like `kill -9`."""
    if os.environ.get(CRASH_AT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
