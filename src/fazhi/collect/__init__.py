"""Web collection: sources, discovery on listing pages, polite fetching, sidecars (see README "Collecting reports").

`collect(load_sources(path), raw_dir)` fetches what the sources file names into `raw_dir/web/<host>/…`, each file
with a `.sidecar.json`; landing reads both. No Prefect here: `flows/collect_reports.py` and `fazhi collect` call it.
"""
from fazhi.collect.crawl import CollectSummary, Outcome, collect
from fazhi.collect.fetch import FetchFailed, NotPermitted, PoliteFetcher
from fazhi.collect.sources import Politeness, Site, Sources, SourcesError, load_sources, parse_sources, sources_for_urls

__all__ = ["CollectSummary", "FetchFailed", "NotPermitted", "Outcome", "Politeness", "PoliteFetcher", "Site",
           "Sources", "SourcesError", "collect", "load_sources", "parse_sources", "sources_for_urls"]
