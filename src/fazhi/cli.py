"""`fazhi` console command: `fazhi run [--raw-dir DIR] [--warehouse FILE] [--full-refresh | --incremental]`,
`fazhi collect [--sources FILE] [--raw-dir DIR] [URL …]`, `fazhi docs`.

Exit status 0 when the warehouse was built and published (with --incremental: or was already up to date), 1 when
the run failed (nothing published), 2 on usage errors, 3 when another run holds the warehouse.
"""
from __future__ import annotations

import argparse
import atexit
import os
import sys
import traceback
from pathlib import Path

from fazhi.settings import PROJECT_ROOT, load_settings

# Rejected files listed in the run's final output; the rest are counted (all of them are in marts.dim_source_file).
MAX_REJECTED_SHOWN = 20


def _prepare_environment() -> None:
    """Prefect reads its settings at import: set the quiet, local defaults before it is imported."""
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)  # its SQLite file lives here


class _TemporaryPrefectServer:
    """The temporary API server an embedded run needs, started the way Prefect starts it (SubprocessASGIServer:
    uvicorn on a free loopback port, UI off), but before the flow's modules are imported, so that its start-up
    (3–4 s, in its own process) overlaps theirs, and without importing Prefect's server modules into this process
    (2 s). The run finds it through PREFECT_API_URL; it stops when the run ends and dies with a killed run."""

    PORT_TAKEN = 3  # uvicorn's exit status when another process took the port first

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        import importlib.util
        import socket
        import subprocess

        from fazhi.child_processes import die_with_parent

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        app_dir = Path(importlib.util.find_spec("prefect").origin).parent.parent
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                 "PREFECT__SERVER_FINAL": "1"},
            preexec_fn=die_with_parent(),
        )
        self.api_url = f"http://127.0.0.1:{port}/api"

    def wait_until_healthy(self, timeout: float = 60.0) -> bool:
        """True once the API answers; False if the server exited or did not answer in time (the run then starts
        Prefect's own temporary server)."""
        import time
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() == self.PORT_TAKEN:
                self._start()
            elif self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        import subprocess

        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(args.raw_dir, args.warehouse)
    if not settings.raw_dir.is_dir():
        print(f"fazhi: raw folder not found: {settings.raw_dir}", file=sys.stderr)
        return 2
    from fazhi.runlock import WarehouseBusy, run_lock

    _prepare_environment()
    # held from before Prefect starts to the end of the run; the flow takes it again (re-entrant in this thread), so
    # two runs started at the same instant never both start a Prefect server on the same database
    try:
        with run_lock(settings.state_dir / "run.lock"):
            if not os.environ.get("PREFECT_API_URL"):
                server = _TemporaryPrefectServer()
                atexit.register(server.stop)  # before Prefect is imported: runs after Prefect's own exit handlers
                return _run_flow(args, settings, server)  # send the run's last logs and events to it
            return _run_flow(args, settings, None)
    except WarehouseBusy as exc:
        print(f"fazhi: {exc}", file=sys.stderr)
        return 3


def _run_flow(args: argparse.Namespace, settings, server: _TemporaryPrefectServer | None) -> int:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.build_warehouse import build_warehouse
    from fazhi.runlock import WarehouseBusy

    api = {PREFECT_API_URL: server.api_url} if server is not None and server.wait_until_healthy() else {}
    try:
        with temporary_settings(updates=api):
            summary = build_warehouse(raw_dir=str(settings.raw_dir), warehouse=str(settings.warehouse),
                                      full_refresh=args.full_refresh, incremental=args.incremental)
    except WarehouseBusy as exc:
        print(f"fazhi: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # noqa: BLE001 - any failure ends the run with the reason, published file untouched
        partial = getattr(exc, "run_summary", None)
        stage = f" at stage {partial.failed_stage}" if partial is not None and partial.failed_stage else ""
        print(f"\nfazhi: run FAILED{stage}, {settings.warehouse} left as it was:", file=sys.stderr)
        if partial is None or not partial.failed_checks:  # the checks name the failure; else the error does
            print(f"{exc}", file=sys.stderr)
        if partial is not None:
            _print_quality(partial, file=sys.stderr)
            _print_rejected(partial.rejected_files, file=sys.stderr)
        traceback.clear_frames(exc.__traceback__)  # frames keep closed DuckDB handles alive: noise at exit
        return 1
    counts = summary.counts
    if summary.skipped:
        print(f"\nfazhi: {summary.warehouse} is up to date, nothing published: {summary.skipped}")
        _print_quality(summary)  # a site rebuilt for the published warehouse, or why it was not
        _print_rejected(summary.rejected_files)
        return 0
    print(
        f"\nfazhi: published {summary.warehouse}\n"
        f"  files {counts.get('files_seen')} (new documents {counts.get('documents_new')}, "
        f"rejected {counts.get('files_rejected')}, removed {counts.get('files_removed')}), "
        f"parsed {counts.get('documents_parsed')}, observations {counts.get('observations')}\n"
        f"  timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items())
    )
    _print_quality(summary)
    _print_rejected(summary.rejected_files)
    return 0


def _print_quality(summary, file=None) -> None:
    """Failed checks by name, quarantined records, warnings, the Data Docs and whether the alert went out."""
    if summary.failed_checks:
        print(f"  failed checks ({len(summary.failed_checks)}):", file=file)
        for check in summary.failed_checks:
            print(f"    - {check}", file=file)
    if summary.quarantined:
        print(f"  quarantined records ({len(summary.quarantined)}), kept out of the facts "
              "(marts.fct_quarantined_observations):", file=file)
        for row in summary.quarantined[:MAX_REJECTED_SHOWN]:
            print(f"    {_printable(str(row['source_file']))}: {row['raw_span']} — {row['quarantine_reason']}", file=file)
    for result in summary.check_results:
        if not result.success and result.severity == "warning":
            print(f"  warning: {result.label()}", file=file)
    if summary.data_docs:
        print(f"  data docs: {summary.data_docs}", file=file)
    if getattr(summary, "site", None):
        print(f"  report site: {summary.site}", file=file)
    if summary.alerts_sent is not None:
        sent = ", ".join(f"{channel} {'delivered' if ok else 'NOT delivered'}"
                         for channel, ok in summary.alerts_sent.items()) or "no channel configured"
        print(f"  alert: {sent}", file=file)


def _docs(args: argparse.Namespace) -> int:
    from fazhi.dbt_docs import generate_marts_docs
    from fazhi.transform import DbtFailed

    settings = load_settings(None, args.warehouse)
    output = Path(args.output).resolve() if args.output else settings.warehouse.parent / "docs" / "index.html"
    try:
        generate_marts_docs(settings, output)
    except DbtFailed as exc:
        print(f"fazhi: docs FAILED:\n{exc}", file=sys.stderr)
        return 1
    print(f"fazhi: marts documentation written to {output}")
    return 0


def _site(args: argparse.Namespace) -> int:
    from fazhi.runlock import WarehouseBusy, run_lock
    from fazhi.site import build_site

    settings = load_settings(None, args.warehouse)
    if not settings.warehouse.is_file():
        print(f"fazhi: no published warehouse at {settings.warehouse} (run `fazhi run` first)", file=sys.stderr)
        return 2
    try:
        with run_lock(settings.state_dir / "run.lock"):  # a run swaps the site in too: never both at once
            built = build_site(settings.warehouse)
    except WarehouseBusy as exc:
        print(f"fazhi: {exc}", file=sys.stderr)
        return 3
    except Exception as exc:  # noqa: BLE001 - the previous site is kept; say why
        print(f"fazhi: site FAILED, the previous site is kept: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"fazhi: report site written to {built.site_dir / 'index.html'}: {built.pages} pages "
          f"({built.rendered} rendered, {built.reused} unchanged) in {built.seconds:.1f} s")
    return 0


def _collect(args: argparse.Namespace) -> int:
    """Exit 0 when the collect ran (failures of single URLs are listed, not fatal), 1 when nothing could be fetched
    at all, 2 on a bad sources file or URL."""
    import logging

    from fazhi import alerts
    from fazhi.collect import SourcesError, collect, load_sources, sources_for_urls
    from fazhi.collect.report import collect_alert
    from fazhi.settings import load_alert_settings

    settings = load_settings(args.raw_dir, None)
    try:
        if args.urls:
            sources = sources_for_urls(args.urls, load_sources(Path(args.sources)).defaults if args.sources else None)
        else:
            sources_file = Path(args.sources or os.environ.get("FAZHI_SOURCES") or PROJECT_ROOT / "sources.yaml")
            sources = load_sources(sources_file)
    except SourcesError as exc:
        print(f"fazhi: {exc}", file=sys.stderr)
        return 2
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    summary = collect(sources, settings.raw_dir)
    print(f"fazhi: collected into {settings.raw_dir / 'web'}")
    for line in summary.lines():
        print(f"  {_printable(line)}")
    report = collect_alert(summary, str(settings.raw_dir))
    if report is not None:
        sent = alerts.send_alert(report, load_alert_settings())
        print("  alert: " + (", ".join(f"{channel} {'delivered' if ok else 'NOT delivered'}"
                                       for channel, ok in sent.items()) or "no channel configured"))
    counts = summary.counts()
    attempted = sum(counts[s] for s in ("new", "changed", "unchanged", "failed"))
    return 1 if attempted and counts["failed"] == attempted else 0


def _printable(path: str) -> str:
    """A file name as one readable line: control characters (a newline in a name) shown escaped."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in path)


def _print_rejected(rejected: list[tuple[str, str]], file=None) -> None:
    if not rejected:
        return
    print(f"  rejected files ({len(rejected)}):", file=file)
    for source_file, reason in rejected[:MAX_REJECTED_SHOWN]:
        print(f"    {_printable(source_file)}: {reason}", file=file)
    if len(rejected) > MAX_REJECTED_SHOWN:
        print(f"    … and {len(rejected) - MAX_REJECTED_SHOWN} more (see marts.dim_source_file)", file=file)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fazhi", description="Fazhi Warehouse: rule-of-law government reports")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="build the warehouse from a folder of report files and publish it")
    run.add_argument("--raw-dir", help="folder of report files (default: $FAZHI_RAW_DIR or ./raw of the project)")
    run.add_argument("--warehouse", help="DuckDB file to publish (default: $FAZHI_WAREHOUSE or warehouse/fazhi.duckdb)")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--full-refresh", action="store_true", help="re-parse every document, not only new ones")
    mode.add_argument("--incremental", action="store_true",
                      help="stop after landing, exit 0, when no file changed and the warehouse is published")
    collect = commands.add_parser(
        "collect", help="fetch report pages and attachments from government websites into the raw folder")
    collect.add_argument("urls", nargs="*", metavar="URL",
                         help="listing or report pages to collect once, with the default politeness (instead of the "
                              "sources file)")
    collect.add_argument("--sources", help="sources file (default: $FAZHI_SOURCES or sources.yaml of the project); "
                                           "with URLs, only its defaults are used")
    collect.add_argument("--raw-dir", help="raw folder to write into, under web/ (default as for run)")
    collect.add_argument("-v", "--verbose", action="store_true", help="log every request's outcome")
    docs = commands.add_parser("docs", help="write the marts' documentation as one offline HTML page (dbt docs)")
    docs.add_argument("--warehouse", help="published DuckDB file whose column types to show (default as for run)")
    docs.add_argument("--output", help="HTML file to write (default: docs/index.html beside the warehouse)")
    site = commands.add_parser("site", help="rebuild the static report site beside the published warehouse")
    site.add_argument("--warehouse", help="published DuckDB file (default as for run); the site goes to site/ beside it")
    args = parser.parse_args(argv)
    if args.command == "run":
        return _run(args)
    if args.command == "docs":
        return _docs(args)
    if args.command == "site":
        return _site(args)
    if args.command == "collect":
        return _collect(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
