"""The adversarial corpus: every kind of file that arrives from scrapers, e-mail and shared folders, and what must
become of it. `write_corpus(raw)` writes one raw folder holding all kinds (a few seconds, ~50 MB with the large
file, always inside the test's temporary folder), so one `fazhi run` covers them all and the land.py tests check
each kind on its own.

A kind is either `landed` (with the `encoding` its text was obtained by, and figures that must be read from it), or
`rejected` (with a phrase of the reason users see), or `ignored` (folder furniture: neither landed nor rejected).
`figures_exact` is the whole set of values that may be read from a kind's text: from a placeholder template none,
from damaged text only the intact statements.
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# A report written the way reports are: its figures are the ones every landed kind must yield.
REPORT = (
    "吉州区2023年法治政府建设年度报告\n"
    "2023年，我区深入推进法治政府建设，现将有关情况报告如下。\n"
    "一、主要工作\n"
    "全年受理行政复议案件35件，办结32件，行政机关负责人出庭应诉率100%。\n"
    "二、存在的问题\n"
    "行政执法队伍专业化水平有待提高。\n"
    "吉州区人民政府\n"
    "2024年1月20日\n"
)
REPORT_FIGURES = (35.0, 32.0, 100.0)
TRADITIONAL = (
    "臺北市政府一一二年度依法行政工作報告\n"
    "本年度共受理訴願案件350件，辦結率達98%。為落實法治政府建設，本府持續推動行政程序法之執行，"
    "強化執法人員專業訓練，舉辦講習12場次，參與人數達1200人次。\n"
)
PLACEHOLDER = (
    "XX区XXXX年法治政府建设情况报告\n"
    "XXXX年，我区受理行政复议案件XXXX件，办结XX件，纠错率XX%，行政机关负责人出庭应诉率XX%。\n"
    "共组织法治培训X次，参训人员XXX人次。\n"
    "XX区人民政府\nXXXX年X月X日\n"
)
# Characters lost in transmission: ? and U+FFFD next to a number. Only the intact statement may become a figure.
DAMAGED = (
    "平桥区2022年法治政府建设情况报告\n"
    "全年受理行政复议案件3?件，办结\ufffd5件，出庭应诉率1?0%，听证??场，调解案件?8件，"
    "复议纠错2\ufffd件。举行听证会12场。\n"
)


def report(kind: str) -> str:
    """The report with a line naming the kind, so that no two kinds share a content (and a document id)."""
    return REPORT.replace("现将有关情况报告如下。", f"现将有关情况报告如下（样本{kind}）。")


@dataclass(frozen=True)
class Kind:
    name: str
    files: tuple[str, ...]  # paths relative to the raw folder, as landing reports them
    outcome: str  # landed | rejected | ignored
    encoding: str | None = None
    reason: str | None = None  # a phrase of the rejection reason
    figures: tuple[float, ...] = ()  # values that must be read from the landed text
    figures_exact: frozenset[float] | None = None  # when set: exactly these values, nothing else
    text_has: tuple[str, ...] = ()
    text_lacks: tuple[str, ...] = ()
    write: Callable[[Path], None] | None = field(default=None, compare=False, repr=False)


def _bytes(path: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def write(raw: Path) -> None:
        target = raw / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data() if callable(data) else data)
    return write


def _html_page(kind: str, charset: str) -> str:
    body = "".join(f"<p>{line}</p>\n" for line in report(kind).splitlines())
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>吉州区人民政府网</title>"
        "<style>p { margin: 0 } .x:before { content: '受理案件777件' }</style>"
        "<script>var stats = {cases: '受理行政复议案件999件'}; document.write('点击量888次');</script></head>\n"
        "<body><div class=\"nav\">首页 &gt; 政务公开 &gt; 法治政府</div>\n"
        "<nav><a href=\"/\">网站首页</a> | <a href=\"/a\">机构设置</a></nav>\n"
        f"<div class=\"article\">{body}"
        "<p style=\"display:none\">隐藏统计：受理案件666件</p>"
        "<table><tr><td>听证\n  会</td><td>12场</td></tr></table></div>\n"
        "<noscript>请启用脚本</noscript><footer>版权所有 吉州区人民政府 ICP备123号</footer></body></html>\n"
    )


def _pdf(lines: list[str], encrypt=None, text: bool = True) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CID font reportlab ships: no font file needed
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt, invariant=1)
    if text:
        page.setFont("STSong-Light", 10)
        y = 800
        for line in lines:
            page.drawString(40, y, line)
            y -= 14
    else:
        page.rect(40, 400, 300, 300, fill=1)  # a scanned page: an image, no text layer
    page.showPage()
    page.save()
    return buffer.getvalue()


def _pdf_glyph_by_glyph(kind: str) -> bytes:
    """A PDF that places every character on its own (as OCR layers and some converters do)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    _pdf([])  # registers the font
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.setFont("STSong-Light", 10)
    for row, line in enumerate(report(kind).splitlines()):
        x = 40.0
        for ch in line:
            page.drawString(x, 800 - 14 * row, ch)
            x += pdfmetrics.stringWidth(ch, "STSong-Light", 10) + 0.5
    page.showPage()
    page.save()
    return buffer.getvalue()


def wrapped_report_lines(kind: str, width: int = 61) -> list[str]:
    """The report laid out as a PDF would: paragraphs wrapped at `width` columns, so that '35件' breaks as '3' | '5件'."""
    filler = "我区持续深化行政复议体制改革，畅通群众申请渠道，规范办案流程"[:30]
    paragraph = filler + "35件，同比增长，依法办结行政复议案件32件，行政机关负责人出庭应诉率100%，法治政府建设取得新成效。"
    lines, line, used = [], "", 0
    for ch in paragraph:
        w = 1 if ch.isascii() else 2
        if used + w > width:
            lines.append(line)
            line, used = "", 0
        line += ch
        used += w
    lines.append(line)
    assert lines[0].endswith("3") and lines[1].startswith("5件"), lines[:2]
    return [f"吉州区2023年法治政府建设年度报告（样本{kind}）", *lines, "吉州区人民政府", "- 1 -"]


def _docx(kind: str) -> bytes:
    import docx

    document = docx.Document()
    for line in report(kind).splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "事项", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "举行听证会", "12场"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _big_text_file(size: int) -> Callable[[Path], None]:
    def write(raw: Path) -> None:
        line = REPORT.replace("\n", "").encode("utf-8") + b"\n"
        chunk = line * (1_048_576 // len(line) + 1)
        with open(raw / "huge_50mb.txt", "wb") as f:
            written = 0
            while written < size:
                written += f.write(chunk[: size - written])
    return write


def _single_line(raw: Path) -> None:
    line = report("single_line").replace("\n", " ")
    (raw / "single_line_1mb.txt").write_text(line * (1_000_000 // len(line.encode("utf-8")) + 1), encoding="utf-8")


def _symlinks(raw: Path) -> None:
    outside = raw.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(report("outside_secret"), encoding="utf-8")
    (raw / "link_outside.txt").symlink_to(outside / "secret.txt")
    (raw / "linked_folder").symlink_to(outside, target_is_directory=True)


def _fifo(raw: Path) -> None:
    os.mkfifo(raw / "fifo.txt")


def _gbk_file_name(raw: Path) -> None:
    name = "吉州名单报告.txt".encode("gbk")  # a name written by a Windows share, not UTF-8
    with open(os.path.join(os.fsencode(raw), name), "wb") as f:
        f.write(report("gbk_file_name").encode("utf-8"))


def _locked(raw: Path) -> None:
    (raw / "locked.txt").write_text(report("locked"), encoding="utf-8")
    os.chmod(raw / "locked.txt", 0)
    folder = raw / "locked_folder"
    folder.mkdir()
    (folder / "inside.txt").write_text(report("locked_folder"), encoding="utf-8")
    os.chmod(folder, 0)


def unlock(raw: Path) -> None:
    """Give back the permissions `_locked` took, so the temporary folder can be removed."""
    for path in (raw / "locked.txt", raw / "locked_folder"):
        if path.exists():
            os.chmod(path, 0o755)


def _docx_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/padding.bin", b"\x00" * (210 * 1024 * 1024))
    return buffer.getvalue()


def kinds(big_file_bytes: int = 50 * 1024 * 1024) -> list[Kind]:
    """Every kind, with the files it writes. Writing costs ~2 s, most of it the 50 MB file and the zip bomb."""
    lines = report("mixed_lines").splitlines(keepends=True)
    mixed = b"".join(line.encode("utf-8" if i % 2 else "gbk") for i, line in enumerate(lines))
    utf8 = report("truncated_utf8").encode("utf-8")
    gbk = report("truncated_gb18030").encode("gb18030")
    html_gbk = _html_page("html_gbk", "gb2312").encode("gbk")
    crlf = report("crlf_fullwidth").replace("35件", "３５件").replace("\n", "\r\n")
    same = report("same_content").encode("utf-8")
    return [
        # --- encodings -----------------------------------------------------------------------------------------
        Kind("utf8", ("utf8.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             write=_bytes("utf8.txt", report("utf8").encode("utf-8"))),
        Kind("utf8_bom", ("utf8_bom.txt",), "landed", "utf-8-sig", figures=REPORT_FIGURES,
             write=_bytes("utf8_bom.txt", b"\xef\xbb\xbf" + report("utf8_bom").encode("utf-8"))),
        Kind("gb18030", ("gb18030.txt",), "landed", "gb18030", figures=REPORT_FIGURES,
             write=_bytes("gb18030.txt", report("gb18030").encode("gb18030"))),
        Kind("gbk_markdown", ("gbk.md",), "landed", "gb18030", figures=REPORT_FIGURES,
             write=_bytes("gbk.md", report("gbk_markdown").encode("gbk"))),
        Kind("big5", ("big5.txt",), "landed", "big5", figures=(350.0, 98.0), text_has=("訴願案件350件",),
             write=_bytes("big5.txt", TRADITIONAL.encode("big5"))),
        Kind("utf16_bom", ("utf16_bom.txt",), "landed", "utf-16", figures=REPORT_FIGURES,
             write=_bytes("utf16_bom.txt", report("utf16_bom").encode("utf-16"))),
        Kind("utf16_be_no_bom", ("utf16_be.txt",), "landed", "utf-16", figures=REPORT_FIGURES,
             write=_bytes("utf16_be.txt", report("utf16_be_no_bom").encode("utf-16-be"))),
        Kind("crlf_fullwidth_digits", ("crlf_fullwidth.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             text_has=("３５件", "\r\n"), write=_bytes("crlf_fullwidth.txt", crlf.encode("utf-8"))),
        Kind("mixed_encodings_by_line", ("mixed_lines.txt",), "landed", "utf-8+gb18030", figures=REPORT_FIGURES,
             text_has=("受理行政复议案件35件",), write=_bytes("mixed_lines.txt", mixed)),
        # --- damaged text --------------------------------------------------------------------------------------
        Kind("empty", ("empty.txt",), "rejected", reason="empty file", write=_bytes("empty.txt", b"")),
        Kind("whitespace_only", ("whitespace.txt",), "rejected", reason="empty file",
             write=_bytes("whitespace.txt", "  \r\n\t\u3000\n".encode("utf-8"))),
        Kind("binary_png_named_txt", ("image.txt",), "rejected", reason="binary", write=_bytes("image.txt", _png)),
        Kind("nul_padded_download", ("nul_padded.txt",), "rejected", reason="NUL",
             write=_bytes("nul_padded.txt", report("nul").encode("utf-8") + b"\x00" * 4096)),
        Kind("control_characters", ("control.txt",), "rejected", reason="control characters",
             write=_bytes("control.txt", bytes(range(1, 9)) * 300)),
        Kind("truncated_utf8", ("truncated_utf8.txt",), "landed", "utf-8", figures=REPORT_FIGURES[:1],
             text_has=("\ufffd",), write=_bytes("truncated_utf8.txt", utf8[:-2])),
        Kind("truncated_gb18030", ("truncated_gb18030.txt",), "landed", "gb18030", figures=REPORT_FIGURES[:1],
             text_has=("\ufffd",), write=_bytes("truncated_gb18030.txt", gbk[:-2])),
        Kind("mojibake_utf8_read_as_gbk", ("mojibake_gbk.txt",), "rejected", reason="mojibake",
             write=_bytes("mojibake_gbk.txt",
                          report("mojibake").encode("utf-8").decode("gbk", errors="replace").encode("utf-8"))),
        Kind("mojibake_read_as_latin1", ("mojibake_latin1.txt",), "rejected", reason="mojibake",
             write=_bytes("mojibake_latin1.txt", report("latin1").encode("gbk").decode("latin-1").encode("utf-8"))),
        Kind("invalid_bytes_mid_line", ("invalid_bytes.txt",), "rejected", reason="not text in a supported charset",
             write=_bytes("invalid_bytes.txt",
                          report("invalid").encode("utf-8")[:60] + b"\xff\xfe\xfa" + report("x").encode("utf-8")[60:])),
        Kind("damaged_characters_next_to_numbers", ("damaged.txt",), "landed", "utf-8",
             figures_exact=frozenset({12.0}), write=_bytes("damaged.txt", DAMAGED.encode("utf-8"))),
        Kind("placeholder_template", ("template.txt",), "landed", "utf-8", figures_exact=frozenset(),
             write=_bytes("template.txt", PLACEHOLDER.encode("utf-8"))),
        # --- size ----------------------------------------------------------------------------------------------
        Kind("file_of_50_mb", ("huge_50mb.txt",), "rejected", reason="too large", write=_big_text_file(big_file_bytes)),
        Kind("single_line_of_1_mb", ("single_line_1mb.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             write=_single_line),
        # --- other formats -------------------------------------------------------------------------------------
        Kind("html_with_scripts_and_navigation", ("page.html",), "landed", "html:utf-8",
             figures=(*REPORT_FIGURES, 12.0), text_has=("受理行政复议案件35件", "听证会\t12场"),
             text_lacks=("999", "888", "777", "666", "首页", "网站首页", "版权所有", "请启用脚本", "stats"),
             write=_bytes("page.html", _html_page("html", "utf-8").encode("utf-8"))),
        Kind("html_gbk_declared", ("page_gbk.htm",), "landed", "html:gb18030", figures=REPORT_FIGURES,
             write=_bytes("page_gbk.htm", html_gbk)),
        Kind("html_declares_utf8_saved_as_gbk", ("page_mislabelled.html",), "landed", "html:gb18030",
             figures=REPORT_FIGURES,
             write=_bytes("page_mislabelled.html", _html_page("html_mislabelled", "utf-8").encode("gbk"))),
        Kind("html_that_is_binary", ("page_binary.html",), "rejected", reason="binary",
             write=_bytes("page_binary.html", _png)),
        Kind("pdf_with_text_layer_wrapped_number", ("report.pdf",), "landed", "pdf-text", figures=REPORT_FIGURES,
             text_has=("35件",), write=_bytes("report.pdf", lambda: _pdf(wrapped_report_lines("pdf")))),
        Kind("pdf_placing_each_glyph_separately", ("glyphs.pdf",), "landed", "pdf-text", figures=REPORT_FIGURES,
             text_has=("受理行政复议案件35件",), write=_bytes("glyphs.pdf", lambda: _pdf_glyph_by_glyph("glyphs"))),
        Kind("pdf_locked_against_editing_only", ("locked_edit.pdf",), "landed", "pdf-text", figures=REPORT_FIGURES,
             write=_bytes("locked_edit.pdf", lambda: _owner_locked(_pdf(wrapped_report_lines("pdf_owner"))))),
        Kind("pdf_fonts_without_unicode_map", ("unmapped.pdf",), "rejected", reason="no Unicode mapping",
             # reportlab's encryption leaves the CID font's registry unreadable: every glyph comes out as (cid:N)
             write=_bytes("unmapped.pdf", lambda: _pdf(wrapped_report_lines("pdf_cid"), encrypt=_owner_only()))),
        Kind("pdf_scanned_without_text", ("scan.pdf",), "rejected", reason="without a text layer",
             write=_bytes("scan.pdf", lambda: _pdf([], text=False))),
        Kind("pdf_with_password", ("password.pdf",), "rejected", reason="encrypted PDF",
             write=_bytes("password.pdf", lambda: _pdf(wrapped_report_lines("pdf_pw"), encrypt=_password()))),
        Kind("pdf_damaged", ("damaged.pdf",), "rejected", reason="damaged PDF",
             write=_bytes("damaged.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n%%garbage")),
        Kind("docx_with_table", ("report.docx",), "landed", "docx", figures=(*REPORT_FIGURES, 12.0),
             text_has=("举行听证会\t12场",), write=_bytes("report.docx", lambda: _docx("docx"))),
        Kind("docx_that_is_not_a_zip", ("renamed.docx",), "rejected", reason="damaged .docx",
             write=_bytes("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))),
        Kind("docx_zip_bomb", ("bomb.docx",), "rejected", reason="too large once unpacked",
             write=_bytes("bomb.docx", _docx_bomb)),
        Kind("legacy_word_doc", ("old.doc",), "rejected", reason="legacy Word",
             write=_bytes("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))),
        Kind("spreadsheet", ("figures.xlsx",), "rejected", reason="spreadsheet",
             write=_bytes("figures.xlsx", b"PK\x03\x04" + bytes(100))),
        Kind("incomplete_download", ("report.txt.part",), "rejected", reason="incomplete download",
             write=_bytes("report.txt.part", report("part").encode("utf-8"))),
        Kind("no_suffix", ("README_FIRST",), "rejected", reason="unsupported file type '(none)'",
             write=_bytes("README_FIRST", b"read me")),
        # --- names and places ----------------------------------------------------------------------------------
        Kind("same_content_two_names", ("same_a.txt", "copies/same_b.txt"), "landed", "utf-8",
             figures=REPORT_FIGURES, write=lambda raw: (_bytes("same_a.txt", same)(raw),
                                                        _bytes("copies/same_b.txt", same)(raw))),
        Kind("name_with_spaces_and_quotes", ("年度 报告 'final' \"v2\".txt",), "landed", "utf-8",
             figures=REPORT_FIGURES,
             write=_bytes("年度 报告 'final' \"v2\".txt", report("quotes").encode("utf-8"))),
        Kind("name_like_sql_injection", ("'; drop table x; --.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             write=_bytes("'; drop table x; --.txt", report("sql").encode("utf-8"))),
        Kind("name_with_newline", ("line\nbreak.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             write=_bytes("line\nbreak.txt", report("newline_name").encode("utf-8"))),
        Kind("name_in_gbk_bytes", ("吉州名单报告.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             write=_gbk_file_name),
        Kind("deeply_nested", ("2023/吉安市/吉州区/第一季度/报告.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             write=_bytes("2023/吉安市/吉州区/第一季度/报告.txt", report("nested").encode("utf-8"))),
        Kind("folder_named_like_a_file", ("archive.txt/inner.txt",), "landed", "utf-8", figures=REPORT_FIGURES,
             write=_bytes("archive.txt/inner.txt", report("folder_named_txt").encode("utf-8"))),
        Kind("symlink_pointing_outside", ("link_outside.txt", "linked_folder"), "rejected", reason="symbolic link",
             write=_symlinks),
        Kind("fifo_named_txt", ("fifo.txt",), "rejected", reason="not a regular file", write=_fifo),
        Kind("unreadable_permissions", ("locked.txt", "locked_folder/inside.txt" if IS_ROOT else "locked_folder/"),
             # root reads a chmod-000 file anyway: then it lands (the read-error path is tested with a fault instead)
             "landed" if IS_ROOT else "rejected", "utf-8" if IS_ROOT else None,
             reason=None if IS_ROOT else "Permission denied", figures=REPORT_FIGURES if IS_ROOT else (),
             write=_locked),
        Kind("folder_furniture", (".DS_Store", "Thumbs.db", "~$report.docx", ".hidden/report.txt"), "ignored",
             write=lambda raw: [_bytes(p, b"\x00\x01junk")(raw)
                                for p in (".DS_Store", "Thumbs.db", "~$report.docx", ".hidden/report.txt")]),
    ]


def _owner_only():
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption("", ownerPassword="owner", canModify=0)


def _owner_locked(pdf: bytes) -> bytes:
    """Encrypted with an owner password only: opens without one, as most published reports do."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _password():
    from reportlab.lib.pdfencrypt import StandardEncryption

    return StandardEncryption("secret", ownerPassword="owner")


def write_corpus(raw: Path, big_file_bytes: int = 50 * 1024 * 1024) -> list[Kind]:
    """Write every kind into `raw` (created); returns the kinds."""
    raw.mkdir(parents=True, exist_ok=True)
    all_kinds = kinds(big_file_bytes)
    for kind in all_kinds:
        kind.write(raw)
    return all_kinds


KIND_NAMES = [kind.name for kind in kinds(big_file_bytes=0)]
