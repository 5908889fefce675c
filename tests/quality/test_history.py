"""The quality history survives a run killed while appending to it."""
from datetime import datetime

from fazhi.quality import CheckResult, append_history, read_history


def _result(run_id: str) -> CheckResult:
    return CheckResult(run_id=run_id, checked_at=datetime(2026, 1, 1), suite="s", check_name="c", severity="error",
                       success=True, observed_value="1", details=None)


def test_a_half_written_line_does_not_swallow_the_next_runs_record(tmp_path):
    history = tmp_path / "quality_history.jsonl"
    append_history(history, [_result("run1")])
    with history.open("a", encoding="utf-8") as f:
        f.write('{"run_id": "killed", "checked_at": "2026-01-')  # the kill came mid-line
    append_history(history, [_result("run3")])
    assert [row[0] for row in read_history(history)] == ["run1", "run3"]
