import pytest

from fazhi.parse.normalize import is_chrome_line, normalize_chars, text_views


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("受理行政复议案件１２件，出庭应诉率１００％", "受理行政复议案件12件,出庭应诉率100%"),
        ("\u3000\u30002016年,\u00a0我区", "  2016年, 我区"),
        ("我區(qū)受理", "我區    受理"),
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
