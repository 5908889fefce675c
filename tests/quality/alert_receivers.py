"""Real receivers for alerts, on loopback only: an HTTP webhook (http.server in a thread) and an SMTP server
(aiosmtpd), each on a free port, recording what they receive; and report folders built from the sample in raw/.
The fixtures are registered in conftest.py."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "raw"
FAZHI = Path(sys.executable).with_name("fazhi")
LOOPBACK = "127.0.0.1"
WEBHOOK_TOKEN = "T0KEN-s3cr3t-9f8e7d"  # must never show in any output


@dataclass
class WebhookReceiver:
    url: str
    posts: list = field(default_factory=list)  # JSON bodies received
    fail_next: int = 0  # answer the next N requests with HTTP 503

    def wait_for(self, count: int, timeout: float = 5.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.posts) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.posts


@contextmanager
def start_webhook():
    receiver = WebhookReceiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if receiver.fail_next > 0:
                receiver.fail_next -= 1
                self.send_response(503)
                self.end_headers()
                return
            receiver.posts.append(json.loads(body.decode("utf-8")))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):  # keep the test output quiet
            pass

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    receiver.url = f"http://{LOOPBACK}:{server.server_port}/services/{WEBHOOK_TOKEN}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@dataclass
class SmtpReceiver:
    host: str
    port: int
    messages: list = field(default_factory=list)  # email.message.EmailMessage

    def wait_for(self, count: int, timeout: float = 5.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@contextmanager
def start_smtp():
    from aiosmtpd.controller import Controller

    receiver = SmtpReceiver(host=LOOPBACK, port=free_port())

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
            receiver.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname=LOOPBACK, port=receiver.port)
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()


def alert_environment(webhook: WebhookReceiver, smtp: SmtpReceiver) -> dict[str, str]:
    return {
        "FAZHI_ALERT_WEBHOOK_URL": webhook.url,
        "FAZHI_ALERT_SMTP_HOST": smtp.host,
        "FAZHI_ALERT_SMTP_PORT": str(smtp.port),
        "FAZHI_ALERT_EMAIL_TO": "maintainers@example.org",
        "FAZHI_ALERT_EMAIL_FROM": "fazhi@example.org",
        "NO_PROXY": LOOPBACK, "no_proxy": LOOPBACK,
    }


def clean_environment(**extra: str) -> dict[str, str]:
    """The caller's environment without any FAZHI_* setting (no alert goes anywhere but the test's receivers)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update(extra)
    return env


def run_fazhi(raw: Path, warehouse: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**env, "PREFECT_HOME": str(warehouse.parent / ".prefect")}
    return subprocess.run([str(FAZHI), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse)],
                          cwd=warehouse.parent, env=env, capture_output=True, text=True, timeout=600)


def copy_sample(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(SAMPLE.glob("*.txt")):
        shutil.copyfile(path, target / path.name)
    return target


def ten_documents(target: Path) -> Path:
    """The five sample reports and a copy of each with a small distinct edit (another content, another document)."""
    copy_sample(target)
    for mark, path in zip("甲乙丙丁戊", sorted(SAMPLE.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        (target / f"{path.stem}_copy.txt").write_text(text + f"\n抄送：{mark}。\n", encoding="utf-8")
    return target
