"""A run that breaks inside a task alerts through the flow's on_failure / on_crashed hooks, exactly once.

The flow runs in this process with one task's work patched to raise: an unexpected error (the run fails) and an
interrupt (Prefect marks the run Crashed). Both leave nothing published and keep the failure in the quality history.
"""
from __future__ import annotations

import json
import traceback

import pytest

from alert_receivers import alert_environment, copy_sample

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def flow_module(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PREFECT_HOME", str(home))
        env.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        env.setenv("DO_NOT_TRACK", "1")
        env.setenv("PREFECT_LOGGING_TO_API_ENABLED", "false")  # the logs stay in the test's output
        from prefect.settings import PREFECT_HOME, PREFECT_LOGGING_TO_API_ENABLED, temporary_settings

        import flows.build_warehouse as module

        with temporary_settings({PREFECT_HOME: home, PREFECT_LOGGING_TO_API_ENABLED: False}):
            yield module
            from prefect.server.api.server import SubprocessASGIServer

            SubprocessASGIServer().stop()  # now, while pytest's output streams are open (else at exit, noisily)


@pytest.fixture
def alerting(monkeypatch, webhook, smtp):
    for name in ("FAZHI_RAW_DIR", "FAZHI_WAREHOUSE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in alert_environment(webhook, smtp).items():
        monkeypatch.setenv(name, value)
    return webhook, smtp


def _run_breaking(flow_module, monkeypatch, tmp_path, alerting, error: BaseException, expected: type):
    webhook, smtp = alerting
    posts, mails = len(webhook.posts), len(smtp.messages)

    def explode(*args, **kwargs):
        raise error

    monkeypatch.setattr(flow_module.transform, "dbt_build", explode)  # the work inside the dbt-build task
    raw = copy_sample(tmp_path / "raw")
    warehouse = tmp_path / "out" / "fazhi.duckdb"
    with pytest.raises(expected) as caught:
        flow_module.build_warehouse(raw_dir=str(raw), warehouse=str(warehouse))
    traceback.clear_frames(caught.tb)  # the frames hold closed DuckDB handles, reported as leaks at exit
    webhook.wait_for(posts + 1)
    smtp.wait_for(mails + 1)
    assert not warehouse.exists()  # nothing published
    history = warehouse.parent / ".fazhi.state" / "quality_history.jsonl"
    recorded = [json.loads(line) for line in history.read_text(encoding="utf-8").splitlines()]
    return webhook.posts[posts:], smtp.messages[mails:], recorded


def test_an_error_inside_a_task_alerts_once(flow_module, monkeypatch, tmp_path, alerting):
    posts, mails, history = _run_breaking(flow_module, monkeypatch, tmp_path, alerting,
                                          RuntimeError("simulated failure inside the dbt-build task"), RuntimeError)
    (post,) = posts
    assert post["status"] == "failed" and post["failed_stage"] == "dbt build" and not post["published"]
    assert post["failed_checks"][0]["check"] == "stage dbt build completes"
    assert "simulated failure inside the dbt-build task" in post["text"]
    (mail,) = mails
    assert "FAILED" in mail["Subject"] and "stage dbt build completes" in mail["Subject"]
    assert [(r["suite"], r["check_name"], r["success"]) for r in history] == [
        ("pipeline", "stage dbt build completes", False)]
    assert not flow_module._RUNS_IN_PROGRESS


def test_a_crash_inside_a_task_alerts_once(flow_module, monkeypatch, tmp_path, alerting):
    posts, mails, history = _run_breaking(flow_module, monkeypatch, tmp_path, alerting, KeyboardInterrupt(),
                                          KeyboardInterrupt)
    (post,) = posts
    assert post["status"] == "crashed" and post["failed_stage"] == "dbt build"
    (mail,) = mails
    assert "CRASHED" in mail["Subject"]
    assert history[-1]["check_name"] == "stage dbt build completes" and not history[-1]["success"]
