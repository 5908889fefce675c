"""HTML → text: the current visible-text reader (fazhi.extract.extract_html) against trafilatura (+ htmldate), on
government-style article pages built around the sample reports' text (raw/), in four layouts seen on Chinese
government portals: a div portal with semantic class names, a legacy table layout in GBK with pinyin ids, a page
with 相关链接 / 上一篇 / 下一篇 and print bars, and a page whose chrome has no recognisable names at all.

    .venv/bin/python bench/eval_html_extract.py

`fazhi.extract.extract_html` keeps the winner (the main content headed by its title and date lines). For each
reader it prints: the share of the pages' navigation/chrome snippets removed, the share of the report's
paragraphs kept, and how often the warehouse's own parser (fazhi.parse.metadata.extract_metadata) then finds the
right title and publish date in the text; for trafilatura also its own metadata title and htmldate's date.
"""
from __future__ import annotations

import csv
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fazhi.extract import _visible_page_text, extract_html  # noqa: E402
from fazhi.parse.metadata import extract_metadata  # noqa: E402

MANIFEST = ROOT.parent / "shared" / "devset" / "manifest.csv"


@dataclass
class Sample:
    title: str
    date: str            # YYYY-MM-DD
    paragraphs: list[str]


def samples() -> list[Sample]:
    """The sample reports' paragraphs (lines of 30+ characters that are not the pages' own header lines)."""
    meta = {}
    if MANIFEST.exists():
        with MANIFEST.open(encoding="utf-8") as f:
            meta = {row["id"]: row for row in csv.DictReader(f)}
    out = []
    for path in sorted((ROOT / "raw").glob("*.txt")):
        row = meta.get(path.stem, {})
        year = row.get("report_year") or "2023"
        region = row.get("region_name") or "某区"
        date = row.get("publish_date") or f"{int(year) + 1}-02-01"
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        body = [line for line in lines if len(line) >= 30 and not re.search(r"发布时间|欢迎|首页|时间[:：]\d", line)]
        out.append(Sample(f"{region}{year}年法治政府建设情况报告", date, body[:40]))
    return out


# Chrome: what every page of a portal repeats around the article (the measure counts these snippets in the output).
CHROME = ["欢迎访问本网站", "无障碍浏览", "长者模式", "政务公开", "互动交流", "办事服务", "当前位置", "网站地图",
          "主办单位：区人民政府办公室", "网站标识码", "ICP备", "公网安备", "分享到", "打印本页", "关闭窗口",
          "相关链接", "上一篇", "下一篇", "扫一扫在手机打开当前页", "字号", "浏览次数"]


def layout_div(s: Sample) -> tuple[bytes, str]:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in s.paragraphs)
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{s.title}_区人民政府</title></head><body>
<div class="topbar">欢迎访问本网站 | <a href="#">无障碍浏览</a> | <a href="#">长者模式</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 法治政府建设</div>
<div class="article"><h1>{s.title}</h1>
<div class="info">发布时间：{s.date} 来源：区司法局 浏览次数：1024 字号：大 中 小</div>
<div class="content">{body}</div></div>
<div class="share">分享到：微信 微博 <a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="footer">主办单位：区人民政府办公室 网站标识码3608020001 赣ICP备05000000号 赣公网安备36080202000001号 <a href="/sitemap">网站地图</a></div>
</body></html>"""
    return page.encode("utf-8"), "utf-8"


def layout_table_gbk(s: Sample) -> tuple[bytes, str]:
    body = "".join(f"<p style='text-indent:2em'>{html.escape(p)}</p>" for p in s.paragraphs)
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{s.title}</title></head>
<body><table width="1000" id="top"><tr><td>欢迎访问本网站</td><td><a href="#">无障碍浏览</a></td><td><a href="#">长者模式</a></td></tr></table>
<table id="dh"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td><td><a href="/hdjl">互动交流</a></td><td><a href="/bsfw">办事服务</a></td></tr></table>
<table id="wz"><tr><td>当前位置：<a href="/">首页</a> &gt;&gt; 政务公开 &gt;&gt; 工作报告</td></tr></table>
<table width="960"><tr><td align="center" class="bt"><b>{s.title}</b></td></tr>
<tr><td align="center">发布时间：{s.date} 浏览次数：88 【字号：大 中 小】</td></tr>
<tr><td class="nr">{body}</td></tr>
<tr><td align="right">【<a href="#" onclick="window.print()">打印本页</a>】【<a href="#" onclick="window.close()">关闭窗口</a>】</td></tr></table>
<table id="db"><tr><td>主办单位：区人民政府办公室 网站标识码3608020001</td></tr><tr><td>赣ICP备05000000号 赣公网安备36080202000001号 <a href="/map">网站地图</a></td></tr></table>
</body></html>"""
    return page.encode("gbk", errors="replace"), "gbk"


def layout_related(s: Sample) -> tuple[bytes, str]:
    body = "<br>".join(html.escape(p) for p in s.paragraphs)
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{s.title}</title>
<meta name="ArticleTitle" content="{s.title}"><meta name="PubDate" content="{s.date} 10:00"></head><body>
<header><p>欢迎访问本网站</p><a href="#">无障碍浏览</a><a href="#">长者模式</a></header>
<nav><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/hdjl">互动交流</a><a href="/bsfw">办事服务</a></nav>
<div class="position">当前位置：<a href="/">首页</a> &gt; 政务公开</div>
<article><h2 class="title">{s.title}</h2><p class="time">{s.date} 来源：区政府办 浏览次数：12</p>
<div class="TRS_Editor">{body}</div></article>
<div class="xgxx"><h3>相关链接</h3><ul><li><a href="/a1">区长主持召开常务会议研究部署春耕生产工作</a></li>
<li><a href="/a2">我区召开优化营商环境工作推进会</a></li></ul></div>
<div class="fy"><a href="/p">上一篇：区政府2023年度重点工作任务分解方案</a><a href="/n">下一篇：关于开展安全生产大检查的通知</a></div>
<div class="ewm">扫一扫在手机打开当前页</div>
<footer>主办单位：区人民政府办公室 网站标识码3608020001 赣ICP备05000000号 赣公网安备36080202000001号 网站地图</footer>
</body></html>"""
    return page.encode("utf-8"), "utf-8"


def layout_anonymous(s: Sample) -> tuple[bytes, str]:
    body = "".join(f"<div>{html.escape(p)}</div>" for p in s.paragraphs)
    page = f"""<html><head><meta charset="utf-8"><title>{s.title}</title></head><body>
<div class="w1"><div class="l">欢迎访问本网站</div><div class="r"><a href="#">无障碍浏览</a><a href="#">长者模式</a></div></div>
<div class="w2"><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/hdjl">互动交流</a><a href="/bsfw">办事服务</a></div>
<div class="w3">当前位置：<a href="/">首页</a> &gt; 政务公开</div>
<div class="w4"><div class="t1">{s.title}</div><div class="t2">发布时间：{s.date}　浏览次数：7</div>{body}
<div class="t3"><a href="#">打印本页</a> <a href="#">关闭窗口</a></div></div>
<div class="w5">主办单位：区人民政府办公室 网站标识码3608020001 赣ICP备05000000号 赣公网安备36080202000001号 网站地图</div>
</body></html>"""
    return page.encode("utf-8"), "utf-8"


LAYOUTS = {"div portal": layout_div, "table GBK": layout_table_gbk, "related links": layout_related,
           "anonymous divs": layout_anonymous}


def visible_text_reader(data: bytes) -> tuple[str, str | None, str | None]:
    text, _, _ = _visible_page_text(data)
    return text, None, None


def adopted_reader(data: bytes) -> tuple[str, str | None, str | None]:
    text, _ = extract_html(data)
    return text, None, None


def trafilatura_reader(data: bytes) -> tuple[str, str | None, str | None]:
    import trafilatura
    from htmldate import find_date

    from fazhi.extract import decode_html

    source, _ = decode_html(data)
    document = trafilatura.bare_extraction(source, include_tables=True, include_comments=False, with_metadata=True)
    text = (document.text if document is not None else "") or ""
    title = document.title if document is not None else None
    date = find_date(source, original_date=True, outputformat="%Y-%m-%d")
    return text, title, date


def trafilatura_with_header(data: bytes) -> tuple[str, str | None, str | None]:
    """What landing would keep if it used trafilatura: its title and date as the first lines, then the body."""
    text, title, date = trafilatura_reader(data)
    header = "\n".join(x for x in (title, f"发布时间：{date}" if date else None) if x)
    return (header + "\n" + text if header else text), title, date


READERS = {"visible text (the reader before)": visible_text_reader, "trafilatura body only": trafilatura_reader,
           "trafilatura + its title/date lines": trafilatura_with_header,
           "extract_html now (the line above, else visible text)": adopted_reader}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def main() -> None:
    cases = [(layout, build(sample), sample) for sample in samples() for layout, build in LAYOUTS.items()]
    print(f"{len(cases)} pages: {len(samples())} sample reports x {len(LAYOUTS)} layouts\n")
    header = (f"{'reader':52} {'chrome removed':>14} {'body kept':>10} {'title right':>12} {'date right':>11}"
              f" {'own title':>10} {'own date':>9}")
    print(header)
    print("-" * len(header))
    for name, reader in READERS.items():
        removed = kept = titles = dates = own_titles = own_dates = total_chrome = total_body = 0
        per_layout: dict[str, list[float]] = {}
        for layout, (data, _charset), sample in cases:
            text, own_title, own_date = reader(data)
            flat = _norm(text)
            present = [snippet for snippet in CHROME if _norm(snippet) in flat and _norm(snippet) in _norm(
                data.decode("gbk" if _charset == "gbk" else "utf-8", errors="replace"))]
            in_page = [snippet for snippet in CHROME if _norm(snippet) in _norm(
                data.decode("gbk" if _charset == "gbk" else "utf-8", errors="replace"))]
            removed += len(in_page) - len(present)
            total_chrome += len(in_page)
            body_hits = sum(1 for p in sample.paragraphs if _norm(p)[:40] in flat)
            kept += body_hits
            total_body += len(sample.paragraphs)
            meta = extract_metadata(text)
            titles += meta.title is not None and _norm(meta.title) == _norm(sample.title)
            dates += meta.publish_date is not None and meta.publish_date.isoformat() == sample.date
            own_titles += own_title is not None and _norm(own_title) == _norm(sample.title)
            own_dates += own_date == sample.date
            per_layout.setdefault(layout, []).append((len(in_page) - len(present)) / max(1, len(in_page)))
        n = len(cases)
        own = f" {own_titles / n:>10.0%} {own_dates / n:>9.0%}" if name.startswith("trafilatura") \
            else f" {'-':>10} {'-':>9}"
        print(f"{name:52} {removed / total_chrome:>14.0%} {kept / total_body:>10.0%} {titles / n:>12.0%}"
              f" {dates / n:>11.0%}{own}")
        print("    chrome removed by layout: " + ", ".join(f"{k} {sum(v) / len(v):.0%}" for k, v in per_layout.items()))


if __name__ == "__main__":
    main()
