import datetime

import pytest

from fazhi.parse.metadata import extract_metadata, extract_title, find_masked_issuer

PAGE_000 = (
    "欢迎您访问吉州区人民政府网!\n|\n>> 首页 > 信息公开 > 规划计划 > 工作报告 > 正文>> 详细内容\n"
    "吉州区2016年度法治政府建设情况报告\n"
    "发布时间:2017-11-19来源: 作者: 浏览量: 【字体:大 中 小】\n\n"
    "\u00a0\u00a0  2016年,在区委、区政府的正确领导下,我区各部门单位深入贯彻落实国务院、省、市关于推进法治政府建设的统一部署,"
    "取得了明显成效。现将有关工作情况报告如下:\n\n一、2016年工作情况\n\n(一)着力加强组织领导\n\n区委区政府高度重视。\n\n"
    "二、2017年工作打算\n\n2017年,我区将以党的十八届四中全会精神为指引。\n\n\n\n2016年12月20日"
)
NOTICE_004 = (
    "泸州关于印发泸州市人民政府2011年度依法行政工作安排的通知\n政策\n发布部门:泸州市人民政府办公室\n"
    "发布时间:2011年02月28日\n有效性:有效\n"
    "各区、县人民政府,市级各部门:《泸州市人民政府2011年度依法行政工作安排》已经市政府同意,现予印发,请认真组织实施。"
    "二〇一一年二月二十八日泸州市人民政府2011年度依法行政工作安排市政府2011年依法行政工作的总体思路是:深入贯彻"
    "国务院《全面推进依法行政实施纲要》。具体安排如下:一、突出抓好依法行政重点工作(一)全面落实依法科学民主决策机制"
)
TEMPLATE_002 = (
    "区法治政府建设工作总结和2021年工作计划\n\n时间:2020-09-26 09:09:28 手机站 来源:网友投稿\n\n"
    "XX区法治政府建设工作总结和2021年\n\n工作计划\n\n?\n\n"
    "2020年XX区按照省委依法治省办、市委依法治市办工作部署,全面推进依法治区工作,现将有关情况总结报告如下:\n\n"
    "一、基本情况\n\n(一)强化组织领导。X月X日,XX区召开区委全面依法治区委员会第一次会议。\n\n三、明年工作计划\n\n"
)
NO_TITLE_001 = (
    "2023年,在市委、市政府的坚强领导下,平桥区坚持以习近平新时代中国特色社会主义思想为指导,为推动全区高质量发展提供了"
    "坚实的法治保障。现将相关情况报告如下。\n一、加强领导,谋深抓实,系统推进法治政府建设\n先后印发了《平桥区法治政府"
    "建设实施方案(2021—2025年)》《2023年度建设更高水平法治平桥工作要点》等文件。\n下一步,我区将继续坚持。\n2024年2月19日"
)


@pytest.mark.parametrize(
    ("text", "title", "kind", "year", "published", "anonymised"),
    [
        # page 发布时间 outranks the earlier signing date at the end; the 2017 plan appendix keeps it a report
        (PAGE_000, "吉州区2016年度法治政府建设情况报告", "annual_report", 2016, datetime.date(2017, 11, 19), False),
        # a notice forwarding a plan; the site tag 泸州 before 关于 is dropped; year = year planned for
        (NOTICE_004, "关于印发泸州市人民政府2011年度依法行政工作安排的通知", "notice", 2011, datetime.date(2011, 2, 28), False),
        # a templated summary + plan: the truncated site title gives way to the full one; year = summarised year
        (TEMPLATE_002, "XX区法治政府建设工作总结和2021年工作计划", "work_summary_plan", 2020, datetime.date(2020, 9, 26), True),
        # no title, no page date: the opening sentence gives the year, the signing date the publish date
        (NO_TITLE_001, None, "annual_report", 2023, datetime.date(2024, 2, 19), False),
    ],
)
def test_real_shaped_documents(text, title, kind, year, published, anonymised):
    meta = extract_metadata(text)
    assert meta.title == title
    assert meta.doc_kind == kind
    assert meta.report_year == year
    assert meta.publish_date == published
    assert meta.is_anonymized is anonymised


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("吉州区2016年度法治政府建设情况报告", "annual_report"),
        ("关于2021年度法治政府建设工作情况的报告", "annual_report"),
        ("平安县2019年度法治政府建设年度报告", "annual_report"),
        ("关于2020年法治政府建设情况和2021年工作安排的报告", "annual_report"),
        ("吉州区2020年依法行政工作总结", "annual_report"),
        ("XX区法治政府建设工作总结和2021年工作计划", "work_summary_plan"),
        ("吉州区2020年法治政府建设工作总结及2021年工作思路", "work_summary_plan"),
        ("吉州区2016年度法治政府建设情况报告及2017年工作计划", "work_summary_plan"),
        ("吉州区2021年法治政府建设工作要点", "work_plan"),
        ("泸州市人民政府2011年度依法行政工作安排", "work_plan"),
        ("吉州区法治政府建设实施方案(2021—2025年)", "implementation_plan"),
        ("关于加快推进法治吉州建设的实施意见", "implementation_plan"),
        ("关于印发泸州市人民政府2011年度依法行政工作安排的通知", "notice"),
        ("关于印发《吉州区法治政府建设实施方案(2021—2025年)》的通知", "notice"),
        ("吉州区召开2020年度法治政府建设工作推进会", "news"),
        ("法治政府建设的困境与路径研究", "academic"),
        # look-alikes
        ("吉州区人民政府2020年政府信息公开工作年度报告", "other"),
        ("吉安市中级人民法院2019年度行政审判白皮书", "other"),
        ("2021年吉州区政府工作报告", "other"),
    ],
)
def test_doc_kind_from_title(title, kind):
    text = title + "\n" + "一年来,我区坚持依法行政,全面推进法治政府建设,取得了明显成效。"
    assert extract_metadata(text).doc_kind == kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("2020年,延吉市坚持以习近平法治思想为引领,持续推动法治政府建设迈上新台阶。\n一、2020年度法治政府建设基本情况\n", "annual_report"),
        ("各乡镇人民政府,县直各单位:\n《平安县2012年依法行政工作要点》已经县政府同意,现予印发,请认真贯彻执行。\n", "notice"),
        ("本报讯 3月5日上午,区政府召开法治政府建设工作推进会,区长出席会议并讲话。\n", "news"),
        ("摘要:本文从法治政府建设的实践出发,分析了基层依法行政的困境。\n关键词:法治政府;基层\n", "academic"),
        ("各位代表:现在,我代表区人民政府向大会报告工作,请予审议,并请区政协各位委员提出意见。\n", "other"),
    ],
)
def test_doc_kind_without_title(body, kind):
    assert extract_metadata(body).doc_kind == kind


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # published in March 2022 about 2021
        ("关于2021年度法治政府建设工作情况的报告\n发布时间:2022-03-15\n现将有关情况报告如下:", 2021),
        # a plan's year is the year planned for, even when published the December before
        ("关于印发《吉州区2022年法治政府建设工作计划》的通知\n发布日期:2021年12月28日\n各镇街:现予印发。", 2022),
        # a multi-year plan counts from its first year
        ("吉州区法治政府建设实施方案(2021—2025年)\n为深入推进法治政府建设,制定本方案。", 2021),
        # no year anywhere: a report signed in March 2024 is about 2023
        ("一年来,我区坚持依法行政,取得明显成效,现报告如下。\n一、主要工作\n\n2024年3月12日", 2023),
        # past-work headings give the year when the opening does not
        ("今年以来,我县坚持依法行政,取得明显成效,现报告如下。\n一、2019年工作开展情况\n二、2020年工作打算\n", 2019),
        # dated mentions (2024年2月19日), ranges and 《》 titles are not the report year
        ("2023年,平桥区印发了《2024年度工作要点》和《实施方案(2021—2025年)》,现将相关情况报告如下。\n2024年2月19日", 2023),
    ],
)
def test_report_year_is_not_the_publish_year(text, year):
    assert extract_metadata(text).report_year == year


def test_site_clock_is_neither_publish_date_nor_report_year():
    text = (
        "今天是:2019年10月31日 星期三\n平安县2017年法治政府建设情况报告\n"
        "一年来,我县坚持依法行政,取得明显成效,现将有关情况报告如下。\n平安县人民政府\n2018年1月5日"
    )
    meta = extract_metadata(text)
    assert meta.publish_date == datetime.date(2018, 1, 5)
    assert meta.report_year == 2017


def test_late_page_date_does_not_move_the_report_year():
    text = (
        "发布时间:2021-06-01\n我县法治政府建设情况报告\n一年来,我县坚持依法行政,取得明显成效,现报告如下。\n"
        "一、主要工作\n\n二〇一八年一月五日"
    )
    meta = extract_metadata(text)
    assert meta.publish_date == datetime.date(2021, 6, 1)  # the page date outranks the signing date
    assert meta.report_year == 2017  # but the year comes from the signing date


@pytest.mark.parametrize(
    ("signature", "date"),
    [
        ("二〇一一年二月二十八日", datetime.date(2011, 2, 28)),
        ("二〇二〇年十二月三十一日", datetime.date(2020, 12, 31)),
        ("二○一九年一月十日", datetime.date(2019, 1, 10)),
        ("2016年12月20日", datetime.date(2016, 12, 20)),
        ("吉州区人民政府 2017年1月6日", datetime.date(2017, 1, 6)),
    ],
)
def test_signing_dates_including_chinese_numerals(signature, date):
    text = "一年来,我区坚持依法行政,取得明显成效,现报告如下。\n一、主要工作\n\n" + signature
    assert extract_metadata(text).publish_date == date


def test_date_after_a_word_ending_in_shijian_is_not_a_page_date():
    text = "一年来,我区坚持依法行政。\n数据截止时间2020年12月31日,共受理案件3件。\n吉州区人民政府\n(2021年1月8日)"
    assert extract_metadata(text).publish_date == datetime.date(2021, 1, 8)


def test_dates_inside_sentences_are_not_signing_dates():
    text = "一年来,我区坚持依法行政。\n2016年12月20日,区政府召开常务会议,研究法治政府建设工作。\n区政府受理行政复议案件3件。"
    assert extract_metadata(text).publish_date is None


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("XX县2019年法治政府建设工作总结\n2019年,XX县坚持依法行政。", "XX县"),
        ("*区人民政府关于2019年法治政府建设情况的报告\n2019年,*区坚持依法行政。", "*区"),
        ("2019年,××县人民政府坚持依法行政。", "××县"),
        ("某某县人民政府关于2019年法治政府建设情况的报告\n2019年,某某县坚持依法行政。", "某某县"),
        # a genuine report that cites one anonymous case, or masks only figures, is not anonymised
        ("2019年,吉州区坚持依法行政,借鉴某县经验,受理案件XXX件。", None),
        ("2019年,吉州区坚持依法行政,规范某市场主体行为。", None),
    ],
)
def test_masked_issuer(text, masked):
    assert find_masked_issuer(text) == masked
    assert extract_metadata(text).is_anonymized is (masked is not None)


@pytest.mark.parametrize(
    ("header", "title"),
    [
        ("吉州区人民政府关于2016年度法治政府建设情况的报告_吉州区人民政府网\n2016年,我区坚持依法行政,取得成效。", "吉州区人民政府关于2016年度法治政府建设情况的报告"),
        ("吉州区关于2020年法治政府建设情况的报告\n2020年,我区坚持依法行政,取得成效。", "吉州区关于2020年法治政府建设情况的报告"),
        ("2023年,在市委、市政府的坚强领导下,平桥区坚持依法行政,现将相关情况报告如下。\n一、加强领导", None),
        ("发布时间:2020-01-02\n来源:司法局\n\n法治政府建设年度报告\n\n一年来,我县坚持依法行政,取得成效。", "法治政府建设年度报告"),
    ],
)
def test_title(header, title):
    assert extract_title(header) == title
