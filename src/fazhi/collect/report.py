"""What maintainers hear about a collect run: an alert when a listing page found no report links (its layout
changed, or the link patterns no longer match) — silence there would look like a site with nothing new."""
from __future__ import annotations

from datetime import datetime, timezone

from fazhi.alerts import AlertReport
from fazhi.collect.crawl import CollectSummary
from fazhi.quality import CheckResult


def collect_alert(summary: CollectSummary, raw_dir: str, run_id: str | None = None) -> AlertReport | None:
    """The alert for a collect run with warnings; None when there is nothing to say."""
    if not summary.warnings:
        return None
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    run_id = run_id or now.strftime("collect-%Y%m%dT%H%M%S")
    warnings = [CheckResult(run_id=run_id, checked_at=now, suite="collect", check_name="listing has report links",
                            severity="warning", success=False, observed_value="0 links", details=text)
                for text in summary.warnings]
    return AlertReport(run_id=run_id, status="collected_with_warnings", warehouse=raw_dir, published=False,
                       warnings=warnings, counts={}, error=None)
