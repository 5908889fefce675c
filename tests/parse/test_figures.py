import pytest

from fazhi.parse.figures import Figure, extract_figures


def _only(text: str, **kwargs) -> Figure:
    figures = extract_figures(text, **kwargs)
    assert len(figures) == 1, figures
    return figures[0]


def _check_offsets(text: str, figures: list[Figure]) -> None:
    for f in figures:
        assert text[f.char_start:f.char_end] == f.raw_span


# (sentence, value, unit, qualifier, is_target, raw_span)
SINGLE_FIGURES = [
    # Arabic counts, 万/亿 expansion, 余/多
    ("全年共受理行政复议案件17件,全部审结。", 17, "件", None, False, "受理行政复议案件17件"),
    ("为新开办企业减免98.4万元。", 984_000, "元", None, False, "为新开办企业减免98.4万元"),
    ("投入专项资金3亿元,", 300_000_000, "元", None, False, "投入专项资金3亿元"),
    ("累计发布各类信息1万余条。", 10_000, "条", "approx_more_than", False, "发布各类信息1万余条"),
    ("涉及金额600余万元。", 6_000_000, "元", "approx_more_than", False, "涉及金额600余万元"),
    ("网站总点击36万余次。", 360_000, "次", "approx_more_than", False, "网站总点击36万余次"),
    ("接待来访群众3000多人次。", 3000, "人次", "approx_more_than", False, "接待来访群众3000多人次"),
    ("共办理各类案件1,234件。", 1234, "件", None, False, "办理各类案件1,234件"),
    ("平台放贷6205.4万元。", 62_054_000, "元", None, False, "平台放贷6205.4万元"),
    # full-width digits and percent, spaces (ASCII, NBSP, ideographic) between number and unit
    ("受理行政复议案件１２件。", 12, "件", None, False, "受理行政复议案件１２件"),
    ("办结率１００％。", 100, "%", None, False, "办结率１００％"),
    ("共受理行政复议案件17 件。", 17, "件", None, False, "受理行政复议案件17 件"),
    ("共受理行政复议案件17\u00a0件。", 17, "件", None, False, "受理行政复议案件17\u00a0件"),
    ("共受理行政复议案件17\u3000件。", 17, "件", None, False, "受理行政复议案件17\u3000件"),
    # traditional characters
    ("全年受理行政復議案件12件。", 12, "件", None, False, "受理行政復議案件12件"),
    # Chinese numerals
    ("完成了四个协调小组的组建工作。", 4, "个", None, False, "四个协调小组"),
    ("先后召开两次专题会议。", 2, "次", None, False, "两次专题会议"),
    ("涉及十余个部门。", 10, "个", "approx_more_than", False, "十余个部门"),
    ("目前仅一名专职人员从事该工作。", 1, "名", None, False, "一名专职人员"),
    ("提出了削减审批事项、清理中介服务等十大重点改革任务。", 10, None, None, False, "十大重点改革任务"),
    ("百分之八十的事项实现网上办理。", 80, "%", None, False, "百分之八十的事项"),
    # qualifiers
    ("受理群众来信近3000件。", 3000, "件", "approx_less_than", False, "受理群众来信近3000件"),
    ("群众满意率超过95%。", 95, "%", "more_than", False, "群众满意率超过95%"),
    ("出庭应诉率达90%以上。", 90, "%", "at_least", False, "出庭应诉率达90%以上"),
    ("实现0.5个工作日内全流程办结。", 0.5, "个工作日", "at_most", False, "实现0.5个工作日内"),
    ("办理时限压缩至5个工作日以内。", 5, "个工作日", "at_most", False, "办理时限压缩至5个工作日以内"),
    ("行政复议案件同比下降12.5%。", 12.5, "%", None, False, "行政复议案件同比下降12.5%"),
    ("纠错率较上年下降2.3个百分点。", 2.3, "个百分点", None, False, "纠错率较上年下降2.3个百分点"),
    ("考核综合得分96.5分。", 96.5, "分", None, False, "考核综合得分96.5分"),
    # ranks
    ("在全市法治政府建设考核中获得第3名。", 3, "名", "rank", False, "在全市法治政府建设考核中获得第3名"),
    ("综合考评位居全省第二。", 2, None, "rank", False, "综合考评位居全省第二"),
    ("营商环境综合排名进入全省第二方阵。", 2, "方阵", "rank", False, "营商环境综合排名进入全省第二方阵"),
    # 无一败诉 states a count of lost cases
    ("以区政府为被告的行政诉讼案件迄今无一败诉。", 0, "件", None, False, "以区政府为被告的行政诉讼案件迄今无一败诉"),
    # the counted noun after the number
    ("262项行政审批服务事项全部进驻中心办理。", 262, "项", None, False, "262项行政审批服务事项"),
    # targets from lexical cues
    ("各区县评估不少于3件。", 3, "件", "at_least", True, "各区县评估不少于3件"),
    ("每季度至少听取一次法治政府建设工作汇报。", 1, "次", "at_least", True, "至少听取一次法治政府建设工作汇报"),
    ("力争全年行政复议案件办结率达到100%。", 100, "%", None, True, "力争全年行政复议案件办结率达到100%"),
    ("积极争取上级资金1200万元。", 12_000_000, "元", None, False, "积极争取上级资金1200万元"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "is_target", "raw_span"), SINGLE_FIGURES)
def test_single_figure(text, value, unit, qualifier, is_target, raw_span):
    figure = _only(text)
    assert figure.value == pytest.approx(value, abs=1e-9)
    assert figure.unit == unit
    assert figure.qualifier == qualifier
    assert figure.is_target is is_target
    assert figure.raw_span == raw_span
    assert text[figure.char_start:figure.char_end] == raw_span


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("全年共受理行政复议案件17件。", "受理行政复议案件"),
        ("行政机关负责人出庭应诉率82%。", "行政机关负责人出庭应诉率"),
        ("行政诉讼案件败诉率为14.58%。", "行政诉讼案件败诉率"),
        ("262项行政审批服务事项全部进驻中心办理。", "行政审批服务事项"),
        ("经审查确认继续执行的32件。", "经审查确认继续执行"),
        ("超过90%的行政许可事项实现网上办理。", "行政许可事项"),
        ("市本级审批事项由1,053项精简至786项。", "市本级审批事项"),
        ("全区共有村（社区）法律顾问156名。", "全区共有村（社区）法律顾问"),
    ],
)
def test_subject_is_the_counted_phrase_as_written(text, subject):
    assert extract_figures(text)[0].subject_text == subject


def test_several_rates_sharing_one_number_give_one_figure_each():
    text = "行政规范性文件全部报送备案,报备率、报备及时率、规范率均达100%,源头规范。"
    figures = extract_figures(text)
    assert [f.subject_text for f in figures] == ["报备率", "报备及时率", "规范率"]
    assert {(f.value, f.unit, f.raw_span) for f in figures} == {(100, "%", "报备率、报备及时率、规范率均达100%")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("信用分级分类监管覆盖24个部门44个领域。", [(24, "个", None), (44, "个", None)]),
        ("接待群众来访240批700余人。", [(240, "批", None), (700, "人", "approx_more_than")]),
        ("清理文件39件,继续执行的32件、废止的2件、失效的5件。", [(39, "件", None), (32, "件", None), (2, "件", None), (5, "件", None)]),
        ("行政复议和行政诉讼案件分别为12件和35件。", [(12, "件", None), (35, "件", None)]),
        ("信用环境、项目保障2个一级指标进入全省第一方阵。", [(2, "个", None), (1, "方阵", "rank")]),
    ],
)
def test_one_figure_per_number_in_text_order(text, expected):
    figures = extract_figures(text)
    assert [(f.value, f.unit, f.qualifier) for f in figures] == expected
    _check_offsets(text, figures)


NOT_FIGURES = [
    # blanks and placeholders
    "区政府受理行政复议 件。积极开展复议答辩。",
    "上网裁判文书XXXX份,公开审判流程信息XXX项。",
    "X月X日,召开第一次会议。",
    "共召开*次会议。",
    # dates and years
    "2016年12月20日",
    "二〇一一年二月二十八日",
    "于6月底前完成申报,11月底基本完成。",
    "2012年上半年进行检查验收。",
    "截止十月份共办理。",
    "年度考核",
    "2019—2020年法治政府建设示范创建,2016-2020年。",
    # document numbers, titles, quoted names
    "严格执行《重大行政决策程序规定》(泸市府发〔2010〕17号)。",
    "按照《社会稳定风险评估暂行办法》(省政府第246号令)规定。",
    "国发〔2020〕5号",
    "印发了《关于推进1000个基层站所规范化建设的意见》。",
    # ordinals and section numbers
    "召开第五次会议,引入第三方评估,首批试点,第二届活动。",
    "深入学习党的十八届四中全会精神,压实第一责任人责任。",
    "一、加强组织领导\n(二)深化改革\n1.健全机制\n一是强化领导,二是完善制度。",
    # slogans and named packages
    "出台加快推进法治建设的1+6文件,推行“5+X”延时服务。",
    "建设三单一网,落实“双随机、一公开”,推行四张清单。",
    "全面推行行政执法三项制度,落实两法衔接机制和一岗双责。",
    "认真贯彻七五普法规划,全面启动“八五”普法,编制“十四五”规划。",
    "树牢四个意识,坚定四个自信,做到两个维护,落实中央八项规定精神。",
    "推行24小时自助服务。",
    # enumerations of levels or aspects
    "坚持区乡两级党政主要领导亲自挂帅。",
    "构建区、镇、村三级便民服务体系。",
    "提升信息公开、网上服务、政民互动三大功能。",
    "将法治政府建设作为六大专项工作之一。",
    "实现司法与行政两支力量优势互补。",
    # vague amounts, prize grades
    "先后多次召开专题会议,受教育群众达数万余人,开展了数十场培训,十几个单位参加。",
    "荣获全省微视频大赛三等奖。",
    # page chrome
    "发布时间:2017-11-19 来源: 作者: 浏览次数:1234",
    "点击:256次",
    # text damaged where a character was lost
    "在“3?15国际消费者权益日”期间开展宣传。",
    "3?15国际消费者权益日,6?5环境日",
    # codes, hotlines, ranges, thresholds, brackets of ranks
    "开通12345热线,推广5G应用,电话:0830-3190000。",
    "选派2至3名干部,安排3-5个工作日。",
    "对个人处5万元以上罚款的案件进行备案。",
    "名列全省前三名。",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_never_a_figure(text):
    assert extract_figures(text) == []


def test_plan_ranges_make_targets_except_past_counts():
    text = "一、工作情况\n共受理案件12件。\n二、下一步工作打算\n新增法律顾问10名,去年已聘请8名。"
    plan_start = text.index("二、")
    figures = extract_figures(text, plan_ranges=[(plan_start, len(text))])
    assert [(f.value, f.is_target) for f in figures] == [(12, False), (10, True), (8, False)]


def test_crlf_text_keeps_offsets():
    text = "一、基本情况\r\n受理案件12件，\r\n办结率95%。\r\n同比增长\u00a03.5%。"
    figures = extract_figures(text)
    assert [(f.value, f.unit) for f in figures] == [(12, "件"), (95, "%"), (3.5, "%")]
    _check_offsets(text, figures)
    assert "\r" not in "".join(f.raw_span for f in figures)


def test_figures_come_in_text_order_with_exact_spans():
    text = (
        "2016年,区政府法制机构全程列席区政府常务会议4次。今年,我区共组织110余名城管队员参加培训考试,"
        "考试通过率为94%。以区政府为被告的行政诉讼案件3件,其中2件维持结案,1件驳回原告起诉,迄今无一败诉。"
    )
    figures = extract_figures(text)
    assert [(f.value, f.unit) for f in figures] == [
        (4, "次"), (110, "名"), (94, "%"), (3, "件"), (2, "件"), (1, "件"), (0, "件"),
    ]
    starts = [text.index(f.raw_span) for f in figures]
    assert starts == sorted(starts)
    _check_offsets(text, figures)


def test_empty_text():
    assert extract_figures("") == []
