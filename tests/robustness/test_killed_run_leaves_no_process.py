"""`kill -9` of a run leaves no process of it behind: not the temporary Prefect server it started for itself, not dbt,
not a parse worker; and the next run starts, builds and publishes normally.

The run is started as a user starts it (no PREFECT_API_URL, so it starts its own temporary server) and killed at two
moments: as soon as its Prefect server is up, and while dbt builds. Every process under it, recorded just before the
kill, must be gone within a few seconds.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from helpers import fazhi_command, fazhi_env, run_fazhi

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _descendants(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        return psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _command_line(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _kill_when(raw: Path, warehouse: Path, wanted: str, timeout: float = 180) -> list[str]:
    """Start a run, SIGKILL it once a process under it has `wanted` in its command line; return the command lines
    of the processes still alive 10 s later (none is the right answer)."""
    env = fazhi_env(warehouse)
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(fazhi_command(raw, warehouse), env=env, cwd=warehouse.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    children: list[psutil.Process] = []
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            children = _descendants(proc)
            if any(wanted in _command_line(child) for child in children):
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"the run ended or never started a process with {wanted!r} (exit {proc.poll()})")
        children = _descendants(proc)  # everything under the run at the moment of the kill
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        gone_by = time.monotonic() + 10
        while time.monotonic() < gone_by and any(_alive(child) for child in children):
            time.sleep(0.1)
        return [_command_line(child) for child in children if _alive(child)]
    finally:
        for child in children:  # never leave them to the rest of the suite, whatever the test found
            try:
                child.kill()
            except psutil.Error:
                pass


def test_a_run_killed_with_sigkill_leaves_no_server_dbt_or_worker_and_the_next_run_publishes(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    warehouse = tmp_path / "wh" / "fazhi.duckdb"
    warehouse.parent.mkdir()

    assert _kill_when(raw, warehouse, "uvicorn") == []  # the temporary Prefect server, just started
    assert _kill_when(raw, warehouse, "dbt") == []  # dbt building the private build file
    assert not warehouse.exists()  # nothing was published by the killed runs

    after = run_fazhi(raw, warehouse)
    assert after.returncode == 0, after.tail()
    assert warehouse.exists()
