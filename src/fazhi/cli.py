"""`fazhi` console command: `fazhi run [--raw-dir DIR] [--warehouse FILE]`.

Exit status 0 when the warehouse was built and published, 1 when the run failed (nothing published), 2 on usage
errors, 3 when another run holds the warehouse.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fazhi.settings import PROJECT_ROOT, load_settings


def _prepare_environment() -> None:
    """Prefect reads its settings at import: set the quiet, local defaults before it is imported."""
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)  # its SQLite file lives here


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(args.raw_dir, args.warehouse)
    if not settings.raw_dir.is_dir():
        print(f"fazhi: raw folder not found: {settings.raw_dir}", file=sys.stderr)
        return 2
    _prepare_environment()
    from flows.build_warehouse import build_warehouse
    from fazhi.runlock import WarehouseBusy

    try:
        summary = build_warehouse(raw_dir=str(settings.raw_dir), warehouse=str(settings.warehouse))
    except WarehouseBusy as exc:
        print(f"fazhi: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # noqa: BLE001 - any failure ends the run with the reason, published file untouched
        print(f"\nfazhi: run FAILED, {settings.warehouse} left as it was:\n{exc}", file=sys.stderr)
        return 1
    counts = summary.counts
    print(
        f"\nfazhi: published {summary.warehouse}\n"
        f"  files {counts.get('files_seen')} (new documents {counts.get('documents_new')}, "
        f"rejected {counts.get('files_rejected')}, removed {counts.get('files_removed')}), "
        f"parsed {counts.get('documents_parsed')}, observations {counts.get('observations')}\n"
        f"  timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items())
    )
    for warning in summary.warnings:
        print(f"  warning: {warning}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fazhi", description="Fazhi Warehouse: rule-of-law government reports")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="build the warehouse from a folder of report files and publish it")
    run.add_argument("--raw-dir", help="folder of report files (default: $FAZHI_RAW_DIR or ./raw of the project)")
    run.add_argument("--warehouse", help="DuckDB file to publish (default: $FAZHI_WAREHOUSE or warehouse/fazhi.duckdb)")
    args = parser.parse_args(argv)
    if args.command == "run":
        return _run(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
