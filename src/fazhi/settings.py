"""Settings, read from the environment once per call and returned as absolute paths; nothing happens at import.

`FAZHI_RAW_DIR` and `FAZHI_WAREHOUSE` are the contract's variables. The build file, the dbt project and the quality
history are derived from them, so one warehouse path decides everything a run touches.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path  # the published file BI tools read
    dbt_project_dir: Path
    expectations_dir: Path

    @property
    def state_dir(self) -> Path:
        """Working files of the warehouse: the build file, the quality history, the run lock."""
        return self.warehouse.parent / f".{self.warehouse.stem}.state"

    @property
    def build_database(self) -> Path:
        # Same file name as the warehouse: DuckDB derives the catalog name (used inside views) from it.
        return self.state_dir / self.warehouse.name

    @property
    def quality_history(self) -> Path:
        return self.state_dir / "quality_history.jsonl"

    @property
    def data_docs_dir(self) -> Path:
        return self.state_dir / "data_docs"

    @property
    def region_table(self) -> Path:
        return self.dbt_project_dir / "seeds" / "admin_divisions.csv"


def load_settings(raw_dir: str | Path | None = None, warehouse: str | Path | None = None) -> Settings:
    """Explicit arguments win over the environment, which wins over the defaults under the project root."""
    env = os.environ
    raw = Path(raw_dir or env.get("FAZHI_RAW_DIR") or PROJECT_ROOT / "raw")
    wh = Path(warehouse or env.get("FAZHI_WAREHOUSE") or PROJECT_ROOT / "warehouse" / "fazhi.duckdb")
    return Settings(
        raw_dir=raw.expanduser().resolve(),
        warehouse=wh.expanduser().resolve(),
        dbt_project_dir=Path(env.get("FAZHI_DBT_PROJECT_DIR") or PROJECT_ROOT / "dbt_project").resolve(),
        expectations_dir=Path(env.get("FAZHI_EXPECTATIONS_DIR") or PROJECT_ROOT / "expectations").resolve(),
    )
