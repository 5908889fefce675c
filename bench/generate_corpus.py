"""Write N realistic rule-of-law reports into a folder, deterministically from a seed.

Usage: .venv/bin/python bench/generate_corpus.py OUT_DIR [--reports 10000] [--seed 7] [--start 0]

Each report is built from phrase templates and recombined sentence fragments written here, shaped like the sample
reports in raw/: a title naming a real region valid in the report year (`吉安市吉州区2016年法治政府建设情况报告`,
read from dbt_project/seeds/admin_divisions.csv), sometimes web-page chrome around it, an opening paragraph,
`一、` / `(一)` sections with `一是…二是…` paragraphs, quantitative statements with units, multipliers and qualifiers
(`受理行政复议案件126件`, `出庭应诉率达98.5%`, `培训1.2万余人次`, `位居全市第二`), a plan section for the next year,
and a signature with the date. About 12 KB a report: 10,000 reports ≈ 120 MB. Sections per KB, figures per KB and
paragraph length are those of the sample reports (within a fifth; tests/scale/test_generated_corpus.py measures them),
so the parse benchmark times the structure the parser meets in real reports.

Report i depends only on (seed, i), so `--start 10000 --reports 10` adds ten new reports to a corpus of 10,000
without changing any of the first ones. About 2 % of the files are written in GB18030, as some sites publish them.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGION_TABLE = ROOT / "dbt_project" / "seeds" / "admin_divisions.csv"
YEARS = range(2010, 2024)
TARGET_BYTES = 12_000  # mean size of a report in UTF-8
# Bump when the reports written for a (seed, index) change, so a cached corpus (bench/bench_build.py) is rewritten.
# 2: sections and paragraphs as dense and as long as in the sample reports (version 1 had 2.8x their sections/KB).
VERSION = 2


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    tier: str
    province: str
    prefecture: str  # '' for a province, '直辖' for a municipality's district
    valid_from: int
    valid_until: int | None

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_until is None or year < self.valid_until)

    @property
    def self_word(self) -> str:
        """区, 县, 市, 旗, 州, 盟, 省: how the report refers to its own government (我区, 全县 …)."""
        for suffix, word in (("自治州", "州"), ("自治旗", "旗"), ("自治县", "县"), ("地区", "区"), ("盟", "盟")):
            if self.name.endswith(suffix):
                return word
        return self.name[-1] if self.name[-1] in "区县市旗省" else "市"

    @property
    def full_name(self) -> str:
        """The name a title uses: a county with its prefecture (吉安市吉州区), a municipal district with its city."""
        if self.tier != "county":
            return self.name
        parent = self.province if self.prefecture == "直辖" else self.prefecture
        return parent + self.name if parent and not parent.endswith("地区") else self.name

    @property
    def parent_word(self) -> str:
        return "省" if self.tier == "prefecture" or self.prefecture == "直辖" else "市"


def load_regions(path: Path = REGION_TABLE) -> list[Region]:
    regions = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["division_tier"] not in ("county", "prefecture"):
                continue
            name = row["region_name"]
            if len(name) < 2 or not name.endswith(("区", "县", "市", "旗", "州", "盟")) or "直辖" in name:
                continue
            until = row["valid_until_year"]
            regions.append(Region(row["region_code"], name, row["division_tier"], row["province_name"],
                                  row["prefecture_name"], int(row["valid_from_year"]), int(until) if until else None))
    return regions


# --- phrase banks ----------------------------------------------------------------------------------------------

CN_ORDINALS = "一二三四五六七八九十"
TOPICS = [
    "行政审批制度改革", "“放管服”改革", "重大行政决策程序", "行政规范性文件管理", "行政执法“三项制度”", "政府法律顾问制度",
    "政务公开", "行政复议体制改革", "矛盾纠纷多元化解机制", "“八五”普法", "“七五”普法", "法治宣传教育", "综合行政执法改革",
    "权责清单动态管理", "证明事项告知承诺制", "“互联网+监管”", "营商环境优化", "社会信用体系建设", "基层法治建设",
    "公共法律服务体系建设", "行政执法监督", "府院联动机制", "信访工作法治化", "应急管理体系建设", "依法治理",
]
LEADS = [
    "坚持以习近平法治思想为指导", "紧紧围绕全{s}中心工作", "按照{pw}委、{pw}政府的统一部署", "在{s}委的坚强领导下",
    "对标法治政府建设实施纲要", "坚持问题导向和目标导向", "围绕法治政府建设示范创建", "立足{s}情实际",
    "坚持依法行政与改革创新相结合", "以人民群众满意为标准", "认真贯彻落实党的二十大精神", "以创建法治政府建设示范{s}为抓手",
]
ACTIONS = [
    "深入推进{t}", "持续深化{t}", "不断健全{t}", "全面落实{t}", "扎实开展{t}", "着力完善{t}", "稳步推进{t}",
    "大力加强{t}", "严格执行{t}", "积极探索{t}", "统筹推进{t}", "切实抓好{t}",
]
RESULTS = [
    "取得了明显成效", "为全{s}高质量发展提供了坚实的法治保障", "法治政府建设水平不断提升", "群众满意度持续提高",
    "依法行政能力进一步增强", "营商环境持续优化", "形成了一批可复制可推广的经验做法", "各项工作有序开展",
    "社会大局保持和谐稳定", "行政执法行为更加规范", "政府公信力和执行力明显增强",
]
FILLERS = [
    "{lead},{action},{action2},{result}。",
    "{lead},{action},{result}。",
    "{action},{action2},{result}。",
    "全{s}各部门单位{action},{result}。",
    "{lead},全面压实各级领导干部法治建设责任,{action}。",
    "把{t}纳入全{s}经济社会发展总体规划和年度工作计划,与经济社会发展同部署、同推进、同督促、同考核。",
    "将{t}工作纳入部门绩效考核内容,{result}。",
    "组织各部门对照任务清单逐项自查,明确责任单位和完成时限,{result}。",
]
# Quantitative statements: {n} integer, {d} small integer, {f} one-decimal, {p} percentage, {w} 1-2 decimals (万)
FIGURES = [
    "受理行政复议案件{n}件,审结{m}件,纠错率{p}%",
    "审核政府规范性文件{d}件,提出审核意见建议{n}条",
    "清理规范性文件{n}件,其中继续有效{m}件、废止{d}件",
    "全{s}{d}个部门单位梳理权责清单事项{n}项",
    "开展行政执法人员培训{d}期,培训{n}余人次",
    "组织领导干部学法{d}次,参学人员{n}人次",
    "办理行政应诉案件{n}件,行政机关负责人出庭应诉率达{p}%",
    "行政诉讼案件数量同比下降{f}%",
    "政务服务事项网上可办率达到{p}%,较上年提高{f}个百分点",
    "全年调解矛盾纠纷{n}件,调解成功率{p}%",
    "聘请法律顾问{d}名,为政府决策提供法律意见{n}条",
    "开展普法宣传活动{n}场次,发放宣传资料{w}万余份",
    "办理群众来信来访{n}件次,按期办结率{p}%",
    "承办人大代表建议和政协委员提案{n}件,办结率100%",
    "开展“双随机、一公开”抽查{n}次,检查市场主体{n2}家",
    "行政许可事项办理时限平均压缩{p}%,{d}个工作日内办结",
    "查处违法案件{n}起,罚没款{w}万元",
    "法律援助中心受理法律援助案件{n}件,挽回经济损失{w}万元",
    "建成村(社区)公共法律服务工作室{n}个,实现全覆盖",
    "政府信息主动公开{n}条,依申请公开{d}件",
    "重大行政决策事项{d}项全部经过合法性审查",
    "行政复议决定被纠错{d}件,行政诉讼败诉{d2}件",
    "全{s}{n}名行政执法人员持证上岗",
    "法治政府建设考核成绩位居全{pw}第{rank}",
    "全年共投入法治建设经费{w}万元",
    "培育“法律明白人”{n}名,“法治带头人”{m}名",
    "人民调解组织排查化解纠纷{n}起,防止民转刑案件{d}起",
    "累计减少证明事项{d}项,实行告知承诺制事项{n}项",
    "入驻政务服务中心事项{n}项,“一网通办”率达{p}%",
    "公开征求意见{d}次,收到意见建议{n}余条",
    "超过{p}%的行政许可事项实现“最多跑一次”",
    "全{s}近{n}家企业享受减税降费政策",
]
TARGET_FIGURES = [
    "力争行政机关负责人出庭应诉率达到100%",
    "确保规范性文件备案审查率达到100%",
    "全年组织执法人员培训不少于{d}次",
    "计划开展法治宣传活动{n}场次",
    "力争政务服务事项网上可办率达到{p}%以上",
    "每名执法人员每年参加法律知识培训不少于{d}0学时",
    "到{y2}年,基层公共法律服务平台覆盖率达到100%",
    "要组织领导干部集体学法不少于{d}次",
]
PROBLEMS = [
    "部分干部依法决策和依法行政能力有待提升", "一些乡镇(街道)综合执法队伍执法能力还有待加强", "基层法律人才缺口较大",
    "法治宣传教育的针对性和实效性还需增强", "行政执法监督机制还不够健全", "个别部门对法治政府建设重视程度不够",
    "规范性文件管理还存在薄弱环节", "法治政府建设考核评价体系有待完善",
]
SECTION_HEADS = [
    "加强组织领导,压实法治建设责任", "依法全面履行政府职能", "完善依法行政制度体系", "推进行政决策科学化、民主化、法治化",
    "严格规范公正文明执法", "强化对行政权力的制约和监督", "依法有效化解社会矛盾纠纷", "全面提升政府工作人员法治思维和依法行政能力",
    "深化“放管服”改革,持续优化营商环境", "加强法治宣传教育,营造浓厚法治氛围", "推进政务公开,保障群众知情权",
    "健全突发事件应对体系,依法预防处置重大突发事件",
]


def _decimal(rng: random.Random, low: float, high: float) -> str:
    """A figure as reports write it: 96, 96.5 or 96.45."""
    places = rng.choice((0, 1, 2))
    value = rng.uniform(low, high)
    return str(round(value)) if places == 0 else f"{value:.{places}f}"


class _Writer:
    def __init__(self, rng: random.Random, region: Region, year: int):
        self.rng, self.region, self.year = rng, region, year
        self.s = region.self_word
        self.p = region.parent_word

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def fill(self, template: str) -> str:
        r = self.rng
        values = {
            "s": self.s, "t": self.pick(TOPICS), "pw": self.p,
            "n": r.randint(12, 3000), "m": r.randint(5, 900), "n2": r.randint(50, 5000), "d": r.randint(2, 60),
            "d2": r.randint(0, 5), "f": round(r.uniform(0.3, 25), 1), "p": _decimal(r, 60, 99.9),
            "w": _decimal(r, 0.5, 980), "rank": self.pick("一二三四五六七八") if r.random() < .6
            else str(r.randint(1, 15)), "y2": self.year + r.randint(2, 5),
        }
        values["p"] = values["p"] if r.random() > .08 else "100"
        values["lead"] = self.pick(LEADS).format(**values)
        values["action"] = self.pick(ACTIONS).format(t=self.pick(TOPICS))
        values["action2"] = self.pick(ACTIONS).format(t=self.pick(TOPICS))
        values["result"] = self.pick(RESULTS).format(**values)
        return template.format(**values)

    def figure_sentence(self) -> str:
        parts = [self.fill(self.pick(FIGURES)) for _ in range(self.rng.choice((1, 1, 2)))]
        return self.pick(("", "同时,", "全年", f"{self.year}年,", "其中,")) + ",".join(parts) + "。"

    def paragraph(self, enumerate_points: bool) -> str:
        # lengths and figure rates set so that a corpus has the sample reports' density of sections (一是 points,
        # (一) and 一、 headings) and of figures per KB, and their paragraph length (tests/scale/test_generated_corpus.py)
        if enumerate_points:
            points = []
            for i in range(self.rng.randint(2, 4)):
                body = "".join(self.fill(self.pick(FILLERS)) for _ in range(self.rng.randint(3, 5)))
                for _ in range(self.rng.choice((0, 1, 1))):
                    body += self.figure_sentence()
                points.append(f"{CN_ORDINALS[i]}是{self.pick(ACTIONS).format(t=self.pick(TOPICS))}。{body}")
            return "".join(points)
        sentences = [self.fill(self.pick(FILLERS)) for _ in range(self.rng.randint(8, 14))]
        for _ in range(self.rng.randint(1, 3)):
            sentences.insert(self.rng.randint(0, len(sentences)), self.figure_sentence())
        return "".join(sentences)


def _kind_title(rng: random.Random, place: str, year: int) -> tuple[str, str]:
    roll = rng.random()
    if roll < .62:
        return "annual_report", rng.choice((f"{place}{year}年法治政府建设情况报告", f"{place}{year}年度法治政府建设情况报告",
                                            f"{place}关于{year}年法治政府建设工作情况的报告",
                                            f"{place}{year}年度法治政府建设工作报告"))
    if roll < .80:
        return "work_summary_plan", f"{place}{year}年法治政府建设工作总结和{year + 1}年工作计划"
    if roll < .92:
        return "work_plan", rng.choice((f"{place}{year + 1}年法治政府建设工作要点", f"{place}{year + 1}年依法行政工作计划"))
    return "notice", f"关于印发{place}{year}年法治政府建设工作情况报告的通知"


def generate_report(seed: int, index: int, regions: list[Region]) -> tuple[str, str]:
    """(relative path, text) of report `index`; depends only on (seed, index)."""
    rng = random.Random(f"{seed}:{index}")
    year = rng.choice(YEARS)
    candidates = [r for r in regions if r.valid_in(year)]
    region = rng.choice(candidates)
    anonymised = rng.random() < .03
    place = ("XX" + region.self_word) if anonymised else (region.full_name if rng.random() < .7 else region.name)
    kind, title = _kind_title(rng, place, year)
    w = _Writer(rng, region, year)
    owner = "XX" + region.self_word if anonymised else region.name
    publish = (year + 1, rng.randint(1, 4), rng.randint(1, 28))
    target_chars = max(1500, min(14000, int(rng.gauss(TARGET_BYTES / 3 - 310, TARGET_BYTES / 10))))

    lines: list[str] = []
    chrome = rng.random() < .25
    if chrome:
        lines += [f"欢迎您访问{owner}人民政府网!", "|", ">> 首页 > 信息公开 > 规划计划 > 工作报告 > 正文>> 详细内容"]
    lines.append(title)
    if chrome:
        lines.append(f"发布时间:{publish[0]}-{publish[1]:02d}-{publish[2]:02d}来源: 作者: 浏览量:{rng.randint(20, 9000)} "
                     "【字体:大 中 小】")
    lines.append("")
    lines.append(f"    {year}年,在{w.p}委、{w.p}政府的正确领导下,{owner}坚持以习近平新时代中国特色社会主义思想为指导,"
                 f"{w.fill(w.pick(ACTIONS))},{w.fill(w.pick(ACTIONS))},{w.fill(w.pick(RESULTS))}。现将有关情况报告如下:")
    heads = rng.sample(SECTION_HEADS, k=len(SECTION_HEADS))
    size = sum(len(line) for line in lines)
    top = 0
    while size < target_chars and top < 8:
        heading = f"{CN_ORDINALS[top]}、{heads[top % len(heads)]}"
        lines += ["", heading]
        size += len(heading)
        for sub in range(rng.randint(3, 5)):
            sub_heading = f"({CN_ORDINALS[sub]}){w.fill(w.pick(ACTIONS))}"
            paragraph = w.paragraph(enumerate_points=rng.random() < .5)
            lines += [sub_heading, paragraph] if rng.random() < .6 else [sub_heading + "。" + paragraph]
            size += len(sub_heading) + len(paragraph)
            if size >= target_chars:
                break
        top += 1
    lines += ["", f"{CN_ORDINALS[top]}、存在的问题和不足",
              "一年来,虽然我" + w.s + "在推动法治政府建设上取得了一定成效,但与上级要求相比还有一定差距。比如,"
              + ";".join(rng.sample(PROBLEMS, k=3)) + "等。"]
    plan = [f"{CN_ORDINALS[top + 1]}、{year + 1}年工作打算", f"下一步,我{w.s}将继续坚持以习近平法治思想为指导,"
            + w.fill(w.pick(ACTIONS)) + "。"]
    for i in range(rng.randint(2, 4)):
        plan.append(f"{CN_ORDINALS[i]}是{w.fill(w.pick(ACTIONS))},{w.fill(w.pick(TARGET_FIGURES))}。")
    lines += [""] + plan
    lines += ["", f"{owner}人民政府", f"{publish[0]}年{publish[1]}月{publish[2]}日"]
    if chrome:
        lines += ["", f"版权所有:{owner}人民政府  主办单位:{owner}人民政府办公室", "【打印】【关闭】"]
    text = "\n".join(lines) + "\n"
    return f"{year}/r{index:06d}.txt", text


def write_corpus(out_dir: Path, reports: int, seed: int = 7, start: int = 0, processes: int = 1) -> int:
    """Write reports start … start+reports-1 into out_dir; return the bytes written. processes > 1 writes contiguous
    ranges in that many processes (each report depends only on (seed, index), so the files are the same)."""
    if processes > 1 and reports >= 2000:
        from concurrent.futures import ProcessPoolExecutor

        step = -(-reports // (processes * 8))
        ranges = [(first, min(step, start + reports - first)) for first in range(start, start + reports, step)]
        with ProcessPoolExecutor(processes) as pool:
            return sum(pool.map(_write_range, [(out_dir, n, seed, first) for first, n in ranges]))
    regions = load_regions()
    total = 0
    for index in range(start, start + reports):
        relative, text = generate_report(seed, index, regions)
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        encoding = "gb18030" if random.Random(f"{seed}:{index}:enc").random() < .02 else "utf-8"
        data = text.encode(encoding)
        path.write_bytes(data)
        total += len(data)
    return total


def _write_range(arguments: tuple[Path, int, int, int]) -> int:
    out_dir, reports, seed, start = arguments
    return write_corpus(out_dir, reports, seed, start)


CORPUS_COMPLETE = ".complete"  # landing skips dot-files


def cached_corpus(work_dir: Path, reports: int, seed: int = 7) -> Path:
    """The corpus of `reports` reports under work_dir, written once per size, seed and generator version and reused
    by later benchmark runs (a marker file says it was written whole). A smaller cached corpus of the same seed is
    the first reports of this one: its files are hard-linked (benchmarks add files to a corpus, never rewrite one)
    and only the rest is generated, on every core."""
    out_dir = work_dir / f"raw-{reports}-{seed}-v{VERSION}"
    if not (out_dir / CORPUS_COMPLETE).exists():
        shutil.rmtree(out_dir, ignore_errors=True)
        start = 0
        smaller = [(int(p.name.split("-")[1]), p) for p in work_dir.glob(f"raw-*-{seed}-v{VERSION}")
                   if (p / CORPUS_COMPLETE).exists() and p.name.split("-")[1].isdigit()
                   and int(p.name.split("-")[1]) < reports]
        if smaller:
            start, source = max(smaller)
            out_dir.mkdir(parents=True)
            for year_dir in source.iterdir():
                if year_dir.is_dir():
                    (out_dir / year_dir.name).mkdir()
                    for file in year_dir.iterdir():
                        if int(file.stem.lstrip("r")) < start:  # the prefix only: a bench may have added files
                            os.link(file, out_dir / year_dir.name / file.name)
        write_corpus(out_dir, reports - start, seed, start=start, processes=os.cpu_count() or 1)
        (out_dir / CORPUS_COMPLETE).write_text("")
    return out_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=int, default=0, help="index of the first report (to add to a corpus)")
    args = parser.parse_args()
    total = write_corpus(args.out_dir, args.reports, args.seed, args.start)
    print(f"wrote {args.reports} reports, {total / 1e6:.1f} MB, to {args.out_dir}")


if __name__ == "__main__":
    main()
