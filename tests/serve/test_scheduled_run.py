"""Scheduled runs end to end: `deploy/serve.py` (what `make serve` / `make stop` run) starts a real Prefect server on a
free loopback port with its PREFECT_HOME in a temporary folder, registers prefect.yaml's incremental deployment with
a 10-second interval, and a worker. The first scheduled run builds and publishes, the next one finds nothing changed
and publishes nothing, a failed run reaches the alert webhook through the server's automation, and `stop` ends every
process `start` began."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVE = ROOT / "deploy" / "serve.py"

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AlertReceiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        AlertReceiver.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def api(base: str, path: str, body: dict | None = None, method: str = "POST"):
    request = urllib.request.Request(f"{base}{path}", method=method, data=json.dumps(body or {}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
    return json.loads(text) if text else None


def runs_of(base: str, deployment_id: str) -> list[dict]:
    return api(base, "/flow_runs/filter", {"deployments": {"id": {"any_": [deployment_id]}}, "sort": "START_TIME_ASC"})


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


def test_scheduled_run_fires_completes_and_publishes_then_alerts_and_stops(tmp_path):
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), AlertReceiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    raw, warehouse, home = tmp_path / "raw", tmp_path / "out" / "fazhi.duckdb", tmp_path / "prefect-home"
    shutil.copytree(ROOT / "raw", raw)
    project = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    (incremental,) = [d for d in project["deployments"] if d["name"] == "incremental"]
    incremental["schedules"] = [{"interval": 10}]  # everything else exactly as committed
    project["deployments"] = [incremental]
    prefect_file = tmp_path / "prefect.yaml"
    prefect_file.write_text(yaml.safe_dump(project, allow_unicode=True), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/api"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "FAZHI_"))},
           "FAZHI_RAW_DIR": str(raw), "FAZHI_WAREHOUSE": str(warehouse),
           "FAZHI_ALERT_WEBHOOK_URL": f"http://127.0.0.1:{receiver.server_port}/hook",
           "PREFECT_WORKER_QUERY_SECONDS": "2"}
    serve = [sys.executable, str(SERVE), "--port", str(port), "--home", str(home), "--prefect-file", str(prefect_file)]
    started = subprocess.run([*serve[:2], "start", *serve[2:]], env=env, capture_output=True, text=True, timeout=240)
    pids = [json.loads(p.read_text())["pid"] for p in home.glob("*.pid")]
    try:
        assert started.returncode == 0, started.stdout[-3000:] + started.stderr[-3000:]
        assert len(pids) == 2  # server and worker
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as ui:
            assert ui.status == 200  # the UI is served too
        (deployment,) = api(base, "/deployments/filter", {"deployments": {"name": {"any_": ["incremental"]}}})
        assert deployment["pull_steps"][0]["prefect.deployments.steps.set_working_directory"]["directory"] == str(ROOT)

        def finished(after: int = 0):
            done = [r for r in runs_of(base, deployment["id"]) if r["state_type"] in ("COMPLETED", "FAILED", "CRASHED")]
            return done[after:] or None

        first = wait_for(finished, 240, "the first scheduled run to finish")[0]
        assert first["state_type"] == "COMPLETED", first["state"]
        assert first["auto_scheduled"] is True  # fired by the schedule, not started by hand
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("select count(*) from marts.dim_document").fetchone() == (5,)
        assert (warehouse.parent / "parquet" / "dim_document.parquet").exists()
        digest = hashlib.sha256(warehouse.read_bytes()).hexdigest()

        second = wait_for(lambda: finished(1), 120, "the next scheduled run")[0]
        assert second["state_type"] == "COMPLETED" and second["auto_scheduled"] is True, second["state"]
        assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == digest  # nothing changed: nothing published

        api(base, f"/deployments/{deployment['id']}/pause_deployment")
        wait_for(lambda: not [r for r in runs_of(base, deployment["id"])
                              if r["state_type"] in ("RUNNING", "PENDING")], 120, "the deployment to be idle")
        failing = api(base, f"/deployments/{deployment['id']}/create_flow_run",
                      {"parameters": {"full_refresh": True, "incremental": True}})  # rejected by the flow
        alert = wait_for(lambda: [a for a in AlertReceiver.received if a.get("source") == "prefect-automation"
                                  and a.get("flow_run_id") == failing["id"]], 150, "the server's alert")[0]
        assert alert["status"] == "failed" and alert["published"] is False
        assert "exclude each other" in alert["error"] and alert["deployment"] == "incremental"
        assert alert["text"]
    finally:
        stopped = subprocess.run([*serve[:2], "stop", *serve[2:]], env=env, capture_output=True, text=True,
                                 timeout=120)
        receiver.shutdown()
    assert stopped.returncode == 0, stopped.stderr
    assert not list(home.glob("*.pid"))
    assert not [pid for pid in pids if alive(pid)]
