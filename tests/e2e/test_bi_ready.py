"""What BI users get from a built warehouse: the README's example queries, documented marts, Parquet, offline docs,
and the incremental and full-refresh run modes."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from fazhi.dbt_docs import cdn_urls

ROOT = Path(__file__).resolve().parents[2]
FAZHI = Path(sys.executable).with_name("fazhi")

pytestmark = pytest.mark.slow

EXAMPLE = re.compile(r"<!-- bi-example -->\s*```sql\n(.*?)```", re.S)


def readme_example_queries() -> list[str]:
    return EXAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def marts(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
        "order by table_name, ordinal_position").fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def test_readme_example_queries_run_on_the_built_warehouse(built):
    _, _, warehouse, _ = built
    queries = readme_example_queries()
    assert len(queries) == 9
    with duckdb.connect(str(warehouse), read_only=True) as con:
        results = [con.execute(sql).fetchall() for sql in queries]
    court_appearance = results[0]
    assert court_appearance and all(0 <= row[3] <= 100 for row in court_appearance)
    assert results[2] and results[3] and results[4]  # deadlines, caseloads and topics have rows on the sample
    # facts of the added indicators: 平桥区's 2023 report states some (反馈意见35条 from its legislative contact points)
    added = {row[2] for row in results[5]}
    assert "立法征求意见反馈意见条数" in added and all(row[6] for row in results[5])
    # reports under review: 江西省's counties without a 2016 report (吉州区 has one), no copies among the samples,
    # the five required parts each counted
    assert len(results[6]) > 50 and "吉州区" not in {row[1] for row in results[6]}
    assert results[7] == []
    assert sorted(row[0] for row in results[8]) == [1, 2, 3, 4, 5]


def test_every_mart_and_column_has_a_description(built):
    _, _, warehouse, _ = built
    documented: dict[str, tuple[str, dict[str, str]]] = {}
    for path in (ROOT / "dbt_project" / "models" / "marts").glob("*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            documented[model["name"]] = (model.get("description"),
                                         {c["name"]: c.get("description") for c in model.get("columns", [])})
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = marts(con)
    missing = [f"{table} (model)" for table in found if not documented.get(table, (None,))[0]]
    missing += [f"{table}.{column}" for table, columns in found.items() for column in columns
                if not documented.get(table, (None, {}))[1].get(column)]
    assert not missing, "undocumented in dbt_project/models/marts/*.yml: " + ", ".join(missing)


def test_parquet_export_holds_every_mart_of_the_published_file(built):
    _, _, warehouse, _ = built
    export_dir = warehouse.parent / "parquet"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        published = {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in marts(con)}
        exported = {p.stem: con.execute(f"select count(*) from read_parquet('{p}')").fetchone()[0]
                    for p in export_dir.glob("*.parquet")}
        same = con.execute(
            f"select count(*) from (select * from marts.fct_region_year_indicators except all "
            f"select * from read_parquet('{export_dir / 'fct_region_year_indicators.parquet'}'))").fetchone()[0]
    assert exported == published
    assert same == 0
    assert sorted(p.name for p in warehouse.parent.iterdir() if p.name.startswith(".parquet")) == []


def test_docs_are_one_offline_page_with_descriptions_and_exposures(built, tmp_path):
    _, _, warehouse, _ = built
    output = tmp_path / "docs" / "index.html"
    proc = subprocess.run([str(FAZHI), "docs", "--warehouse", str(warehouse), "--output", str(output)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    html = output.read_text(encoding="utf-8")
    assert cdn_urls(html) == []
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", html)
    assert "rule_of_law_indicators_dashboard" in html  # an exposure
    assert json.dumps("行政机关负责人出庭应诉率")[1:-1] in html  # descriptions carry the Chinese terms (JSON-escaped)
    assert [p.name for p in output.parent.iterdir()] == ["index.html"]


def test_incremental_run_stops_when_nothing_changed_and_full_refresh_reparses(built, run_fazhi, tmp_path):
    base, raw, warehouse, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(warehouse.parent, copy / "out")
    warehouse = copy / "out" / "fazhi.duckdb"
    digest = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    (raw / "000_f1251c18c376ec20.txt").touch()  # a new modification time, the same bytes: not a change

    skipped = run_fazhi(raw, warehouse, base, "--incremental")
    assert skipped.returncode == 0, skipped.stdout[-2000:] + skipped.stderr[-2000:]
    assert "is up to date, nothing published: nothing changed since the last published build" in skipped.stdout
    assert "dbt build, quality checks and publish skipped" in skipped.stdout + skipped.stderr
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == digest

    with duckdb.connect(str(warehouse), read_only=True) as con:
        before = con.execute("select observation_id from marts.fct_indicator_observations order by 1").fetchall()
    full = run_fazhi(raw, warehouse, base, "--full-refresh")
    assert full.returncode == 0, full.stdout[-2000:] + full.stderr[-2000:]
    assert "full refresh: re-parsing all 5 current documents" in full.stdout + full.stderr
    assert "parsed 5" in full.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select observation_id from marts.fct_indicator_observations order by 1").fetchall() == before
