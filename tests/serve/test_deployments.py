"""A cheap check that every deployment of prefect.yaml builds against the flow it names (no server needed)."""
from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROJECT = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
DEPLOYMENTS = {d["name"]: d for d in PROJECT["deployments"]}


def load_flow(entrypoint: str):
    path, name = entrypoint.split(":")
    return getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_deployment_builds_from_its_flow(name):
    from prefect.client.schemas.schedules import construct_schedule

    spec = DEPLOYMENTS[name]
    flow = load_flow(spec["entrypoint"])
    assert set(spec["parameters"]) <= set(inspect.signature(flow.fn).parameters)
    schedules = [construct_schedule(**{k: v for k, v in s.items() if k in ("cron", "interval", "timezone")})
                 for s in spec["schedules"]]
    deployment = flow.to_deployment(name=name, parameters=spec["parameters"], schedules=schedules,
                                    concurrency_limit=spec["concurrency_limit"]["limit"], tags=spec["tags"])
    assert deployment.parameters == spec["parameters"]
    assert spec["work_pool"]["name"] == "fazhi-local"
    assert spec["concurrency_limit"]["limit"] == 1  # one writer


def test_nightly_rebuilds_everything_and_the_frequent_run_is_incremental():
    nightly, frequent = DEPLOYMENTS["nightly-full-build"], DEPLOYMENTS["incremental"]
    assert nightly["parameters"]["full_refresh"] is True and nightly["parameters"]["incremental"] is False
    assert nightly["schedules"] == [{"cron": "30 2 * * *", "timezone": "Asia/Shanghai"}]
    assert frequent["parameters"]["incremental"] is True and frequent["parameters"]["full_refresh"] is False
    assert frequent["schedules"][0]["interval"] <= 3600


def test_runs_work_in_an_absolute_checkout_and_retry_landing_only():
    from flows.build_warehouse import build_warehouse, dbt_build_task, land_task, publish_task, validate_task

    (step,) = PROJECT["pull"]
    assert step["prefect.deployments.steps.set_working_directory"]["directory"] == "{{ $FAZHI_PROJECT_DIR }}"
    assert land_task.retries >= 1
    assert dbt_build_task.retries == validate_task.retries == publish_task.retries == 0
    assert not build_warehouse.retries


def test_full_refresh_and_incremental_exclude_each_other():
    from flows.build_warehouse import build_warehouse

    with pytest.raises(ValueError, match="exclude each other"):
        build_warehouse.fn(full_refresh=True, incremental=True)


def test_the_weekly_collect_feeds_an_incremental_build():
    collect = DEPLOYMENTS["weekly-collect"]
    assert collect["entrypoint"] == "flows/collect_reports.py:collect_reports"
    assert collect["parameters"]["build_after"] is True
    assert collect["schedules"] == [{"cron": "30 3 * * 1", "timezone": "Asia/Shanghai"}]
