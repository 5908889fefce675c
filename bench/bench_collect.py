"""Collect from several loopback hosts at once and compare the pace with the per-host limit.

    .venv/bin/python bench/bench_collect.py [--hosts 4] [--pages 30] [--delay 0.05]

Each host (a real HTTP server on 127.0.0.1, its own port: tests/collect/fake_gov_site.py) serves a listing of
`pages` report pages. The collector allows one request at a time per host and `delay` seconds between two, so a
host can give at most 1/delay requests per second (less the time a request takes): that limit, not the client,
should bound the run. Printed: requests per second per host against 1/delay, all hosts together against
hosts/delay, and the same collect with one host at a time (max_concurrent_hosts 1), whose ratio shows that hosts
are fetched side by side.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "collect"))

from fake_gov_site import FakeHost, Route, listing, report_html  # noqa: E402

from fazhi.collect import collect, parse_sources  # noqa: E402


def serve(hosts: int, pages: int) -> list[FakeHost]:
    servers = []
    for _ in range(hosts):
        host = FakeHost()
        host.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain")
        host.routes["/col/"] = Route(listing([(f"/art/{n}.html", f"第{n}号 某区{2000 + n}年法治政府建设年度报告")
                                              for n in range(pages)]))
        for n in range(pages):
            host.routes[f"/art/{n}.html"] = Route(report_html(2000 + n).encode())
        servers.append(host)
    return servers


def run(servers: list[FakeHost], delay: float, concurrent: int) -> tuple[float, int, list[float]]:
    sources = parse_sources({
        "defaults": {"delay_seconds": delay, "max_concurrent_hosts": concurrent, "timeout_seconds": 10},
        "sites": [{"name": f"site {i}", "listings": [f"{host.base}/col/"]} for i, host in enumerate(servers)],
    })
    for host in servers:
        host.log.clear()
    with tempfile.TemporaryDirectory() as raw:
        started = time.perf_counter()
        summary = collect(sources, Path(raw))
        elapsed = time.perf_counter() - started
    assert summary.counts()["failed"] == 0, summary.lines()
    per_host = []
    for host in servers:
        times = [entry.at for entry in host.log]
        per_host.append((len(times) - 1) / (times[-1] - times[0]))  # request starts per second on this host
    return elapsed, sum(len(host.log) for host in servers), per_host


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    servers = serve(args.hosts, args.pages)
    try:
        limit = 1 / args.delay
        elapsed, requests, per_host = run(servers, args.delay, args.hosts)
        print(f"{args.hosts} hosts x {args.pages} report pages (+ robots.txt and a listing each), "
              f"delay {args.delay * 1000:.0f} ms per host = at most {limit:.1f} requests/s per host")
        print(f"side by side: {requests} requests in {elapsed:.2f} s = {requests / elapsed:.1f} requests/s "
              f"= {requests / elapsed / (limit * args.hosts):.2f} x the limit of all hosts ({limit * args.hosts:.0f}/s)")
        print("  per host: " + ", ".join(f"{rate:.1f}/s ({rate / limit:.2f} x limit)" for rate in per_host))
        one_elapsed, one_requests, _ = run(servers, args.delay, 1)
        print(f"one host at a time: {one_requests} requests in {one_elapsed:.2f} s = "
              f"{one_requests / one_elapsed:.1f} requests/s; side by side is {one_elapsed / elapsed:.2f} x faster")
    finally:
        for host in servers:
            host.close()


if __name__ == "__main__":
    main()
