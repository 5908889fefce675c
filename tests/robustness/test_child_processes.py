"""A child started with `die_with_parent()` (dbt, in fazhi.transform) dies when the run that started it is killed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi.child_processes import die_with_parent

_PARENT = (
    "import subprocess, sys\n"
    "from fazhi.child_processes import die_with_parent\n"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'], preexec_fn=die_with_parent())\n"
    "print(child.pid, flush=True)\n"
    "child.wait()\n"
)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_the_child_dies_with_its_killed_parent():
    parent = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _alive(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_an_ordinary_child_runs_to_its_end():
    done = subprocess.run([sys.executable, "-c", "print('ok')"], capture_output=True, text=True,
                          preexec_fn=die_with_parent())
    assert (done.returncode, done.stdout) == (0, "ok\n")
