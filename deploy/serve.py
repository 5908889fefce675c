"""Scheduled runs: a local Prefect server, the deployments of prefect.yaml and a process worker.

    python deploy/serve.py start     # `make serve`: server on 127.0.0.1:4200, work pool, deployments, alerts, worker
    python deploy/serve.py stop      # `make stop`: stops exactly the processes `start` recorded
    python deploy/serve.py status
    python deploy/serve.py register  # pool, deployments and alert automation on the server PREFECT_API_URL names

The server keeps its SQLite database under a project-local PREFECT_HOME (.prefect/server, not the .prefect that
`fazhi run` uses for its temporary server), with analytics off. Each started process leads its own session, and its
id and start time are written to a pid file, so `stop` signals only those processes and what they started.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORK_POOL = "fazhi-local"
FLOW_NAME = "build_warehouse"
ALERT_BLOCK = "fazhi-alert-webhook"
ALERT_AUTOMATION = "fazhi-warehouse: run failed or crashed"

# Rendered by the server for the flow run that failed or crashed, in the shape of fazhi.alerts.webhook_payload
# (Slack's `text`, then status, failed checks, counts …) plus where it came from. The server never sees what the run
# measured: run_id (fazhi's own, as in marts.fct_quality_checks), checks and counts stay empty; the run's on_failure /
# on_crashed hooks send those whenever the process can still report.
ALERT_PAYLOAD = """{
  "text": {{ ("Fazhi Warehouse: run " ~ flow_run.name ~ " (" ~ (deployment.name if deployment else "ad hoc")
             ~ ") " ~ flow_run.state.name ~ " — nothing published. " ~ (flow_run.state.message or ""))|tojson }},
  "source": "prefect-automation",
  "run_id": null,
  "status": {{ flow_run.state.name|lower|tojson }},
  "published": false,
  "warehouse": {{ flow_run.parameters.get("warehouse")|tojson }},
  "failed_stage": null,
  "error": {{ flow_run.state.message|tojson }},
  "failed_checks": [],
  "warnings": [],
  "counts": {},
  "flow_run_id": {{ flow_run.id|string|tojson }},
  "flow_run_name": {{ flow_run.name|tojson }},
  "deployment": {{ (deployment.name if deployment else none)|tojson }},
  "parameters": {{ flow_run.parameters|tojson }},
  "url": {{ flow_run|ui_url|tojson }}
}"""


def _log(message: str) -> None:
    print(f"serve: {message}", flush=True)


# ---------------------------------------------------------------------------------------------- processes we own

def _start_time(pid: int) -> str | None:
    """The kernel's start time of a running process (ticks since boot): with the pid, it names one process for good.
    None when there is no such process or it has exited (a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def _children(pid: int) -> list[int]:
    """Every descendant of a process (flow runs the worker started in their own sessions included)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _spawn(name: str, command: list[str], env: dict[str, str], home: Path) -> int:
    log = open(home / f"{name}.log", "ab")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    (home / f"{name}.pid").write_text(json.dumps({"pid": proc.pid, "start_time": _start_time(proc.pid),
                                                  "command": command}))
    return proc.pid


def _recorded(name: str, home: Path) -> int | None:
    """The pid of a process `start` recorded, when that very process is still running."""
    try:
        record = json.loads((home / f"{name}.pid").read_text())
    except (OSError, ValueError):
        return None
    pid = record["pid"]
    return pid if record.get("start_time") and _start_time(pid) == record["start_time"] else None


def _stop(name: str, home: Path, timeout: float = 20) -> None:
    pid_file = home / f"{name}.pid"
    pid = _recorded(name, home)
    if pid is None:
        if pid_file.exists():
            _log(f"{name}: not running (stale {pid_file.name} removed)")
            pid_file.unlink()
        return
    processes = {pid: _start_time(pid)} | {child: _start_time(child) for child in _children(pid)}

    def alive() -> list[int]:
        return [p for p, started in processes.items() if started and _start_time(p) == started]

    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)  # the session `start` created: the process and the children it did not detach
        except ProcessLookupError:
            pass
        for other in alive():
            if other != pid:
                try:
                    os.kill(other, sig)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + timeout
        while alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not alive():
            break
    pid_file.unlink(missing_ok=True)
    _log(f"{name} stopped (pid {pid})")


# ---------------------------------------------------------------------------------------------- environment

def _quiet_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               GX_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1")
    return env


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


# ---------------------------------------------------------------------------------------------- registration

def _ensure_work_pool() -> None:
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate, WorkPoolUpdate
    from prefect.exceptions import ObjectNotFound
    from prefect.workers.process import ProcessWorker

    async def ensure() -> None:
        async with get_client() as client:
            try:
                await client.read_work_pool(WORK_POOL)
                await client.update_work_pool(WORK_POOL, WorkPoolUpdate(concurrency_limit=1))
            except ObjectNotFound:
                await client.create_work_pool(WorkPoolCreate(
                    name=WORK_POOL, type="process", concurrency_limit=1,
                    base_job_template=ProcessWorker.get_default_base_job_template(),
                    description="Fazhi Warehouse runs, one at a time (one writer per warehouse)."))

    asyncio.run(ensure())
    _log(f"work pool {WORK_POOL} (process, concurrency limit 1)")


def _deploy(prefect_file: Path, env: dict[str, str]) -> None:
    command = [str(BIN / "prefect"), "--no-prompt", "deploy", "--all", "--prefect-file", str(prefect_file)]
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"serve: prefect deploy failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    _log(f"deployments of {prefect_file.name} registered")


def setup_alert_automation(webhook_url: str | None) -> bool:
    """A Webhook block and an Automation that POSTs the alert for every Failed or Crashed build_warehouse run.

    Idempotent: both are replaced by name. Without a webhook URL, an existing automation is removed.
    """
    from prefect.automations import Automation, CallWebhook, EventTrigger, Posture
    from prefect.blocks.webhook import Webhook

    try:
        Automation.read(name=ALERT_AUTOMATION).delete()
    except ValueError:
        pass  # none yet
    if not webhook_url:
        _log("FAZHI_ALERT_WEBHOOK_URL not set: no server-side alert automation (flow hooks still alert)")
        return False
    block_id = Webhook(method="POST", url=webhook_url, headers={"Content-Type": "application/json"},
                       allow_private_urls=True).save(ALERT_BLOCK, overwrite=True)
    Automation(
        name=ALERT_AUTOMATION,
        description="Fazhi Warehouse alert for runs the server saw fail or crash (contract: Quality gate and alerts).",
        trigger=EventTrigger(
            expect={"prefect.flow-run.Failed", "prefect.flow-run.Crashed"},
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={"prefect.resource.role": "flow", "prefect.resource.name": FLOW_NAME},
            posture=Posture.Reactive, threshold=1, within=0,
        ),
        actions=[CallWebhook(block_document_id=block_id, payload=ALERT_PAYLOAD)],
    ).create()
    _log(f"alert automation '{ALERT_AUTOMATION}' → webhook block {ALERT_BLOCK}")
    return True


def register(prefect_file: Path) -> None:
    """Work pool, deployments and alert automation on the server PREFECT_API_URL names (must be set)."""
    api_url = os.environ.get("PREFECT_API_URL")
    if not api_url:
        raise SystemExit("serve: PREFECT_API_URL is not set (e.g. http://127.0.0.1:4200/api)")
    deadline = time.monotonic() + 90  # a server started just before (systemd) answers after 4–9 s
    while not _healthy(api_url.rstrip("/")):
        if time.monotonic() > deadline:
            raise SystemExit(f"serve: no Prefect API answers on {api_url}")
        time.sleep(1)
    env = dict(os.environ, DO_NOT_TRACK="1", GX_ANALYTICS_ENABLED="false")
    env.setdefault("FAZHI_PROJECT_DIR", str(ROOT))
    _ensure_work_pool()
    _deploy(prefect_file, env)
    setup_alert_automation(os.environ.get("FAZHI_ALERT_WEBHOOK_URL"))


def _wait_for_worker(timeout: float) -> None:
    import asyncio

    from prefect.client.orchestration import get_client

    async def workers() -> list:
        async with get_client() as client:
            return await client.read_workers_for_work_pool(WORK_POOL)

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if asyncio.run(workers()):
            return
        time.sleep(0.5)
    raise SystemExit("serve: the worker did not report to the server in time (see worker.log)")


# ---------------------------------------------------------------------------------------------- commands

def start(host: str, port: int, home: Path, prefect_file: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    api_url = f"http://{host}:{port}/api"
    env = _quiet_env(home)
    env.pop("PREFECT_API_URL", None)  # the server must not talk to another one
    if _recorded("server", home):
        _log(f"server already running (pid {_recorded('server', home)})")
    else:
        if not _port_free(host, port):
            raise SystemExit(f"serve: {host}:{port} is in use; stop what holds it, or pick --port "
                             "(or point PREFECT_API_URL at that server and use `register`)")
        pid = _spawn("server", [str(BIN / "prefect"), "server", "start", "--host", host, "--port", str(port),
                                "--analytics-off"], env, home)
        _log(f"server starting (pid {pid}, log {home / 'server.log'})")
    deadline = time.monotonic() + 90
    while not _healthy(api_url):
        if not _recorded("server", home):
            tail = (home / "server.log").read_text(errors="replace")[-3000:]
            raise SystemExit(f"serve: the server exited:\n{tail}")
        if time.monotonic() > deadline:
            raise SystemExit(f"serve: the server did not answer on {api_url} in 90 s (see {home / 'server.log'})")
        time.sleep(0.5)
    _log(f"server healthy on {api_url}")

    os.environ.update(PREFECT_HOME=str(home), PREFECT_API_URL=api_url)
    register(prefect_file)

    worker_env = dict(env, PREFECT_API_URL=api_url)
    worker_env.setdefault("FAZHI_PROJECT_DIR", str(ROOT))  # prefect.yaml's pull step: the runs' working directory
    if _recorded("worker", home):
        _log(f"worker already running (pid {_recorded('worker', home)})")
    else:
        pid = _spawn("worker", [str(BIN / "prefect"), "worker", "start", "--pool", WORK_POOL, "--limit", "1",
                                "--name", f"fazhi-{socket.gethostname()}"], worker_env, home)
        _log(f"worker starting (pid {pid}, log {home / 'worker.log'})")
    _wait_for_worker(60)
    _log(f"ready: UI http://{host}:{port}  (stop with `make stop`)")


def stop(home: Path) -> None:
    _stop("worker", home)  # first, so no run starts while the server goes away
    _stop("server", home)


def status(home: Path, host: str, port: int) -> int:
    running = 0
    for name in ("server", "worker"):
        pid = _recorded(name, home)
        running += pid is not None
        _log(f"{name}: " + (f"running (pid {pid})" if pid else "not running"))
    api_url = f"http://{host}:{port}/api"
    _log(f"API {api_url}: " + ("healthy" if _healthy(api_url) else "not answering"))
    return 0 if running == 2 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["start", "stop", "status", "register"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("FAZHI_PREFECT_PORT", "4200")))
    parser.add_argument("--home", type=Path, default=ROOT / ".prefect" / "server",
                        help="PREFECT_HOME of the server and worker: database, logs, pid files")
    parser.add_argument("--prefect-file", type=Path, default=ROOT / "prefect.yaml")
    args = parser.parse_args(argv)
    home, prefect_file = args.home.resolve(), args.prefect_file.resolve()
    if args.command == "start":
        start(args.host, args.port, home, prefect_file)
    elif args.command == "stop":
        stop(home)
    elif args.command == "status":
        return status(home, args.host, args.port)
    else:
        register(prefect_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
