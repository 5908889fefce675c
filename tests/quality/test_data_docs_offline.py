"""Data Docs pages load nothing from the network once post-processed, and the index lists the run's checks."""
from __future__ import annotations

import re
from datetime import datetime

from fazhi.data_docs import index_page, make_offline, publish_site
from fazhi.quality import CheckResult

GX_PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<style>.x { background: url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png') }</style>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<script src="//cdn.jsdelivr.net/npm/vega@5"></script>
<script>$('#t').bootstrapTable({});</script>
</head><body>
<img class="NO-CACHE"
  src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?dataContextId=c59ba3b7"
  alt="Great Expectations"/>
<table><tr><td><i class="fas fa-times text-danger"></i> expect_column_values_to_be_between</td></tr></table>
<footer><a href="https://greatexpectations.io/newsletter">Subscribe</a></footer>
</body></html>"""

NETWORK = re.compile(r"(src|href)\s*=\s*[\"']?(https?:)?//|url\(\s*[\"']?(https?:)?//", re.I)


def test_pages_load_nothing_from_the_network():
    page = make_offline(GX_PAGE)
    assert not NETWORK.search(page), page
    assert "<script" not in page and "dataContextId" not in page
    assert "expect_column_values_to_be_between" in page and "fa-times::before" in page  # content and glyphs kept


def test_site_is_copied_offline_with_a_static_index(tmp_path):
    site = tmp_path / "site"
    (site / "validations" / "run_volume" / "__none__" / "20240401T090000Z").mkdir(parents=True)
    (site / "validations" / "run_volume" / "__none__" / "20240401T090000Z" / "warehouse-run_volume.html").write_text(
        GX_PAGE, encoding="utf-8")
    (site / "expectations").mkdir()
    (site / "expectations" / "run_volume.html").write_text(GX_PAGE, encoding="utf-8")
    (site / "static" / "fonts").mkdir(parents=True)
    (site / "static" / "fonts" / "big.otf").write_bytes(b"0" * 1000)
    check = CheckResult("run-2", datetime(2024, 4, 1), "run_volume", "expect_column_values_to_be_between(document_share)",
                        "error", False, "1 unexpected of 1", '["documents 10 → 1"]', "documents did not fall")
    target = tmp_path / "docs"
    for run in ("run-0", "run-1"):
        (target / run).mkdir(parents=True)
    index = publish_site(site, target, "run-2", [check], keep=2)
    assert index == target / "run-2" / "index.html"
    assert sorted(p.name for p in target.iterdir()) == ["run-1", "run-2"]  # oldest pruned
    assert not (target / "run-2" / "static").exists()
    for page in (target / "run-2").rglob("*.html"):
        assert not NETWORK.search(page.read_text(encoding="utf-8")), page
    text = index.read_text(encoding="utf-8")
    assert "documents 10 → 1" in text and "validations/run_volume/__none__/20240401T090000Z" in text
    assert "expectations/run_volume.html" in text


def test_index_escapes_what_it_shows():
    check = CheckResult("r", datetime(2024, 1, 1), "s", "c", "warning", False, "<b>", '["<script>x</script>"]')
    page = index_page("r", [check], {}, {})
    assert "<script>x" not in page and "&lt;script&gt;" in page
