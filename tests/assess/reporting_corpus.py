"""A small corpus of 2020 reports of 吉安市 (江西省) whose assessment is known, for the reporting marts' tests.

| file | government | what is known |
| --- | --- | --- |
| jizhou.txt | 吉州区 | complete (all five parts), published 2021-03-15: 16 days before the deadline (2021-03-31), core figures |
| qingyuan.txt | 青原区 | complete, published 2021-05-20: 50 days late |
| jian.txt | 吉安县 | on time, without shortcomings and leaders' duties (two of the required parts) |
| jishui.txt | 吉水县 | 吉州区's report with the names changed, published later: a copy whose source is 吉州区 |
| taihe.txt, yongfeng.txt | 泰和县, 永丰县 | short reports mostly quoting the 纲要: similar only through that boilerplate |

Every report quotes the 纲要, so its sentences are boilerplate (in more than a fifth of the documents); the other
江西省 counties have no report here, so the province's share found is small.
"""
from __future__ import annotations

from pathlib import Path

OUTLINE_QUOTE = (
    "法治政府建设是全面依法治国的重点任务和主体工程,是推进国家治理体系和治理能力现代化的重要支撑。"
    "到2025年,政府行为全面纳入法治轨道,职责明确、依法行政的政府治理体系日益健全,行政执法体制机制基本完善,"
    "行政执法质量和效能大幅提升,突发事件应对能力显著增强,各地区各层级法治政府建设协调并进,"
    "更多地区实现率先突破,为到2035年基本建成法治国家、法治社会奠定坚实基础。"
    "坚持法治国家、法治政府、法治社会一体建设,全面提升政府工作人员法治思维和依法行政能力。"
)


def _report(place: str, body: list[str], signed: str, date: str) -> str:
    return "\n".join([f"{place}2020年法治政府建设情况报告", "", *body, "", signed, date]) + "\n"


JIZHOU_BODY = [
    "2020年,在市委、市政府的正确领导下,吉州区认真贯彻落实《法治政府建设实施纲要》。" + OUTLINE_QUOTE,
    "一、2020年法治政府建设主要举措和成效",
    "(一)深化文港商贸城周边综合执法试点,将城管、市场监管等七支队伍整合为一支,全年开展联合执法行动46次。",
    "(二)全年受理行政复议案件38件,审结35件,纠错率11.4%;一审行政诉讼案件61件,败诉2件,行政机关负责人出庭应诉率达100%。",
    "(三)在白塘街道试行“法律明白人”积分制,培育法律明白人312名,调处邻里纠纷1200余起。",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "区委书记主持召开区委全面依法治区委员会会议3次,区长带头在古南镇旧城改造项目听证会上出庭说明情况。",
    "三、存在的不足和原因",
    "一是长塘镇等乡镇执法人员持证率不足八成;二是文港笔业产业园企业合规指导还不够及时。究其原因,主要是专职法制审核人员偏少。",
    "四、2021年工作安排",
    "(一)完成兴桥镇综合执法队伍规范化建设。(二)建成覆盖全区的合同合法性审查电子台账。",
    "五、其他需要报告的事项",
    "区政府网站已于2021年3月开设法治政府建设年度报告专栏。",
]

QINGYUAN_BODY = [
    "2020年,青原区坚持以习近平法治思想为指导。" + OUTLINE_QUOTE,
    "一、主要工作及成效",
    "(一)在东固畲族乡推行“一窗通办”,涉企审批事项承诺时限压缩至法定时限的三分之一。",
    "(二)全年受理行政复议案件17件,办理行政诉讼案件23件,行政机关负责人出庭应诉率达95.6%。",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "区长在富田镇渼陂古村保护条例征求意见座谈会上逐条听取村民意见,全年述法2次。",
    "三、存在的问题和不足",
    "井冈山经济技术开发区青原片区的行政执法协调机制还不够顺畅,原因在于园区与乡镇职责边界不清。",
    "四、2021年工作打算",
    "下一步,推动值夏镇公共法律服务工作站与人民法庭共建诉源治理中心。",
]

JIAN_BODY = [
    "2020年,吉安县围绕高质量发展大局推进依法行政。" + OUTLINE_QUOTE,
    "一、主要工作",
    "(一)在敦厚镇电子信息产业园设立企业法律服务驿站,为立讯精密等企业提供合规体检58次。",
    "(二)全年审查县政府合同93份,提出修改意见214条,清理涉及营商环境的规范性文件27件。",
    "二、2021年工作打算",
    "推进永和镇、横江镇行政执法全过程记录设备全覆盖,落实重大执法决定法制审核目录清单。",
    "三、其他需要报告的事项",
    "本报告已通过县政府门户网站向社会公开。",
]

TAIHE_BODY = [
    "泰和县按照省、市部署推进法治政府建设。" + OUTLINE_QUOTE,
    "马市镇乌鸡产业协会调解委员会全年化解土地流转纠纷19起。",
]

YONGFENG_BODY = [
    "永丰县贯彻落实上级关于法治政府建设的部署。" + OUTLINE_QUOTE,
    "沿陂镇蔬菜产业基地的农民工工资支付纠纷由县劳动仲裁院派员现场处理,追回欠薪86万元。",
]


def _copied(text: str) -> str:
    """吉州区's report as 吉水县 would hand it in: the names and self-references changed, nothing else."""
    for old, new in (("吉州区", "吉水县"), ("区委", "县委"), ("区长", "县长"), ("全区", "全县"), ("区政府", "县政府"),
                     ("依法治区", "依法治县")):
        text = text.replace(old, new)
    return text


def write_corpus(folder: Path) -> dict[str, str]:
    """Write the reports into `folder`; return {file name: region name}."""
    reports = {
        "jizhou.txt": ("吉州区", _report("吉安市吉州区", JIZHOU_BODY, "吉安市吉州区人民政府", "2021年3月15日")),
        "qingyuan.txt": ("青原区", _report("吉安市青原区", QINGYUAN_BODY, "吉安市青原区人民政府", "2021年5月20日")),
        "jian.txt": ("吉安县", _report("吉安市吉安县", JIAN_BODY, "吉安县人民政府", "2021年3月20日")),
        "jishui.txt": ("吉水县", _copied(_report("吉安市吉州区", JIZHOU_BODY, "吉安市吉州区人民政府", "2021年3月28日"))),
        "taihe.txt": ("泰和县", _report("吉安市泰和县", TAIHE_BODY, "泰和县人民政府", "2021年3月10日")),
        "yongfeng.txt": ("永丰县", _report("吉安市永丰县", YONGFENG_BODY, "永丰县人民政府", "2021年3月12日")),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, (_, text) in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: region for name, (region, _) in reports.items()}
