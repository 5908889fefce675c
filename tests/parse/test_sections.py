import pytest

from fazhi.parse.sections import extract_sections, is_plan_heading

REPORT = (
    "吉州区2016年度法治政府建设情况报告\n"
    "2016年,我区推动法治政府建设各项工作有序开展。现将有关工作情况报告如下:\n\n"
    "一、2016年工作情况\n\n"
    "(一)着力加强组织领导,不断夯实工作基础 \n\n区委区政府高度重视法治政府建设。\n\n"
    "(二)深化行政审批改革,大力推进政府职能转变\n\n"
    "一是全面完成权责清单编制工作。保留各类行政职权6102项。二是着力推动简政削权重点改革。统一是前提。"
    "三是大力推进行政审批标准化建设。\n\n"
    "虽然取得了一定的成绩,还存在不少问题:一是少数单位认识不足,流于形式;二是基层法治化水平不高。\n\n"
    "二、2017年工作打算\n\n"
    "(一)严格执行重大行政决策程序规定,提升依法决策水平。督促区直各部门单位严格履行程序。\n\n"
    "(二)进一步提升规范性文件的科学化、民主化水平。\n\n"
    "2016年12月20日"
)
# web text that lost its newlines (the 004 shape)
RUN_TOGETHER = (
    "各区、县人民政府:现予印发,请认真组织实施。具体安排如下:一、突出抓好依法行政重点工作(一)全面落实依法科学民主决策"
    "机制严格执行《泸州市人民政府重大行政决策程序规定》(泸市府发〔2010〕17号),各区县评估不少于3件。(责任单位:市政府办公室)"
    "(二)进一步深化法治政府创建活动各区县人民政府要按照要求,加快推进创建法治政府工作进程。(责任单位:市政府法制办)"
    "二、全面推进依法行政各项工作(一)进一步增强依法行政的意识和能力进一步抓好《政府领导干部学法制度》的落实。"
)


def _outline(text):
    return [(s.level, s.ordinal, s.heading, s.parent_index) for s in extract_sections(text)]


def test_report_outline():
    assert _outline(REPORT) == [
        (1, "一、", "2016年工作情况", None),
        (2, "(一)", "着力加强组织领导,不断夯实工作基础", 0),
        (2, "(二)", "深化行政审批改革,大力推进政府职能转变", 0),
        (4, "一是", "全面完成权责清单编制工作", 2),
        (4, "二是", "着力推动简政削权重点改革", 2),
        (4, "三是", "大力推进行政审批标准化建设", 2),
        (4, "一是", "少数单位认识不足", 2),
        (4, "二是", "基层法治化水平不高", 2),
        (1, "二、", "2017年工作打算", None),
        (2, "(一)", "严格执行重大行政决策程序规定,提升依法决策水平", 8),
        (2, "(二)", "进一步提升规范性文件的科学化、民主化水平", 8),
    ]


def test_headings_mid_line():
    assert _outline(RUN_TOGETHER) == [
        (1, "一、", "突出抓好依法行政重点工作", None),
        (2, "(一)", "全面落实依法科学民主决策机制", 0),
        (2, "(二)", "进一步深化法治政府创建活动", 0),
        (1, "二、", "全面推进依法行政各项工作", None),
        (2, "(一)", "进一步增强依法行政的意识和能力", 3),
    ]


@pytest.mark.parametrize("text", [REPORT, RUN_TOGETHER])
def test_offsets_are_valid_and_ranges_nest(text):
    sections = extract_sections(text)
    assert sections
    for section in sections:
        assert text[section.char_start:section.char_start + len(section.ordinal)] == section.ordinal
        assert section.char_start < section.char_end <= len(text)
        if section.parent_index is not None:
            parent = sections[section.parent_index]
            assert parent.level < section.level
            assert parent.char_start < section.char_start and section.char_end <= parent.char_end
    # a section runs to its next sibling or higher heading
    first, second = [s for s in sections if s.level == 1][:2]
    assert first.char_end == second.char_start
    assert sections[-1].char_end == len(text) or sections[-1].level > 1


def test_full_width_ordinals_keep_offsets():
    text = "一、主要工作\n（一）加强组织领导\n内容。\n（二）推进依法行政\n内容。"
    sections = extract_sections(text)
    assert [s.ordinal for s in sections] == ["一、", "（一）", "（二）"]
    assert [s.heading for s in sections] == ["主要工作", "加强组织领导", "推进依法行政"]
    assert all(text[s.char_start:].startswith(s.ordinal) for s in sections)


@pytest.mark.parametrize(
    "text",
    [
        # list items are level 4, never level 1
        "主要做法:一是强化领导;二是完善制度;三是加强考核。",
        # enumerations inside a sentence are not headings
        "深入学习党的十八届三中、四中、五中、六中全会精神,开展一、二级指标考评。",
        # 统一是 / 唯一是 are words
        "坚持标准统一是前提,也是唯一是非标准。",
    ],
)
def test_no_level_one_heading_in_running_text(text):
    assert all(section.level != 1 for section in extract_sections(text))


def test_one_shi_items_are_level_four_inline():
    sections = extract_sections("(一)强化组织领导。一是全面完成权责清单编制工作。二是着力推动改革,提升效能。")
    assert [(s.level, s.ordinal, s.heading) for s in sections] == [
        (2, "(一)", "强化组织领导"),
        (4, "一是", "全面完成权责清单编制工作"),
        (4, "二是", "着力推动改革"),
    ]


def test_decimal_numbers_are_not_level_three():
    text = "一、主要工作\n全年共办理案件1.2万件,增长3.5%。\n1.加强组织领导\n内容。\n2.完善制度建设\n内容。"
    assert [(s.level, s.ordinal, s.heading) for s in extract_sections(text)] == [
        (1, "一、", "主要工作"),
        (3, "1.", "加强组织领导"),
        (3, "2.", "完善制度建设"),
    ]


def test_out_of_sequence_ordinals_are_skipped():
    text = "一、主要工作\n内容。\n三、存在问题\n内容。\n二、工作打算\n内容。"
    assert [s.ordinal for s in extract_sections(text)] == ["一、", "二、"]


@pytest.mark.parametrize(
    ("heading", "level", "is_plan"),
    [
        ("2017年工作打算", 1, True),
        ("明年工作计划", 1, True),
        ("下一步工作安排", 1, True),
        ("2021年工作思路", 1, True),
        ("今后工作重点", 1, True),
        ("2022年重点工作安排", 2, True),
        ("2016年工作情况", 1, False),
        ("存在问题", 1, False),
        ("着力加强组织领导,不断夯实工作基础", 2, False),
        ("定期安排部署工作", 4, False),
        ("制定年度学法计划", 4, False),
    ],
)
def test_is_plan_heading(heading, level, is_plan):
    assert is_plan_heading(heading, level) is is_plan


def test_plan_section_flagged_in_report():
    flagged = [s.heading for s in extract_sections(REPORT) if s.is_plan]
    assert flagged == ["2017年工作打算"]


def test_empty_text():
    assert extract_sections("") == []


# -- regression: outlines of real-shaped reports ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outline"),
    [
        # traditional script: headings are read on the simplified view, ordinals keep the original characters
        (
            "一、2020年度法治政府建設情況\n(一)加強組織領導\n內容。\n(二)規範行政決策\n內容。\n二、存在的問題\n內容。",
            [(1, "2020年度法治政府建设情况"), (2, "加强组织领导"), (2, "规范行政决策"), (1, "存在的问题")],
        ),
        # HTML remnants around headings
        (
            "<p>一、主要工作</p>\n<p>(一)加强组织领导</p>\n<p>内容。</p>\n<p>二、下一步打算</p>",
            [(1, "主要工作"), (2, "加强组织领导"), (1, "下一步打算")],
        ),
        # a work plan's usual outline
        (
            "一、总体要求\n内容。\n二、主要任务\n(一)依法全面履行政府职能\n内容。\n(二)完善依法行政制度体系\n内容。\n三、保障措施\n内容。",
            [(1, "总体要求"), (1, "主要任务"), (2, "依法全面履行政府职能"), (2, "完善依法行政制度体系"), (1, "保障措施")],
        ),
        # ordinals written 一. at line start
        ("一.主要工作\n内容。\n二.存在问题\n内容。\n三.下步打算\n内容。", [(1, "主要工作"), (1, "存在问题"), (1, "下步打算")]),
        # full-width digits in level-3 ordinals
        ("一、主要工作\n１.加强组织领导\n内容。\n２.完善制度建设\n内容。", [(1, "主要工作"), (3, "加强组织领导"), (3, "完善制度建设")]),
        # a lost character before a heading does not hide it
        ("一、主要工作\n内容。\n?二、工作打算\n内容。", [(1, "主要工作"), (1, "工作打算")]),
        # (略) placeholders and page furniture lines are not headings
        ("一、主要工作\n(略)\n二、存在问题\n(略)\n打印本页 关闭窗口", [(1, "主要工作"), (1, "存在问题")]),
    ],
)
def test_outline_regression(text, outline):
    assert [(s.level, s.heading) for s in extract_sections(text)] == outline
    for section in extract_sections(text):
        assert text[section.char_start:section.char_start + len(section.ordinal)] == section.ordinal


@pytest.mark.parametrize(
    ("heading", "level", "is_plan"),
    [
        ("二〇二一年工作打算", 1, True),
        ("下步工作计划", 1, True),
        ("2022年工作思路", 1, True),
        ("2021年重点工作", 1, True),
        ("存在的问题和下一步打算", 1, True),
        ("今后努力方向", 1, True),
        ("关于下一步工作的建议", 2, True),
        ("2023年法治政府建设工作安排", 1, True),
        ("2020年重点工作完成情况", 1, False),
        ("存在的不足", 1, False),
        ("主要做法和成效", 1, False),
        ("认真落实年度工作计划", 3, False),
    ],
)
def test_is_plan_heading_regression(heading, level, is_plan):
    assert is_plan_heading(heading, level) is is_plan


def test_plan_section_of_a_summary_plus_plan():
    text = (
        "2020年法治政府建设工作总结暨2021年工作计划\n一、2020年工作总结\n(一)加强组织领导\n内容。\n"
        "二、2021年工作计划\n(一)深入学习贯彻习近平法治思想\n内容。\n(二)严格规范公正文明执法\n内容。"
    )
    sections = extract_sections(text)
    plan = [s for s in sections if s.is_plan]
    assert [s.heading for s in plan] == ["2021年工作计划"]
    assert plan[0].char_end == len(text)


def test_section_ends_on_a_long_outline():
    # each section runs to the next heading of its level or a higher one (or the end of the text)
    parts = []
    for chapter in "一二三四五六七八九":
        parts.append(f"{chapter}、第{chapter}部分工作\n")
        for item in "一二三四五":
            parts.append(f"({item})推进第{item}项工作\n")
            parts.append("一是完善制度。二是落实责任。三是加强监督。\n")
    text = "".join(parts) + "吉州区人民政府\n"
    sections = extract_sections(text)
    assert len(sections) == 9 * (1 + 5 * 4)
    for index, section in enumerate(sections):
        later = [s.char_start for s in sections[index + 1:] if s.level <= section.level]
        assert section.char_end == (later[0] if later else len(text))
    assert [s.parent_index for s in sections[:7]] == [None, 0, 1, 1, 1, 0, 5]


def test_every_heading_form_in_one_running_line():
    text = "现将有关情况报告如下:一、主要工作(一)完善制度。1.落实责任;一是推进工作,二是加强监督。二、下一步打算"
    assert _outline(text) == [
        (1, "一、", "主要工作", None),
        (2, "(一)", "完善制度", 0),
        (3, "1.", "落实责任", 1),
        (4, "一是", "推进工作", 2),
        (4, "二是", "加强监督", 2),
        (1, "二、", "下一步打算", None),
    ]
