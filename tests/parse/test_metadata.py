import datetime

import pytest

from fazhi.parse.metadata import arabic_years, extract_metadata, extract_title, find_masked_issuer
from fazhi.parse.normalize import normalize_chars

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


# -- regression: real-shaped headers, openings and sign-offs -------------------------------------------------------

_OPENING = "一年来,我县坚持以习近平法治思想为指导,全面推进依法行政,法治政府建设取得明显成效。现将有关情况报告如下:"


@pytest.mark.parametrize(
    ("header", "title"),
    [
        # aggregator titles: site suffixes, (精选)-style prefixes and 范文(通用N篇) decorations are not the title
        ("2020年法治政府建设工作总结_百度文库\n" + _OPENING, "2020年法治政府建设工作总结"),
        ("县司法局2021年法治政府建设工作总结-范文网\n" + _OPENING, "县司法局2021年法治政府建设工作总结"),
        ("(精选)乡镇2019年法治政府建设工作总结\n" + _OPENING, "乡镇2019年法治政府建设工作总结"),
        ("【精品】2022年法治政府建设年度报告\n" + _OPENING, "2022年法治政府建设年度报告"),
        ("2021年XX区法治政府建设工作总结范文(通用5篇)\n" + _OPENING, "2021年XX区法治政府建设工作总结"),
        ("法治政府建设工作计划(精选3篇)\n" + _OPENING, "法治政府建设工作计划"),
        ("关于2020年度法治政府建设情况的报告 - 道客巴巴\n" + _OPENING, "关于2020年度法治政府建设情况的报告"),
        ("2019年度法治政府建设情况报告.doc\n" + _OPENING, "2019年度法治政府建设情况报告"),
        # the issuer on its own line above 关于… belongs to the title
        ("吉州区人民政府\n关于2021年度法治政府建设情况的报告\n" + _OPENING, "吉州区人民政府关于2021年度法治政府建设情况的报告"),
        ("延吉市司法局\n关于2020年法治政府建设工作情况的报告\n" + _OPENING, "延吉市司法局关于2020年法治政府建设工作情况的报告"),
        # a document number and an addressee are not titles
        (
            "平县府函〔2022〕8号\n平安县人民政府关于2021年法治政府建设情况的报告\n市人民政府:\n" + _OPENING,
            "平安县人民政府关于2021年法治政府建设情况的报告",
        ),
        # the 标题/名称 row of an information-disclosure page carries the title
        (
            "索引号:11410000/2022-00031\n主题分类:综合政务\n名称:河南省人民政府关于2021年度法治政府建设情况的报告\n"
            "发文机关:河南省人民政府\n成文日期:2022年02月18日\n" + _OPENING,
            "河南省人民政府关于2021年度法治政府建设情况的报告",
        ),
        # breadcrumbs, a site clock and a share bar before the title
        (
            "今天是:2021年3月5日 星期五\n首页 > 政务公开 > 法治政府建设\n吉州区2020年法治政府建设年度报告\n分享到:\n" + _OPENING,
            "吉州区2020年法治政府建设年度报告",
        ),
        # traditional script: the title is read on the simplified view
        ("內蒙古自治區人民政府關於2019年法治政府建設情況的報告\n" + _OPENING, "内蒙古自治区人民政府关于2019年法治政府建设情况的报告"),
        # a column tag before a news headline
        ("【法治政府建设】泰和县召开2021年法治政府建设推进会\n近日,泰和县召开法治政府建设推进会。", "泰和县召开2021年法治政府建设推进会"),
        # a title split before its last word
        ("吉州区2020年法治政府建设\n工作报告\n" + _OPENING, "吉州区2020年法治政府建设工作报告"),
    ],
)
def test_title_regression(header, title):
    assert extract_metadata(header).title == title


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        # annual reports and 情况报告, including wrappers that submit the report itself
        ("关于报送2020年度法治政府建设情况报告的函", "annual_report"),
        ("延吉市司法局2020年度法治政府建设工作报告", "annual_report"),
        ("上海市人民政府关于2020年本市法治政府建设情况的报告", "annual_report"),
        ("关于2022年度法治政府建设和主要负责人履行推进法治建设第一责任人职责情况的报告", "annual_report"),
        ("县应急管理局2021年依法行政工作总结", "annual_report"),
        ("2021年上半年法治政府建设工作总结", "annual_report"),
        ("\"十三五\"时期法治政府建设工作总结", "annual_report"),
        ("全面依法治县工作2020年度总结", "annual_report"),
        ("内蒙古自治区人民政府关于2019年法治政府建设情况的报告", "annual_report"),
        # summary plus plan
        ("XX县2020年法治政府建设工作总结暨2021年工作计划", "work_summary_plan"),
        ("市生态环境局2019年法治政府建设工作总结及2020年工作打算", "work_summary_plan"),
        ("区政府办公室2018年依法行政工作情况和2019年工作思路", "work_summary_plan"),
        # work plans for a coming year
        ("2022年全县法治政府建设工作要点", "work_plan"),
        ("平安县2019年推进依法行政工作安排", "work_plan"),
        ("市司法局2023年法治政府建设工作计划", "work_plan"),
        ("2021年法治政府建设重点工作任务", "work_plan"),
        # implementation plans, 意见, multi-year 纲要 and 规划
        ("延边州法治政府建设实施方案(2021-2025年)", "implementation_plan"),
        ("关于加快推进法治政府建设的意见", "implementation_plan"),
        ("吉林省法治政府建设规划(2016-2020年)", "implementation_plan"),
        ("法治政府建设实施纲要(2015-2020年)", "implementation_plan"),
        # notices forwarding them
        ("关于印发《2022年全县法治政府建设工作要点》的通知", "notice"),
        ("区人民政府办公室关于转发市政府2019年依法行政工作安排的通知", "notice"),
        ("关于印发延吉市法治政府建设实施方案的通知", "notice"),
        # news
        ("东乌旗召开2021年法治政府建设推进会", "news"),
        ("平安县:三举措推进法治政府建设", "news"),
        ("延吉市法治政府建设工作获省通报表扬", "news"),
        ("我市举办法治政府建设专题培训班", "news"),
        # academic
        ("新时代县级法治政府建设的实践与思考", "academic"),
        ("论基层法治政府建设的困境与出路", "academic"),
        ("县域法治政府建设评价机制研究——以A省为例", "academic"),
        # look-alikes that are not rule-of-law-government reports
        ("延吉市2020年政府信息公开工作年度报告", "other"),
        ("关于2021年度政府信息公开工作的年度报告", "other"),
        ("2020年度行政审判白皮书", "other"),
        ("2023年阿坝州政府工作报告", "other"),
        ("2019年度个人述职述廉报告", "other"),
        ("司法局局长2021年度述法报告", "other"),
        ("2020年普法依法治理工作总结", "other"),
        ("关于2019年度法治政府建设考核结果的通报", "notice"),  # issue 12: a 通报 of assessment results is a notice
        ("2021年法治社会建设工作总结", "other"),
        # older names of the same work and other report words
        ("2010年政府法制工作总结", "annual_report"),
        ("推进依法行政建设法治政府工作情况汇报", "annual_report"),
        ("2021年法治政府建设任务分工", "work_plan"),
        # speeches and regulations are neither reports nor plans
        ("在全县法治政府建设工作会议上的讲话", "other"),
        ("平安县法治政府建设考核办法", "other"),
        ("平安县行政执法公示规定", "other"),
    ],
)
def test_doc_kind_regression(title, kind):
    text = title + "\n" + _OPENING + "\n一、主要工作\n(一)加强组织领导。县政府常务会议专题研究法治政府建设工作4次。"
    assert extract_metadata(text).doc_kind == kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("近日,东乌旗召开法治政府建设工作推进会,旗长出席会议并讲话。会议通报了2021年法治政府建设工作进展。\n", "news"),
        ("日前,延吉市司法局组织开展行政执法人员专题培训。来自全市各执法部门的200余名执法人员参加培训。\n", "news"),
        ("讯(记者 王晓 通讯员 李明)3月12日,平安县召开全面依法治县委员会会议。\n", "news"),
        ("【摘要】法治政府建设是全面依法治国的重点任务。本文以县级政府为对象,分析其困境。\n【关键词】法治政府;县级政府\n", "academic"),
        ("为贯彻落实《法治政府建设实施纲要(2021-2025年)》,结合我县实际,制定本实施方案。\n一、总体要求\n", "implementation_plan"),
        (
            "2020年,我县坚持以习近平法治思想为指导,全面推进法治政府建设,现将工作总结及2021年工作计划报告如下:\n"
            "一、2020年工作总结\n二、2021年工作计划\n",
            "work_summary_plan",
        ),
        (
            "根据《中华人民共和国政府信息公开条例》规定,特向社会公布2020年度政府信息公开工作年度报告。本报告由总体情况、"
            "主动公开政府信息情况等部分组成。\n",
            "other",
        ),
    ],
)
def test_doc_kind_without_title_regression(body, kind):
    assert extract_metadata(body).doc_kind == kind


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # the title's year, also in Chinese numerals or as 年度
        ("二〇二一年度法治政府建设情况报告\n" + _OPENING, 2021),
        ("关于二○一九年法治政府建设工作情况的报告\n" + _OPENING, 2019),
        # five-year summaries report on the period: the last year of the period
        ("\"十三五\"时期法治政府建设工作总结\n" + _OPENING, 2020),
        ("平安县“十二五”依法行政工作总结\n" + _OPENING, 2015),
        ("2016-2020年法治政府建设工作总结\n" + _OPENING, 2020),
        # a five-year plan is about its first year (the year planned from)
        ("平安县“十四五”法治政府建设规划\n为推进法治政府建设,制定本规划。", 2021),
        # a plan for next year, published in December
        ("2022年法治政府建设工作要点\n发布时间:2021-12-20\n各乡镇人民政府,县直各部门:现将要点印发如下。", 2022),
        # summary plus plan: the summarised year
        ("XX县2020年法治政府建设工作总结暨2021年工作计划\n" + _OPENING, 2020),
        # a notice forwarding a plan: the planned year, not the notice's year
        ("关于印发《平安县2012年依法行政工作要点》的通知\n发布日期:2012年02月15日\n各乡镇:现予印发。", 2012),
        # the opening gives the year when the title does not
        ("法治政府建设情况报告\n2018年,我县坚持依法行政,取得明显成效,现将有关情况报告如下:", 2018),
        ("法治政府建设情况报告\n二〇一八年,在市委市政府的坚强领导下,我县坚持依法行政,现将有关情况报告如下:", 2018),
        ("法治政府建设年度报告\n2019年以来,我局认真贯彻落实上级部署,扎实推进依法行政,现报告如下:", 2019),
        ("法治政府建设工作总结\n2020年XX区按照上级工作部署,全面推进依法治区工作,现将有关情况总结报告如下:", 2020),
        # a deadline in the opening sentence of an undated plan is not its year
        ("法治政府建设工作要点\n2022年底前,全面完成规范性文件清理工作。发布时间:2021-12-20\n一、主要任务\n", 2022),
        # a site clock years later is not the report year
        (
            "今天是:2023年10月31日 星期二\n法治政府建设工作报告\n发布时间:2017-01-20\n"
            "一年来,我县坚持依法行政,现将有关情况报告如下:\n一、主要工作\n",
            2016,
        ),
        # a re-published page: the page date is years after the signing date, which fixes the year
        (
            "发布时间:2022-08-01\n法治政府建设情况报告\n一年来,我县坚持依法行政,取得明显成效,现报告如下。\n"
            "一、主要工作\n(一)加强领导。\n平安县人民政府\n2017年1月10日",
            2016,
        ),
        # news is about the day it reports, even early in the year
        ("泰和县召开全面依法治县工作会议\n发布时间:2021-04-16\n4月15日上午,泰和县召开全面依法治县工作会议,县长出席会议。", 2021),
        # a report published in March 2024 with no year in its text is about 2023
        ("法治政府建设情况报告\n发布时间:2024-03-20\n一年来,我县坚持依法行政,取得明显成效,现报告如下。", 2023),
        # a report whose body dwells on next year's plan still reports the earlier year
        (
            "法治政府建设情况报告\n2020年,我区坚持依法行政,现报告如下。\n一、2020年工作情况\n二、2021年工作打算\n"
            "2021年,我区将继续推进。2021年重点做好三项工作。2021年底前完成清理。",
            2020,
        ),
        # a document title 《…》 and a range in the body do not set the year
        (
            "今年以来,我县认真落实《2023年全县法治政府建设工作要点》和《法治政府建设实施纲要(2021-2025年)》,"
            "坚持依法行政,现报告如下。\n一、主要工作\n\n2022年12月26日",
            2022,
        ),
        # traditional script
        ("內蒙古自治區人民政府關於2019年法治政府建設情況的報告\n" + _OPENING, 2019),
        # year written with full-width digits
        ("关于２０２０年度法治政府建设情况的报告\n" + _OPENING, 2020),
        # a lost character does not invent a year
        ("关于20??年度法治政府建设情况的报告\n发布时间:2021-02-01\n" + _OPENING, 2020),
    ],
)
def test_report_year_regression(text, year):
    assert extract_metadata(text).report_year == year


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # the info-disclosure header: 发布日期 outranks 成文日期
        (
            "索引号:000014349/2022-00031\n发文机关:平安县人民政府\n成文日期:2022年02月18日\n发布日期:2022年02月25日\n"
            "平安县人民政府关于2021年法治政府建设情况的报告\n" + _OPENING,
            datetime.date(2022, 2, 25),
        ),
        # only a 成文日期
        ("成文日期:2022年02月18日\n平安县人民政府关于2021年法治政府建设情况的报告\n" + _OPENING, datetime.date(2022, 2, 18)),
        # label and value on separate lines (table layout)
        ("发布日期:\n2021-03-05\n吉州区2020年法治政府建设年度报告\n" + _OPENING, datetime.date(2021, 3, 5)),
        # 更新时间 when no 发布时间
        ("更新时间:2021-01-28 16:20\n吉州区2020年法治政府建设年度报告\n" + _OPENING, datetime.date(2021, 1, 28)),
        # a bracketed page date
        ("吉州区2020年法治政府建设年度报告\n[ 发布时间:2021-02-03 ]\n" + _OPENING, datetime.date(2021, 2, 3)),
        # a site clock alone gives no publish date
        ("今天是:2021年3月5日 星期五\n吉州区2020年法治政府建设年度报告\n" + _OPENING, None),
        # a signing date in Chinese numerals after the issuer
        (_OPENING + "\n一、主要工作\n平安县人民政府\n二〇二二年一月十八日", datetime.date(2022, 1, 18)),
        # a signing date with dots
        (_OPENING + "\n一、主要工作\n平安县司法局\n2022.01.18", datetime.date(2022, 1, 18)),
        # dates of the related-articles list at the foot of the page are not the signing date
        (
            _OPENING + "\n一、主要工作\n平安县人民政府\n2022年1月18日\n相关文章\n吉水县2022年法治政府建设工作要点\n"
            "2022-03-05\n泰和县2021年法治政府建设情况报告\n2022-04-11",
            datetime.date(2022, 1, 18),
        ),
    ],
)
def test_publish_date_regression(text, published):
    assert extract_metadata(text).publish_date == published


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("**区2020年法治政府建设工作总结\n2020年,**区坚持依法行政。", "**区"),
        ("X县人民政府关于2021年法治政府建设情况的报告\n2021年,X县坚持依法行政。", "X县"),
        ("2021年xx市法治政府建设工作总结\n2021年,xx市坚持依法行政。", "xx市"),
        ("ＸＸ县司法局2020年工作总结\n2020年,ＸＸ县司法局坚持依法行政。", "XX县"),
        ("2021年,○○县人民政府坚持依法行政,○○县各部门认真落实。", "○○县"),
        ("2020年□□区法治政府建设工作总结\n2020年,□□区坚持依法行政。", "□□区"),
        ("2021年XX区法治政府建设工作总结范文(通用5篇)\n2021年,我区坚持依法行政。", "XX区"),
        ("某县2020年法治政府建設工作總結\n2020年,某县坚持依法行政。", "某县"),
        # masked figures, dates, people or companies in a genuine report are not a masked issuer
        ("2020年,吉州区坚持依法行政,X月X日召开常务会议,XX公司案件依法审结。", None),
        ("2020年,吉州区深入推进XX区块链政务平台建设,开展法治宣传。", None),
        ("2020年,吉州区办理某市民投诉1件,督促某企业整改。", None),
    ],
)
def test_masked_issuer_regression(text, masked):
    assert find_masked_issuer(normalize_chars(text)) == masked
    assert extract_metadata(text).is_anonymized is (masked is not None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇二一年度报告", "2021年度报告"),
        ("二○一九年十二月", "2019年十二月"),
        ("一九九九年", "1999年"),
        ("二〇二一年", "2021年"),
        ("第二十一次会议,三五年", "第二十一次会议,三五年"),  # not a year
    ],
)
def test_arabic_years_keep_length(text, expected):
    assert arabic_years(text) == expected
    assert len(arabic_years(text)) == len(text)


def test_line_lookup_is_bounded_on_a_one_line_text():
    # a 1 MB report saved as one line made every date lookup copy the whole line (quadratic time)
    from fazhi.parse.metadata import _LINE_WINDOW, _line_of

    text = "2020年,我区受理行政复议案件12件。" * 50000
    assert len(_line_of(text, len(text) // 2)) <= 2 * _LINE_WINDOW
    assert _line_of("发布时间:2017-11-19\n正文", 3) == "发布时间:2017-11-19"
    assert _line_of("标题\n2016年12月20日", 5) == "2016年12月20日"


@pytest.mark.parametrize(
    ("signature", "date"),
    [
        ("2022.01.18", datetime.date(2022, 1, 18)),
        ("2022/1/8", datetime.date(2022, 1, 8)),
        ("2019-12-30", datetime.date(2019, 12, 30)),
        ("1998年3月5日", datetime.date(1998, 3, 5)),
        ("一九九八年三月五日", datetime.date(1998, 3, 5)),
        ("二零二一年元月八日", datetime.date(2021, 1, 8)),
        ("二O二一年十月二十日", datetime.date(2021, 10, 20)),
    ],
)
def test_signing_date_forms(signature, date):
    text = "一年来,我区坚持依法行政,取得明显成效,现报告如下。\n一、主要工作\n\n吉州区人民政府\n" + signature
    assert extract_metadata(text).publish_date == date


@pytest.mark.parametrize(
    "not_a_date",
    ["3019年1月5日", "2022年13月5日", "二〇二一年十三月五日", "二〇二年一月五日"],
)
def test_impossible_or_partial_dates_are_not_signing_dates(not_a_date):
    text = "一年来,我区坚持依法行政,取得明显成效,现报告如下。\n一、主要工作\n\n吉州区人民政府\n" + not_a_date
    assert extract_metadata(text).publish_date is None


@pytest.mark.parametrize(
    "not_a_date",
    ["12022年1月5日", "１2022年1月5日", "32019.1.5", "一二〇二一年一月五日", "十二〇二一年一月五日", "3二〇二一年一月五日"],
)
def test_a_year_after_a_digit_is_no_signing_date(not_a_date):
    # the four digits are the tail of a longer number: reading them as a year invented a date
    text = "一年来,我区坚持依法行政,取得明显成效,现报告如下。\n一、主要工作\n\n吉州区人民政府\n" + not_a_date
    assert extract_metadata(text).publish_date is None


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("摘要:法治政府建设是全面依法治国的重点任务,本文分析其困境。\n", "academic"),  # at the very start
        ("\n  【关键词】法治政府;依法行政\n本文分析法治政府建设的困境。\n", "academic"),  # indented, after a newline
        ("法治政府建设的路径选择\n内容提要:本文分析法治政府建设的困境。\n", "academic"),
        ("法治政府建设的路径选择\n正文从略。\n参考文献:[1]某某.法治政府研究[M].\n", "academic"),
        ("2020年,我区坚持依法行政,推进法治政府建设,摘要如下:全年受理案件12件。\n", "annual_report"),  # not a label
    ],
)
def test_academic_labels_in_a_body_without_title(body, kind):
    assert extract_metadata(body).doc_kind == kind
