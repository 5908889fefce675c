"""Document identity on short report pages (issue 12): region, kind, year and anonymisation of opening fragments
(300–1,500 characters) as an unseen collection of web pages shows them, one group per class of text, each through
the parser as the parse stage composes it (`Parser.parse`). Every text is written for this suite; the regions are
picked from the code table (unique names, unique stems, unique pinyin hosts in 2022), none is a sample report.

Each case: (text, expected region code or None = abstain, kind, year, is_anonymized). Hard negatives (a neighbour,
a superior, a national news story, a 范文 template, an ambiguous bare or damaged name) expect None.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pypinyin import Style, pinyin

from fazhi.db import RAW_TABLES
from fazhi.parse.document import parser_for
from fazhi.parse.regions import RegionTable, resolve_region

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "admin_divisions.csv"
_COLUMNS = [line.split()[0] for line in RAW_TABLES["parsed_documents"].strip().splitlines()]

# (name, code, prefecture) of county-level units whose names are unique in the code table
COUNTIES = [
    ("平坝区", "520403", "安顺市"), ("泰山区", "370902", "泰安市"), ("林周县", "540121", "拉萨市"),
    ("冷水滩区", "431103", "永州市"), ("贾汪区", "320305", "徐州市"), ("化州市", "440982", "茂名市"),
    ("肥乡区", "130407", "邯郸市"), ("台山市", "440781", "江门市"), ("镇远县", "522625", "黔东南苗族侗族自治州"),
    ("德城区", "371402", "德州市"), ("西昌市", "513401", "凉山彝族自治州"), ("蕉城区", "350902", "宁德市"),
    ("红古区", "620111", "兰州市"), ("栾城区", "130111", "石家庄市"), ("策勒县", "653225", "和田地区"),
    ("钟楼区", "320404", "常州市"), ("隆昌市", "511083", "内江市"), ("金湾区", "440404", "珠海市"),
    ("宿豫区", "321311", "宿迁市"), ("石鼓区", "430407", "衡阳市"), ("叶集区", "341504", "六安市"),
    ("额济纳旗", "152923", "阿拉善盟"), ("烈山区", "340604", "淮北市"), ("振兴区", "210603", "丹东市"),
    ("雨湖区", "430302", "湘潭市"), ("阳朔县", "450321", "桂林市"), ("兴隆台区", "211103", "盘锦市"),
    ("苏家屯区", "210111", "沈阳市"), ("武定县", "532329", "楚雄彝族自治州"), ("晋江市", "350582", "泉州市"),
    ("宽城区", "220103", "长春市"), ("成华区", "510108", "成都市"), ("东坡区", "511402", "眉山市"),
    ("武侯区", "510107", "成都市"), ("玄武区", "320102", "南京市"),
]
# prefecture-level cities whose stem (株洲, 杭州) is unique at its tier in 2022
PREFECTURES = [
    ("株洲市", "430200"), ("杭州市", "330100"), ("巴彦淖尔市", "150800"), ("温州市", "330300"), ("盘锦市", "211100"),
    ("德阳市", "510600"), ("襄阳市", "420600"), ("安庆市", "340800"), ("珠海市", "440400"), ("宜昌市", "420500"),
    ("萍乡市", "360300"), ("九江市", "360400"), ("陇南市", "621200"), ("淮南市", "340400"), ("洛阳市", "410300"),
    ("阳泉市", "140300"), ("广州市", "440100"), ("柳州市", "450200"), ("乌海市", "150300"), ("白山市", "220600"),
    ("自贡市", "510300"), ("深圳市", "440300"), ("南京市", "320100"), ("台州市", "331000"),
]
# (name, code, host label) of units whose pinyin stem is their own in 2022
HOSTS = [
    ("阜康市", "652302", "fukang"), ("浮梁县", "360222", "fuliang"), ("南郑区", "610703", "nanzheng"),
    ("翠屏区", "511502", "cuiping"), ("莱芜区", "370116", "laiwu"), ("绵竹市", "510683", "mianzhu"),
    ("繁昌区", "340212", "fanchang"), ("庄河市", "210283", "zhuanghe"), ("润州区", "321111", "runzhou"),
    ("武进区", "320412", "wujin"), ("贵池区", "341702", "guichi"), ("乐平市", "360281", "leping"),
    ("余江区", "360603", "yujiang"), ("汉川市", "420984", "hanchuan"), ("龙湖区", "440507", "longhu"),
    ("弥渡县", "532925", "midu"),
]
PROVINCES = [  # (official name, code, short name)
    ("江苏省", "320000", "江苏"), ("浙江省", "330000", "浙江"), ("河南省", "410000", "河南"), ("湖南省", "430000", "湖南"),
    ("四川省", "510000", "四川"), ("贵州省", "520000", "贵州"), ("甘肃省", "620000", "甘肃"), ("福建省", "350000", "福建"),
    ("山东省", "370000", "山东"), ("江西省", "360000", "江西"), ("云南省", "530000", "云南"), ("黑龙江省", "230000", "黑龙江"),
]
AUTONOMOUS_REGIONS = [
    ("广西壮族自治区", "450000", "广西"), ("内蒙古自治区", "150000", "内蒙古"), ("宁夏回族自治区", "640000", "宁夏"),
    ("新疆维吾尔自治区", "650000", "新疆"), ("西藏自治区", "540000", "西藏"),
]
MUNICIPALITIES = [("上海市", "310000", "上海"), ("北京市", "110000", "北京"), ("天津市", "120000", "天津"), ("重庆市", "500000", "重庆")]

_BODY = (
    "\n一、{y}年法治政府建设主要举措和成效\n(一)加强党对法治政府建设的领导。{u}委、{u}政府主要负责同志认真履行推进法治建设"
    "第一责任人职责,{u}政府常务会议专题研究法治政府建设工作{k}次。\n(二)健全依法决策机制。全年审议重大行政决策事项{m}项,"
    "全部经过合法性审查。\n(三)推进严格规范公正文明执法。全{u}行政执法机关全面落实行政执法三项制度,开展案卷评查{m}次。"
    "\n(四)依法化解社会矛盾纠纷。全年办理行政复议案件{m}件,行政机关负责人出庭应诉率达到100%。\n二、存在的问题\n一是基层"
    "行政执法力量仍显薄弱;二是部分单位运用法治思维解决问题的能力有待提高。"
)


def _unit(name: str) -> str:
    return "盟" if name.endswith("盟") else name[-1]


def _gloss(name: str) -> str:
    """吉州区 → 吉(jí)州(zhōu)區(qū): a page that glosses every character with its pinyin (traditional 区)."""
    marks = [syllables[0] for syllables in pinyin(name, style=Style.TONE)]
    return "".join(f"{char.replace('区', '區').replace('县', '縣')}({mark})" for char, mark in zip(name, marks))


def _cases():
    cases = []

    def add(group, text, code, kind="annual_report", year=2022, anonymised=False, **kwargs):
        cases.append(pytest.param(text, code, kind, year, anonymised, kwargs, id=f"{group}-{len(cases)}"))

    for i, (name, code, prefecture) in enumerate(COUNTIES):
        u, y, k, m = _unit(name), 2020 + i % 3, 3 + i % 5, 10 + i
        body = _BODY.format(u=u, y=y, k=k, m=m)
        # the opening sentence with the region as its subject
        openings = [
            f"{y}年,{name}坚持以习近平新时代中国特色社会主义思想为指导,深入贯彻习近平法治思想,认真落实党中央、国务院关于法治政府建设的决策部署,统筹推进依法行政各项工作,法治政府建设取得新的成效。",
            f"{y}年以来,{name}紧紧围绕法治政府建设目标任务,在{u}委的坚强领导下,全面推进严格规范公正文明执法,各项工作取得积极进展,现将有关情况报告如下:",
            f"发布时间:{y + 1}-02-{10 + i % 15}  来源:{u}司法局\n{y}年,{name}深入学习贯彻习近平法治思想,全面落实《法治政府建设实施纲要(2021-2025年)》,扎实推进法治政府建设。",
        ]
        add("opening subject", openings[i % 3] + body, code, year=y)
        # the self-reference formula
        formulas = [
            f"按照《法治政府建设与责任落实督察工作规定》要求,现将{name}{y}年法治政府建设情况报告如下:",
            f"{y}年,在{u}委的坚强领导下,全{u}上下认真贯彻落实上级关于法治政府建设的决策部署,依法行政水平不断提升。现将{name}{y}年度法治政府建设工作情况报告如下:",
        ]
        add("self formula", formulas[i % 2] + body, code, year=y)
        # a heading line that is the issuing government alone
        headings = [
            f"{name}人民政府\n{y}年度法治政府建设情况报告\n{y}年,全{u}上下坚持以习近平法治思想为指导,持续推进依法行政,法治政府建设取得新进展。",
            f"{name}人民政府\n关于{y}年法治政府建设工作情况的报告\n{y}年,在{u}委的坚强领导下,我{u}认真贯彻落实党中央、国务院决策部署,推进法治政府建设。",
        ]
        add("issuer heading", headings[i % 2] + body, code, year=y)
        # the heading below the title, in brackets; the opening subject as the party committee and government pair
        if i % 5 == 3:
            add("issuer heading below", f"关于{y}年度法治政府建设情况的报告\n({name}人民政府)\n{y}年,在上级党委、政府的坚强领导下,"
                f"我{u}坚持以习近平法治思想为指导,持续推进依法行政,法治政府建设取得新进展。" + body, code, year=y)
        if i % 5 == 4:
            add("committee and government", f"{y}年度法治政府建设情况报告\n{y}年,{name}委、{u}政府坚持以习近平法治思想为指导,全面推进"
                f"依法行政,全{u}法治政府建设取得新成效。" + body, code, year=y)
        # a department's report, with its government's name chain
        if i % 2 == 0:
            add(
                "department chain",
                f"{prefecture}{name}司法局{y}年法治政府建设工作总结\n{y}年,{u}司法局在{u}委、{u}政府的坚强领导下,认真履行"
                f"法治政府建设牵头职责,各项工作取得明显成效。现将有关情况总结如下:" + body,
                code, year=y,
            )
        else:
            # a department naming only its tier, and its own region once (its own plan)
            add(
                "department tier",
                f"{u}司法局{y}年法治政府建设工作总结\n{y}年,{u}司法局在{u}委、{u}政府的坚强领导下,认真组织实施《{name}法治政府"
                f"建设实施方案(2021-2025年)》,全{u}法治政府建设取得新进展。现将有关情况总结如下:" + body,
                code, year=y,
            )
        # damaged names: pinyin glosses between the characters (traditional script)
        if i % 3 == 0:
            add(
                "pinyin gloss",
                f"{y}年,{_gloss(name)}堅持以習近平法治思想為指導,全面推進依法行政,我{u}法治政府建設取得新成效。現將有關情況報告如下:"
                + body, code, year=y,
            )
        # hard negative: the text calls itself 我X and names only a neighbour it learned from
        if i % 4 == 1:
            other = COUNTIES[(i + 7) % len(COUNTIES)][0]
            add(
                "neighbour only",
                f"{y}年,我{u}坚持以习近平法治思想为指导,全面推进依法行政。组织考察组赴{other}学习借鉴先进经验,全{u}法治政府建设"
                f"取得新进展。" + body, None, year=y,
            )
        # hard negative: only the superior is named
        if i % 4 == 2 and prefecture.endswith("市"):
            add(
                "superior only",
                f"{y}年,在{prefecture}委、{prefecture}政府的坚强领导下,我{u}坚持以习近平法治思想为指导,认真落实"
                f"《{prefecture}法治政府建设实施方案》,全{u}法治政府建设取得新成效。" + body, None, year=y,
            )

    # lost characters (?) resolved on a cleaned view, when one name fits
    for damaged, code in [("泰?区", "370902"), ("贾?区", "320305"), ("化?市", "440982"), ("肥?区", "130407"),
                          ("德?区", "371402"), ("蕉?区", "350902"), ("栾?区", "130111"), ("策?县", "653225"),
                          ("隆?市", "511083"), ("叶?区", "341504"), ("额?纳旗", "152923"), ("烈?区", "340604")]:
        u = damaged[-1]
        add("lost character", f"2021年,{damaged}坚持以习近平法治思想为指导,全面推进依法行政,我{u}法治政府建设取得新成效。"
            f"现将有关情况报告如下:" + _BODY.format(u=u, y=2021, k=4, m=12), code, year=2021)
    add("lost character", "2021年,策\ufffd县坚持以习近平法治思想为指导,全面推进依法行政,我县法治政府建设取得新成效。"
        + _BODY.format(u="县", y=2021, k=4, m=12), "653225", year=2021)
    # two names fit 延?市 (延吉市, 延安市): abstain
    add("lost character ambiguous", "2021年,延?市坚持以习近平法治思想为指导,全面推进依法行政,我市法治政府建设取得新成效。"
        + _BODY.format(u="市", y=2021, k=4, m=12), None, year=2021)

    # bare names without the tier suffix, in the title or as the opening subject
    for i, (name, code) in enumerate(PREFECTURES):
        stem, y = name[:-1], 2020 + i % 3
        body = _BODY.format(u="市", y=y, k=4 + i % 3, m=20 + i)
        if i % 2 == 0:
            add("bare name title", f"{stem}{y}年法治政府建设情况报告\n{y}年,全市上下坚持以习近平法治思想为指导,扎实推进法治政府建设,"
                f"我市依法行政水平不断提升。" + body, code, year=y)
        else:
            add("bare name opening", f"{y}年,{stem}坚持以习近平法治思想为指导,深入推进依法行政,加快建设法治政府,全市法治政府建设"
                f"取得新成效。" + body, code, year=y)
    traditional = [
        ("寧波2021年法治政府建設情況報告\n2021年,全市上下堅持以習近平法治思想為指導,紮實推進法治政府建設,我市依法行政水平不斷提升。", "330200", 2021),
        ("蘇州2022年法治政府建設年度報告\n2022年,全市各級政府堅持依法行政,我市法治政府建設取得新進展。現將有關情況報告如下:", "320500", 2022),
        ("2020年,溫州堅持以習近平法治思想為指導,深入推進依法行政,全市法治政府建設取得新成效。現將有關情況報告如下:", "330300", 2020),
        ("2021年,洛陽堅持以習近平新時代中國特色社會主義思想為指導,加快建設法治政府,我市依法行政水平持續提升。", "410300", 2021),
        ("襄陽2022年法治政府建設情況報告\n2022年,全市堅持以習近平法治思想為指導,推進嚴格規範公正文明執法。", "420600", 2022),
        ("2022年,宜昌堅持以習近平法治思想為指導,統籌推進法治政府建設,我市法治政府建設取得新成效。", "420500", 2022),
    ]
    for text, code, y in traditional:
        add("bare name traditional", text + _BODY.format(u="市", y=y, k=5, m=30), code, year=y)
    # hard negatives: a bare stem shared at its tier (吉安市, 吉安县), or one that is also a province (吉林)
    add("bare name shared", "吉安2021年法治政府建设情况报告\n2021年,全市上下坚持以习近平法治思想为指导,扎实推进法治政府建设。"
        + _BODY.format(u="市", y=2021, k=4, m=12), None, year=2021)
    add("bare name shared", "2022年,朝阳坚持以习近平法治思想为指导,深入推进依法行政,加快建设法治政府。"
        + _BODY.format(u="区", y=2022, k=4, m=12), None, year=2022)
    # a city that says only 我市 and builds its slogan on its name; a county-level city citing its superior's slogan
    for i, (name, code) in enumerate(PREFECTURES[:6]):
        stem = name[:-1]
        add("city slogan", f"2022年,我市坚持以习近平法治思想为指导,深入推进法治{stem}建设,全市法治政府建设取得新成效,连续三年获评"
            "全省法治政府建设考核优秀。" + _BODY.format(u="市", y=2022, k=4, m=12 + i), code, year=2022)
    add("county-level city citing its superior", "2022年,我市坚持以习近平法治思想为指导,认真落实法治宁波建设部署,各镇(街道)"
        "全面推进依法行政,全市法治政府建设取得新成效。" + _BODY.format(u="市", y=2022, k=4, m=12), None, year=2022)
    # a district department citing its autonomous region's plan; a county-level city's 市司法局 citing its superior
    add("department citing its region", "区司法局2022年法治政府建设工作总结\n2022年,区司法局在区委、区政府的坚强领导下,认真落实"
        "《广西壮族自治区法治政府建设实施方案(2021-2025年)》,全区法治政府建设取得新进展。" + _BODY.format(u="区", y=2022, k=4, m=12),
        None, year=2022)
    add("department citing its superior city", "市司法局2022年法治政府建设工作总结\n2022年,市司法局在上级的坚强领导下,按照宁波市"
        "统一部署,认真落实法治政府建设各项任务,依法行政水平不断提升。" + _BODY.format(u="市", y=2022, k=4, m=12), None, year=2022)
    # a county's bare stem is too often a word (平安区: 平安法治建设, 光明区): only prefecture-level stems are read
    add("bare name county word", "平安法治建设2022年工作总结\n2022年,全区上下坚持以习近平法治思想为指导,扎实推进平安建设和法治建设。"
        + _BODY.format(u="区", y=2022, k=4, m=12), None, year=2022)
    add("bare name county word", "2022年,光明坚持以习近平法治思想为指导,深入推进依法行政,加快建设法治政府。"
        + _BODY.format(u="区", y=2022, k=4, m=12), None, year=2022)

    # provinces and autonomous regions that say only 我省/全省/自治区/本市 and name themselves indirectly
    for i, (name, code, short) in enumerate(PROVINCES):
        y = 2020 + i % 3
        texts = [
            f"{y}年,全省各级政府深入学习贯彻习近平总书记考察{short}重要讲话精神,奋力推进法治{short}建设,我省法治政府建设取得新成效。",
            f"{y}年,在省委的坚强领导下,全省各级行政机关全面推进依法行政,加快建设法治{short},我省法治政府建设迈出新步伐。现将有关情况报告如下:",
        ]
        add("province indirect", texts[i % 2] + _BODY.format(u="省", y=y, k=4, m=15 + i), code, year=y)
    for i, (name, code, short) in enumerate(AUTONOMOUS_REGIONS):
        y = 2021 + i % 2
        add("autonomous region indirect",
            f"{y}年,在自治区党委的坚强领导下,全区各级政府深入学习贯彻习近平总书记视察{short}重要讲话精神,全面推进法治{short}建设,"
            f"全区法治政府建设取得新进展。" + _BODY.format(u="自治区", y=y, k=5, m=20 + i), code, year=y)
    for i, (name, code, short) in enumerate(MUNICIPALITIES):
        add("municipality indirect",
            f"2022年,本市深入学习贯彻习近平法治思想,坚持法治{short}、法治政府、法治社会一体建设,全市法治政府建设取得新成效。"
            + _BODY.format(u="市", y=2022, k=6, m=30 + i), code, year=2022)
    # hard negative: a province's self-references, but two provinces' slogans: abstain
    add("province contested", "2022年,全省各级政府学习借鉴法治浙江、法治江苏建设经验,我省法治政府建设取得新成效。"
        + _BODY.format(u="省", y=2022, k=4, m=15), None, year=2022)
    # a district in an autonomous region also says 全区 and follows 自治区党委: its own 区委/市委 show it is not the region
    add("district under a region", "2022年,在自治区党委和市委、区委的坚强领导下,全区上下深入学习贯彻习近平总书记视察广西重要讲话"
        "精神,奋力推进法治广西建设,全区法治政府建设取得新成效。" + _BODY.format(u="区", y=2022, k=4, m=15), None, year=2022)
    # a county cites its province's slogans and 全省 rankings
    add("county citing its province", "2022年,县委、县政府深入贯彻法治江西建设部署,我县法治政府建设考核位居全省前列,获评全省法治"
        "政府建设示范县。" + _BODY.format(u="县", y=2022, k=4, m=15), None, year=2022)
    # a prefecture-level city that says 法治吉林 is not the province 吉林省
    add("province of a city", "2022年,吉林市坚持以习近平法治思想为指导,加快推进法治吉林建设,我市法治政府建设取得新成效。"
        + _BODY.format(u="市", y=2022, k=4, m=15), "220200", year=2022)

    # page address: weak evidence, decisive only where the text names no region
    for i, (name, code, host) in enumerate(HOSTS):
        u, y = _unit(name), 2022
        text = (f"{y}年法治政府建设情况报告\n{y}年,我{u}坚持以习近平法治思想为指导,全面推进依法行政,全{u}法治政府建设取得新成效。"
                + _BODY.format(u=u, y=y, k=4, m=10 + i))
        url = f"http://www.{host}.gov.cn/art/{y + 1}/2/{10 + i}/art_{1000 + i}.html"
        if i % 4 == 0:
            add("saved-from url", f"<!-- saved from url=(00{len(url)}){url} -->\n" + text, code, year=y)
        elif i % 4 == 1:
            add("canonical url", f'<link rel="canonical" href="{url}">\n' + text, code, year=y)
        elif i % 4 == 2:
            add("url line", text + f"\n原文链接:{url}", code, year=y)
        else:
            add("source_url", text, code, year=y, source_url=url)
    # the host never overrides what the text names: a county report republished on another unit's portal
    add("host vs text", "<!-- saved from url=(0048)http://www.fukang.gov.cn/art/2023/2/1/art_1.html -->\n"
        "平坝区人民政府关于2022年法治政府建设情况的报告\n2022年,平坝区坚持以习近平法治思想为指导,全面推进依法行政。"
        + _BODY.format(u="区", y=2022, k=4, m=12), "520403", year=2022)
    add("site region code", "2022年法治政府建设情况报告\n2022年,我区坚持以习近平法治思想为指导,全面推进依法行政,全区法治政府建设"
        "取得新成效。" + _BODY.format(u="区", y=2022, k=4, m=12), "520403", year=2022, site_region_code="520403")
    # a news site's address says nothing of the issuer
    add("non-government host", "<!-- saved from url=(0040)http://www.news.cn/local/2023/art_1.html -->\n2022年法治政府建设情况报告\n"
        "2022年,我县坚持以习近平法治思想为指导,全面推进依法行政。" + _BODY.format(u="县", y=2022, k=4, m=12), None, year=2022)

    # kind: pages about a report are not the report
    add("news dateline", "新华网南京3月5日电(记者 王明)2022年,江苏省坚持以习近平法治思想为指导,法治政府建设取得新成效。江苏省"
        "人民政府近日发布2022年法治政府建设年度报告,报告显示,全省行政复议案件纠错率12.5%。", "320000", kind="news", year=2022)
    # a national story names several provinces as examples: no reporter of its own
    add("national news", "新华社北京3月8日电(记者 赵亮)记者从司法部获悉,2022年各地深入推进法治政府建设,浙江、江苏、广东等地"
        "率先建成行政执法协调监督工作体系,全国行政复议案件纠错率达到13.1%。司法部有关负责人表示,各地区各部门要认真落实"
        "《法治政府建设实施纲要(2021-2025年)》。", None, kind="news", year=2022)
    add("news byline", "我市发布2022年度法治政府建设情况报告\n本报讯(记者 李华 通讯员 张强)近日,株洲市人民政府公布2022年度法治政府建设"
        "情况报告。报告显示,全市全年审查规范性文件56件。", "430200", kind="news", year=2022)
    add("interpretation", "《平坝区2022年法治政府建设情况报告》政策解读\n一、出台背景\n根据《法治政府建设与责任落实督察工作规定》,"
        "平坝区人民政府编制了2022年法治政府建设情况报告。\n二、主要内容\n报告总结了2022年全区法治政府建设工作。", "520403",
        kind="other", year=2022)
    add("interpretation", "文字解读:2021年法治政府建设年度报告\n发布时间:2022-03-01\n近日,泰山区人民政府公开发布2021年法治政府建设"
        "年度报告。报告共分三部分,全面总结了泰山区法治政府建设取得的成效。", "370902", kind="other", year=2021)
    add("catalogue in English", "Annual Report on the Construction of Law-based Government of Shenzhen 2021\nThis report summarises "
        "the progress made by the municipal government in building a law-based government in 2021, covering administrative "
        "decision-making, law enforcement, administrative reconsideration and the supervision of administrative power. "
        "It was released by the Shenzhen Municipal People's Government in March 2022 and is available in Chinese on the "
        "official portal. Key figures include the number of normative documents reviewed and cases handled.\n深圳市2021年"
        "法治政府建设年度报告", "440300", kind="other", year=2021)
    add("release headline", "我省发布2022年度法治政府建设报告\n近日,省政府新闻办召开新闻发布会,发布2022年度全省法治政府建设情况。"
        "发布会上,省司法厅负责人介绍,全省各级行政机关全年办理行政复议案件2.1万件。", None, kind="news", year=2022)
    add("release story", "石鼓区2022年法治政府建设年度报告\n近日,石鼓区人民政府公开发布2022年法治政府建设年度报告,全面总结全区"
        "法治政府建设成效。报告显示,全区全年审查规范性文件23件。", "430407", kind="news", year=2022)
    add("interpretation", "一图读懂:叶集区2022年法治政府建设年度报告\n发布时间:2023-03-01\n叶集区人民政府以图文方式解读2022年法治"
        "政府建设年度报告的主要内容。", "341504", kind="other", year=2022)
    add("catalogue in Uyghur", "ئاپتونوم رايونلۇق خەلق ھۆكۈمىتىنىڭ 2022-يىللىق قانۇن بىلەن ئىدارە قىلىدىغان ھۆكۈمەت قۇرۇلۇشى توغرىسىدىكى "
        "دوكلاتى. بۇ دوكلاتتا 2022-يىلى پۈتۈن رايوندا قانۇن بويىچە مەمۇرىي ئىشلارنى بېجىرىش خىزمىتىنىڭ ئەھۋالى خۇلاسىلەنگەن، "
        "مەمۇرىي قارار چىقىرىش، قانۇن ئىجرا قىلىش ۋە مەمۇرىي قايتا قاراپ چىقىش خىزمەتلىرى تونۇشتۇرۇلغان. دوكلات خەنزۇ "
        "تىلىدا ھۆكۈمەت تور بېتىدە ئېلان قىلىندى.\n新疆维吾尔自治区2022年法治政府建设情况报告", "650000", kind="other",
        year=2022)
    add("evaluation release", "2022年度法治政府建设第三方评估报告发布\n近日,某研究院发布2022年度法治政府建设评估报告,对100个城市的法治政府"
        "建设情况进行了评估。报告显示,东部地区城市整体表现较好。", None, kind="news", year=2022)
    add("notice issuing a plan", "关于印发《栾城区2023年法治政府建设工作要点》的通知\n各乡镇人民政府,区政府各部门:\n现将《栾城区2023年"
        "法治政府建设工作要点》印发给你们,请认真贯彻落实。\n栾城区人民政府办公室\n2023年3月1日", "130111", kind="notice",
        year=2023)
    add("assessment bulletin", "关于2021年度法治政府建设考核结果的通报\n各县(市、区)人民政府,市政府各部门:\n根据《德阳市法治政府建设"
        "考核办法》,市依法治市办组织开展了2021年度法治政府建设考核工作,现将考核结果通报如下。\n德阳市人民政府办公室",
        "510600", kind="notice", year=2021)
    add("court report", "兰州市中级人民法院2021年度行政审判工作情况报告\n2021年,全市法院坚持以习近平法治思想为指导,依法公正审理各类"
        "行政案件,共受理一审行政案件1200件。", "620100", kind="other", year=2021)
    add("disclosure report", "宿豫区人民政府2022年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》要求编制。"
        "2022年,宿豫区坚持以公开为常态、不公开为例外,全年主动公开政府信息2356条。", "321311", kind="other", year=2022)

    # anonymised: model-essay pages whose issuer is never named, or masked
    essays = [
        "法治政府建设工作总结范文\n来源:网友投稿 发布时间:2021-12-10\n2021年,我县坚持以习近平法治思想为指导,全面推进依法行政,"
        "法治政府建设取得新成效。现将有关情况总结如下:",
        "2022年法治政府建设情况报告(通用5篇)\n下面是小编为大家整理的2022年法治政府建设情况报告,供大家参考。\n2022年,我区坚持"
        "以习近平法治思想为指导,深入推进依法行政。",
        "XX县2021年法治政府建设工作总结\n来源:范文网\n2021年,XX县在县委的坚强领导下,认真贯彻落实上级决策部署,全面推进依法行政。",
        "关于2022年度法治政府建设情况的报告\n供大家参考\n2022年,**区坚持以习近平法治思想为指导,全面推进法治政府建设,取得明显成效。",
        "乡镇法治政府建设工作总结范文\n本文由网友投稿\n今年以来,我镇在县委、县政府的正确领导下,坚持依法行政,法治政府建设取得一定成效。",
    ]
    years = [2021, 2022, 2021, 2022, 2021]
    for text, year in zip(essays, years):
        add("model essay", text + _BODY.format(u="县", y=year, k=4, m=12), None, year=year, anonymised=True, kind=None)
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def parser():
    return parser_for(str(SEED))


@pytest.fixture(scope="module")
def table(parser) -> RegionTable:
    return parser.regions


@pytest.mark.parametrize(("text", "code", "kind", "year", "anonymised", "address"), CASES)
def test_identity(parser, table, text, code, kind, year, anonymised, address):
    if address:
        # the page-address inputs are the resolver's (the parse stage wires raw.documents.source_url to them)
        resolution = resolve_region(text, table, report_year=year, title=None, **address)
        assert (resolution.region.code if resolution.region else None) == code, resolution.evidence
        assert resolution.confidence == "low", resolution
        return
    row = dict(zip(_COLUMNS, parser.parse("d", text).documents[0]))
    assert row["region_code"] == code, row["region_evidence"]
    if kind is not None:
        assert row["doc_kind"] == kind, row["title"]
    assert row["report_year"] == year
    assert row["is_anonymized"] is anonymised
    assert (row["region_confidence"] is None) == (code is None)


def test_the_suite_covers_every_class_with_several_texts():
    groups = {}
    for case in CASES:
        group = case.id.rsplit("-", 1)[0]
        groups[group] = groups.get(group, 0) + 1
    assert len(CASES) >= 200
    short_by_nature = {"news dateline", "news byline", "national news", "evaluation release", "court report",
                       "release headline", "release story",
                       "disclosure report", "notice issuing a plan", "assessment bulletin", "interpretation"}
    assert all(len(case.values[0]) >= 280 for case in CASES if case.id.rsplit("-", 1)[0] not in short_by_nature)
    for group in ("opening subject", "self formula", "issuer heading", "department tier", "pinyin gloss",
                  "lost character", "bare name title", "bare name traditional", "province indirect",
                  "autonomous region indirect", "neighbour only", "superior only"):
        assert groups[group] >= 3, group


def test_parse_batch_passes_the_page_address_to_the_resolver(parser):
    """A text that calls itself 我区 and names no region: its page address decides, with low confidence; without it
    the parser abstains (the parse stage passes raw.documents.source_url as the third element)."""
    text = ("2022年法治政府建设情况报告\n2022年,我区坚持以习近平法治思想为指导,全面推进依法行政,全区法治政府建设取得新成效。"
            + _BODY.format(u="区", y=2022, k=4, m=12))
    batch = parser.parse_batch([
        ("plain", text),
        ("with url", text, "http://www.wujin.gov.cn/art/2023/2/1/art_1.html", None),
        ("with site code", text, None, "320412"),
    ])
    rows = {row[0]: dict(zip(_COLUMNS, row)) for row in batch.documents}
    assert rows["plain"]["region_code"] is None
    assert rows["with url"]["region_code"] == "320412" and rows["with url"]["region_confidence"] == "low"
    assert rows["with site code"]["region_code"] == "320412"
