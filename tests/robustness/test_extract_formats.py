"""Format extraction (fazhi.extract) on its own: what the visible text of a page, the text layer of a PDF and the
paragraphs of a .docx become, and the encoding vocabulary every check downstream agrees on."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from corpus import REPORT, _pdf, report
from fazhi.extract import (
    ENCODINGS,
    UnreadableFile,
    _reflow_page,
    decode_bytes,
    extract_docx,
    extract_html,
    extract_pdf,
    extract_text,
)
from fazhi.parse.figures import extract_figures

ROOT = Path(__file__).resolve().parents[2]


def test_html_source_line_breaks_inside_chinese_vanish_and_blocks_become_lines():
    page = ("<html><body><h1>吉州区2023年法治政府\n    建设年度报告</h1>"
            "<div>全年受理行政复议\n案件<b>35</b>件，<span>办结</span>32件。<br>出庭应诉率100%。</div>"
            "<pre>表一\n  受理  35件</pre><ul><li>一</li><li>二</li></ul></body></html>")
    text, encoding = extract_html(page.encode("utf-8"))
    assert encoding == "html:utf-8"
    assert text == ("吉州区2023年法治政府建设年度报告\n全年受理行政复议案件35件，办结32件。\n出庭应诉率100%。\n"
                    "表一\n受理  35件\n一\n二\n")


def test_html_drops_what_a_reader_never_sees():
    page = ("<html><head><title>标题 9件</title><style>b{}</style></head><body>"
            "<div id=\"breadcrumb\">首页 &gt; 正文</div><header>网站头部 7件</header><aside>相关 6件</aside>"
            "<article><header><h1>正文标题</h1></header><p>受理案件35件。</p></article>"
            "<p hidden>隐藏 5件</p><p aria-hidden=\"true\">读屏隐藏 4件</p><p style=\"visibility: hidden\">3件</p>"
            "<div role=\"navigation\">导航 2件</div><form><input value=\"1件\">搜索</form>"
            "<!-- 注释 1件 --><script>document.write('0件')</script></body></html>")
    text, _ = extract_html(page.encode("utf-8"))
    assert text == "正文标题\n受理案件35件。\n"  # an article's own header is kept, the page's is not


@pytest.mark.parametrize(("declared", "saved", "label"), [
    ("gb2312", "gbk", "html:gb18030"),
    ("GBK", "gb18030", "html:gb18030"),
    ("big5", "big5", "html:big5"),
    ("utf-8", "gbk", "html:gb18030"),   # declared one charset, saved in another: detected
    ("iso-8859-1", "utf-8", "html:utf-8"),  # a charset no Chinese page is written in: detected
])
def test_html_charset_from_the_page_or_detected(declared, saved, label):
    body = "臺北市政府112年度依法行政報告，受理訴願案件350件。" if saved == "big5" else REPORT
    page = f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={declared}\"></head>" \
           f"<body><p>{body}</p></body></html>"
    text, encoding = extract_html(page.encode(saved))
    assert encoding == label
    assert body.splitlines()[0] in text


def test_html_with_a_byte_order_mark_or_in_utf16():
    page = f"<html><body><p>{REPORT}</p></body></html>"
    assert extract_html(b"\xef\xbb\xbf" + page.encode("utf-8"))[1] == "html:utf-8"
    assert extract_html(page.encode("utf-16"))[1] == "html:utf-16"


def test_deeply_nested_and_broken_html_is_read_not_crashed_on():
    page = "<div>" * 2000 + "受理案件35件" + "</div>" * 2000
    text, _ = extract_html(page.encode("utf-8"))
    assert "受理案件35件" in text
    with pytest.raises(UnreadableFile, match="damaged web page .*[Ee]xcessive depth"):
        extract_html(("<div>" * 5000 + "受理案件35件").encode("utf-8"))
    text, _ = extract_html("<p>受理案件<b>35件<p>办结<i>32件</table></html></html>".encode("utf-8"))
    assert "受理案件35件" in text and "办结32件" in text


def test_pdf_reflow_joins_lines_the_layout_wrapped_and_drops_page_numbers():
    full = "依法办理行政复议案件并及时向社会公开结果共受理案件3"  # a full line of body text, broken inside 35
    page = "\n".join(["吉州区报告", full, "5件，同比增长，依法办结行政复议案件32件并及时公开结果以及处理", "情况。",
                      "二、下一步工作", full.replace("3", "各"), "- 2 -"])
    lines = _reflow_page(page)
    assert lines[1] == full + "5件，同比增长，依法办结行政复议案件32件并及时公开结果以及处理情况。"
    assert lines[2] == "二、下一步工作"  # a heading after a finished sentence is never joined
    assert "- 2 -" not in lines
    assert [f.value for f in extract_figures("\n".join(lines))][:2] == [35.0, 32.0]


def test_pdf_page_break_inside_a_sentence_is_joined():
    lines = [f"第{i}段内容依法行政工作稳步推进各项制度不断完善取得明显成效" for i in range(6)]
    first = _pdf([*lines, "全年受理行政复议案件共计三十五件依法办结行政复议案件3"])
    assert "3" in extract_pdf(first)


def test_pdf_failures_are_reasons():
    with pytest.raises(UnreadableFile, match="not a PDF"):
        extract_pdf(b"GIF89a")
    with pytest.raises(UnreadableFile, match="damaged PDF"):
        extract_pdf(_pdf([report("x")])[:400])
    with pytest.raises(UnreadableFile, match="without a text layer"):
        extract_pdf(_pdf([], text=False))


def test_docx_paragraphs_tables_and_merged_cells():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("吉州区2023年法治政府建设年度报告")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "行政复议"
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "受理", "35件", "办结32件"
    document.add_paragraph("出庭应诉率100%。")
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract_docx(buffer.getvalue()) == (
        "吉州区2023年法治政府建设年度报告\n行政复议\n受理\t35件\t办结32件\n出庭应诉率100%。\n")


def test_text_too_long_for_one_report_is_rejected():
    with pytest.raises(UnreadableFile, match="too long for one report"):
        extract_text(("受理案件35件。" * 300_000).encode("utf-8"), ".txt")


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xef\xbb\xbf", "empty"),
    ("受理案件35件".encode("utf-16-le")[:-1] + b"\x00" * 40, "NUL"),
    (b"\x1b[31m" * 500, "control characters"),
])
def test_more_things_that_are_not_text(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode_bytes(data)


def test_a_short_gbk_text_is_not_mistaken_for_big5_or_the_reverse():
    assert decode_bytes("受理案件35件".encode("gbk")) == ("受理案件35件", "gb18030")
    assert decode_bytes("受理訴願案件350件".encode("big5")) == ("受理訴願案件350件", "big5")


def test_encoding_vocabulary_is_the_same_in_landing_the_gx_suite_and_dbt():
    suite = json.loads((ROOT / "expectations" / "gx" / "expectations" / "raw_documents.json").read_text())
    gx_sets = [e["kwargs"]["value_set"] for e in suite["expectations"] if e["kwargs"].get("column") == "encoding"]
    assert gx_sets and set(gx_sets[0]) == set(ENCODINGS)
    staging = yaml.safe_load((ROOT / "dbt_project" / "models" / "staging" / "_staging__models.yml").read_text())
    model = next(m for m in staging["models"] if m["name"] == "stg_raw__documents")
    column = next(c for c in model["columns"] if c["name"] == "encoding")
    test = next(t["accepted_values"] for t in column["data_tests"] if "accepted_values" in t)
    assert set(test["arguments"]["values"]) == set(ENCODINGS)
