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


# -- regression: the reporting government on real-shaped headers, openings and sign-offs --------------------------


def _pipeline(table, text):
    """Resolve as the parser does: the title and year come from the metadata reader."""
    from fazhi.parse.metadata import extract_metadata

    meta = extract_metadata(text)
    return resolve_region(text, table, report_year=meta.report_year, title=meta.title)


_REGION_CASES = [
    # -- traditional script and damage
    (
        "traditional province",
        "內蒙古自治區人民政府關於2019年法治政府建設情況的報告\n"
        "2019年,在黨中央、國務院的堅強領導下,自治區各級政府堅持依法行政,全區法治政府建設取得新進展。現將有關情況報告如下:",
        "150000",
    ),
    (
        "traditional district with a pinyin gloss",
        "吉州區2020年法治政府建設情況報告\n"
        "2020年,在區委、區政府的正確領導下,我區(qū)堅持依法行政,全區各部門認真落實《江西省法治政府建設實施方案》。",
        "360802",
    ),
    (
        "traditional figures do not confuse the resolver",
        "延吉市2020年法治政府建設工作報告\n2020年,延吉市辦理行政復議案件1.2萬余件,我市法治政府建設邁上新台階。",
        "222401",
    ),
    (
        "lost characters in the title, the text still names the issuer",
        "??区2020年法治政府建设情况报告\n2020年,平桥区坚持依法行政,我区法治政府建设取得新成效,在信阳市考核中位居前列。",
        "411503",
    ),
    (
        "a name broken by a lost character abstains",
        "平?区2020年法治政府建设情况报告\n2020年,我区坚持依法行政,全区法治政府建设取得新成效。",
        None,
    ),
    # -- provinces calling themselves 我省, 全省, 自治区, 本市
    (
        "province without a title, signed at the end",
        "2020年,全省各级行政机关在省委、省政府的坚强领导下,坚持依法行政,我省法治政府建设取得新进展。"
        "南昌市、九江市、赣州市被命名为全省法治政府建设示范市。\n一、主要工作\n(一)加强组织领导。\n江西省人民政府\n2021年3月1日",
        "360000",
    ),
    (
        "province listing its cities",
        "河南省人民政府关于2021年度法治政府建设情况的报告\n"
        "2021年,全省上下深入学习贯彻习近平法治思想。郑州市、洛阳市、开封市率先开展示范创建,郑州市、洛阳市获评全国示范,"
        "郑州市建成全市统一的行政执法平台,我省法治政府建设取得新成效。",
        "410000",
    ),
    (
        "municipality reporting as 本市",
        "上海市人民政府关于2020年本市法治政府建设情况的报告\n"
        "2020年,本市坚持以习近平法治思想为指导,浦东新区、黄浦区先行先试,本市法治政府建设取得新进展。",
        "310000",
    ),
    (
        "autonomous region reporting as 自治区",
        "广西壮族自治区人民政府关于2021年法治政府建设情况的报告\n2021年,自治区人民政府坚持依法行政,全区法治政府建设取得新成效。",
        "450000",
    ),
    # -- a municipality's districts
    (
        "municipality district with the municipality named first",
        "上海市浦东新区2020年法治政府建设情况报告\n2020年,在市委、市政府的坚强领导下,浦东新区坚持依法行政,我区法治政府建设取得新成效。",
        "310115",
    ),
    (
        "municipality district under 市委 leadership without a title",
        "2021年,在市委、市政府的坚强领导下,静海区坚持以习近平法治思想为指导,全面推进依法行政,我区法治政府建设"
        "取得新成效。现将有关情况报告如下:\n一、主要工作\n天津市静海区人民政府\n2022年1月15日",
        "120118",
    ),
    # -- departments belong to their government's region
    (
        "county department",
        "平山县应急管理局2020年法治政府建设工作总结\n2020年,县应急管理局在县委、县政府的坚强领导下,认真履行安全生产监管职责。",
        "130131",
    ),
    (
        "provincial department",
        "吉林省生态环境厅2020年法治政府建设情况报告\n2020年,省生态环境厅在省委、省政府的坚强领导下,全面推进依法行政。",
        "220000",
    ),
    (
        "district government office",
        "泸州市江阳区人民政府办公室关于2019年法治政府建设情况的报告\n2019年,区政府办公室认真贯彻落实区委、区政府部署。",
        "510502",
    ),
    (
        "issuer row of an information-disclosure page",
        "索引号:11220000/2021-00012\n发文机关:吉林省司法厅\n成文日期:2021年02月20日\n"
        "法治政府建设年度报告\n2020年,省司法厅坚持依法行政,认真履行职责。",
        "220000",
    ),
    # -- leagues and banners, official abbreviations
    (
        "league abbreviation 锡盟",
        "锡盟2020年法治政府建设工作报告\n2020年,在自治区党委、政府的坚强领导下,全盟各级各部门坚持依法行政,锡盟法治政府建设取得新进展。",
        "152500",
    ),
    (
        "banner in full",
        "东乌珠穆沁旗人民政府关于2020年法治政府建设情况的报告\n2020年,在盟委、行署的坚强领导下,我旗坚持依法行政。",
        "152525",
    ),
    (
        "wing banner abbreviation 科左中旗",
        "科左中旗2021年法治政府建设工作报告\n2021年,科左中旗坚持依法行政,全旗法治政府建设取得新成效。",
        "150521",
    ),
    (
        "banner abbreviation 阿左旗",
        "阿左旗2019年法治政府建设情况报告\n2019年,在盟委、行署的坚强领导下,阿左旗坚持依法行政,我旗法治政府建设取得新进展。",
        "152921",
    ),
    (
        "autonomous prefecture abbreviation 克州",
        "克州2020年法治政府建设工作报告\n2020年,在自治区党委、人民政府的坚强领导下,克州坚持依法行政,全州法治政府建设取得新进展。",
        "653000",
    ),
    (
        "autonomous prefecture abbreviation 黔东南州",
        "黔东南州2019年法治政府建设情况报告\n2019年,黔东南州坚持依法行政,全州法治政府建设取得新成效,凯里市获评省级示范。",
        "522600",
    ),
    (
        "autonomous prefecture abbreviation 恩施州",
        "恩施州人民政府关于2021年法治政府建设情况的报告\n2021年,恩施州坚持依法行政,全州法治政府建设取得新成效。",
        "422800",
    ),
    # -- renamed units: the code valid in the report year
    (
        "county before its rename",
        "万全县人民政府关于2014年法治政府建设情况的报告\n2014年,万全县坚持依法行政,全县法治政府建设取得新成效。",
        "130729",
    ),
    (
        "county named by its old name after the rename",
        "崇礼县2016年法治政府建设工作报告\n2016年,崇礼县坚持依法行政,全县法治政府建设取得新成效。",
        "130709",
    ),
    (
        "county-level city before it became a district",
        "富阳市2013年依法行政工作报告\n2013年,富阳市坚持依法行政,我市法治政府建设取得新成效。",
        "330183",
    ),
    # -- superiors and peers
    (
        "superiors in 《》 and 在…领导下, peers in 学习借鉴",
        "2020年,在吉安市委、市政府的坚强领导下,吉州区坚持依法行政,认真落实《江西省法治政府建设实施方案》,"
        "组织赴南昌市东湖区学习借鉴先进经验,我区法治政府建设取得新成效。",
        "360802",
    ),
    (
        "a county city and its prefecture: 州委 is the superior",
        "都匀市2020年法治政府建设工作报告\n2020年,在州委、州政府的坚强领导下,都匀市坚持依法行政,我市法治政府建设取得新成效。",
        "522701",
    ),
    (
        "a county-level city under a prefecture-level city, both 市",
        "江阴市人民政府关于2020年法治政府建设情况的报告\n2020年,在无锡市委、市政府的坚强领导下,我市坚持依法行政,"
        "按照无锡市法治政府建设部署,江阴市法治政府建设取得新成效。",
        "320281",
    ),
    (
        "a prefecture-level city listing its county cities",
        "2020年,无锡市坚持依法行政,江阴市、宜兴市和各区法治政府建设水平持续提升,全市法治政府建设取得新成效。"
        "现将有关情况报告如下:\n一、主要工作\n各县(市、区)全面推行行政执法三项制度。\n无锡市人民政府\n2021年2月1日",
        "320200",
    ),
    # -- harder: the unit type the text calls itself decides between a unit and its parent or child
    (
        "a county whose prefecture is named more often",
        "2020年,泰和县坚持以习近平法治思想为指导,全面推进依法行政。我县认真对照吉安市考核细则,在吉安市率先建成行政执法"
        "监督平台,县司法局获吉安市表彰,吉安市考核组对我县工作给予肯定,吉安市考核中我县位列第一。现将有关情况报告如下:",
        "360826",
    ),
    (
        "a prefecture that dwells on one pilot county",
        "2020年,吉安市坚持依法行政,全面推进法治政府建设。我市以泰和县为试点,泰和县建成综合执法平台,泰和县经验在全省推广,"
        "泰和县获评全省示范县。全市各县(市、区)全面推行行政执法三项制度,我市法治政府建设取得新成效。现将有关情况报告如下:",
        "360800",
    ),
    (
        "a province that dwells on one city",
        "2021年,我省坚持以习近平法治思想为指导,河南省法治政府建设取得新成效。郑州市获评全国示范市,郑州市行政复议改革"
        "经验在全国推广,郑州市建成一体化平台,郑州市综合执法改革全面完成。全省各市、县政府认真落实。现将有关情况报告如下:",
        "410000",
    ),
    (
        "a county-level city whose prefecture-level city is named more often, both 我市",
        "2020年,江阴市坚持依法行政。我市认真落实无锡市法治政府建设部署,无锡市考核组对我市给予肯定,在无锡市率先建成"
        "行政执法平台,获无锡市通报表扬。全市各镇(街道)全面推行行政执法三项制度。现将有关情况报告如下:",
        "320281",
    ),
    (
        "a county government with no name anywhere abstains",
        "县人民政府关于2020年法治政府建设情况的报告\n2020年,在市委、市政府的坚强领导下,我县坚持依法行政,全县法治政府建设"
        "取得新成效。按照《吉安市法治政府建设考核办法》要求,认真开展自查。",
        None,
    ),
    (
        "an autonomous county by its short name",
        "峨边县2020年法治政府建设工作报告\n2020年,峨边县坚持依法行政,全县法治政府建设取得新成效。",
        "511132",
    ),
    (
        "a prefecture's department whose work names one district",
        "吉安市司法局2020年法治政府建设工作总结\n2020年,市司法局坚持依法行政,在吉州区开展行政执法试点,吉州区试点经验"
        "全面推广,吉州区获评示范区。",
        "360800",
    ),
    (
        "a news item about a county on the prefecture's portal",
        "欢迎访问吉安市人民政府网\n泰和县召开2021年法治政府建设工作推进会\n近日,泰和县召开法治政府建设工作推进会,"
        "县长出席会议并讲话,会议传达了吉安市法治政府建设工作会议精神。",
        "360826",
    ),
    (
        "a development zone named under its city",
        "成都市高新区2020年法治政府建设工作报告\n2020年,成都高新区坚持依法行政,我区法治政府建设取得新成效。",
        "510100",
    ),
    (
        "a development zone with its city only as a plain mention abstains",
        "高新技术产业开发区管委会2020年法治政府建设工作报告\n2020年,高新区坚持依法行政,成都市综合执法改革在我区试点,"
        "成都市考核中我区位列第一,成都市司法局给予肯定。",
        None,
    ),
    # -- addressees, copy lists and site footers name other governments
    (
        "the superior addressed at the top is not the issuer",
        "吉安市人民政府:\n  2020年,我县坚持依法行政,泰和县法治政府建设取得新成效。现将有关情况报告如下:\n一、主要工作\n"
        "(一)加强组织领导。县政府常务会议研究法治政府建设工作4次。\n泰和县人民政府\n2021年1月20日",
        "360826",
    ),
    (
        "a copy list at the end names the superior's bureau",
        "2020年,泰和县坚持依法行政,我县法治政府建设取得新成效。现将有关情况报告如下:\n一、主要工作\n(一)加强组织领导。\n"
        "泰和县人民政府\n2021年1月20日\n抄送:吉安市司法局",
        "360826",
    ),
    (
        "the portal owner in the footer is not the issuer",
        "吉州区2020年法治政府建设年度报告\n2020年,吉州区坚持依法行政,我区法治政府建设取得新成效。\n"
        "主办单位:吉安市人民政府办公室 承办单位:吉安市大数据中心\n网站标识码3608000001",
        "360802",
    ),
    (
        "a national document has no division",
        "国务院关于印发全面推进依法行政实施纲要的通知\n各省、自治区、直辖市人民政府,国务院各部委、各直属机构:"
        "现将《全面推进依法行政实施纲要》印发给你们,请认真贯彻执行。",
        None,
    ),
    # -- the reporter's own documents in 《》 count when the text calls itself that type of unit
    (
        "own documents in 《》 and 我区, the name nowhere else",
        "2021年,在市委、市政府的坚强领导下,我区坚持依法行政,先后印发《吉州区法治政府建设实施方案》《吉州区重大行政决策"
        "程序规定》《吉州区行政执法公示办法》,全区法治政府建设取得新成效。现将有关情况报告如下:",
        "360802",
    ),
    (
        "short plan headings at the end are not a signature",
        "2020年,泰和县坚持依法行政,我县法治政府建设取得新成效。现将有关情况报告如下:\n一、主要工作\n内容。\n"
        "二、2021年工作打算\n(一)全面落实吉安市法治政府建设部署\n(二)配合吉安市开展行政执法督查\n(三)对标吉安市考核细则",
        "360826",
    ),
    (
        "a peer's documents in 《》 after 学习借鉴 stay weak",
        "2021年,泰和县坚持依法行政,组织学习借鉴《吉水县行政执法公示办法》《吉水县重大行政决策程序规定》,"
        "我县法治政府建设取得新成效。现将有关情况报告如下:",
        "360826",
    ),
    (
        "a superior's documents in 《》 after 按照 stay weak",
        "2021年,我区坚持依法行政,按照《吉安市法治政府建设实施方案》《吉安市重大行政决策程序规定》要求,认真落实"
        "《吉安市行政执法公示办法》,全区法治政府建设取得新成效。",
        None,
    ),
    # -- links to other reports at the foot of the page
    (
        "previous/next links name other counties",
        "2020年,吉州区坚持依法行政,我区法治政府建设取得新成效。现将有关情况报告如下:\n一、主要工作\n(一)加强组织领导。\n"
        "上一篇:吉水县2020年法治政府建设情况报告\n下一篇:泰和县2020年法治政府建设情况报告",
        "360802",
    ),
    (
        "a related-articles list at the foot of an aggregator page",
        "2020年,吉州区坚持依法行政,我区法治政府建设取得新成效。现将有关情况报告如下:\n一、主要工作\n(一)加强组织领导。\n"
        "相关文章\n吉水县2020年法治政府建设工作总结\n泰和县2020年法治政府建设工作总结\n永丰县法治政府建设工作报告\n"
        "新干县2019年依法行政工作总结",
        "360802",
    ),
    (
        "a breadcrumb naming the superior's portal, the reporter named once",
        "首页 > 吉安市人民政府 > 吉安市司法局 > 县区动态\n2020年,泰和县坚持依法行政,我县法治政府建设取得新成效。"
        "现将有关情况报告如下:\n一、主要工作",
        "360826",
    ),
    (
        "a prefecture-level city whose title names it, dwelling on one county-level city",
        "吉安市2020年法治政府建设情况报告\n2020年,全市法治政府建设取得新成效。井冈山市获评全国示范,井冈山市行政执法改革"
        "经验在全省推广,井冈山市建成一体化平台,井冈山市综合执法改革全面完成,井冈山市获省表彰,井冈山市率先实现全覆盖。",
        "360800",
    ),
    # -- names hidden inside words
    (
        "高县 inside 提高县政府",
        "2020年,我县坚持依法行政,着力提高县政府依法决策水平,全县法治政府建设取得新成效。",
        None,
    ),
    (
        "新城区 as a phrase, 城区 as a word",
        "2020年,我县统筹老城区改造和新城区建设,城区面积扩大到20平方公里,全县法治政府建设取得新成效。",
        None,
    ),
    # -- districts named 市中区, 城区, 郊区
    (
        "市中区 told apart by its parent",
        "济南市市中区人民政府关于2020年法治政府建设情况的报告\n2020年,市中区坚持依法行政,我区法治政府建设取得新成效。",
        "370103",
    ),
    (
        "郊区 with its parent",
        "阳泉市郊区人民政府关于2019年法治政府建设情况的报告\n2019年,郊区坚持依法行政,我区法治政府建设取得新成效。",
        "140311",
    ),
    (
        "城区 with its parent",
        "晋城市城区2020年法治政府建设工作报告\n2020年,城区坚持依法行政,我区法治政府建设取得新成效。",
        "140502",
    ),
    (
        "矿区 with its parent",
        "阳泉市矿区2021年法治政府建设情况报告\n2021年,矿区坚持依法行政,我区法治政府建设取得新成效。",
        "140303",
    ),
    (
        "市中区 with no parent named abstains",
        "市中区2020年法治政府建设情况报告\n2020年,市中区坚持依法行政,我区法治政府建设取得新成效。",
        None,
    ),
    (
        "a prefecture-level 地区",
        "阿克苏地区2020年法治政府建设工作报告\n2020年,在自治区党委、人民政府的坚强领导下,阿克苏地区坚持依法行政,"
        "全地区法治政府建设取得新成效,库车市、阿克苏市被命名为自治区法治政府建设示范市。",
        "652900",
    ),
    (
        "a municipality reporting as 本市 without a title",
        "2021年,本市坚持以习近平法治思想为指导,全面推进依法行政,本市法治政府建设取得新进展。浦东新区、徐汇区、闵行区"
        "率先开展示范创建。现将有关情况报告如下:\n一、主要工作\n上海市人民政府\n2022年3月10日",
        "310000",
    ),
    # -- development zones are not divisions
    (
        "a development zone whose parent is only a superior abstains",
        "高新区2020年法治政府建设工作报告\n2020年,在成都市委、市政府的坚强领导下,高新区坚持依法行政,我区法治政府建设取得新成效。"
        "成都市司法局对我区工作给予充分肯定。",
        None,
    ),
    (
        "an economic development zone inside a district abstains",
        "经开区管委会2021年法治政府建设情况报告\n2021年,经开区坚持依法行政,与江阳区、龙马潭区签订执法协作协议,"
        "我区法治政府建设取得新成效。",
        None,
    ),
    (
        "a city-management committee is a department, not a zone",
        "吉州区城市管理委员会2020年法治政府建设工作总结\n2020年,区城管委坚持依法行政,我区城市管理执法规范化水平持续提升。",
        "360802",
    ),
    (
        "a zone written under its county",
        "泰和县工业园区2021年法治政府建设工作总结\n2021年,园区坚持依法行政,在县委、县政府的坚强领导下取得新成效。",
        "360826",
    ),
    # -- masked issuers
    ("masked **区", "**区2020年法治政府建设工作总结\n2020年,**区坚持依法行政,在XX市委领导下取得新成效。", None),
    ("masked 某县", "某县2020年法治政府建设工作总结\n2020年,某县坚持依法行政,全县法治政府建设取得新成效。", None),
    ("masked X县", "X县人民政府关于2021年法治政府建设情况的报告\n2021年,X县在吉安市委领导下坚持依法行政。", None),
    # -- page furniture naming another government
    (
        "the superior's site breadcrumb is not the issuer",
        "首页 > 吉安市人民政府 > 县区动态\n吉州区2020年法治政府建设年度报告\n2020年,吉州区坚持依法行政,我区法治政府建设取得新成效。",
        "360802",
    ),
    (
        "a re-published page on a superior's portal, the issuer signs",
        "欢迎访问吉安市人民政府网\n发布时间:2023-05-06\n法治政府建设情况报告\n2016年,我区坚持依法行政,法治政府建设取得新成效。"
        "现将有关情况报告如下:\n一、主要工作\n吉州区人民政府\n2017年1月6日",
        "360802",
    ),
]


@pytest.mark.parametrize(("case", "text", "code"), _REGION_CASES, ids=[case[0] for case in _REGION_CASES])
def test_region_regression(table, case, text, code):
    resolution = _pipeline(table, text)
    found = resolution.region.code if resolution.region else None
    assert found == code, resolution.evidence


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("延吉市司法局关于2020年度法治政府建设工作情况的报告\n2020年,市司法局坚持依法行政。", "延吉市司法局"),
        ("平山县应急管理局2020年法治政府建设工作总结\n2020年,县应急管理局坚持依法行政。", "平山县应急管理局"),
        ("吉林省生态环境厅2020年法治政府建设情况报告\n2020年,省生态环境厅坚持依法行政。", "吉林省生态环境厅"),
        ("泸州市江阳区人民政府办公室关于2019年法治政府建设情况的报告\n2019年,区政府办公室坚持依法行政。", "泸州市江阳区人民政府办公室"),
        ("東烏珠穆沁旗人民政府關於2020年法治政府建設情況的報告\n2020年,我旗坚持依法行政。", "东乌珠穆沁旗人民政府"),
        # a department title without the name: the issuer is completed from the resolved unit
        ("县应急管理局2020年法治政府建设工作总结\n2020年,平山县应急管理局坚持依法行政,我县安全生产形势稳定。", "平山县应急管理局"),
        (
            "县应急管理局2020年法治政府建设工作总结\n2020年,在平山县委、县政府的坚强领导下,平山县坚持依法行政,全县安全生产形势稳定。",
            "平山县应急管理局",
        ),
        # no institution anywhere: the name as written
        ("延吉市2020年法治政府建设工作报告\n2020年,延吉市坚持依法行政,我市法治政府建设取得新成效。", "延吉市"),
    ],
)
def test_issuer_regression(table, text, issuer):
    assert _pipeline(table, text).issuer == issuer


def test_scan_finds_names_and_self_references_in_one_pass(table):
    names, references = table.scan("我区与信阳市平桥区,全市场、本区域不是自称,全县和本市是")
    assert [name for name, _, _ in names] == ["信阳市", "平桥区"]
    assert [(who, unit) for _, who, unit in references] == [("我", "区"), ("全", "县"), ("本", "市")]
    assert references[0][0] == 0


@pytest.mark.parametrize("seed", ["0", "1", "2", "3"])
def test_a_renamed_prefectures_short_form_chains_to_its_county_in_every_process(seed):
    # 阿坝州 carries two official names (阿坝藏族自治州 until 1987, 阿坝藏族羌族自治州 since): 阿坝州汶川县 is the
    # county, whichever name a set yields first in a process (string hashes differ from process to process)
    import subprocess
    import sys

    code = (
        "from fazhi.parse.regions import RegionTable, resolve_region\n"
        f"table = RegionTable.from_csv({str(SEED)!r})\n"
        "for year in (1985, 2020):\n"
        "    text = f'阿坝州汶川县{year}年依法行政工作报告\\n阿坝州汶川县人民政府\\n{year + 1}年1月5日'\n"
        "    print(resolve_region(text, table, report_year=year).region.code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**__import__("os").environ, "PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["513221", "513221"]  # 汶川县, before and after the prefecture's rename
