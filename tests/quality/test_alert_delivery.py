"""fazhi.alerts against real loopback receivers: message content, retries with backoff, no crash, no secret in logs."""
from __future__ import annotations

import logging
from datetime import datetime

import pytest

from alert_receivers import LOOPBACK, WEBHOOK_TOKEN, free_port
from fazhi import alerts
from fazhi.quality import CheckResult
from fazhi.settings import AlertSettings, load_alert_settings

NOW = datetime(2024, 4, 1, 9, 0)
VOLUME_DROP = CheckResult(
    run_id="run-1", checked_at=NOW, suite="run_volume", check_name="expect_column_values_to_be_between(document_share)",
    severity="error", success=False, observed_value="1 unexpected of 1",
    details='["documents 10 → 1, observations 336 → 30"]',
    description="documents did not fall by more than 50% against the last published run",
)
QUARANTINED = {"observation_id": "abc123", "document_id": "d1", "source_file": "2021/yanji.txt",
               "raw_span": "行政机关负责人出庭应诉率182%", "quarantine_rule": "outside_indicator_bounds",
               "quarantine_reason": "行政机关负责人出庭应诉率 182% outside the catalogue bounds 0–100"}


def failed_report() -> alerts.AlertReport:
    return alerts.AlertReport(
        run_id="run-1", status="failed", warehouse="/data/fazhi.duckdb", published=False,
        failed_checks=[VOLUME_DROP], counts={"files_seen": 1, "previous_documents": 10, "documents": 1},
        failed_stage="quality checks", data_docs="/data/.fazhi.state/data_docs/run-1/index.html",
    )


def settings_for(webhook=None, smtp=None, **extra) -> AlertSettings:
    return AlertSettings(
        webhook_url=webhook.url if webhook else None,
        smtp_host=smtp.host if smtp else None, smtp_port=smtp.port if smtp else 25,
        email_to=("maintainers@example.org",) if smtp else (), email_from="fazhi@example.org", **extra)


def no_sleep(delays: list):
    return delays.append


def test_message_names_failed_checks_records_and_counts():
    text = alerts.compose_text(failed_report())
    assert "FAILED" in text and "run-1" in text and "left exactly as it was" in text
    assert "run_volume: expect_column_values_to_be_between(document_share)" in text
    assert "documents 10 → 1" in text and "failed at stage: quality checks" in text
    payload = alerts.webhook_payload(alerts.AlertReport(
        run_id="run-2", status="published_with_quarantine", warehouse="/w.duckdb", published=True,
        quarantined=[QUARANTINED], counts={"quarantined": 1}))
    assert payload["status"] == "published_with_quarantine" and payload["quarantined_count"] == 1
    assert payload["quarantined"][0]["raw_span"] == "行政机关负责人出庭应诉率182%"
    assert "2021/yanji.txt: “行政机关负责人出庭应诉率182%”" in payload["text"]
    assert alerts.subject(failed_report()) == (
        "[fazhi] run run-1 FAILED: run_volume: expect_column_values_to_be_between(document_share)")


def test_urls_and_passwords_are_masked():
    assert alerts.mask_url("https://hooks.slack.com/services/T0/B0/XYZ") == "https://hooks.slack.com/***"
    assert alerts.mask_url("https://user:pw@example.org:8443/hook?token=abc") == "https://example.org:8443/***"
    assert alerts.mask_url("http://127.0.0.1:9000") == "http://127.0.0.1:9000"
    url = "https://example.org/hook/SECRET"
    assert "SECRET" not in alerts.redact(f"error posting to {url}: refused", [url, "pa55"])
    assert alerts.redact("login pa55 failed", ["pa55"]) == "login *** failed"


def test_settings_from_the_contract_variables(monkeypatch):
    monkeypatch.setenv("FAZHI_ALERT_WEBHOOK_URL", "https://example.org/hook")
    monkeypatch.setenv("FAZHI_ALERT_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("FAZHI_ALERT_SMTP_PORT", "2525")
    monkeypatch.setenv("FAZHI_ALERT_EMAIL_TO", "a@example.org, b@example.org")
    monkeypatch.setenv("FAZHI_ALERT_EMAIL_FROM", "fazhi@example.org")
    monkeypatch.setenv("FAZHI_ALERT_SMTP_STARTTLS", "true")
    settings = load_alert_settings()
    assert settings.enabled and settings.email_enabled and settings.smtp_port == 2525 and settings.smtp_starttls
    assert settings.email_to == ("a@example.org", "b@example.org")
    for name in ("FAZHI_ALERT_WEBHOOK_URL", "FAZHI_ALERT_SMTP_HOST"):
        monkeypatch.delenv(name)
    assert not load_alert_settings().enabled


def test_webhook_and_email_are_delivered(webhook, smtp, caplog):
    webhook.posts.clear()
    smtp.messages.clear()
    caplog.set_level(logging.INFO)
    delivered = alerts.send_alert(failed_report(), settings_for(webhook, smtp), backoff=0)
    assert delivered == {"webhook": True, "email": True}
    (post,) = webhook.wait_for(1)
    assert post["run_id"] == "run-1" and post["status"] == "failed" and post["published"] is False
    assert post["failed_checks"][0]["check"] == "expect_column_values_to_be_between(document_share)"
    assert post["counts"]["documents"] == 1 and "document_share" in post["text"]
    (mail,) = smtp.wait_for(1)
    assert "FAILED" in mail["Subject"] and "document_share" in mail["Subject"]
    assert mail["To"] == "maintainers@example.org"
    assert "documents 10 → 1" in mail.get_content()
    assert WEBHOOK_TOKEN not in caplog.text and "/***" in caplog.text


def test_a_failed_delivery_is_retried_with_backoff(webhook, caplog):
    webhook.posts.clear()
    webhook.fail_next = 2
    delays: list = []
    assert alerts.post_webhook(webhook.url, {"text": "x"}, attempts=3, backoff=0.5, sleep=no_sleep(delays))
    assert len(webhook.posts) == 1 and delays == [0.5, 1.0]
    assert "attempt 1/3 failed" in caplog.text and WEBHOOK_TOKEN not in caplog.text


def test_unreachable_channels_never_raise_and_never_log_secrets(caplog):
    closed = free_port()  # nothing listens there
    settings = AlertSettings(
        webhook_url=f"http://{LOOPBACK}:{closed}/services/{WEBHOOK_TOKEN}", smtp_host=LOOPBACK, smtp_port=closed,
        email_to=("maintainers@example.org",), smtp_user="fazhi", smtp_password="pa55-w0rd-s3cret")
    delays: list = []
    delivered = alerts.send_alert(failed_report(), settings, attempts=2, backoff=0.1, sleep=no_sleep(delays))
    assert delivered == {"webhook": False, "email": False}
    assert delays == [0.1, 0.1]  # one retry per channel
    assert "not delivered after 2 attempts" in caplog.text
    assert WEBHOOK_TOKEN not in caplog.text and "pa55-w0rd-s3cret" not in caplog.text


@pytest.mark.parametrize("status", [404, 400])
def test_a_refused_webhook_is_not_retried(status, caplog):
    from http.server import BaseHTTPRequestHandler, HTTPServer
    import threading

    hits = []

    class Refuse(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            hits.append(1)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer((LOOPBACK, 0), Refuse)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        assert not alerts.post_webhook(f"http://{LOOPBACK}:{server.server_port}/x", {"text": "x"}, sleep=no_sleep([]))
    finally:
        thread.join(5)
        server.server_close()
    assert hits == [1] and "refused the alert" in caplog.text


def test_no_channel_configured_sends_nothing():
    assert alerts.send_alert(failed_report(), AlertSettings()) == {}
