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
    def parquet_dir(self) -> Path:
        """Parquet copies of the marts, published with the warehouse (fazhi/export.py)."""
        return self.warehouse.parent / "parquet"

    @property
    def region_table(self) -> Path:
        return self.dbt_project_dir / "seeds" / "admin_divisions.csv"

    @property
    def parsed_parts_dir(self) -> Path:
        """Parquet parts of the batches being parsed (fazhi.parse.store); FAZHI_PARSED_DIR moves it, e.g. to a
        folder every Dask worker can write."""
        configured = os.environ.get("FAZHI_PARSED_DIR")
        return Path(configured).expanduser().resolve() if configured else self.state_dir / "parsed"


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


@dataclass(frozen=True)
class AlertSettings:
    """Where alerts go (the contract's variables); a channel whose variables are missing is off."""

    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    email_to: tuple[str, ...] = ()
    email_from: str | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host and self.email_to)

    @property
    def enabled(self) -> bool:
        return bool(self.webhook_url) or self.email_enabled

    def secrets(self) -> list[str]:
        """Values that must never reach a log line."""
        return [s for s in (self.webhook_url, self.smtp_password) if s]


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def load_alert_settings() -> AlertSettings:
    """FAZHI_ALERT_WEBHOOK_URL; FAZHI_ALERT_SMTP_HOST, _SMTP_PORT, _EMAIL_TO (comma-separated), _EMAIL_FROM, and
    optionally FAZHI_ALERT_SMTP_USER, _SMTP_PASSWORD, _SMTP_STARTTLS (true/false)."""
    env = os.environ
    starttls = _flag(env.get("FAZHI_ALERT_SMTP_STARTTLS"))
    port = (env.get("FAZHI_ALERT_SMTP_PORT") or "").strip()
    return AlertSettings(
        webhook_url=(env.get("FAZHI_ALERT_WEBHOOK_URL") or "").strip() or None,
        smtp_host=(env.get("FAZHI_ALERT_SMTP_HOST") or "").strip() or None,
        smtp_port=int(port) if port.isdigit() else (587 if starttls else 25),
        email_to=tuple(a.strip() for a in (env.get("FAZHI_ALERT_EMAIL_TO") or "").split(",") if a.strip()),
        email_from=(env.get("FAZHI_ALERT_EMAIL_FROM") or "").strip() or None,
        smtp_user=(env.get("FAZHI_ALERT_SMTP_USER") or "").strip() or None,
        smtp_password=env.get("FAZHI_ALERT_SMTP_PASSWORD") or None,
        smtp_starttls=starttls,
    )


@dataclass(frozen=True)
class ParseSettings:
    """How the parse stage runs: local worker processes, or the workers of a Dask cluster."""

    workers: int  # FAZHI_PARSE_WORKERS: local worker processes (default: the machine's cores)
    batch_size: int  # FAZHI_PARSE_BATCH_SIZE: documents per parse task (a task run costs ~10 ms: hundreds a task)
    dask_address: str | None  # FAZHI_DASK_ADDRESS: a Dask scheduler (tcp://host:8786) that runs the parse tasks


def load_parse_settings() -> ParseSettings:
    env = os.environ
    workers = (env.get("FAZHI_PARSE_WORKERS") or "").strip()
    batch = (env.get("FAZHI_PARSE_BATCH_SIZE") or "").strip()
    return ParseSettings(
        workers=max(1, int(workers)) if workers.isdigit() else (os.cpu_count() or 1),
        batch_size=max(1, int(batch)) if batch.isdigit() else 500,
        dask_address=(env.get("FAZHI_DASK_ADDRESS") or "").strip() or None,
    )
