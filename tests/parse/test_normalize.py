import re

import pytest

from fazhi.parse.normalize import (
    _CHROME_MARKERS,
    _blank_chrome_lines,
    blank_chrome,
    is_chrome_line,
    normalize_chars,
    page_tail_start,
    text_views,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("受理行政复议案件１２件，出庭应诉率１００％", "受理行政复议案件12件,出庭应诉率100%"),
        ("\u3000\u30002016年,\u00a0我区", "  2016年, 我区"),
        ("我區(qū)受理", "我区    受理"),
        ("共&nbsp;12件<br/>", "共      12件     "),
        ("(一)着力加强组织领导", "(一)着力加强组织领导"),  # an ordinary parenthesis is not a pinyin gloss
    ],
)
def test_normalize_chars_maps_one_to_one(text, expected):
    assert normalize_chars(text) == expected
    assert len(normalize_chars(text)) == len(text)


@pytest.mark.parametrize(
    "line",
    [
        "欢迎您访问吉州区人民政府网!",
        ">> 首页 > 信息公开 > 规划计划 > 工作报告 > 正文>> 详细内容",
        "发布时间:2017-11-19来源: 作者: 浏览量: 【字体:大 中 小】",
        "推荐访问:法治政府建设 工作计划 工作总结",
        "版权声明 :以上文章中选用的图片文字均来源于网络或用户投稿",
        "|",
    ],
)
def test_chrome_lines_are_recognised(line):
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "一、2016年工作情况",
        "积极发挥区政府门户网站和政府信息公开系统作用,累计发布各类网上信息1万余条,网站总点击率36万余次。",
        "",
    ],
)
def test_report_lines_are_not_chrome(line):
    assert not is_chrome_line(line)


def test_views_keep_length_offsets_and_newlines():
    text = "欢迎您访问某某网!\r\n浏览量: 【字体:大 中 小】\n\u3000\u3000２０１６年，受理复议１件。\n"
    views = text_views(text)
    assert len(views.chars) == len(views.body) == len(text)
    assert views.body.count("\n") == text.count("\n")
    assert "欢迎" not in views.body and "欢迎" in views.chars
    start = views.body.index("受理复议1件")
    assert text[start:start + 6] == "受理复议１件"


# -- regression: scripts and damage on real-shaped lines ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # traditional-script mirrors become simplified, one character for one character
        ("內蒙古自治區人民政府關於2019年法治政府建設情況的報告", "内蒙古自治区人民政府关于2019年法治政府建设情况的报告"),
        ("全年辦理行政復議案件1.2萬余次", "全年办理行政复议案件1.2万余次"),
        ("我區堅持依法行政,全區各部門認真落實", "我区坚持依法行政,全区各部门认真落实"),
        ("吉州區人民政府辦公室", "吉州区人民政府办公室"),
        ("延邊朝鮮族自治州延吉市司法局", "延边朝鲜族自治州延吉市司法局"),
        ("錫林郭勒盟東烏珠穆沁旗", "锡林郭勒盟东乌珠穆沁旗"),
        ("二〇二一年十二月三十一日", "二〇二一年十二月三十一日"),
        ("縣應急管理局2020年度法治政府建設工作總結", "县应急管理局2020年度法治政府建设工作总结"),
        ("規範性文件備案審查率達100%", "规范性文件备案审查率达100%"),
        ("行政訴訟案件敗訴率為零", "行政诉讼案件败诉率为零"),
        # characters that are also simplified characters, or that the code table uses, are left alone
        ("乾安县、乾县法治政府建设成效显著", "乾安县、乾县法治政府建设成效显著"),
        ("著力推进,余下工作于年底完成", "著力推进,余下工作于年底完成"),
        ("泾县、歙县和沈丘县", "泾县、歙县和沈丘县"),
        # pinyin glosses glued to a character are blanked, also with spaces or full-width brackets
        ("我區(qū)法治政府建設", "我区    法治政府建设"),
        ("我区（qū）法治", "我区    法治"),
        ("依法(yī fǎ)行政", "依法" + " " * 7 + "行政"),
        # an ordinary bracketed note is kept
        ("(略)", "(略)"),
        ("《条例》(试行)", "《条例》(试行)"),
        # full-width digits, letters and punctuation
        ("２０２０年度受理案件３５件，办结率９８．５％", "2020年度受理案件35件,办结率98.5%"),
        ("ＸＸ区人民政府", "XX区人民政府"),
        # HTML remnants, with and without the closing semicolon, decimal and hex entities
        ("<p style=\"text-indent:2em\">一、主要工作</p>", " " * 27 + "一、主要工作" + " " * 4),
        ("共&nbsp;12件&emsp;&#12288;&#x3000;", "共" + " " * 6 + "12件" + " " * 22),
        ("区政府&nbsp受理", "区政府" + " " * 5 + "受理"),
        ("<!-- 正文开始 -->我区", " " * 13 + "我区"),
        # lost characters stay as they are: a parser must not guess them
        ("吉?区坚持依法行政??", "吉?区坚持依法行政??"),
    ],
)
def test_normalize_chars_regression(text, expected):
    assert normalize_chars(text) == expected
    assert len(normalize_chars(text)) == len(text)


@pytest.mark.parametrize(
    "line",
    [
        "今天是:2019年10月31日 星期三",
        "今天是2021年3月2日 星期二 农历正月十九",
        "索引号:11360802MB1234567X/2017-00123",
        "索 引 号:000014349/2021-00456",
        "主题分类:政府工作",
        "来源:区司法局 作者:王某 发布时间:2021-03-01",
        "【打印本页】 【关闭窗口】",
        "【我要纠错】【打印】【关闭】",
        "所在位置:首页 > 政务公开 > 法治政府建设",
        "当前位置:首页>>信息公开>>法治政府建设年度报告",
        "分享到:微信 微博 QQ空间",
        "网站标识码3608020001 赣ICP备05000000号",
    ],
)
def test_page_furniture_lines_are_chrome(line):
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "今天是全面依法治国的重要时刻,我们要坚定不移推进法治政府建设。",
        "全县共受理行政复议案件35件,来源于市场监管领域的案件12件。",
        "二、2021年工作打算",
        "(一)关于索引号编制和主题分类的规范化管理,全年清理信息目录1200余条。",
    ],
)
def test_report_lines_with_chrome_words_are_not_chrome(line):
    assert not is_chrome_line(line)


def test_traditional_views_keep_offsets():
    text = "內蒙古自治區2019年法治政府建設情況報告\n全區受理行政復議案件１２件。"
    views = text_views(text)
    assert len(views.chars) == len(text)
    start = views.chars.index("内蒙古自治区")
    assert text[start:start + 6] == "內蒙古自治區"
    assert views.body[views.body.index("12件") - 8:].startswith("受理行政复议案件12件")


def test_related_links_at_the_foot_are_blanked_in_the_body_view():
    report = "2020年,吉州区坚持依法行政,受理行政复议案件12件。\n" * 6
    text = report + "相关文章\n泰和县2020年法治政府建设情况报告\n2021-03-05\n吉水县依法行政工作总结\n"
    views = text_views(text)
    assert page_tail_start(views.chars) == len(report)
    assert views.body[:len(report)] == report
    assert views.body[len(report):].strip() == ""
    assert len(views.body) == len(text)


def test_top_navigation_is_not_the_foot_of_the_page():
    text = "上一篇 下一篇\n" + "2020年,吉州区坚持依法行政,受理行政复议案件12件。\n" * 6
    assert page_tail_start(text) == len(text)


# -- the fast chrome scan against the line-by-line one ------------------------------------------------------------

# one chrome line per alternative of _CHROME_MARKERS (a new marker needs a line here)
MARKER_LINES = [
    "欢迎您访问吉州区人民政府网!", "浏览量:814", "浏览次数:1200", "阅读次数:35", "点击数:12", "点击量:99",
    "推荐访问:法治政府建设 工作计划", "版权声明:以上文章来源于网络", "版权所有:吉州区人民政府", "免责声明:本站转载",
    "【字体:大 中 小】", "字体: 小", "首页 > 信息公开 > 正文", "当前位置:政务公开", "您的位置:政务公开",
    "您现在的位置:政务公开", "上一篇:吉州区召开会议", "下一篇:泰和县召开会议", "打印本页", "关闭窗口", "分享到:微信",
    "扫一扫在手机打开当前页", "手机站", "网站地图", "联系我们", "赣ICP备05000000号", "赣公网安备36080202000123号",
    "主办单位:吉州区人民政府办公室", "技术支持:某某网络公司", "相关链接", "相关文章", "相关阅读",
    "责任编辑:王某", "所在位置:首页", "网站标识码3608020001", "我要纠错", "【打印】", "【关闭】",
]


def test_every_chrome_marker_has_a_sample_line():
    for alternative in _CHROME_MARKERS.pattern.split("|"):
        assert any(re.search(alternative, line) for line in MARKER_LINES), alternative


# one line per alternative of _CHROME_OPENERS, and the lines chrome on their own
OPENER_LINES = [
    "今天是2021年3月2日 星期二", "今日是二〇二一年三月二日", "当前时间:2021-03-02", "现在时间 2021年", "索 引 号:000014349/2021-00456",
    "主题分类:政府工作", "信息分类:法治", "公开方式:主动公开", "公开范围:面向社会", "有效性:有效", "所属机构:司法局",
    "来源:区司法局", "信息来源:区司法局", "文章来源:区司法局", "|", ">>", "政策",
]


@pytest.mark.parametrize("line", MARKER_LINES + OPENER_LINES)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\u2028"])
def test_chrome_scan_finds_every_chrome_line(line, newline):
    # the newline-based scan finds marker lines by _CHROME_HINT; the line-by-line path (other line breaks) tests all
    prose = "2020年,吉州区坚持依法行政,受理行政复议案件12件。"
    text = newline.join([line, prose, "  " + line, prose * 4, line, prose])
    body = blank_chrome(text)
    assert body == _blank_chrome_lines(text, page_tail_start(text))
    assert len(body) == len(text) and line not in body and prose in body


def test_lone_carriage_returns_are_line_breaks_for_chrome_blanking():
    text = "正文一。\r浏览量:12\r\n正文二。\r\n"
    assert blank_chrome(text) == "正文一。\r" + " " * 6 + "\r\n正文二。\r\n"


def test_characters_beyond_the_basic_plane_are_mapped():
    assert normalize_chars("\U00021ed5月\u3000１２") == "岁月 12"
