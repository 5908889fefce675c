"""Alerts to the maintainers: what a failed or degraded run tells them, and delivering it by webhook and e-mail.

Pure standard library (urllib, smtplib). Delivery never raises: a channel that fails is logged and retried a few
times with backoff, then given up, so an unreachable webhook or mail server never fails a run. Secrets (the webhook
URL, which usually holds a token, and the SMTP password) never reach a log line: URLs are logged masked and every
error message is redacted first.
"""
from __future__ import annotations

import json
import logging
import smtplib
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Callable

from fazhi.quality import CheckResult
from fazhi.settings import AlertSettings

ATTEMPTS = 3
BACKOFF_SECONDS = 2.0  # waits 2 s, then 4 s, between attempts
TIMEOUT_SECONDS = 10
MAX_LISTED = 20  # checks or records listed in the text; the structured fields carry up to 200

STATUS_HEADLINE = {
    "failed": "✘ FAILED — nothing published",
    "crashed": "✘ CRASHED — nothing published",
    "published_with_quarantine": "⚠ published with quarantined records",
    "published_with_warnings": "⚠ published with warnings",
    "published": "✔ published",
    "collected_with_warnings": "⚠ collect: a listing page found no report links",  # fazhi.collect.report
}


@dataclass
class AlertReport:
    """What maintainers hear about a run."""

    run_id: str
    status: str  # a key of STATUS_HEADLINE
    warehouse: str
    published: bool
    failed_checks: list[CheckResult] = field(default_factory=list)
    warnings: list[CheckResult] = field(default_factory=list)
    quarantined: list[dict] = field(default_factory=list)  # rows of marts.fct_quarantined_observations
    counts: dict = field(default_factory=dict)
    failed_stage: str | None = None
    error: str | None = None
    data_docs: str | None = None

    @property
    def needs_alert(self) -> bool:
        return self.status != "published"


def mask_url(url: str) -> str:
    """scheme://host:port/*** — no user, password, path or query (a webhook's path is usually its token)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or "?"
        netloc = f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return "<webhook url>"
    masked = f"{parts.scheme}://{netloc}"
    if parts.path not in ("", "/") or parts.query:
        masked += "/***"
    return masked


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, mask_url(secret) if "://" in secret else "***")
    return text


def _check_fields(check: CheckResult) -> dict:
    return {"suite": check.suite, "check": check.check_name, "severity": check.severity,
            "description": check.description, "observed": check.observed_value, "records": check.details}


def _quarantine_line(row: dict) -> str:
    where = row.get("source_file") or row.get("document_id")
    return f"{where}: “{row.get('raw_span')}” — {row.get('quarantine_reason')} (observation {row.get('observation_id')})"


def _counts_line(counts: dict) -> str:
    def pair(name: str, previous: str, current: str) -> str | None:
        if counts.get(current) is None:
            return None
        before = counts.get(previous)
        return f"{name} {before} → {counts[current]}" if before is not None else f"{name} {counts[current]}"

    parts = [
        f"files {counts['files_seen']}" if counts.get("files_seen") is not None else None,
        pair("documents", "previous_documents", "documents"),
        pair("observations", "previous_fact_observations", "fact_observations"),
        f"quarantined {counts['quarantined']}" if counts.get("quarantined") else None,
    ]
    return ", ".join(p for p in parts if p)


def compose_text(report: AlertReport) -> str:
    """The message: Slack-compatible plain text (also the e-mail body)."""
    lines = [f"Fazhi Warehouse run {report.run_id}: {STATUS_HEADLINE.get(report.status, report.status)}",
             f"raw folder: {report.warehouse}" if report.status.startswith("collected") else
             f"warehouse: {report.warehouse}" + ("" if report.published else " (left exactly as it was)")]
    if report.failed_stage:
        lines.append(f"failed at stage: {report.failed_stage}")
    if report.failed_checks:
        lines.append(f"failed checks ({len(report.failed_checks)}):")
        lines += [f"• {c.label()}" for c in report.failed_checks[:MAX_LISTED]]
    if report.error and not report.failed_checks:
        lines.append(f"error: {report.error[:1500]}")
    if report.quarantined:
        lines.append(f"quarantined records ({len(report.quarantined)}), kept out of the facts:")
        lines += [f"• {_quarantine_line(r)}" for r in report.quarantined[:MAX_LISTED]]
    if report.warnings:
        lines.append(f"warnings ({len(report.warnings)}):")
        lines += [f"• {c.label()}" for c in report.warnings[:MAX_LISTED]]
    counts = _counts_line(report.counts)
    if counts:
        lines.append(f"counts: {counts}")
    if report.data_docs:
        lines.append(f"data docs: {report.data_docs}")
    return "\n".join(lines)


def webhook_payload(report: AlertReport) -> dict[str, Any]:
    """JSON body: Slack's `text` plus the structured fields."""
    return {
        "text": compose_text(report),
        "run_id": report.run_id,
        "status": report.status,
        "published": report.published,
        "warehouse": report.warehouse,
        "failed_stage": report.failed_stage,
        "error": report.error,
        "failed_checks": [_check_fields(c) for c in report.failed_checks[:200]],
        "warnings": [_check_fields(c) for c in report.warnings[:200]],
        "quarantined_count": len(report.quarantined),
        "quarantined": [{k: _plain(v) for k, v in r.items()} for r in report.quarantined[:200]],
        "counts": {k: _plain(v) for k, v in report.counts.items()},
        "data_docs": report.data_docs,
    }


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def subject(report: AlertReport) -> str:
    headline = {"failed": "FAILED", "crashed": "CRASHED", "published_with_quarantine": "quarantined records",
                "published_with_warnings": "warnings"}.get(report.status, report.status)
    first = report.failed_checks[0] if report.failed_checks else None
    about = f": {first.suite}: {first.check_name}" if first else (
        f": {len(report.quarantined)} quarantined" if report.quarantined else "")
    return f"[fazhi] run {report.run_id} {headline}{about}"


def email_message(report: AlertReport, settings: AlertSettings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject(report)
    message["From"] = settings.email_from or f"fazhi@{socket.gethostname()}"
    message["To"] = ", ".join(settings.email_to)
    message.set_content(compose_text(report))
    return message


class _Refused(Exception):
    """The receiver answered that retrying cannot help (HTTP 4xx other than 408/429)."""


def _retrying(channel: str, attempt: Callable[[], str], *, attempts: int, backoff: float, secrets: list[str],
              logger: logging.Logger | logging.LoggerAdapter, sleep: Callable[[float], None]) -> bool:
    for number in range(1, attempts + 1):
        try:
            outcome = attempt()
        except Exception as exc:  # noqa: BLE001 - any delivery error is logged, never raised
            reason = redact(f"{type(exc).__name__}: {exc}", secrets)
            if isinstance(exc, _Refused):
                logger.error("alert: %s refused the alert (%s), not retried", channel, reason)
                return False
            if number == attempts:
                logger.error("alert: %s not delivered after %d attempts (%s)", channel, attempts, reason)
                return False
            delay = backoff * 2 ** (number - 1)
            logger.warning("alert: %s attempt %d/%d failed (%s); retrying in %.1f s", channel, number, attempts,
                           reason, delay)
            sleep(delay)
        else:
            logger.info("alert: %s delivered (%s)", channel, outcome)
            return True
    return False


def post_webhook(url: str, payload: dict, *, attempts: int = ATTEMPTS, backoff: float = BACKOFF_SECONDS,
                 timeout: float = TIMEOUT_SECONDS, logger: logging.Logger | logging.LoggerAdapter | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> bool:
    """POST the payload as JSON; True when the receiver answered 2xx."""
    logger = logger or logging.getLogger(__name__)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")

    def attempt() -> str:
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8",
                                                  "User-Agent": "fazhi-warehouse-alerts"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the configured URL
                return f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 and exc.code not in (408, 429):
                raise _Refused(f"HTTP {exc.code} {exc.reason}") from None
            raise

    return _retrying(f"webhook {mask_url(url)}", attempt, attempts=attempts, backoff=backoff, secrets=[url],
                     logger=logger, sleep=sleep)


def send_email(settings: AlertSettings, message: EmailMessage, *, attempts: int = ATTEMPTS,
               backoff: float = BACKOFF_SECONDS, timeout: float = TIMEOUT_SECONDS,
               logger: logging.Logger | logging.LoggerAdapter | None = None,
               sleep: Callable[[float], None] = time.sleep) -> bool:
    """Send over SMTP (STARTTLS and login when configured); True when the server accepted it."""
    logger = logger or logging.getLogger(__name__)

    def attempt() -> str:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            refused = smtp.send_message(message)
        return "accepted" if not refused else f"refused for {', '.join(refused)}"

    channel = f"e-mail via {settings.smtp_host}:{settings.smtp_port} to {', '.join(settings.email_to)}"
    return _retrying(channel, attempt, attempts=attempts, backoff=backoff, secrets=settings.secrets(),
                     logger=logger, sleep=sleep)


def send_alert(report: AlertReport, settings: AlertSettings, *,
               logger: logging.Logger | logging.LoggerAdapter | None = None, attempts: int = ATTEMPTS,
               backoff: float = BACKOFF_SECONDS, sleep: Callable[[float], None] = time.sleep) -> dict[str, bool]:
    """Deliver the report on every configured channel; {channel: delivered}. Never raises."""
    logger = logger or logging.getLogger(__name__)
    delivered: dict[str, bool] = {}
    if not settings.enabled:
        logger.info("alert: no channel configured (FAZHI_ALERT_WEBHOOK_URL, FAZHI_ALERT_SMTP_HOST …), not sent")
        return delivered
    try:
        if settings.webhook_url:
            delivered["webhook"] = post_webhook(settings.webhook_url, webhook_payload(report), attempts=attempts,
                                                backoff=backoff, logger=logger, sleep=sleep)
        if settings.email_enabled:
            delivered["email"] = send_email(settings, email_message(report, settings), attempts=attempts,
                                            backoff=backoff, logger=logger, sleep=sleep)
    except Exception as exc:  # noqa: BLE001 - composing an alert must never fail a run either
        logger.error("alert: could not be sent (%s)", redact(f"{type(exc).__name__}: {exc}", settings.secrets()))
    return delivered
