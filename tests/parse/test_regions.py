from pathlib import Path

import pytest

from fazhi.parse.regions import RegionTable, admin_level_of, resolve_region

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "admin_divisions.csv"


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return RegionTable.from_csv(SEED)


def _resolve(table, text, year, title=None):
    return resolve_region(text, table, report_year=year, title=title)


@pytest.mark.parametrize(
    ("title", "text", "year", "code"),
    [
        # the title names the reporter; superiors only appear in 《》 and 在…领导下
        (
            "吉州区2016年度法治政府建设情况报告",
            "吉州区2016年度法治政府建设情况报告\n发布时间:2017-11-19\n"
            "2016年,在区委、区政府的正确领导下,我区按照《江西省2016年法治政府建设工作要点》、"
            "《吉安市2016年法治政府建设工作要点》的要求,推进法治政府建设。",
            2016,
            "360802",
        ),
        # no title: the opening subject plus 我区 decide, 市委/省 are superiors
        (
            None,
            "2023年,在市委、市政府的坚强领导下,平桥区坚持以习近平法治思想为指导。我区印发了《信阳市平桥区党政主要负责人"
            "履行推进法治建设第一责任人职责清单》,区医疗保障局被表彰为“河南省服务型行政执法标兵”。",
            2023,
            "411503",
        ),
        # a county-level city under an autonomous prefecture; 州委 and 《吉林省…》 are superiors; slogan 法治延吉
        (
            None,
            "2020年,延吉市坚持以习近平法治思想为引领,积极贯彻落实省委、州委关于法治建设的重大决策部署。"
            "一是积极贯彻落实《吉林省重大行政决策程序暂行规定》。我市继续坚持法治延吉、法治政府一体建设。",
            2020,
            "222401",
        ),
        # a notice: the 发布部门 line names the municipal government's office
        (
            "关于印发泸州市人民政府2011年度依法行政工作安排的通知",
            "泸州关于印发泸州市人民政府2011年度依法行政工作安排的通知\n发布部门:泸州市人民政府办公室\n"
            "发布时间:2011年02月28日\n各区、县人民政府,市级各部门:按照《四川省社会稳定风险评估暂行办法》规定……",
            2011,
            "510500",
        ),
        # a province calls itself 我省/全省
        (
            "江西省人民政府关于2020年法治政府建设情况的报告",
            "江西省人民政府关于2020年法治政府建设情况的报告\n2020年,全省各级政府坚持依法行政,我省法治政府建设取得新进展。",
            2020,
            "360000",
        ),
        # a municipality's district through the full name chain
        (
            "北京市朝阳区人民政府关于2021年法治政府建设情况的报告",
            "北京市朝阳区人民政府关于2021年法治政府建设情况的报告\n2021年,朝阳区坚持依法行政,我区法治政府建设取得新进展。",
            2021,
            "110105",
        ),
    ],
)
def test_reporter_is_the_issuing_government(table, title, text, year, code):
    resolution = _resolve(table, text, year, title)
    assert resolution.region is not None, resolution.evidence
    assert resolution.region.code == code


def test_superior_alone_is_not_the_reporter(table):
    text = (
        "2020年,在吉安市委、市政府的正确领导下,我区坚持以习近平法治思想为指导,按照《吉安市2020年法治政府建设工作要点》"
        "要求,全区各部门扎实推进法治政府建设。"
    )
    assert _resolve(table, text, 2020).region is None


def test_peer_named_for_its_experience_is_not_the_reporter(table):
    text = "2019年,张家港市坚持依法行政,组织赴昆山市学习借鉴昆山市先进经验,我市法治政府建设取得新进展。"
    assert _resolve(table, text, 2019).region.name == "张家港市"


@pytest.mark.parametrize(
    "text",
    [
        # 人大代表和政协委员 hides 和政(县); 人力资源 and 自然资源 hide 资源(县)
        "2019年,我县认真办理人大代表和政协委员提出的建议,县人力资源和社会保障局、县自然资源局加强执法,全县法治政府建设取得新成效。",
        # 保定街道 hides 保定(市)
        "2021年,我区在保定街道、峨桥镇开展普法宣讲10余次,区人力资源和社会保障局积极配合。",
        # 区域 and 市场 are words, not 和平区 or 合作市
        "我县坚持维护和平区域稳定,推进合作市场建设,全县法治政府建设取得新成效。",
    ],
)
def test_names_hidden_inside_words_are_not_matched(table, text):
    assert _resolve(table, text, 2020).region is None


@pytest.mark.parametrize(
    ("title", "year", "code", "name", "level"),
    [
        ("静海县人民政府关于2014年法治政府建设情况的报告", 2014, "120223", "静海县", "county"),
        # the county became 静海区 in 2015: the code valid in the report year is the successor's
        ("静海县人民政府关于2016年法治政府建设情况的报告", 2016, "120118", "静海区", "district"),
        # and the other way round: a new name for a year before the change maps back to the old code
        ("静海区人民政府关于2014年法治政府建设情况的报告", 2014, "120223", "静海县", "county"),
        # 栾城县 → 栾城区 in 2014; its successor list also notes an earlier partial transfer (130108[2001])
        ("栾城县人民政府关于2016年法治政府建设情况的报告", 2016, "130111", "栾城区", "district"),
    ],
)
def test_renamed_unit_resolves_to_the_code_valid_in_the_report_year(table, title, year, code, name, level):
    text = title + "\n" + f"{year}年,坚持依法行政,法治政府建设取得新进展。"
    region = _resolve(table, text, year, title).region
    assert (region.code, region.name, region.admin_level) == (code, name, level)


def test_unit_split_between_several_successors_abstains(table):
    # 抚宁县 was divided between 海港区, 北戴河区 and 抚宁区 in 2015: a 2016 report naming it has no single heir
    title = "抚宁县人民政府关于2016年法治政府建设情况的报告"
    text = title + "\n2016年,在秦皇岛市委、市政府的领导下,我县坚持依法行政。"
    assert _resolve(table, text, 2016, title).region is None


def test_department_issuer_belongs_to_its_government(table):
    title = "延吉市司法局关于2020年度法治政府建设工作情况的报告"
    text = title + "\n2020年,市司法局在市委、市政府的领导下,认真履行职责。"
    resolution = _resolve(table, text, 2020, title)
    assert resolution.region.code == "222401"
    assert resolution.region.admin_level == "county_city"
    assert resolution.region.prefecture_name == "延边朝鲜族自治州"
    assert resolution.issuer == "延吉市司法局"


def test_issuer_line_gives_the_issuer_as_written(table):
    text = "关于印发2011年度依法行政工作安排的通知\n发布部门:泸州市人民政府办公室\n各区、县人民政府:现予印发。"
    resolution = _resolve(table, text, 2011)
    assert resolution.region.code == "510500"
    assert resolution.issuer == "泸州市人民政府办公室"


@pytest.mark.parametrize(
    ("title", "body", "code"),
    [
        # the name chain says which 鼓楼区
        ("福州市鼓楼区2020年法治政府建设情况报告", "2020年,鼓楼区坚持依法行政,我区法治政府建设取得新进展。", "350102"),
        # a bare duplicate name, told apart by the parent the text mentions
        (
            "鼓楼区2020年法治政府建设情况报告",
            "2020年,在南京市委、市政府的坚强领导下,鼓楼区坚持依法行政,我区法治政府建设取得新进展。",
            "320106",
        ),
        ("城关区2019年法治政府建设工作报告", "2019年,在兰州市委、市政府的领导下,城关区坚持依法行政,我区各部门认真落实。", "620102"),
    ],
)
def test_duplicate_names_are_disambiguated_by_parent(table, title, body, code):
    assert _resolve(table, title + "\n" + body, 2020, title).region.code == code


def test_bare_duplicate_name_without_parent_abstains(table):
    title = "鼓楼区2020年法治政府建设情况报告"
    text = title + "\n2020年,鼓楼区坚持依法行政,我区法治政府建设取得新进展,全区各部门认真落实。"
    resolution = _resolve(table, text, 2020, title)
    assert resolution.region is None
    assert "鼓楼区" in resolution.evidence


@pytest.mark.parametrize(
    "text",
    [
        "XX区法治政府建设工作总结和2021年工作计划\n2020年XX区按照省委依法治省办、市委依法治市办工作部署,依法快速审结XX市宏达机械有限公司破产案。",
        "*区人民政府关于2019年法治政府建设情况的报告\n2019年,*区坚持依法行政。",
        "2019年,××县人民政府坚持依法行政,××县各部门认真落实。",
    ],
)
def test_anonymised_issuer_gives_no_region(table, text):
    resolution = _resolve(table, text, 2020)
    assert resolution.region is None
    assert resolution.issuer is not None


@pytest.mark.parametrize(
    ("title", "code", "level"),
    [
        ("延边州2020年法治政府建设情况报告", "222400", "autonomous_prefecture"),
        ("阿坝州人民政府关于2019年法治政府建设情况的报告", "513200", "autonomous_prefecture"),
        ("东乌旗2019年法治政府建设工作报告", "152525", "banner"),
        ("赵县人民政府关于2021年法治政府建设情况的报告", "130133", "county"),
    ],
)
def test_safe_abbreviations_and_short_names_with_context(table, title, code, level):
    region = _resolve(table, title + "\n" + "一年来,全面推进依法行政。", 2020, title).region
    assert (region.code, region.admin_level) == (code, level)


def test_no_region_named_abstains(table):
    resolution = _resolve(table, "2020年,我区坚持依法行政,全区法治政府建设取得新进展。", 2020)
    assert resolution.region is None


@pytest.mark.parametrize(
    "text",
    [
        "今年以来,我们组织干部到吉州区参观,推进依法行政。",
        # 我县 fits the type, but one passing mention of a neighbour is not the reporter
        "今年以来,我县坚持依法行政,我县与吉水县签订了矛盾纠纷联调协议,全县法治政府建设取得新成效。",
    ],
)
def test_single_passing_mention_abstains(table, text):
    assert _resolve(table, text, 2020).region is None


@pytest.mark.parametrize(
    ("tier", "name", "level"),
    [
        ("province", "广西壮族自治区", "province"),
        ("province", "北京市", "province"),
        ("prefecture", "延边朝鲜族自治州", "autonomous_prefecture"),
        ("prefecture", "泸州市", "prefecture"),
        ("prefecture", "阿克苏地区", "prefecture"),
        ("prefecture", "锡林郭勒盟", "prefecture"),
        ("county", "吉州区", "district"),
        ("county", "资源县", "county"),
        ("county", "长阳土家族自治县", "county"),
        ("county", "延吉市", "county_city"),
        ("county", "东乌珠穆沁旗", "banner"),
        ("county", "鄂温克族自治旗", "banner"),
        ("county", "东沙群岛", "unknown"),
    ],
)
def test_admin_level_mapping(tier, name, level):
    assert admin_level_of(tier, name) == level


def test_region_parents(table):
    region = _resolve(table, "泸州市人民政府关于2020年法治政府建设情况的报告\n我市坚持依法行政。", 2020,
                      "泸州市人民政府关于2020年法治政府建设情况的报告").region
    assert (region.province_name, region.prefecture_name) == ("四川省", "泸州市")
    province = _resolve(table, "江西省人民政府关于2020年法治政府建设情况的报告\n全省坚持依法行政,我省取得新进展。", 2020,
                        "江西省人民政府关于2020年法治政府建设情况的报告").region
    assert (province.province_name, province.prefecture_name) == ("江西省", None)


def test_finditer_yields_leftmost_longest_names(table):
    found = [name for name, _, _ in table.finditer("北京市东城区和信阳市平桥区")]
    assert found == ["北京市", "东城区", "信阳市", "平桥区"]  # 城区 inside 东城区 is not reported
