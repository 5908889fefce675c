"""End to end: `fazhi collect` fetches the fake government site on loopback into a raw folder, `fazhi run` lands it,
and dim_document cites where each report came from; the Prefect flow collects the same way."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from fake_gov_site import build_portal

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FAZHI = Path(sys.executable).with_name("fazhi")
MAX_BYTES = 200_000


def write_sources(path: Path, portal) -> Path:
    path.write_text(json.dumps({  # YAML is a superset of JSON
        "defaults": {"delay_seconds": 0.02, "timeout_seconds": 0.4, "retries": 1, "backoff_seconds": 0.01,
                     "max_bytes": MAX_BYTES},
        "sites": [{"name": "吉州区人民政府", "region_code": "360802", "listings": [f"{portal.main.base}/col/index.html"]},
                  {"name": "青原区人民政府", "listings": [f"{portal.other.base}/fzzf/"]}],
    }, ensure_ascii=False), encoding="utf-8")
    return path


def fazhi(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_HOME": str(cwd / ".prefect")}
    for name in ("FAZHI_RAW_DIR", "FAZHI_WAREHOUSE", "FAZHI_SOURCES"):
        env.pop(name, None)
    return subprocess.run([str(FAZHI), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_collected_reports_land_with_their_source_url(tmp_path):
    portal = build_portal(MAX_BYTES)
    try:
        raw, warehouse = tmp_path / "raw", tmp_path / "out" / "fazhi.duckdb"
        sources = write_sources(tmp_path / "sources.yaml", portal)
        collected = fazhi("collect", "--sources", str(sources), "--raw-dir", str(raw), cwd=tmp_path)
        assert collected.returncode == 0, collected.stdout + collected.stderr
        assert "new 12, changed 0, unchanged 0, failed 6, skipped 2" in collected.stdout
        assert "redirect loop" in collected.stdout and "disallowed by robots.txt" in collected.stdout

        run = fazhi("run", "--raw-dir", str(raw), "--warehouse", str(warehouse), cwd=tmp_path)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        main = portal.main.base
        with duckdb.connect(str(warehouse), read_only=True) as con:
            documents = dict(con.execute(
                "select source_url, source_file from marts.dim_document where source_url is not null").fetchall())
            fetched = con.execute("select count(*) from marts.dim_document where fetched_at is not null").fetchone()[0]
            files = {row[0]: row[1:] for row in con.execute(
                "select source_file, file_status, rejection_reason, source_url from marts.dim_source_file").fetchall()}
            regions = dict(con.execute("select source_url, site_region_code from raw.documents").fetchall())
        host = f"web/127.0.0.1_{portal.main.port}"
        # the 2023 page only links to its PDF: the PDF is the document; the 2019 page and its short annex both land
        assert documents[f"{main}/files/2023_report.pdf"] == f"{host}/files/2023_report.pdf"
        assert f"{main}/art/2023/report.html" not in documents
        assert files[f"{host}/art/2023/report.html"][0] == "rejected"
        assert "its attachment" in files[f"{host}/art/2023/report.html"][1]
        assert documents[f"{main}/art/2022/report.html"] == f"{host}/art/2022/report.html"  # GBK, no charset
        assert {f"{main}/art/2019/report.html", f"{main}/art/2019/2019_attachment.docx",
                f"{main}/files/2021_report.docx", f"{portal.other.base}/fzzf/2023.html"} <= set(documents)
        assert fetched == len(documents)
        assert "without a text layer" in files[f"{host}/files/scan.pdf"][1]
        assert files[f"{host}/files/2023_report.pdf"] == ("current", None, f"{main}/files/2023_report.pdf")
        assert regions[f"{main}/art/2022/report.html"] == "360802"
        assert regions[f"{portal.other.base}/fzzf/2023.html"] is None
        assert not [path for path in files if path.endswith(".sidecar.json")]

        # the site loses a report: the next collect says so, and the landed document stays
        del portal.main.routes["/art/2022/report.html"]
        again = fazhi("collect", "--sources", str(sources), "--raw-dir", str(raw), cwd=tmp_path)
        assert "new 0, changed 0" in again.stdout
        assert "HTTP 404 (not found); the copy fetched" in again.stdout
        assert (raw / host / "art" / "2022" / "report.html").exists()
    finally:
        portal.close()


def test_the_collect_flow_runs_in_prefect(tmp_path):
    portal = build_portal(MAX_BYTES)
    try:
        sources = write_sources(tmp_path / "sources.yaml", portal)
        code = ("import json, sys; from flows.collect_reports import collect_reports; "
                "print(json.dumps(collect_reports(sources=sys.argv[1], raw_dir=sys.argv[2])))")
        env = {**os.environ, "PREFECT_HOME": str(tmp_path / ".prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        done = subprocess.run([sys.executable, "-c", code, str(sources), str(tmp_path / "raw")], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        counts = json.loads(done.stdout.strip().splitlines()[-1])
        assert counts["new"] == 12 and counts["failed"] == 6
        assert (tmp_path / "raw" / "web" / f"127.0.0.1_{portal.main.port}" / "files" / "2023_report.pdf").exists()
    finally:
        portal.close()
