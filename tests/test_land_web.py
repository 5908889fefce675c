"""Landing what `fazhi collect` wrote: sidecars give source_url / fetched_at / site_region_code and never land
themselves; saved pages name their own address; a report page whose attachment holds the report lands nothing."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from fazhi.db import create_raw_tables
from fazhi.extract import html_source_url
from fazhi.land import land_folder

NOW = datetime(2026, 1, 1, 8, 0, 0)
BODY = "".join(f"<p>第{i}段：2023年，全区办理行政复议案件{i}件，行政机关负责人出庭应诉率100%。</p>" for i in range(30))


def sidecar(path: Path, url: str, **extra) -> None:
    data = {"url": url, "final_url": url, "status": 200, "fetched_at": "2026-01-01T07:00:00Z",
            "region_code": "360802", "kind": "page", "attachments": [], **extra}
    path.with_name(path.name + ".sidecar.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def page(title: str, body: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><div class='nav'>首页 政务公开</div>"
            f"<h1>{title}</h1>{body}</body></html>").encode("utf-8")


def land(con, raw: Path, run: str):
    return land_folder(con, raw, run, NOW)


@pytest.fixture
def con():
    connection = duckdb.connect()
    create_raw_tables(connection)
    yield connection
    connection.close()


def test_sidecars_give_provenance_and_never_land(con, tmp_path):
    web = tmp_path / "web" / "www.jizhou.example" / "art"
    web.mkdir(parents=True)
    report = web / "2023.html"
    report.write_bytes(page("吉州区2023年法治政府建设年度报告", BODY))
    sidecar(report, "https://www.jizhou.example/art/2023.html")
    (tmp_path / "plain.txt").write_text("吉州区2022年法治政府建设年度报告\n全区办理行政复议案件5件。\n", encoding="utf-8")
    summary = land(con, tmp_path, "r1")
    assert summary.files_seen == 2 and summary.files_rejected == 0
    rows = dict((r[0], r[1:]) for r in con.execute(
        "select source_file, source_url, fetched_at, site_region_code from raw.documents").fetchall())
    assert rows["web/www.jizhou.example/art/2023.html"] == (
        "https://www.jizhou.example/art/2023.html", datetime(2026, 1, 1, 7, 0, 0), "360802")
    assert rows["plain.txt"] == (None, None, None)


def test_a_damaged_sidecar_leaves_the_file_landing_as_any_other(con, tmp_path):
    report = tmp_path / "a.html"
    report.write_bytes(page("吉州区2023年法治政府建设年度报告", BODY))
    report.with_name("a.html.sidecar.json").write_text("{not json", encoding="utf-8")
    assert land(con, tmp_path, "r1").files_rejected == 0
    assert con.execute("select source_url from raw.documents").fetchone() == (None,)


@pytest.mark.parametrize("head, url", [
    ("<!-- saved from url=(0043)https://www.jizhou.example/art/2023/1.html -->\n<html><head>",
     "https://www.jizhou.example/art/2023/1.html"),
    ("<html><head><link rel='canonical' href='https://www.a.example/c.html'>", "https://www.a.example/c.html"),
    ('<html><head><meta property="og:url" content="https://www.a.example/og.html">', "https://www.a.example/og.html"),
    ("<html><head><link rel='canonical' href='/relative.html'>", None),
])
def test_a_saved_page_names_its_own_address(head, url):
    assert html_source_url((head + "<title>t</title></head><body>正文</body></html>").encode()) == url


def test_a_saved_page_without_a_sidecar_lands_with_its_address(con, tmp_path):
    data = page("报告", BODY).replace(b"<html>", b"<!-- saved from url=(0034)https://www.a.example/art/9.html -->\n<html>")
    (tmp_path / "saved.html").write_bytes(data)
    land(con, tmp_path, "r1")
    assert con.execute("select source_url, fetched_at from raw.documents").fetchone() == (
        "https://www.a.example/art/9.html", None)


def _report_page_with_attachment(raw: Path, page_body: str, attachment_text: str) -> tuple[Path, Path]:
    folder = raw / "web" / "www.a.example"
    folder.mkdir(parents=True, exist_ok=True)
    attachment = folder / "report.txt"
    attachment.write_text(attachment_text, encoding="utf-8")
    sidecar(attachment, "https://www.a.example/report.txt", kind="attachment", page_url="https://www.a.example/p.html")
    report_page = folder / "p.html"
    report_page.write_bytes(page("吉州区2023年法治政府建设年度报告", page_body))
    sidecar(report_page, "https://www.a.example/p.html",
            attachments=[{"url": "https://www.a.example/report.txt", "file": "web/www.a.example/report.txt"}])
    return report_page, attachment


def test_a_page_that_only_links_its_attachment_lands_nothing_of_its_own(con, tmp_path):
    full = "吉州区2023年法治政府建设年度报告\n" + "2023年，全区办理行政复议案件58件。\n" * 40
    _report_page_with_attachment(tmp_path, "<p>附件：<a href='report.txt'>报告全文</a></p>", full)
    summary = land(con, tmp_path, "r1")
    assert summary.documents_new == 1 and summary.files_superseded == 1
    assert con.execute("select source_file from raw.current_files").fetchall() == [("web/www.a.example/report.txt",)]
    (reason,) = con.execute("select reason from raw.rejected_files where source_file = 'web/www.a.example/p.html'"
                            ).fetchone()
    assert "web/www.a.example/report.txt holds the report" in reason
    again = land(con, tmp_path, "r2")  # a second landing changes nothing
    assert again.documents_new == 0 and again.files_removed == 0 and again.files_superseded == 1


def test_a_full_page_with_a_short_annex_lands_both(con, tmp_path):
    _report_page_with_attachment(tmp_path, BODY, "附件：统计表\n行政处罚 120 件\n")
    summary = land(con, tmp_path, "r1")
    assert summary.documents_new == 2 and summary.files_superseded == 0


def test_a_page_landed_before_its_attachment_arrived_gives_way_to_it(con, tmp_path):
    full = "吉州区2023年法治政府建设年度报告\n" + "2023年，全区办理行政复议案件58件。\n" * 40
    report_page, attachment = _report_page_with_attachment(tmp_path, "<p>附件：报告全文</p>", full)
    attachment.unlink()
    sidecar(report_page, "https://www.a.example/p.html")  # collected while the attachment failed
    land(con, tmp_path, "r1")
    assert [r[0] for r in con.execute("select source_file from raw.current_files").fetchall()] == [
        "web/www.a.example/p.html"]
    _report_page_with_attachment(tmp_path, "<p>附件：报告全文</p>", full)  # the next collect got the attachment
    summary = land(con, tmp_path, "r2")
    assert summary.files_removed == 1 and summary.files_superseded == 1
    assert [r[0] for r in con.execute("select source_file from raw.current_files").fetchall()] == [
        "web/www.a.example/report.txt"]
    assert con.execute("select count(*) from raw.documents").fetchone()[0] == 2  # nothing landed is lost


def test_an_older_warehouse_gets_the_new_columns(tmp_path):
    connection = duckdb.connect()
    connection.execute("create schema raw")
    connection.execute("create table raw.documents (document_id varchar not null, content_sha256 varchar not null, "
                       "source_file varchar not null, byte_size bigint not null, encoding varchar not null, "
                       "text varchar not null, landed_at timestamp not null, run_id varchar not null)")
    connection.execute("insert into raw.documents values ('d', 's', 'a.txt', 1, 'utf-8', '报告', now(), 'r0')")
    create_raw_tables(connection)
    assert connection.execute("select source_url, fetched_at, site_region_code from raw.documents").fetchall() == [
        (None, None, None)]
    connection.close()


def test_a_web_page_lands_as_its_article_headed_by_title_and_date():
    from fazhi.extract import extract_html

    paragraphs = "".join(f"<p>第{i}段：全年受理行政复议案件{i}件，行政机关负责人出庭应诉率100%。</p>" for i in range(12))
    data = ("<html><head><meta charset='utf-8'><title>某区报告_某区人民政府</title></head><body>"
            "<div class='topbar'>欢迎访问本网站 无障碍浏览</div><div class='w2'><a href='/'>首页</a><a href='/z'>政务公开</a>"
            "<a href='/h'>互动交流</a><a href='/b'>办事服务</a></div>"
            "<div class='article'><h1>某区2023年法治政府建设年度报告</h1><div class='info'>发布时间：2024-02-01 浏览次数：5</div>"
            f"{paragraphs}<p style='display:none'>隐藏统计：受理案件666件</p><p hidden>隐藏二：777件</p>"
            "<table><tr><th>事项</th><th>数量</th></tr><tr><td>听证\n  会</td><td>12场</td></tr></table></div>"
            "<div class='w5'>主办单位：某区人民政府办公室 网站标识码1234 ICP备05000000号</div></body></html>").encode()
    text, encoding = extract_html(data)
    lines = text.splitlines()
    assert encoding == "html:utf-8"
    assert lines[:2] == ["某区2023年法治政府建设年度报告", "发布时间：2024-02-01"]
    assert "第11段：全年受理行政复议案件11件，行政机关负责人出庭应诉率100%。" in lines
    assert "听证会\t12场" in lines                        # a table row as the visible text gives it
    assert "666" not in text and "777" not in text         # hidden, as on the screen
    assert "互动交流" not in text and "ICP备" not in text   # the portal's navigation and footer


def test_a_short_page_lands_as_its_visible_text():
    from fazhi.extract import extract_html

    text, _ = extract_html("<html><body><p>附件：吉州区2023年法治政府建设年度报告.pdf</p></body></html>".encode())
    assert text == "附件：吉州区2023年法治政府建设年度报告.pdf\n"
