"""Page addresses as weak evidence of the issuer (fazhi.parse.regions.address)."""
from pathlib import Path

import pytest

from fazhi.parse.regions import RegionTable, resolve_region
from fazhi.parse.regions.address import address_evidence, government_host, urls_in_text

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "admin_divisions.csv"


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return RegionTable.from_csv(SEED)


def test_urls_a_saved_page_records_about_itself_in_order():
    text = (
        "<!-- saved from url=(0044)http://www.wujin.gov.cn/art/2023/2/1/art_1.html -->\n"
        '<link href="https://www.wujin.gov.cn/a.html" rel="canonical">\n'
        '<meta property="og:url" content="http://sfj.wujin.gov.cn/b.html">\n'
        "正文……\n原文链接:www.leping.gov.cn/art/c.html\n"
    )
    assert urls_in_text(text) == [
        "http://www.wujin.gov.cn/art/2023/2/1/art_1.html",
        "https://www.wujin.gov.cn/a.html",
        "http://sfj.wujin.gov.cn/b.html",
        "www.leping.gov.cn/art/c.html",
    ]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://www.wujin.gov.cn/art/1.html", "www.wujin.gov.cn"),
        ("WWW.Leping.GOV.CN/x", "www.leping.gov.cn"),
        ("http://www.news.cn/local/1.html", None),  # a news site says nothing of the issuer
        ("http://www.fanwen.com/gov.cn/1.html", None),  # gov.cn in the path is not the host
        ("http://[::1", None),  # unparseable
    ],
)
def test_only_government_hosts_count(url, host):
    assert government_host(url) == host


def test_a_host_label_reads_as_the_pinyin_of_a_stem_and_a_parent_label_narrows_it(table):
    assert address_evidence(table, 2022, ["http://www.wujin.gov.cn/1.html"]).codes == {"320412"}
    # jizhou: 吉州区 (江西 吉安), 冀州区 (河北 衡水), 蓟州区 (天津) — a hint, not a decision, until a parent's label narrows it
    assert address_evidence(table, 2022, ["http://www.jizhou.gov.cn/1.html"]).codes == {"360802", "131103", "120119"}
    assert address_evidence(table, 2022, ["http://jizhou.jian.gov.cn/1.html"]).codes == {"360802"}
    assert address_evidence(table, 2022, ["http://www.gxzf.gov.cn/1.html"]).codes == {"450000"}
    assert address_evidence(table, 2022, ["http://www.news.cn/1.html"]) is None


def test_a_configured_site_region_code_is_taken_when_valid_and_ignored_when_unknown(table):
    assert address_evidence(table, 2022, [], site_region_code="320412").codes == {"320412"}
    assert address_evidence(table, 2022, [], site_region_code="999999") is None


def test_the_address_never_overrides_a_region_the_text_names(table):
    text = "平坝区人民政府关于2022年法治政府建设情况的报告\n2022年,平坝区坚持以习近平法治思想为指导,全面推进依法行政。"
    resolution = resolve_region(text, table, report_year=2022, source_url="http://www.wujin.gov.cn/1.html",
                                site_region_code="320412")
    assert resolution.region.code == "520403" and resolution.confidence == "high"


def test_the_address_settles_a_text_candidate_too_weak_by_itself(table):
    text = ("2022年法治政府建设情况报告\n2022年,坚持以习近平法治思想为指导,全面推进依法行政,各项工作取得新成效。"
            "行政复议体制改革在武进区各镇全面推开。")
    assert resolve_region(text, table, report_year=2022).region is None
    settled = resolve_region(text, table, report_year=2022, source_url="http://www.wujin.gov.cn/1.html")
    assert settled.region.code == "320412" and settled.confidence == "medium"


def test_a_unit_type_the_text_calls_itself_narrows_a_shared_pinyin(table):
    # pingshan: 平山县, 屏山县 (both 县), 坪山区, 平山区: 我区 leaves two districts, so no decision
    text = "2022年法治政府建设情况报告\n2022年,我区坚持以习近平法治思想为指导,全面推进依法行政,全区法治政府建设取得新成效。"
    assert resolve_region(text, table, report_year=2022, source_url="http://www.pingshan.gov.cn/1.html").region is None


def test_a_duplicate_name_the_text_leaves_open_is_told_apart_by_the_host(table):
    text = ("鼓楼区2022年法治政府建设年度报告\n2022年,鼓楼区坚持以习近平法治思想为指导,全面推进依法行政,我区法治政府建设"
            "取得新成效。现将有关情况报告如下:")
    assert resolve_region(text, table, report_year=2022).region is None  # 南京, 福州, 徐州, 开封 all have one
    # the host spells the prefecture's and the district's initials: 南京 鼓楼 → njgl, 福州 鼓楼 → fzgl
    assert resolve_region(text, table, report_year=2022, source_url="http://www.njgl.gov.cn/1.html").region.code == "320106"
    assert resolve_region(text, table, report_year=2022, source_url="http://www.fzgl.gov.cn/1.html").region.code == "350102"
    # a host that is none of the namesakes settles nothing
    assert resolve_region(text, table, report_year=2022, source_url="http://www.wujin.gov.cn/1.html").region is None
