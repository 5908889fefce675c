"""`fazhi run` as maintainers live it, with a real webhook receiver and SMTP server on loopback.

One warehouse goes through four runs (each ~20 s, shared by the assertions):
1. the sample reports: every check passes, nothing is sent;
2. ten reports (the sample and an edited copy of each): published, nothing sent — the baseline;
3. the source folder suddenly holds one of them: the volume check fails, nothing is published, one webhook POST and
   one e-mail name the failed check;
4. the ten reports and one stating 出庭应诉率182%: the figure is quarantined, the run publishes and one alert names the
   record; the failed run 3's checks are now in marts.fct_quality_checks.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from alert_receivers import (SAMPLE, WEBHOOK_TOKEN, alert_environment, clean_environment, copy_sample, run_fazhi,
                             ten_documents)

pytestmark = pytest.mark.slow

COURT_REPORT = "003_281f1311ee557c98.txt"  # 延吉市 2020: 行政机关负责人出庭应诉率82%


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    posts: list
    mails: list
    digest_before: str | None
    digest_after: str | None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def run_id(self) -> str:
        return re.search(r"run (\d{8}T\d{6}-[0-9a-f]{8})", self.output).group(1)


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


@pytest.fixture(scope="module")
def runs(tmp_path_factory, webhook, smtp):
    base = tmp_path_factory.mktemp("gate")
    warehouse = base / "out" / "fazhi.duckdb"
    warehouse.parent.mkdir()
    env = clean_environment(**alert_environment(webhook, smtp))

    sample = copy_sample(base / "sample")
    ten = ten_documents(base / "ten")
    one = base / "one"
    one.mkdir()
    shutil.copyfile(ten / COURT_REPORT, one / COURT_REPORT)
    eleven = base / "eleven"
    shutil.copytree(ten, eleven)
    text = (SAMPLE / COURT_REPORT).read_text(encoding="utf-8")
    assert "出庭应诉率82%" in text
    (eleven / "yanji_court_182.txt").write_text(text.replace("出庭应诉率82%", "出庭应诉率182%") + "\n抄送：己。\n",
                                                encoding="utf-8")

    done = {}
    for name, folder in (("sample", sample), ("ten", ten), ("one", one), ("quarantine", eleven)):
        posts_before, mails_before = len(webhook.posts), len(smtp.messages)
        before = digest(warehouse)
        result = run_fazhi(folder, warehouse, env)
        expected = 0 if name in ("sample", "ten") else 1
        webhook.wait_for(posts_before + expected)
        smtp.wait_for(mails_before + expected)
        done[name] = Run(result.returncode, result.stdout, result.stderr, webhook.posts[posts_before:],
                         smtp.messages[mails_before:], before, digest(warehouse))
    return warehouse, done


def query(warehouse: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_a_normal_run_passes_every_check_and_sends_nothing(runs):
    warehouse, done = runs
    for name in ("sample", "ten"):
        run = done[name]
        assert run.returncode == 0, run.output[-3000:]
        assert run.posts == [] and run.mails == [], name
        assert "alert:" not in run.stdout  # no alert line: nothing to report
    sample = done["sample"]
    checks = query(warehouse, "select suite, check_name, severity, success from marts.fct_quality_checks "
                              "where run_id = ?", sample.run_id)
    assert len(checks) >= 40 and all(success for *_, success in checks), [c for c in checks if not c[3]]
    assert {suite for suite, *_ in checks} >= {"raw_documents", "raw_parsed_figures", "marts_fct_indicator_observations",
                                              "marts_fct_quarantined_observations", "run_volume"}


def test_data_docs_are_built_offline_and_their_path_printed(runs):
    _, done = runs
    path = Path(re.search(r"data docs: (\S+index\.html)", done["sample"].stdout).group(1))
    assert path.exists()
    for page in path.parent.rglob("*.html"):
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//|url\(\s*[\"']?(https?:)?//", page.read_text()), page


def test_a_collapse_in_volume_blocks_publishing_and_alerts_once(runs):
    warehouse, done = runs
    run = done["one"]
    assert run.returncode != 0
    assert run.digest_after == run.digest_before is not None  # the published file, byte for byte
    assert not list(warehouse.parent.glob(".fazhi.duckdb.publishing-*"))
    assert "run FAILED at stage quality checks" in run.stderr
    assert "run_volume: expect_column_values_to_be_between(document_share)" in run.stderr
    assert "documents 10 → 1" in run.stderr and "data docs:" in run.stderr
    assert "alert: webhook delivered, email delivered" in run.stderr

    (post,) = run.posts
    assert post["status"] == "failed" and post["published"] is False and post["run_id"] == run.run_id
    assert "expect_column_values_to_be_between(document_share)" in {c["check"] for c in post["failed_checks"]}
    assert post["counts"]["previous_documents"] == 10 and post["counts"]["documents"] == 1
    assert "document_share" in post["text"]
    (mail,) = run.mails
    assert "FAILED" in mail["Subject"] and "run_volume" in mail["Subject"]
    assert "document_share" in mail.get_content()
    assert WEBHOOK_TOKEN not in run.output


def test_an_impossible_figure_is_quarantined_published_and_alerted(runs):
    warehouse, done = runs
    run = done["quarantine"]
    assert run.returncode == 0, run.output[-3000:]
    assert run.digest_after != run.digest_before
    assert "quarantined records (1)" in run.stdout and "行政机关负责人出庭应诉率182%" in run.stdout

    quarantined = query(warehouse, "select source_file, raw_span, quarantine_rule, run_id "
                                   "from marts.fct_quarantined_observations")
    assert quarantined == [("yanji_court_182.txt", "行政机关负责人出庭应诉率182%", "outside_indicator_bounds",
                            run.run_id)]
    assert not query(warehouse, "select * from marts.fct_indicator_observations where value = 182 and unit = '%'")
    assert query(warehouse, "select quoted_value from marts.fct_region_year_indicators where region_code = '222401' "
                            "and report_year = 2020 and indicator_code = 'admin_head_court_appearance_rate'") == [(82,)]

    (post,) = run.posts
    assert post["status"] == "published_with_quarantine" and post["published"] is True
    assert post["quarantined_count"] == 1
    assert post["quarantined"][0]["raw_span"] == "行政机关负责人出庭应诉率182%"
    assert "行政机关负责人出庭应诉率182%" in post["text"]
    (mail,) = run.mails
    assert "quarantined" in mail["Subject"] and "行政机关负责人出庭应诉率182%" in mail.get_content()


def test_a_failed_runs_checks_appear_after_the_next_published_run(runs):
    warehouse, done = runs
    failed = done["one"].run_id
    rows = query(warehouse, "select suite, check_name, severity, success from marts.fct_quality_checks "
                            "where run_id = ?", failed)
    assert ("run_volume", "expect_column_values_to_be_between(document_share)", "error", False) in rows
    assert len({r[0] for r in query(warehouse, "select distinct run_id from marts.fct_quality_checks")}) == 4
