import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from fazhi.db import create_raw_tables
from fazhi.transform import built_fingerprint, project_fingerprint, record_build

DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"


def test_the_fingerprint_changes_with_a_model_a_seed_or_the_parser_and_nothing_else(tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs"))
    first = project_fingerprint(project, "p1")
    (project / "target").mkdir()
    (project / "target" / "manifest.json").write_text("{}")  # dbt's own output
    assert project_fingerprint(project, "p1") == first
    assert project_fingerprint(project, "p2") != first
    seed = project / "seeds" / "indicator_catalog.csv"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = project_fingerprint(project, "p1")
    assert second != first
    model = project / "models" / "marts" / "dim_document.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    assert project_fingerprint(project, "p1") not in (first, second)


def test_the_build_file_records_the_last_build():
    con = duckdb.connect()
    create_raw_tables(con)
    assert built_fingerprint(con) is None
    record_build(con, "f1", "r1", datetime(2026, 1, 1))
    record_build(con, "f2", "r2", datetime(2026, 1, 2))
    assert built_fingerprint(con) == "f2"


def test_the_fingerprint_changes_with_a_module_a_python_model_imports(tmp_path, monkeypatch):
    import fazhi.transform as transform

    project = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parents[1] / "dbt_project", project,
                    ignore=shutil.ignore_patterns("target", "logs"))
    package = tmp_path / "modules"
    package.mkdir()
    (package / "mapper_under_test.py").write_text("VERSION = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(package))
    monkeypatch.setattr(transform, "_MODEL_MODULES", ("mapper_under_test",))
    first = project_fingerprint(project, "p1")
    assert project_fingerprint(project, "p1") == first
    (package / "mapper_under_test.py").write_text("VERSION = 2\n", encoding="utf-8")
    assert project_fingerprint(project, "p1") != first


def test_the_indicator_mapper_is_part_of_the_fingerprint():
    import fazhi.transform as transform

    assert "fazhi.parse.indicators" in transform._MODEL_MODULES


def test_dbt_runs_duckdb_with_the_memory_limit_and_threads_of_the_environment(tmp_path, monkeypatch):
    from fazhi.transform import run_dbt

    monkeypatch.setenv("FAZHI_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("FAZHI_DBT_THREADS", "1")
    result = run_dbt(["show", "--inline", "select current_setting('memory_limit') as memory_limit", "--output", "json"],
                     project_dir=DBT_PROJECT, database=tmp_path / "build.duckdb", work_dir=tmp_path / "dbt")
    assert '"memory_limit": "286.1 MiB"' in result.output  # DuckDB reports 300 MB in MiB
    assert "threads: 1" in result.output or "Concurrency: 1 threads" in result.output
