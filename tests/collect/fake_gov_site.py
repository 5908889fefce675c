"""A small fake government website on loopback: real HTTP servers (http.server in threads, one per host on its own
random free port) that log every request with its arrival time and headers.

`build_portal(...)` lays out the site the collector tests and the benchmark use: a listing column with pagination,
report pages in UTF-8 and GBK (no charset header), PDF and DOCX attachments, a robots.txt that disallows /private/,
a 429 with Retry-After, a 503 then success, a page slower than the timeout, a redirect loop, a 404, a redirect to a
login page, a scanned PDF without a text layer, an attachment larger than the size cap, and links to a foreign host.
"""
from __future__ import annotations

import hashlib
import io
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

LAST_MODIFIED = "Mon, 04 Mar 2024 08:00:00 GMT"


@dataclass
class Logged:
    at: float          # time.monotonic() when the request arrived
    path: str
    headers: dict


@dataclass
class Route:
    body: bytes | Callable[[], bytes] = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    etag: bool = True            # answer with an ETag (and honour If-None-Match)
    last_modified: bool = True   # answer with Last-Modified (and honour If-Modified-Since)
    delay: float = 0.0           # seconds before answering (a slow page)
    script: list | None = None   # statuses to answer first, one per request, e.g. [(503, {})], then the page


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that gave up (a timeout) resets the connection: expected here


class FakeHost:
    """One host (127.0.0.1:<port>) serving `routes` by path (with query)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server's naming
                with host._lock:
                    host.log.append(Logged(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
                    route = host.routes.get(self.path)
                    scripted = route.script.pop(0) if route is not None and route.script else None
                if route is None:
                    return self._send(404, {"Content-Type": "text/html; charset=utf-8"}, "<h1>404 页面不存在</h1>".encode())
                if route.delay:
                    time.sleep(route.delay)
                if scripted is not None:
                    status, headers = scripted
                    return self._send(status, headers, b"busy")
                body = route.body() if callable(route.body) else route.body
                headers = dict(route.headers)
                if route.content_type:
                    headers["Content-Type"] = route.content_type
                if route.status == 200:
                    tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                    if route.etag:
                        headers["ETag"] = tag
                    if route.last_modified:
                        headers["Last-Modified"] = LAST_MODIFIED
                    if (route.etag and self.headers.get("If-None-Match") == tag) or (
                            not route.etag and route.last_modified
                            and self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                        return self._send(304, {k: v for k, v in headers.items() if k != "Content-Type"}, b"")
                self._send(route.status, headers, body)

            def _send(self, status: int, headers: dict, body: bytes) -> None:
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout): what a real server sees too

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def requested(self, prefix: str = "") -> list[Logged]:
        with self._lock:
            return [entry for entry in self.log if entry.path.startswith(prefix)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def page(title: str, body_html: str, charset: str | None = "utf-8", nav: bool = True) -> str:
    """A government-style article page: top bar, nav, breadcrumb, title, 发布时间 line, body, share bar, footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    chrome_top = ('<div class="topbar">欢迎访问吉州区人民政府网站 | 无障碍浏览 | 长者模式</div>'
                  '<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>'
                  '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; 法治政府建设</div>') if nav else ""
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}_吉州区人民政府</title></head><body>{chrome_top}"
            f'<div class="article"><h1>{title}</h1><div class="info">发布时间：2024-03-01 来源：区司法局 浏览次数：128</div>'
            f'<div class="content">{body_html}</div></div>'
            '<div class="share">分享到：微信 微博</div>'
            '<div class="footer">主办：吉州区人民政府办公室 版权所有 赣ICP备05000000号 网站标识码3608020001</div>'
            "</body></html>")


def listing(items: list[tuple[str, str]], next_href: str | None = None, extra: str = "") -> bytes:
    links = "".join(f'<li><a href="{href}" title="{text}">{text}</a><span>2024-03-01</span></li>' for href, text in items)
    following = f'<div class="pagination"><a href="{next_href}">下一页</a></div>' if next_href else ""
    return page("法治政府建设", f'<ul class="list">{links}</ul>{following}{extra}').encode("utf-8")


REPORT_PARAGRAPHS = [
    "2023年，我区深入学习贯彻习近平法治思想，全面推进法治政府建设，现将有关情况报告如下。",
    "一、主要工作及成效",
    "（一）深化“放管服”改革。全年办理行政许可事项12345件，按时办结率100%。",
    "（二）推进严格规范公正文明执法。开展行政执法案卷评查，评查案卷386卷。",
    "（三）依法化解矛盾纠纷。办理行政复议案件58件，行政机关负责人出庭应诉率100%。",
    "二、存在的不足和下一步工作打算",
]


def report_html(year: int, charset: str | None = "utf-8", attachment: str | None = None, short: bool = False) -> str:
    title = f"吉州区{year}年法治政府建设年度报告"
    if short:  # the page only links to its attachment
        body = f'<p>附件：<a href="{attachment}">{title}.pdf</a></p>'
    else:
        body = "".join(f"<p>{p}</p>" for p in REPORT_PARAGRAPHS).replace("2023", str(year))
        if attachment:
            body += f'<p>附件：<a href="{attachment}">{title}.docx</a></p>'
    return page(title, body, charset)


def pdf_bytes(lines: list[str], text: bool = True) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CID font reportlab ships: no font file needed
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, invariant=1)
    if text:
        sheet.setFont("STSong-Light", 10)
        y = 800
        for line in lines:
            sheet.drawString(40, y, line)
            y -= 14
    else:
        sheet.rect(40, 400, 300, 300, fill=1)  # a scanned page: an image, no text layer
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_lines(year: int, region: str = "吉州区") -> list[str]:
    return [f"{region}{year}年法治政府建设年度报告", *[p.replace("2023", str(year)).replace("我区", region)
                                                      for p in REPORT_PARAGRAPHS], f"{region}人民政府"]


@dataclass
class Portal:
    main: FakeHost      # the county portal (listing, reports, most edge cases)
    other: FakeHost     # a second site in the same sources file
    foreign: FakeHost   # a host no source names: linked to, never to be requested

    def close(self) -> None:
        for host in (self.main, self.other, self.foreign):
            host.close()


def build_portal(max_bytes: int) -> Portal:
    main, other, foreign = FakeHost(), FakeHost(), FakeHost()
    r = main.routes
    r["/robots.txt"] = Route("User-agent: *\nDisallow: /private/\n".encode(), "text/plain")
    r["/col/index.html"] = Route(listing([
        ("/art/2023/report.html", "吉州区2023年法治政府建设年度报告"),
        ("/art/2022/report.html", "吉州区2022年法治政府建设年度报告"),
        ("/art/2023/report.html", "吉州区2023年法治政府建设年度报告"),  # the same link twice
        ("/private/2020.html", "吉州区2020年法治政府建设年度报告（内部）"),
        (f"{foreign.base}/art/2023.html", "某县2023年法治政府建设情况报告"),
        ("/art/news.html", "区长调研春耕生产"),  # not a report
        ("mailto:office@example.gov.cn", "法治政府建设工作报告邮箱"),
    ], next_href="index_1.html"))
    r["/col/index_1.html"] = Route(listing([
        ("/files/2021_report.docx", "吉州区2021年法治政府建设工作报告"),
        ("/art/2019/report.html", "吉州区2019年法治政府建设年度报告"),
        ("/art/busy.html", "吉州区2018年法治政府建设年度报告"),
        ("/art/flaky.html", "吉州区2017年法治政府建设年度报告"),
        ("/art/slow.html", "吉州区2016年法治政府建设年度报告"),
        ("/art/loop.html", "吉州区2015年依法行政工作报告"),
        ("/art/gone.html", "吉州区2014年依法行政工作报告"),
        ("/art/members.html", "吉州区2013年依法行政工作报告"),
        ("/art/offsite.html", "吉州区2012年依法行政工作报告"),
        ("/art/scan.html", "吉州区2011年依法行政工作报告"),
        ("/art/huge.html", "吉州区2010年依法行政工作报告"),
    ]))
    r["/art/2023/report.html"] = Route(report_html(2023, attachment="/files/2023_report.pdf", short=True).encode())
    r["/files/2023_report.pdf"] = Route(pdf_bytes(report_lines(2023)), PDF_TYPE)
    # GBK, declared nowhere (no header charset, no <meta>), and validated by Last-Modified only
    r["/art/2022/report.html"] = Route(report_html(2022, charset=None).encode("gbk"), "text/html", etag=False)
    r["/files/2021_report.docx"] = Route(docx_bytes(report_lines(2021)), DOCX_TYPE)
    r["/art/2019/report.html"] = Route(report_html(2019, attachment="2019_attachment.docx").encode())
    r["/art/2019/2019_attachment.docx"] = Route(docx_bytes(["附件：2019年度行政执法统计表", "行政处罚 120 件"]), DOCX_TYPE)
    r["/art/busy.html"] = Route(report_html(2018).encode(), script=[(429, {"Retry-After": "1"})])
    r["/art/flaky.html"] = Route(report_html(2017).encode(), script=[(503, {})])
    r["/art/slow.html"] = Route(report_html(2016).encode(), delay=1.0)
    r["/art/loop.html"] = Route(b"", status=302, headers={"Location": "/art/loop2.html"})
    r["/art/loop2.html"] = Route(b"", status=302, headers={"Location": "/art/loop.html"})
    r["/art/members.html"] = Route(b"", status=302, headers={"Location": "/sso/login?service=/art/members.html"})
    r["/art/offsite.html"] = Route(b"", status=301, headers={"Location": f"{foreign.base}/moved.html"})
    r["/art/scan.html"] = Route(report_html(2011, attachment="/files/scan.pdf", short=True).encode())
    r["/files/scan.pdf"] = Route(pdf_bytes([], text=False), PDF_TYPE)
    r["/art/huge.html"] = Route(report_html(2010, attachment="/files/huge.pdf", short=True).encode())
    r["/files/huge.pdf"] = Route(b"%PDF-1.4\n" + b"0" * (max_bytes + 1), PDF_TYPE)
    r["/private/2020.html"] = Route(report_html(2020).encode())

    other.routes["/robots.txt"] = Route(b"", "text/plain", status=404)
    other.routes["/fzzf/"] = Route(listing([("/fzzf/2023.html", "青原区2023年法治政府建设情况报告")]))
    other.routes["/fzzf/2023.html"] = Route(page("青原区2023年法治政府建设情况报告",
                                                 "".join(f"<p>{p}</p>" for p in REPORT_PARAGRAPHS)).encode())
    foreign.routes["/art/2023.html"] = Route(report_html(2023).encode())
    foreign.routes["/moved.html"] = Route(report_html(2012).encode())
    return Portal(main, other, foreign)
