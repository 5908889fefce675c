"""Crash safety: `fazhi run` killed with SIGKILL at 20 points across startup, landing, parsing, dbt, validation and
publishing. After every kill the published warehouse is still the last good one (byte for byte, or, once the new
file has been renamed into place, the complete new one) and opens cleanly; dbt never outlives the run; the next run
recovers from whatever the killed one left; and the run after the last kill publishes a warehouse identical to an
uninterrupted run's, with no write-ahead log or half-written file left behind.

Kill points: the short steps (a landing transaction, the publish rename) are hit exactly through the crash points
of `fazhi.faults` (FAZHI_CRASH_AT); the long ones (dbt, validation) by a real `kill -9` from this test at fractions
of the stage's duration in an uninterrupted run, timed from the stage's `▶ <stage> …` log line. The kills form a
chain: each run starts from what the previous killed run left. All runs share one Prefect server on loopback (each
would otherwise start its own, ~8 s).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from corpus import _html_page
from helpers import file_digest, fazhi_command, fazhi_env, marts_tables, open_read_only, run_fazhi, table_rows
from prefect_server import prefect_server

from fazhi.export import read_export_version
from fazhi.publish import read_version

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "raw").glob("*.txt"))
RUN_LOGS = {"fct_quality_checks"}  # one row per check per run: grows with every run by design


@dataclass(frozen=True)
class KillPoint:
    stage: str  # where the kill lands: startup, prepare, landing, parsing, dbt, validation, publishing
    named: str | None = None  # a crash point of fazhi.faults
    marker: str | None = None  # or: this long stage's log line …
    fraction: float = 0.0  # … and this fraction of the stage after it: of the nodes dbt has finished (its log), or of
    # the stage's duration in the uninterrupted run at this run's pace (the checks)
    delay: float = 0.0  # or: seconds after the start of the process


KILL_POINTS = [
    KillPoint("startup", delay=1.5),
    KillPoint("prepare", named="prepare:copied"),
    KillPoint("prepare", named="flow:prepare-done"),
    KillPoint("landing", named="land:documents-inserted"),  # documents written, transaction not committed
    KillPoint("landing", named="flow:land-done"),
    KillPoint("parsing", named="parse:batch-written"),
    KillPoint("parsing", named="flow:parse-done"),
    KillPoint("dbt", marker="▶ dbt build", fraction=0.05),
    KillPoint("dbt", marker="▶ dbt build", fraction=0.25),
    KillPoint("dbt", marker="▶ dbt build", fraction=0.5),
    KillPoint("dbt", marker="▶ dbt build", fraction=0.75),
    KillPoint("dbt", named="flow:dbt-build-done"),
    KillPoint("validation", marker="▶ quality checks", fraction=0.2),
    KillPoint("validation", marker="▶ quality checks", fraction=0.6),
    KillPoint("validation", named="validate:history-appended"),
    KillPoint("validation", named="flow:quality-checks-done"),
    KillPoint("publishing", named="publish:parquet-staged"),  # the new Parquet files written beside the export
    KillPoint("publishing", named="publish:checkpointed"),  # the build checkpointed, not yet synced
    KillPoint("publishing", named="publish:written"),  # synced, not yet renamed over the warehouse
    KillPoint("publishing", named="publish:replaced"),  # renamed: the new warehouse is the published one
    KillPoint("publishing", named="flow:publish-done"),
]


def _first_folder(raw: Path) -> None:
    raw.mkdir(parents=True)
    for sample in SAMPLES[:3]:
        shutil.copy(sample, raw / sample.name)


def _second_folder(raw: Path) -> None:
    """The first folder a week later: one file unchanged, one changed, one removed, a web page and a GBK file added."""
    raw.mkdir(parents=True)
    shutil.copy(SAMPLES[0], raw / SAMPLES[0].name)
    (raw / SAMPLES[1].name).write_text(SAMPLES[1].read_text(encoding="utf-8") + "\n补充说明：全年新增听证会5场。\n",
                                       encoding="utf-8")
    (raw / "web").mkdir()
    page = _html_page("crash", "gb2312").replace("<div class=\"article\">", "<div class=\"article\"><p>"
                                                 + SAMPLES[3].read_text(encoding="utf-8").replace("\n", "</p><p>")
                                                 + "</p>")
    (raw / "web" / "report.html").write_bytes(page.encode("gb18030"))
    (raw / "gbk.txt").write_bytes(SAMPLES[4].read_text(encoding="utf-8").replace("\xa0", " ").encode("gbk"))


def _stage_timings(stdout: str) -> dict[str, float]:
    line = re.search(r"timings: (.+)", stdout).group(1)
    return {name: float(seconds) for name, seconds in re.findall(r"([a-z ]+?) ([0-9.]+)s", line.replace(", ", ","))}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] not in ("Z", "X")
    except OSError:
        return False


_DBT_DONE = re.compile(r"\b(\d+) of (\d+) (?:OK|PASS|WARN|SKIP)\b")


def _wait_for_dbt_progress(dbt_log: Path, offset: int, fraction: float, proc: subprocess.Popen) -> None:
    """Until dbt's log (past `offset`) shows that `fraction` of its nodes are done: a point inside dbt's work that
    depends on how far dbt got, not on how fast this machine runs it just now (a duration measured in another run
    overshoots the stage when the machine is busier then)."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with dbt_log.open("rb") as log:
                log.seek(offset)
                done = _DBT_DONE.findall(log.read().decode("utf-8", "replace"))
        except FileNotFoundError:
            done = []
        if done and len(done) >= fraction * int(done[0][1]):
            return
        time.sleep(0.02)


@dataclass
class Killed:
    point: KillPoint
    returncode: int
    last_stage: str | None
    orphans: list[int]
    seconds: float


def _kill_run(point: KillPoint, raw: Path, warehouse: Path, env: dict, timings: dict[str, float]) -> Killed:
    extra = {"PYTHONUNBUFFERED": "1", **env}
    if point.named:
        extra["FAZHI_CRASH_AT"] = point.named
    started = time.monotonic()
    proc = subprocess.Popen(fazhi_command(raw, warehouse), env=fazhi_env(warehouse, **extra), cwd=warehouse.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    marker_seen = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line)
            if point.marker and point.marker in line:
                marker_seen.set()
        marker_seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    orphans: list[int] = []
    if point.named:
        proc.wait(timeout=600)
    else:
        if point.marker == "▶ dbt build":
            dbt_log = warehouse.parent / f".{warehouse.stem}.state" / "dbt" / "logs" / "dbt.log"
            logged_before = dbt_log.stat().st_size if dbt_log.exists() else 0  # dbt appends to it run after run
            marker_seen.wait(timeout=600)
            _wait_for_dbt_progress(dbt_log, logged_before, point.fraction, proc)
        elif point.marker:
            marker_seen.wait(timeout=600)
            # the checks' duration in the uninterrupted run, scaled by how fast this run's dbt build went against that
            # run's (which ran beside other runs): the same point of the stage on a busier or a quieter machine
            own_dbt = re.search(r"✔ dbt build done in ([0-9.]+) s", "".join(lines))
            pace = float(own_dbt.group(1)) / timings["dbt build"] if own_dbt else 1.0
            time.sleep(point.fraction * timings["quality checks"] * pace)
        else:
            time.sleep(point.delay)
        children = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the run only, like the OOM killer or `kill -9 <pid>`
        proc.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.1)
        orphans = [c for c in children if _alive(c) and "dbt" in Path(f"/proc/{c}/cmdline").read_text()]
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything else of the run's (a temporary Prefect server)
    except ProcessLookupError:
        pass
    reader.join(timeout=10)
    stages = re.findall(r"▶ ([a-z ]+) …", "".join(lines))
    return Killed(point, proc.returncode, stages[-1] if stages else None, orphans, time.monotonic() - started)


def _content(warehouse: Path) -> dict[str, list[tuple]]:
    """Every marts table minus what names a run or its time (two different runs cannot share those)."""
    with open_read_only(warehouse) as con:
        snapshot = {}
        for table in marts_tables(con):
            if table in RUN_LOGS:
                continue
            drop = {name for name, kind in con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = 'marts' and table_name = ?",
                [table]).fetchall() if name.endswith("run_id") or kind.startswith("TIMESTAMP")}
            if table == "fct_file_events":
                drop.add("file_event_id")  # an md5 over the event's run id
            snapshot[table] = table_rows(con, table, drop)
    return snapshot


def _differences(content: dict[str, list[tuple]], expected: dict[str, list[tuple]]) -> dict[str, str]:
    return {table: f"{len(rows)} rows, expected {len(expected.get(table, []))}; first differing: "
                   f"{next((r for r in rows if r not in expected.get(table, [])), None)}"
            for table, rows in content.items() if rows != expected.get(table)}


def _leftovers(warehouse: Path) -> list[str]:
    state = warehouse.parent / f".{warehouse.stem}.state"
    found = [*warehouse.parent.glob(f".{warehouse.name}.publishing-*"), *warehouse.parent.glob(".parquet.publishing-*"),
             *warehouse.parent.glob("*.wal"), *state.glob("*.wal")]
    return sorted({p.name for p in found})


def test_a_run_killed_anywhere_leaves_the_last_good_warehouse_and_the_next_run_recovers(tmp_path):
    assert len(KILL_POINTS) >= 20
    first_raw, second_raw = tmp_path / "raw-week1", tmp_path / "raw-week2"
    _first_folder(first_raw)
    _second_folder(second_raw)
    warehouse = tmp_path / "wh" / "fazhi.duckdb"
    reference = tmp_path / "reference" / "fazhi.duckdb"
    warehouse.parent.mkdir()
    reference.parent.mkdir()
    started = time.monotonic()
    with prefect_server(tmp_path / "prefect-server") as api_url, ThreadPoolExecutor(2) as pool:
        env = {"PREFECT_API_URL": api_url} if api_url else {}
        # week 1 into the warehouse and into the reference; then week 2 into the reference, never killed, while
        # the first kills (exact crash points, not timed) run on the warehouse
        firsts = [pool.submit(run_fazhi, first_raw, path, **env) for path in (warehouse, reference)]
        for first in firsts:
            assert first.result().returncode == 0, first.result().tail()
        uninterrupted = pool.submit(run_fazhi, second_raw, reference, **env)
        last_good = file_digest(warehouse)
        with open_read_only(warehouse) as con:
            week1_documents = con.execute("select count(*) from marts.dim_document").fetchone()[0]

        report, replaced, timings, expected = [], False, {}, None
        for point in KILL_POINTS:
            if point.marker or point.named == "publish:replaced":
                if expected is None:  # the timed kills need the stage durations of the uninterrupted run
                    assert uninterrupted.result().returncode == 0, uninterrupted.result().tail()
                    timings = _stage_timings(uninterrupted.result().stdout)
                    expected = _content(reference)
            killed = _kill_run(point, second_raw, warehouse, env, timings)
            assert killed.returncode == -signal.SIGKILL, f"{point}: the run was not killed ({killed.returncode})"
            assert killed.orphans == [], f"{point}: dbt outlived the killed run"
            assert not warehouse.with_name(warehouse.name + ".wal").exists()
            with duckdb.connect(str(warehouse), read_only=True) as con:  # opens cleanly
                documents = con.execute("select count(*) from marts.dim_document").fetchone()[0]
            if point.named == "publish:replaced":
                replaced = True  # the rename happened: the complete new warehouse is the published one
            if replaced:
                differences = _differences(_content(warehouse), expected)
                assert not differences, f"{point}: the renamed warehouse is not complete: {differences}"
            else:
                assert file_digest(warehouse) == last_good, f"{point}: the published warehouse changed"
                assert documents == week1_documents
            report.append((point, killed, _leftovers(warehouse)))
            print(f"  {point.stage:10} {point.named or point.marker or 'start'} killed in '{killed.last_stage}' "
                  f"after {killed.seconds:4.1f} s", flush=True)

        final = run_fazhi(second_raw, warehouse, **env)
        assert final.returncode == 0, final.tail()
    assert _differences(_content(warehouse), expected) == {}  # identical to the uninterrupted run
    assert _leftovers(warehouse) == []  # no write-ahead log, no half-written warehouse or export
    # the Parquet export left stale by the kill between the two swaps was re-exported: one version again
    assert read_export_version(warehouse.parent / "parquet") == read_version(warehouse) is not None

    with open_read_only(warehouse) as con:
        events = set(con.execute("select source_file, event_type from marts.fct_file_events").fetchall())
    assert (SAMPLES[2].name, "removed") in events and (SAMPLES[1].name, "changed") in events
    assert ("web/report.html", "added") in events and ("gbk.txt", "added") in events

    stages = {}
    for point, killed, _ in report:
        stages.setdefault(point.stage, []).append(killed.last_stage)
    assert {"startup", "prepare", "landing", "parsing", "dbt", "validation", "publishing"} <= set(stages)
    timed_in_dbt = [k for p, k, _ in report if p.marker == "▶ dbt build" and k.last_stage == "dbt build"]
    assert len(timed_in_dbt) >= 3, "the timed kills meant for dbt landed after it"
    server = "one Prefect server" if api_url else "temporary Prefect servers"
    print(f"\n{len(report)} kills in {time.monotonic() - started:.0f} s ({server}); "
          f"uninterrupted stage timings: {timings}")
    for point, killed, leftovers in report:
        where = point.named or f"{point.marker or 'start'} +{point.fraction or point.delay:g}"
        print(f"  {point.stage:10} {where:32} killed in '{killed.last_stage}' after {killed.seconds:4.1f} s; "
              f"left: {', '.join(leftovers) or 'nothing'}")
