"""Quantitative statements (受理行政复议案件17件, 出庭应诉率82%, 位居全省第二 …) in a landed report text.

The extractor reads the length-preserving body view (`text_views(text).body`), so every offset it finds is an
offset in the original text and `raw_span == text[char_start:char_end]` always holds.

Precision comes first: a wrong number is worse than a missed one. A numeral becomes a figure only when it is
followed by a unit from the vocabularies below (or is a rank, a percentage written 百分之N, or 无一败诉), and
is not a date, a document number, an ordinal, a named package, an enumeration of aspects, a placeholder, a
vague amount, or text damaged by `?`. Chinese numerals are held to a stricter standard than Arabic ones:
official prose writes statistics in Arabic digits (GB/T 15835), and Chinese numerals mostly in set phrases.

Conventions (the regression tables in tests/parse/test_figures_regression.py pin each of them):

- Changes are figures. `同比下降12.5%` → 12.5 `%`; `较上年提高2.3个百分点` → 2.3 `个百分点`; `较上年增加36件` → 36 `件`.
  The value is the magnitude as written (never negative); the direction stays in `subject_text`
  (`行政诉讼案件数量同比下降`), so a change is told from a level by its subject, and the qualifier stays null.
  `由312项精简至186项` gives both figures.
- Percentage points are their own unit, as written: `个百分点` (or `百分点`), never `%`. Likewise `个工作日`, `个月`.
- Ranges are skipped whole: `3至5天`, `10—15件`, `5万至10万元`, `两到三次`, `2个至3个` give nothing. Neither bound
  is the figure, and picking one would state a number the report did not.
- Several rates sharing one number (`报备率、及时率和规范率均为100%`, also without 均: `报送备案率、备案审查率达100%`)
  give one figure per rate, all with the same `raw_span`. Items listed before 分别 take the figures after it in
  order (`办结率、满意率分别为98%和99%`), when the counts match.
- `无一败诉`, `零败诉`, `无一被撤销`, `零纠错` → 0 `件` (or the classifier written: `无一例败诉` → 0 `例`).
- Round Chinese numbers count only when they are stated as amounts: `千余人次` → 1000 approx_more_than,
  `近万名` → 10000 approx_less_than; `上百名`, `数千`, `千方百计` give nothing.
- Qualifiers: 余/多 approx_more_than; 超过/逾/突破 more_than; 近/将近/接近 approx_less_than; 以上/不少于/不低于/至少
  at_least; 以内/以下/不超过/不足/…内 at_most; 第N名/位, 位居全省第二, 第一方阵/梯队 rank. `约`/`左右` keep null.
- Targets (`is_target`): inside `plan_ranges` (except counts marked 去年/已); a prescribed bound (不少于, 不超过 …);
  a prescribing word in the clause or the one before it (力争, 确保, 争取实现, 要, 应当, 计划+verb, 明年, 下一步 …);
  or a deadline year with a level to reach (`到2025年…达到100%`), unless the clause reads as achieved (已, 共, 累计).
- Traditional script: rules read simplified characters, units come out simplified (`15個` → `个`,
  `2.3個百分點` → `个百分点`), while `raw_span`, offsets and `subject_text` stay as written. The general one-to-one
  map lives in `normalize_chars` (data/t2s_chars.txt); `_TRADITIONAL` is only a fallback for a normaliser without it.
- Damage: a `?` or U+FFFD touching the digits drops the number (it may hide a dot, a dash or a digit: `3?15`);
  after the unit it is read as lost punctuation (`12件?办结率100%` keeps both). Markup between a number and its
  unit is bridged (`12</span>件`, `12&nbsp;件`); full-width digits, NBSP and pinyin glosses are normalised away.
- Placeholders and blanks never become figures: `XXXX件`, `×××件`, `*次`, `**%`, `X月X日`, `○○件`, `受理行政复议 件`,
  `出庭应诉率为 %`, `(略)`. A real number next to a masked name (`XX区受理12件`) is still a figure.
- Hotline numbers (12345, 12348 …) are not figures unless a count unit follows (`审结各类案件12345件`).
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from fazhi.parse.normalize import normalize_chars, text_views
from fazhi.parse.numbers import (
    ARABIC_PATTERN,
    ARABIC_REST_PATTERN,
    CHINESE_DIGITS,
    MULTIPLIER_PATTERN,
    MULTIPLIERS,
    is_positional_chinese,
    parse_arabic,
    parse_chinese,
)


@dataclass(frozen=True)
class Figure:
    subject_text: str | None  # what is counted, as written
    value: float  # fully expanded
    unit: str | None  # as written, simplified
    qualifier: str | None  # approx_more_than | more_than | approx_less_than | at_least | at_most | rank
    is_target: bool  # a quota/target/prescribed minimum, not an achieved result
    raw_span: str  # == text[char_start:char_end]
    char_start: int
    char_end: int

    def __init__(self, subject_text: str | None, value: float, unit: str | None, qualifier: str | None,
                 is_target: bool, raw_span: str, char_start: int, char_end: int) -> None:
        # the generated frozen __init__ sets each field through object.__setattr__: twice as slow, and a report
        # has thousands of figures
        self.__dict__.update(subject_text=subject_text, value=value, unit=unit, qualifier=qualifier,
                             is_target=is_target, raw_span=raw_span, char_start=char_start, char_end=char_end)


# --- character classes -------------------------------------------------------------------------------------

# Fallback for a `normalize_chars` without the general traditional → simplified map: the traditional forms of the
# characters the rules look at, one-to-one (offsets are kept). Unused when the normalised view is already simplified.
_TRADITIONAL = str.maketrans(
    "個項場條處輛臺張戶筆萬億兩餘門類種於過內對將達為單區縣鎮鄉會議數屆級號與並幾應確爭須計劃"
    "當務擬預冊塊棟間畝噸課學業車輪頃週時鐘點無敗訴銷糾錯熱線電話碼傳帳賬網標準屆則權責規範報備視廳獲得總計積極",
    "个项场条处辆台张户笔万亿两余门类种于过内对将达为单区县镇乡会议数届级号与并几应确争须计划"
    "当务拟预册块栋间亩吨课学业车轮顷周时钟点无败诉销纠错热线电话码传帐账网标准届则权责规范报备视厅获得总计积极",
)


@functools.cache
def _view_needs_own_map() -> bool:
    """True while `normalize_chars` leaves traditional characters alone (before the general t2s map exists)."""
    return normalize_chars("個項萬餘") != "个项万余"


_CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CJK = r"\u4e00-\u9fff"
_HARD_STOPS = ",.;:!?。;\n\r"  # sentence and clause punctuation in the body view (full-width forms are mapped)
_CLAUSE_STOPS = _HARD_STOPS + "、"
_SENTENCE_STOPS = "。;!?\n\r"
_MAX_SUBJECT = 40
_CLAUSE_REACH = _MAX_SUBJECT + 20  # how far back the clause holding a figure is looked for

# --- units -------------------------------------------------------------------------------------------------

# (unit as written, negative lookahead keeping it from eating a word: 3人民 is not 3 人)
_DURATION_UNITS = frozenset(("个工作日", "工作日", "小时", "分钟", "个月", "天", "周"))
_UNITS_WITH_RULES = frozenset("分名位个项次")  # units _numeral_hit reads with a rule of their own
_ARABIC_UNITS: list[tuple[str, str]] = [
    ("个工作日", ""), ("工作日", ""), ("个百分点", ""), ("百分点", ""), ("个月", ""), ("小时", ""), ("分钟", ""),
    ("平方公里", ""), ("平方米", ""), ("立方米", ""), ("公里", ""), ("千米", ""), ("公顷", ""), ("千瓦", ""),
    ("人次", ""), ("户次", ""), ("件次", ""), ("场次", ""), ("批次", ""), ("车次", ""), ("班次", ""),
    ("期次", ""), ("家次", ""), ("课时", ""), ("学时", ""), ("美元", ""),
    ("县市区", ""), ("部门", ""), ("单位", ""), ("乡镇", ""), ("街道", ""), ("社区", ""), ("县区", ""),
    ("区县", ""), ("企业", ""),
    ("%", ""), ("‰", ""),
    ("个", "体|性|别|案|税|多|半"), ("项", "目"), ("件", ""), ("名", "单|称|义|录|誉|片|牌|额|列"),
    ("人", "民|大|员|才|口|事|社|身|格|群|体|选|力|物|性|类|权|文|工|均|数"), ("位", "于|置|居|列|数|次"),
    ("次", "数|要|级|序|生|日|年|月|性"), ("场", "所|地|景|馆|合|面|域|主"),
    ("条", "例|件|款|线|块|理|幅|规|文"), ("份", "额|子"), ("户", "籍|口|外|型|数"),
    ("起", "来|草|点|步|始|止|见|码|诉"), ("例", ""), ("家", "庭|属|长|乡|人|园|风|族|具|电"),
    ("批", "准|复|评|示|文"), ("篇", ""), ("所", "有|属|在|得|需|辖|述|以|谓"), ("座", "谈"),
    ("处", "理|罚|置|级|长|室|分|于|在"), ("宗", "旨"), ("卷", ""), ("套", ""), ("台", "账|湾|阶|帐"),
    ("辆", ""), ("册", ""), ("张", ""), ("块", ""), ("支", "持|付|出|部|援"), ("类", "型|别"),
    ("种", "植|类|子"), ("期", "间|限|满|末|初|待|望|刊"), ("轮", ""), ("部", "署|分|长|队|委|级"),
    ("笔", ""), ("本", "级|单|地|部|次|着|年|月|市|县|区|镇|乡|村|人|身|质|领|土|职|届|系|行|局|委|院|机|科|组|项|文|案|辖"),
    ("元", "旦|素|年|首|老|宵|月"), ("倍", ""), ("米", "粮"), ("吨", ""), ("亩", ""),
    ("栋", ""), ("间", "隔"), ("门", "户|类|槛"), ("村", "民|委|级|组|干|庄|居"),
    ("天", "然|津|下|地|空|气|使|价|府|平"), ("周", "年|边|期|末|全|到|密|岁"),
    ("分", ""),
]
# Chinese numerals count only with an ordinary classifier (三个, 两次, 四名); never with 级/大/支/期/张, nor 条
# (新十条, 二十条: policy packages are named by their article count)
_CHINESE_UNITS = {"个", "项", "件", "名", "人", "人次", "次", "场", "场次", "批", "家", "份", "起", "例",
                  "篇", "位", "所", "户", "轮", "座", "倍", "个工作日", "工作日", "小时", "个月", "天"}


def _unit_alternation(units: list[tuple[str, str]]) -> str:
    """The units, longest first, grouped by their first character (个(?:工作日|百分点|月|(?!体|…))|项(?!目)|…).

    The matcher tries an alternation's branches one by one, so in a flat list a unit far down (件, 人) pays for the
    dozens before it; grouped, for one test per first character. Units with different first characters never match
    at the same place, and the order within a group is kept, so it matches exactly what the flat list matches.
    """
    groups: dict[str, list[str]] = {}
    for unit, avoid in sorted(units, key=lambda u: len(u[0]), reverse=True):
        groups.setdefault(unit[0], []).append(re.escape(unit[1:]) + (f"(?!{avoid})" if avoid else ""))
    return "|".join(re.escape(first) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
                    for first, rests in groups.items())


# number tail: 余/多, a multiplier (万, 亿 …), 余/多 again (36万余次), spaces, the unit
_TAIL_PATTERN = (
    f"(?P<approx1>余|多)?(?P<mult>{MULTIPLIER_PATTERN})?(?P<approx2>余|多)?[ \t]{{0,2}}"
    f"(?P<unit>{_unit_alternation(_ARABIC_UNITS)})"
)
_TAIL_RE = re.compile(_TAIL_PATTERN)
_TAIL_FIRST_CHARS = "".join(sorted({u[0] for u, _ in _ARABIC_UNITS} | {m[0] for m in MULTIPLIERS} | set("余多 \t大")))
# A numeral followed by a unit (captured in the lookahead with _TAIL_RE's groups), a blank or 大 (12</span>件, 等十大):
# the numerals that can make a figure, found at C speed (the pattern starts with a character set, and one character
# after the numeral rules most out), so two in three never reach Python. The lookbehinds keep a match from starting
# inside a numeral a left-to-right scan reads whole (3.4.9 is 3.4 and 9, never 4.9; 一百 is never 百); an Arabic
# numeral right after a dot would be dropped anyway.
_CANDIDATE_RE = re.compile(
    f"[0-9{_CN_NUMERAL_CHARS}]"
    f"(?:(?<=[0-9])(?<![0-9]{{2}})(?<![0-9]\\.[0-9])(?>{ARABIC_REST_PATTERN})"
    f"|(?<![0-9])(?<![{_CN_NUMERAL_CHARS}]{{2}})[{_CN_NUMERAL_CHARS}]*+)"
    f"(?=[{re.escape(_TAIL_FIRST_CHARS)}])(?=(?:{_TAIL_PATTERN})|[ 大])"
)
# the groups of both matches, numbered alike: _numeral_hit reads them with .groups() and the unit's end with .end(4)
_TAIL_GROUPS = {"approx1": 1, "mult": 2, "approx2": 3, "unit": 4}
assert _TAIL_RE.groupindex == _CANDIDATE_RE.groupindex == _TAIL_GROUPS
# score points (得分95分) only when 分 ends the phrase
_POINTS_END_RE = re.compile(r"(?=[,.;:!?。、)\s]|的|以上|以下|$)")
_POINTS_CUE_RE = re.compile(r"得分|评分|分值|总分|满分|平均分|分数|考核|考评|测评|评估|成绩|评价|排名")
_ARABIC_SLOGAN_RE = re.compile(r"全覆盖|到位|零|不|坚持|必须|务必|确保|意识|自信|维护|确立|全面|代表")
_DURATION_CUE_RE = re.compile(r"时限|压缩|缩短|缩减|减少|减至|降至|提速|提前|控制在|平均|用时|耗时|办结|为期|历时|延长|节省|至$")
_THRESHOLD_AFTER_RE = re.compile(r"[ \t]*(?:的[ \t]*[" + _CJK + r"“]|罚款|罚金|处罚)")
_SUFFIX_QUAL_RE = re.compile(r"[ \t]{0,2}(?P<q>及以上|以上|以下|以内|之内|内)")
_SUFFIX_QUAL_FIRST = " \t及以之内"  # the characters _SUFFIX_QUAL_RE can start with

# --- qualifiers and cues -----------------------------------------------------------------------------------

_PREFIX_QUAL_RE = re.compile(
    r"(?:(?P<at_least>不少于|不低于|至少|最少|起码)[" + _CJK + r"]{0,3}"
    r"|(?P<at_most>不超过|不高于|不多于|至多|低于|少于|不足|不到)"
    r"|(?P<more_than>超过了?|逾|多于|高于|突破)"
    r"|(?P<approx_less_than>将近|接近|(?<![最附临亲靠贴就])近))"
    r"[ \t]*(?:达到|达|为)?[ \t]*$"
)
# Words that prescribe (a quota, a rule), searched in the clause holding the number and the one before it. Every
# branch starts with a literal (a lookbehind comes after the word), so the scanner skips to candidates at C speed.
_TARGET_CUE_RE = re.compile(
    r"力争|争取(?=在|于|实现|达到|全年|年内|到[0-9])|确保(?<![为以]确保)(?!了)|务必|必须|应当"
    r"|应(?<![响相适反供对呼回答效感理]应)(?=[在于达完做按])"
    r"|拟(?<![模草虚比]拟)(?![定订写])|预计|不少于|不低于|至少|不超过|不高于"
    r"|要(?<![重主需纲摘必只首概扼紧提纪次机简]要)(?![求点素件闻案害务职员领义旨])"
    r"|计划(?<![作法度施划展按照原的]计划)(?=在|于|年内|全年|再|新|开展|组织|完成|举办|实施|召开|建成|建设|培训|投入|达到|推出|发放|"
    r"制定|修订|出台|清理|选聘|聘请|设立)|明年|下一年度|来年|下一步|力求|目标(?:是|为|:)"
)
# 到2025年…达到100%: a deadline year with a level to reach (截至2020年 is a date of record, not a deadline)
_BY_YEAR_RE = re.compile(r"(?<![截止])(?:到|至)(?:19|20)[0-9]{2}年(?:底|末)?")
_REACH_RE = re.compile(r"达到|提高到|提升到|提高至|提升至|降至|降到|控制在|不低于|不高于|实现")
_PRESCRIBED_BOUND_RE = re.compile(r"不少于|不低于|至少|最少|起码|不超过|不高于|不多于|至多")
_PAST_CUE_RE = re.compile(r"去年|上年|前年|已经|已")
_ACHIEVED_CUE_RE = re.compile(r"去年|上年|前年|已|共|累计|了")
# 一 is an article far more often than a count; it counts only after one of these.
_ONE_CUE_RE = re.compile(r"(?:仅有?|只有|共计?|累计|合计)[ \t]*$|(?:至少|不少于|不低于|不超过)[" + _CJK + r"]{0,4}$")
# A Chinese-numeral count followed by a short noun (三个转变, 五项措施) reads as a set phrase unless one of these
# counting words comes first.
_COUNT_CUE_RE = re.compile(
    r"(?:仅有?|只有|共有?|共计|累计|合计|新增|增加|减少|先后|分别|至少|不少于|不低于|不超过|达到?|为|"
    r"全国|全省|全市|全州|全盟|全区|全县|全旗|全镇|全乡)[ \t]*$"
)

# --- exclusions --------------------------------------------------------------------------------------------

# 《titles》, short “quoted names”, 〔document numbers〕, 【brackets】: numbers inside are never figures.
# (opening character, rest of the pattern): found by _SPECIAL_RE, which needs each kind's first character
_SHIELD_PARTS = (
    ("《", r"[^《》\n]{1,120}》"), ("“", r"[^“”\n]{1,25}”"), ('"', r'[^"\n]{1,25}"'), ("「", r"[^「」\n]{1,25}」"),
    ("‘", r"[^‘’\n]{1,25}’"), ("〔", r"[^〔〕\n]{1,12}〕"), ("[", r"[^\[\]\n]{1,12}\]"), ("【", r"[^【】\n]{1,30}】"),
    ("(", r"\d{4}\)"),
)
_SHIELD_RE = re.compile("|".join(re.escape(first) + rest for first, rest in _SHIELD_PARTS))
# Characters that glue a number into a name, code, formula or damaged text (1+6, 5G, 3·15, 3?15, 1-2, 24×7).
_GLUE = set("+＋·•?？\ufffd×*＊/#@_&=~～-—–−") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PLACEHOLDER = set("XxＸｘ×*＊某○□△")
# A lost character (GBK → '?', U+FFFD): next to the digits it may hide a dot, a dash or a digit, so the number is
# dropped; after the unit it was punctuation or a space, and the figure stands.
_DAMAGE = set("?？\ufffd")
_VAGUE_BEFORE = set("数几若成上")  # 数十个, 几十家, 上百人: no definite figure
_PER_BEFORE = set("每")  # 每10万人, 每100名: the denominator of a ratio, not a count
# the sets above merged, for the tests every numeral goes through
_BAD_BEFORE = frozenset(_GLUE | _PLACEHOLDER | _PER_BEFORE)
_BAD_AFTER = frozenset(_GLUE | _PLACEHOLDER | {"几"})
_BAD_AFTER_UNIT = frozenset((_GLUE - _DAMAGE) | _PLACEHOLDER)
# Ranges (3至5天, 10—15件, 5万至10万元, 两到三次) are skipped whole: neither bound is the figure.
_RANGE_BEFORE_RE = re.compile(
    rf"[0-9{_CN_NUMERAL_CHARS}](?:[万亿千百余多%]|个|名|件|次|项|天|人|家|元)?[ \t]*(?:至|到)[ \t]*$"
)
_RANGE_AFTER_RE = re.compile(rf"[ \t]*(?:至|到|~|～|—|–|-)[ \t]*[0-9{_CN_NUMERAL_CHARS}]")
_RANGE_AFTER_FIRST = " \t至到~～—–-"  # the characters _RANGE_AFTER_RE can start with: a cheap test first
_ORDINAL_BEFORE_RE = re.compile(r"第[ \t]*$")
_CN_WORD_BEFORE = set("第初周之统唯专同划单不逐其合归星礼")  # 第一, 初一, 之一, 统一, 唯一 …
# A classifier followed by an abstract noun names a package or slogan (三项制度, 两个维护, 八项规定, 五个一).
_SLOGAN_AFTER_RE = re.compile(
    r"制度|规定|规则|清单|意识|自信|维护|确立|全面|代表|原则|机制|体系|工程|行动|模式|理念|基本点|中心|必须|"
    r"务必|坚持|统一|结合|一体|方面|环节|层面|层级|维度|角度|红线|底线|责任|到位|禁令|不|零|最|全|[一二两三四五六七八九十“\"]"
)
_CODE_LABEL_RE = re.compile(r"(?:电话|热线|编号|代码|邮编|传真|号码|账号|信箱|网址|QQ)[ \t:]*$")
_HOTLINE_RE = re.compile(r"123[0-9]{2}|96[0-9]{3}")
# A cheap pre-test for the searches before a numeral (_ORDINAL_BEFORE_RE, _CODE_LABEL_RE, _RANGE_BEFORE_RE,
# _PREFIX_QUAL_RE): each can match only when the window ends, blanks aside, in one of these characters (or a newline,
# which `$` may stand before), or holds 少/低/码 (不少于, 不低于, 起码 take up to three characters after them).
_CUE_LAST_CHARS = set("第" "话线号码编真箱址Q:" "至到" "过于多足达为了逾破近" "\n")
# the pre-test as one search of the window (view, s - 8, s): `$` stands at its end, or before a newline ending it,
# which is one of the characters itself
_CUE_HINT_RE = re.compile("[少低码]|[" + re.escape("".join(sorted(_CUE_LAST_CHARS))) + "][ \t]*$")
_ROUND_NUMERALS = {"百": 100.0, "千": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8}  # 千余人次, 近万名
_GAP_RE = re.compile(r" {3,80}")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});")
_HOTLINE_COUNT_UNITS = {"件", "件次", "起", "次", "人", "人次", "条", "个", "项", "名", "户", "例", "宗"}  # 审结案件12345件
_SESSION_AFTER_RE = re.compile(r"会议|全会|全体会议|大会|常委会|党代会")
# Page furniture the body view may keep: view counters and the byline of a page header.
_CHROME_LABEL_RE = re.compile(r"(?:浏览|点击|阅读|访问|评论)(?:次数|量|数|率)?[ \t]*[:(][ \t]*$")
_CHROME_LINE_WORDS = ("发布时间", "发布日期", "来源[:]", "作者[:]", "浏览", "点击[:]", "阅读[:]", "上一页", "下一页", "尾页",
                       "末页", r"共[ \t]*[0-9]+[ \t]*页")  # the last: a pager
_CHROME_LINE_RE = re.compile("|".join(_CHROME_LINE_WORDS))
_CHROME_LINE_MAX = 80
_CHROME_LABEL_WORDS = ("浏览", "点击", "阅读", "访问", "评论")  # a page counter's label (_CHROME_LABEL_RE) holds one
# The last stop, bracket or closing quote (or sentence stop) in a window: greedy .* backtracks from the end, in C.
_LAST_MARK_RE = re.compile("(?s:.*)[" + re.escape(_CLAUSE_STOPS + "()”》") + "]")
# The start of a cue window (`_Reader.is_target`), after the later of the last sentence stop and the last comma but
# one: greedy .* backtracks from the end to the first of them, in C, where two rfind calls and a search for the stop
# after them took three
_CUE_WINDOW_START_RE = re.compile(
    "(?s:.*)(?:[" + re.escape(_SENTENCE_STOPS) + "]|,(?=[^,]*,[^,]*$))"  # the comma with just one more after it
)

# --- subjects ----------------------------------------------------------------------------------------------

_YEAR_LEAD = r"(?:19|20)[0-9]{2}年(?:度|以来|上半年|下半年|全年|底|末)?"
_LEAD_FILLER_RE = re.compile(
    r"(?:[ \t?？\ufffd]|其中|同时|此外|另外|目前|截至目前|截止目前|截至|截止|今年以来|今年|全年|年内|一年来|共计|共有|共|"
    r"累计|总计|合计|先后|已经|已|并且|并|还|又|均|都|分别|[一二三四五六七八九十]是|" + _YEAR_LEAD + r")+"
)
# The characters a _LEAD_FILLER_RE match can start with, and those a _TRAIL_FILLER_RE match can end with (or a newline,
# which `$` may stand before): cheap pre-tests before the searches.
_LEAD_FIRST_CHARS = set(" \t?？\ufffd其同此另目截今全年一共累总合先已并还又均都分二三四五六七八九十12")
_TRAIL_LAST_CHARS = set(" \t计有共为达到了是约已的仅来由从至在\n")
_TRAIL_FILLER_RE = re.compile(
    r"(?:[ \t]|共计|共有|共|累计|总计|合计|分别为|分别达到?|均达到?|均为|都达到?|都为|达到了?|达|为|是|约|大约|已|的|仅有?|只有|"
    r"由原来的?|由|从|"
    r"(?:提高|提升|上升|增加|增长|下降|降低|减少|压缩|缩短|缩减|精简)(?:到|至)|降至|减至|控制在)+$"
)
_RANK_TRAIL_RE = re.compile(
    r"(?:进入|跻身|位居|位列|名列|排名|排在|排位|居于?|列|获得?|荣获|取得)?(?:全国|全省|全州|全市|全区|全县|全盟|同级|同类|"
    r"各县市区|各区县|各县区|县市区)?[ \t]*$"
)
_AFTER_VERB_RE = re.compile(
    r"全部|全覆盖|均|都|已|还|并|先后|进行|开展|研究|部署|审议|参加|参与|实现|完成|进驻|下沉|纳入|进入|获得|获评|通过|签订|"
    r"组织|组建|建立|建成|设立|召开|精简|减少|增加|下降|上升|提高|提升|压缩|缩短|降低|增长|减至|降至|"
    r"推行|实行|推进|落实|制定|出台|印发|发布|公布|公开|办理|受理|审查|审核|接受|聘请|配备|成立|开通|上线|接入|"
    r"投入|达到|超过|获|对|向|在|到|于|被|由|从|按|把|以|等|共|累计"
)
_AFTER_STOP_RE = re.compile(_AFTER_VERB_RE.pattern + r"|的|[0-9" + _CN_NUMERAL_CHARS + r"]")
# a lone preposition or conjunction before a number is no subject (分别为12件和35件, 在13个中心乡镇)
_CONJUNCTIONS = frozenset(("和", "与", "及", "或", "以及", "并", "在", "对", "向", "于", "从", "由", "将", "把", "为", "到", "至"))
_AFTER_BAD_START_RE = re.compile(r"和|与|及|或|并|而|但|且|的|为|是|达|占|比|较|之|以|等")
_PHRASE_END_RE = re.compile("[" + re.escape(_CLAUSE_STOPS + " \t(") + "]")
_NOUN_START_RE = re.compile(f"[{_CJK}“\"]")
_HAS_CJK_RE = re.compile(f"[{_CJK}]")
_LIST_CONJ_RE = re.compile(r"和|与|及")
_NO_AFTER_UNITS = {"%", "‰", "个百分点", "百分点", "元", "美元", "倍", "分", *_DURATION_UNITS}

# Several rates sharing one number: 报备率、报备及时率、规范率均达100%
# (及 in 及时率 is no conjunction); without 均 the rates must be joined directly to a verb (办结率、满意率达100%)
_RATE_ITEM = r"[^,.;:!?。;、\n\r]{1,20}?(?:率|比例|占比|比重|覆盖面|满意度)"
_RATE_CONJ = r"(?:、|和|及(?!时)|与|以及)"
_SHARED_RATES_RE = re.compile(
    f"(?P<items>{_RATE_ITEM}(?:{_RATE_CONJ}{_RATE_ITEM})+)"
    r"(?:(?:均|都|全部|皆)(?:达到|达|为|保持|实现|在)?|达到|达|为)[ \t]*$"
)
_SHARED_RATES_LAST_CHARS = set("均都部皆到达为持现在\n")  # the verbs' last characters (`$` may stand before a newline)
_RATE_PART_RE = re.compile(r"(?:(?!以及|和|及(?!时)|与).)+")
# 办结率、满意率分别为98%和99%: the listed items take the figures that follow, in order
_RESPECTIVELY_RE = re.compile(
    r"(?P<items>[^,.;:!?。;\n\r]{2,80}?)分别(?:为|是|达到|达|占|有)?[ \t]*$"
)
_RESPECTIVELY_WORD_RE = re.compile("分别")  # a literal scan: twice as fast as `"分别" in text` on CJK text
_ITEM_SPLIT_RE = re.compile(r"、|以及|和|与|及(?!时)")
_FIGURE_SEPARATOR_RE = re.compile(r"[ \t]*(?:、|,|以及|和|与|及)[ \t]*")
_RATE_END_RE = re.compile(r"(?:率|比例|占比|比重|覆盖面|满意度)$")

# --- special patterns --------------------------------------------------------------------------------------

_N = f"(?:{ARABIC_PATTERN}|[{_CN_NUMERAL_CHARS}]+)"
_RANK_PLACE = r"(?:全国|全省|全州|全市|全区|全县|全盟|同级|同类|各县市区|各区县|各县区|县市区)"
# Each branch names the character it starts with (第/位/名/排/跻/居/列/全) in a lookbehind.
_RANK_FIRST = "第位名排跻居列全"
_RANK_REST = (
    r"(?:"
    rf"(?<=第)[ \t]*(?P<n>{_N})[ \t]*(?P<unit>名|位(?![于置居列次])|方阵|梯队)"
    rf"|[居列名在位身](?<=位居|位列|名列|排名|排在|排位|跻身)(?:{_RANK_PLACE})?[ \t]*第[ \t]*(?P<n2>{_N})"
    rf"(?P<unit2>名|位|方阵|梯队)?(?![\d{_CN_NUMERAL_CHARS}个项件次批届条号期级季阶部章节款等类轮])"
    rf"|(?<=[居列]){_RANK_PLACE}第[ \t]*(?P<n3>{_N})(?P<unit3>名|位|方阵|梯队)?"
    rf"(?![\d{_CN_NUMERAL_CHARS}个项件次批届条号期级季阶部章节款等类轮])"
    rf"|(?<=全)[国省州市区县盟]第[ \t]*(?P<n4>{_N})(?=[,.;:!?。、)\s]|$)"  # 考核成绩全省第一。
    r")"
)
_RANK_RE = re.compile(f"[{_RANK_FIRST}]{_RANK_REST}")
_RANK_NOT_AFTER_RE = re.compile(r"(?:放在|摆在|放到|摆到|置于|列为|作为)[ \t]*$")
_ZERO_AFTER_NUMERAL = r"(?<![" + _CN_NUMERAL_CHARS + r"0-9]零)"  # 一百零五件 holds no 零
_ZERO_TAIL = r"(?P<unit>例|件|起|宗|个)?(?P<event>败诉|被撤销|被纠错|纠错|被确认违法|被改变|被判败诉|错案)"
_ZERO_RE = re.compile(f"(?:无一|零{_ZERO_AFTER_NUMERAL}){_ZERO_TAIL}")
_ZERO_LEAD_RE = re.compile(r"(?:迄今|至今|实现|做到|保持|确保|均|全部|连续[0-9一二两三四五六七八九十]+年)+")
_ZERO_TRAIL_RE = re.compile(r"(?:迄今|至今|实现了?|做到了?|保持|确保|均|全部|连续[0-9一二两三四五六七八九十]+年)+$")
_PERCENT_WORD_REST = rf"分之(?P<n>{ARABIC_PATTERN}|[{_CN_NUMERAL_CHARS}]+)"
_PERCENT_WORD_RE = re.compile("百" + _PERCENT_WORD_REST)


def _scan_branch(first: str, rest: str, mark_end: bool = False) -> str:
    """`first` consumed, `rest` looked ahead for (its group names dropped: a name may occur once in a pattern), and
    an empty group at the end of the rest when `mark_end`, so the match tells where the rest ends."""
    rest = re.sub(r"\(\?P<\w+>", "(?:", rest)
    return re.escape(first) + "(?=(?:" + rest + ")" + ("()" if mark_end else "") + ")"


# The rare patterns in one scan. Shields, ranks, zero statements, 百分之N and chrome words would each take a scan of
# the whole text, and a scan for a set of first characters costs much the same whatever it finds: one scan for all
# costs half of theirs. Every branch starts with a literal character, so the scanner skips to those at C speed, and
# consumes only that character, looking ahead for the rest: no match hides another, and the scan reports every
# place where one of the patterns matches. `_Reader` sorts them by their first character (the kinds share none) and
# keeps, for each kind, what a left-to-right scan of its own pattern gives (a place inside the last match kept is
# skipped). Only the shields' branches hold a group, for the shield's end; ranks, zero statements and 百分之N are
# read with their own patterns where they were found (`_matches`).
_SPECIAL_KINDS = {first: "shield" for first, _ in _SHIELD_PARTS}
_SPECIAL_BRANCHES = [_scan_branch(first, rest, mark_end=True) for first, rest in _SHIELD_PARTS]
for _first in _RANK_FIRST:
    _SPECIAL_KINDS[_first] = "rank"
    _SPECIAL_BRANCHES.append(_scan_branch(_first, _RANK_REST))
_SPECIAL_KINDS.update(无="zero", 零="zero", 百="percent")
_SPECIAL_BRANCHES += [_scan_branch("无", "一" + _ZERO_TAIL), _scan_branch("零", _ZERO_AFTER_NUMERAL + _ZERO_TAIL),
                      _scan_branch("百", _PERCENT_WORD_REST)]
for _word in sorted(set(_CHROME_LINE_WORDS + _CHROME_LABEL_WORDS)):  # where either kind of chrome may start
    _SPECIAL_KINDS[_word[0]] = "chrome"
    _SPECIAL_BRANCHES.append(_scan_branch(_word[0], _word[1:]))
assert len(_SPECIAL_KINDS) == len(_SHIELD_PARTS) + len(_RANK_FIRST) + 3 + len({w[0] for w in _CHROME_LINE_WORDS
                                                                                 + _CHROME_LABEL_WORDS})
_SPECIAL_RE = re.compile("|".join(_SPECIAL_BRANCHES))
assert _SPECIAL_RE.groups == len(_SHIELD_PARTS)  # a match with a group is a shield's


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


@dataclass(slots=True)
class _Hit:
    number_start: int  # where the numeral starts (text order)
    prefix_start: int  # start of a qualifier word before the numeral, else number_start
    tail_end: int  # end of unit and suffix qualifier
    value: float
    unit: str | None
    qualifier: str | None
    allow_after: bool = True
    rank: bool = False
    zero_event: str = ""  # 败诉 in 无一败诉


class _Reader:
    """One text: its views and the precomputed exclusion zones."""

    def __init__(self, text: str, plan_ranges: Sequence[tuple[int, int]]):
        self.text = text
        body = text_views(text).body
        if "&" in body:
            body = _ENTITY_RE.sub(_blank, body)  # entities normalize_chars does not know (&ensp, &#12288 …)
        self.view = view = body.translate(_TRADITIONAL) if _view_needs_own_map() else body
        # the rare patterns (_SPECIAL_RE): shields, page chrome, and where ranks, zero statements and 百分之N start
        shields: list[tuple[int, int]] = []
        shield_end = 0
        starts: dict[str, list[int]] = {"rank": [], "zero": [], "percent": []}
        # whether a page-counter label occurs, and the start offsets of the short page-header lines (发布时间, 浏览次数,
        # a pager)
        self.has_chrome_label = False
        self.chrome_lines: set[int] = set()
        for m in _SPECIAL_RE.finditer(view):
            pos = m.start()
            if m.lastindex:  # a shield, unless it starts inside the last one
                if pos >= shield_end:
                    shield_end = m.end(m.lastindex)
                    shields.append((pos, shield_end))
                continue
            kind = _SPECIAL_KINDS[m.group()]
            if kind != "chrome":
                starts[kind].append(pos)
                continue
            if view.startswith(_CHROME_LABEL_WORDS, pos):
                self.has_chrome_label = True
            if _CHROME_LINE_RE.match(view, pos):
                start, end = self.line_span(pos)
                line = view[start:end].strip()
                if len(line) <= _CHROME_LINE_MAX and "。" not in line:
                    self.chrome_lines.add(start)
        self.shield_starts = [s for s, _ in shields]
        self.shields = shields
        self.rank_starts, self.zero_starts, self.percent_starts = starts["rank"], starts["zero"], starts["percent"]
        # the plan ranges merged, so a position is looked up by bisection
        merged: list[list[int]] = []
        for a, b in sorted(plan_ranges):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.plan_starts = [a for a, _ in merged]
        self.plan_ends = [b for _, b in merged]

    # -- zones --

    def shielded(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.shield_starts, start) - 1
        return i >= 0 and self.shields[i][0] <= start and end <= self.shields[i][1]

    def in_plan(self, pos: int) -> bool:
        i = bisect.bisect_right(self.plan_starts, pos) - 1
        return i >= 0 and pos < self.plan_ends[i]

    def line_span(self, pos: int) -> tuple[int, int]:
        view = self.view
        start = max(view.rfind("\n", 0, pos), view.rfind("\r", 0, pos)) + 1
        ends = [i for i in (view.find("\n", pos), view.find("\r", pos)) if i != -1]
        return start, min(ends, default=len(view))

    def on_chrome_line(self, pos: int) -> bool:
        if not self.chrome_lines:
            return False
        view = self.view
        return max(view.rfind("\n", 0, pos), view.rfind("\r", 0, pos)) + 1 in self.chrome_lines

    def boundary(self, pos: int, stops: str, limit: int, floor: int = 0) -> int:
        """Start of the clause ending at `pos`: after the last stop character, parentheses kept balanced.

        `stops` is _CLAUSE_STOPS or a subset of it.
        """
        view = self.view
        depth = 0
        lowest = pos - limit if pos - limit > floor else floor
        end = pos
        # each step jumps back to the last character that can matter (a stop, a bracket, a closing quote)
        while (mark := _LAST_MARK_RE.match(view, lowest, end)) is not None:
            i = mark.end() - 1
            ch = view[i]
            if ch in "”》":
                opener = view.rfind("“" if ch == "”" else "《", lowest, i)
                if opener != -1:
                    end = opener
                    continue
            elif ch in stops:
                return i + 1
            elif ch == ")":
                depth += 1
            elif ch == "(":
                if depth == 0:
                    return i + 1
                depth -= 1
            end = i
        return lowest

    def is_target(self, hit: _Hit, clause_start: int) -> bool:
        """A quota, target or prescribed bound rather than an achieved result (see the module docstring)."""
        view = self.view
        pos = hit.number_start
        if self.plan_starts and (i := bisect.bisect_right(self.plan_starts, pos) - 1) >= 0 and pos < self.plan_ends[i]:
            return not _PAST_CUE_RE.search(view, clause_start, pos)  # in_plan(pos), written out
        if hit.qualifier in ("at_least", "at_most"):
            if _PRESCRIBED_BOUND_RE.match(view, hit.prefix_start, pos):
                return True
        # The cue window: the clause ending at the figure and the one before it, inside one sentence, where a
        # 力争/确保 governs. Searched as a string of its own, so no lookaround sees past its ends.
        pos = hit.prefix_start
        lowest = pos - 120 if pos > 120 else 0
        start = _CUE_WINDOW_START_RE.match(view, lowest, pos)
        window = view[start.end() if start else lowest:pos]
        if _TARGET_CUE_RE.search(window):
            return True
        deadline = _BY_YEAR_RE.search(window) if "年" in window else None
        return bool(deadline and _REACH_RE.search(window, deadline.end()) and not _ACHIEVED_CUE_RE.search(window))


# --- main pass ---------------------------------------------------------------------------------------------


def _may_follow_cue(window: str) -> bool:
    """False when none of the words a figure can follow (第, 电话, 3至, 超过 …) ends the 8 characters before it."""
    return _CUE_HINT_RE.search(window) is not None


# Chinese numerals repeat (三, 两, 十 …); parsing them is pure. (Arabic ones are read by float(): see _numeral_hit.)
_chinese_value = functools.lru_cache(maxsize=1024)(parse_chinese)


def _numeral_hit(r: _Reader, m: re.Match[str]) -> _Hit | None:
    view = r.view
    s, e = m.span()
    # Most numerals have no unit after them (一是, 进一步, 2019年): without one only a blanked gap before the unit or an
    # open list (等十大…) can still make a figure, so everything else is settled here, before the costlier checks.
    # _CANDIDATE_RE's lookahead read the tail: its groups, fetched in one call
    approx1, mult, approx2, unit = m.groups()  # _TAIL_GROUPS, in this order
    if unit is not None:
        tail = m
    elif view[e] == " " or (s and view[s - 1] == "等" and view[e] == "大"):  # the lookahead saw a blank or 大 at e
        tail = None
    else:
        return None
    before = view[s - 1] if s else "\n"
    if before in _BAD_BEFORE:
        return None
    cued = _CUE_HINT_RE.search(view, s - 8 if s > 8 else 0, s)  # _may_follow_cue(the 8 characters before)
    if cued and (_ORDINAL_BEFORE_RE.search(view, max(0, s - 3), s) or _CODE_LABEL_RE.search(view, max(0, s - 6), s)):
        return None
    token = m.group()
    arabic = token[0] in "0123456789"
    hotline = False
    round_number = False
    if arabic:
        if before.isdigit() or before in ".〔[【":
            return None
        if token[0] == "0" and len(token) > 1 and not token.startswith("0."):
            return None
        # 12345, 12348, 96110: a service hotline unless a count follows
        hotline = len(token) == 5 and bool(_HOTLINE_RE.fullmatch(token))
        # _CANDIDATE_RE read the token as ARABIC_PATTERN does (ASCII digits, commas, a dot), so parse_arabic(token)
        # is float() of it without the commas; numbers repeat too little for a cache to pay
        value = float(token.replace(",", "")) if "," in token else float(token)
    elif token in _ROUND_NUMERALS:
        # 千余人次, 近万名, 逾百家: a bare 百/千/万 counts only with 余/多 after it or 近/逾/超过 before it
        if before.isdigit() or before in _VAGUE_BEFORE or before in "., " + _CN_NUMERAL_CHARS:
            return None  # 1.2万余次: the 万 belongs to the Arabic number before it
        if not (view.startswith(("余", "多"), e) or (cued and _PREFIX_QUAL_RE.search(view, max(0, s - 8), s))):
            return None
        value, round_number = _ROUND_NUMERALS[token], True
    else:
        if token[0] not in CHINESE_DIGITS and token[0] != "十":
            return None
        if not is_positional_chinese(token) and len(token) > 1:
            return None  # digit-by-digit (二〇一一) or a run of digits (七五, 三零): years and slogans
        if token in ("二", "零", "〇"):
            return None  # counts say 两; 二次/二级/二类 are not counts
        if before in _CN_WORD_BEFORE or before in _VAGUE_BEFORE:
            return None
        value = _chinese_value(token)
    if value is None:
        return None
    after = view[e]  # the scan's lookahead saw a character there
    if after in _BAD_AFTER:
        return None
    if cued and _RANGE_BEFORE_RE.search(view, max(0, s - 8), s):
        return None

    if tail is None:
        if after == " ":
            gap = _GAP_RE.match(view, e)
            if gap and not r.text[e:gap.end()].isspace():
                tail = _TAIL_RE.match(view, gap.end())  # 12</span>件, 12&nbsp;件: markup blanked between number and unit
        if tail is None:
            return None if round_number else _enumeration_head(r, s, e, value, arabic)
        approx1, mult, approx2, unit = tail.groups()
    if not arabic and unit not in _CHINESE_UNITS and not (unit == "元" and len(token) > 1):
        return None  # 五十万元, but 三元, 一元: words
    if hotline and unit not in _HOTLINE_COUNT_UNITS:
        return None
    if mult:
        if not arabic and not approx1:
            return None  # a Chinese numeral already carries its 万/亿
        value *= MULTIPLIERS[mult]
    tail_end = tail.end(4)  # the unit (group 4 of _TAIL_GROUPS) ends the tail, in both kinds of match
    approx = approx1 or approx2 or (round_number and view.startswith(("余", "多"), e))
    # (every test here only rules a numeral out, so their order is free: the one that rules out most Chinese ones first)
    if not arabic and not _chinese_count_reads_as_count(r, s, tail_end, value, bool(approx) or round_number):
        return None
    next_char = view[tail_end] if tail_end < len(view) else ""
    if next_char in _BAD_AFTER_UNIT:
        return None
    if next_char in _RANGE_AFTER_FIRST and _RANGE_AFTER_RE.match(view, tail_end):
        return None  # the lower bound of 2个至3个
    if unit in _UNITS_WITH_RULES:  # the rules of single units, skipped together by the others (件, 人, % …)
        if unit == "分" and not (_POINTS_END_RE.match(view, tail_end) and before not in "时点"
                                 and _POINTS_CUE_RE.search(view, r.boundary(s, _CLAUSE_STOPS, 20), s)):
            return None  # 10时30分 is a time; only a score (考核得分96.5分) counts
        if (unit == "名" or unit == "位") and before == "前":
            return None  # 前三名, 前5位: a bracket of ranks, not a count
        if (unit == "个" or unit == "项") and (next_char.isdigit() or _ARABIC_SLOGAN_RE.match(view, tail_end)):
            return None  # 3个100%, 5个全覆盖: a slogan
        if unit == "次" and (before == "跑" or (_SESSION_AFTER_RE.match(view, tail_end)
                                                and "届" in view[r.boundary(s, _HARD_STOPS, 20):s])):
            return None  # 最多跑1次, 只跑1次: the name of a reform; 十三届人大五次会议: a session number
    prefix = _PREFIX_QUAL_RE.search(view, max(0, s - 8), s) if cued else None
    if unit in _DURATION_UNITS:
        if prefix is not None and prefix.lastgroup == "approx_less_than":
            return None  # 近30天, 近3个月: a recent period, not a duration
        bounded = prefix is not None and prefix.lastgroup in ("at_least", "at_most")  # 不少于3天
        if unit != "个工作日" and unit != "工作日" and not bounded:
            clause = view[r.boundary(s, _CLAUSE_STOPS, 12):s]
            if not (view.startswith("内", tail_end) or view.startswith("以内", tail_end)
                    or _DURATION_CUE_RE.search(clause)):
                return None

    qualifier = "approx_more_than" if approx else None
    prefix_start = s
    if prefix:
        qualifier = prefix.lastgroup
        prefix_start = prefix.start()
    if next_char in _SUFFIX_QUAL_FIRST and (suffix := _SUFFIX_QUAL_RE.match(view, tail_end)):
        word = suffix.group("q")
        if word in ("及以上", "以上"):
            qualifier = "at_least"
            tail_end = suffix.end()
        elif word in ("以下", "以内", "之内"):
            qualifier = "at_most"
            tail_end = suffix.end()
        elif word == "内" and unit in _DURATION_UNITS:
            qualifier = "at_most"
            tail_end = suffix.end()
        if unit not in ("%", "‰", "个百分点", "百分点") and _THRESHOLD_AFTER_RE.match(view, tail_end):
            return None  # 5万元以上的罚款, 10人以上的群体性事件: a threshold in a rule, not a figure
    # positional, allow_after last: the generated __init__ is slower with keywords
    return _Hit(s, prefix_start, tail_end, value, unit, qualifier, unit not in _NO_AFTER_UNITS)


def _chinese_count_reads_as_count(r: _Reader, s: int, tail_end: int, value: float, approx: bool) -> bool:
    """Chinese numerals mostly live in set phrases; keep 四个协调小组, 两次专题会议, 仅一名, 十余个 …"""
    view = r.view
    window = max(0, s - 8)
    one_cue = _ONE_CUE_RE.search(view, window, s)
    if value == 1 and not one_cue:
        return False  # 一 is an article: 一个负责…, 一项业务工作 (the commonest case: settled first)
    if _SLOGAN_AFTER_RE.match(view, tail_end):
        return False  # 三项制度, 两个维护, 五个一
    counted = bool(one_cue or _COUNT_CUE_RE.search(view, window, s))
    noun_length = _after_noun(r, tail_end)[0] - tail_end
    if 0 < noun_length < 3 and not approx and not counted:
        return False  # 三个转变, 五项措施: a short noun makes a slogan
    return not _is_enumeration_total(r, s, value)


def _enumeration_head(r: _Reader, s: int, e: int, value: float, arabic: bool) -> _Hit | None:
    """等十大重点改革任务: a count closing an open list (等N大…), unit left blank."""
    view = r.view
    if not (s and view[s - 1] == "等" and view.startswith("大", e)):
        return None
    if e + 1 < len(view) and not _NOUN_START_RE.match(view, e + 1):
        return None
    if not arabic and _is_enumeration_total(r, s - 1, value):
        return None
    clause_end = e
    while clause_end < len(view) and clause_end - e < 30 and view[clause_end] not in _CLAUSE_STOPS:
        clause_end += 1
    if "之一" in view[e:clause_end]:
        return None  # 六大专项工作之一: a classification
    return _Hit(s, s, e + 1, value, None, None)


def _is_enumeration_total(r: _Reader, s: int, value: float) -> bool:
    """True when a Chinese numeral counts the list just written before it (实体、网络、热线三大平台)."""
    view = r.view
    if not s or view[s - 1] in _CLAUSE_STOPS or view[s - 1] in " \t":
        return False
    start = r.boundary(s, _HARD_STOPS, 80)
    clause = view[start:s]
    items = [p for p in clause.split("、") if p.strip()]
    if len(items) >= 2:
        count = len(items) + len(_LIST_CONJ_RE.findall(items[-1]))
    else:
        count = 1 + len(_LIST_CONJ_RE.findall(clause))
    return count >= 2 and count == value


# --- special passes ----------------------------------------------------------------------------------------


def _read_numeral(token: str) -> float | None:
    """An Arabic number, or a Chinese one read as a quantity (三十六, 二); not a digit string (二〇一一, 七五)."""
    if token[0].isdigit():
        return parse_arabic(token)
    if len(token) > 1 and not is_positional_chinese(token):
        return None
    value = parse_chinese(token)
    return None if value is None else float(value)


def _matches(pattern: re.Pattern[str], view: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(view)` gives, read at the places _SPECIAL_RE found it to match (in text order)."""
    end = 0
    for pos in starts:
        if pos >= end:  # a left-to-right scan goes on after the last match
            m = pattern.match(view, pos)
            assert m is not None, (pattern.pattern, pos)  # _SPECIAL_RE's branch and the pattern agree
            end = m.end()
            yield m


def _rank_hits(r: _Reader) -> list[_Hit]:
    hits = []
    for m in _matches(_RANK_RE, r.view, r.rank_starts):
        group = next(g for g in ("n", "n2", "n3", "n4") if m.group(g))
        token = m.group(group)
        unit = m.group({"n": "unit", "n2": "unit2", "n3": "unit3"}[group]) if group != "n4" else None
        value = _read_numeral(token)
        if not value:
            continue
        if unit in ("位", None) and _RANK_NOT_AFTER_RE.search(r.view, max(0, m.start() - 4), m.start()):
            continue
        if r.shielded(m.start(), m.end()):
            continue
        cue = _RANK_TRAIL_RE.search(r.view, max(0, m.start() - 8), m.start())  # 进入全省|第一方阵
        hits.append(_Hit(m.start(group), cue.start() if cue else m.start(), m.end(), value, unit, "rank",
                         allow_after=False, rank=True))
    return hits


def _zero_hits(r: _Reader) -> list[_Hit]:
    hits = []
    for m in _matches(_ZERO_RE, r.view, r.zero_starts):
        if r.shielded(m.start(), m.end()):
            continue
        hits.append(_Hit(m.start(), m.start(), m.end(), 0.0, m.group("unit") or "件", None,
                         allow_after=False, zero_event=r.text[m.start("event"):m.end("event")]))
    return hits


def _percent_word_hits(r: _Reader) -> list[_Hit]:
    hits = []
    for m in _matches(_PERCENT_WORD_RE, r.view, r.percent_starts):
        token = m.group("n")
        value = 100.0 if token == "百" else _read_numeral(token)  # 百分之百
        if value is None or r.shielded(m.start(), m.end()):
            continue
        hits.append(_Hit(m.start("n"), m.start(), m.end(), float(value), "%", None, allow_after=False))
    return hits


# --- subjects, spans, targets ------------------------------------------------------------------------------


def _trim(view: str, a: int, b: int) -> tuple[int, int]:
    """Shrink [a, b) of the view to the subject words: no leading adverbs or dates, no trailing 达/为/共计."""
    lead = _LEAD_FILLER_RE.match(view, a, b) if view[a:a + 1] in _LEAD_FIRST_CHARS else None
    if lead:
        a = lead.end()
    trail = _TRAIL_FILLER_RE.search(view, a, b) if view[b - 1:b] in _TRAIL_LAST_CHARS else None
    if trail:
        b = trail.start()
    return (a, b) if a < b else (a, a)


def _after_noun(r: _Reader, pos: int) -> tuple[int, bool]:
    """End of the noun phrase right after a figure (262项[行政审批服务事项]全部进驻…), cut at the next verb.

    Returns (end, starts_with_verb); end == pos when there is no such phrase.
    """
    view = r.view
    if not _NOUN_START_RE.match(view, pos):
        return pos, False  # no noun phrase starts here: settled before the scans below
    end = pos
    while end - pos < 20:  # to a clause stop or a blank, at most 20 characters; a short (…) is read through
        mark = _PHRASE_END_RE.search(view, end, pos + 20)
        if mark is None:
            end = min(pos + 20, len(view))
            break
        end = mark.start()
        if view[end] != "(":
            break
        close = view.find(")", end, end + 8)
        if close == -1 or any(c in _CLAUSE_STOPS for c in view[end:close]):
            break
        end = close + 1
    stop = _AFTER_STOP_RE.search(view, pos + 1, end)
    if stop:
        end = stop.start()
    while end > pos and view[end - 1] in "的和与及或":
        end -= 1
    phrase = view[pos:end]
    if not _NOUN_START_RE.match(phrase) or _AFTER_BAD_START_RE.match(phrase) or not _HAS_CJK_RE.search(phrase):
        return pos, False
    return end, bool(_AFTER_VERB_RE.match(phrase))


def _may_list_rates(window: str) -> bool:
    """False when _SHARED_RATES_RE cannot match: it needs two rate words and a verb (均, 达, 为 …) at the end."""
    return (window.rstrip(" \t")[-1:] in _SHARED_RATES_LAST_CHARS
            and window.count("率") + window.count("比") + window.count("覆盖面") + window.count("满意度") >= 2)


def _split_rates(r: _Reader, a: int, b: int) -> list[tuple[int, int]]:
    """报备率、报备及时率和规范率 → the rates' offsets; 及 inside 报备及时率 is not a conjunction."""
    view = r.view
    out: list[tuple[int, int]] = []
    pos = a
    for piece in view[a:b].split("、"):
        parts = [(m.start(), m.end()) for m in _RATE_PART_RE.finditer(piece)]
        if len(parts) < 2 or not all(_RATE_END_RE.search(piece[x:y]) for x, y in parts):
            parts = [(0, len(piece))]
        for x, y in parts:
            start, stop = _trim(view, pos + x, pos + y)
            if stop > start:
                out.append((start, stop))
        pos += len(piece) + 1
    return out


def _respective_subjects(r: _Reader, hits: list[_Hit]) -> dict[int, tuple[int, int, int]]:
    """办结率、满意率分别为98%和99%: the k-th listed item is the subject of the k-th figure after 分别.

    Returns {hit index: (span start, subject start, subject end)}, only where items and figures pair up exactly.
    """
    view = r.view
    out: dict[int, tuple[int, int, int]] = {}
    if not _RESPECTIVELY_WORD_RE.search(view):
        return out
    i = 0
    while i < len(hits):
        hit = hits[i]
        if "分别" not in view[max(0, hit.prefix_start - 6):hit.prefix_start]:
            i += 1
            continue
        floor = hits[i - 1].tail_end if i else 0
        start = r.boundary(hit.prefix_start, _HARD_STOPS, 80, floor=min(floor, hit.prefix_start))
        listed = _RESPECTIVELY_RE.search(view, start, hit.prefix_start)
        j = i
        while j + 1 < len(hits) and _FIGURE_SEPARATOR_RE.fullmatch(view, hits[j].tail_end, hits[j + 1].prefix_start):
            j += 1
        if listed:
            a0, b0 = listed.start("items"), listed.end("items")
            cuts = [(m.start(), m.end()) for m in _ITEM_SPLIT_RE.finditer(view, a0, b0)]
            pieces = zip([a0] + [end for _, end in cuts], [begin for begin, _ in cuts] + [b0])
            items = [(a, b) for a, b in (_trim(view, x, y) for x, y in pieces) if b > a]
            if len(items) == len(cuts) + 1 >= 2 and len(items) == j - i + 1:
                for k, (a, b) in enumerate(items):
                    out[i + k] = (items[0][0], a, b)
        i = j + 1
    return out


def _finish(r: _Reader, hits: list[_Hit]) -> list[Figure]:
    """Subjects, spans and target flags of the hits (in text order): one Figure per hit, per rate for shared rates.

    This runs for every figure, so the common case of each step is written out here instead of called: the clause
    start (`_Reader.boundary`, when the last mark before the figure is a stop), the subject trim (`_trim`) and the
    first test of `_after_noun`. The helpers take every other case, so the results are theirs.
    """
    view, text = r.view, r.text
    boundary, is_target = r.boundary, r.is_target  # bound once: called for every hit
    last_mark, lead_filler, trail_filler = _LAST_MARK_RE.match, _LEAD_FILLER_RE.match, _TRAIL_FILLER_RE.search
    figures: list[Figure] = []
    prev_end = 0
    prev_subject: str | None = None
    prev_clause = -1
    respective = _respective_subjects(r, hits)
    for index, hit in enumerate(hits):
        prefix_start, tail_end, unit = hit.prefix_start, hit.tail_end, hit.unit
        # the clause start, boundary(prefix_start, _CLAUSE_STOPS, _CLAUSE_REACH): settled here when the last mark
        # before the figure is a stop, as it mostly is (a bracket or a closing quote takes the walk in `boundary`)
        lowest = prefix_start - _CLAUSE_REACH if prefix_start > _CLAUSE_REACH else 0
        mark = last_mark(view, lowest, prefix_start)
        if mark is None:
            clause_start = lowest
        elif view[mark.end() - 1] in _CLAUSE_STOPS:
            clause_start = mark.end()
        else:
            clause_start = boundary(prefix_start, _CLAUSE_STOPS, _CLAUSE_REACH)
        after_previous = prev_end <= prefix_start
        floor = (clause_start if clause_start > prev_end else prev_end) if after_previous else clause_start

        # the subject before the number: _trim(view, floor, prefix_start), written out (floor <= prefix_start)
        b_start, b_end = floor, prefix_start
        if view[b_start:b_start + 1] in _LEAD_FIRST_CHARS and (lead := lead_filler(view, b_start, b_end)):
            b_start = lead.end()
        if view[b_end - 1:b_end] in _TRAIL_LAST_CHARS and (trail := trail_filler(view, b_start, b_end)):
            b_end = trail.start()
        if b_end < b_start:
            b_end = b_start
        if hit.rank:
            rank_trail = _RANK_TRAIL_RE.search(view, b_start, b_end)
            b_start, b_end = _trim(view, b_start, rank_trail.start() if rank_trail else b_end)
        if b_start < b_end - _MAX_SUBJECT:
            b_start = b_end - _MAX_SUBJECT
        if hit.zero_event:
            lead = _ZERO_LEAD_RE.match(view, b_start, b_end)
            b_start = lead.end() if lead else b_start
            trail = _ZERO_TRAIL_RE.search(view, b_start, b_end)
            b_end = trail.start() if trail else b_end
        before = text[b_start:b_end].strip()
        if before in _CONJUNCTIONS:
            before = ""  # 分别为12件和35件: 和 is no subject

        a_start, a_end, after_is_verb = tail_end, tail_end, False
        is_rate = unit == "%" or unit == "‰"
        if hit.allow_after:
            first = view[tail_end:tail_end + 1]
            if "\u4e00" <= first <= "\u9fff" or first == "“" or first == '"':  # else no noun phrase follows
                a_end, after_is_verb = _after_noun(r, tail_end)
        elif is_rate and view.startswith("的", tail_end):  # 超过90%的行政许可事项
            a_start = tail_end + 1
            a_end, after_is_verb = _after_noun(r, a_start)
            if a_end == a_start:
                a_end = tail_end
        after = text[a_start:a_end] if a_end > tail_end else ""

        rates: Sequence[tuple[int, int]] = ()
        if is_rate and not hit.rank:
            last = view[prefix_start - 1] if prefix_start else ""  # shared rates end in a verb (or blanks)
            if last in _SHARED_RATES_LAST_CHARS or last in " \t":
                wide_start = boundary(prefix_start, _HARD_STOPS, 120, prev_end if after_previous else 0)
                if _may_list_rates(view[wide_start:prefix_start]):
                    shared = _SHARED_RATES_RE.search(view, wide_start, prefix_start)
                    if shared:
                        rates = _split_rates(r, shared.start("items"), shared.end("items"))

        span_end = tail_end
        subjects = None  # several only for shared rates
        if index in respective:
            span_start, x, y = respective[index]
            subject = text[x:y]
        elif len(rates) >= 2:
            span_start = rates[0][0]
            subjects = [text[x:y] for x, y in rates]
            subject = subjects[-1]
        elif hit.zero_event:
            span_start = b_start if before else prefix_start
            subject = before + hit.zero_event
        elif after and not (after_is_verb and before):
            span_start, span_end = prefix_start, a_end
            subject = after
        elif before:
            span_start = b_start
            subject = before
        else:  # the subject of the figure before, in the same clause
            span_start = prefix_start
            same_clause = (clause_start < prev_end and after_previous) or clause_start == prev_clause
            subject = prev_subject if same_clause else None

        target = is_target(hit, floor)
        value, qualifier, raw_span = float(hit.value), hit.qualifier, text[span_start:span_end]
        if subjects is None:
            figures.append(Figure(subject or None, value, unit, qualifier, target, raw_span, span_start, span_end))
        else:  # one figure per rate, all with the same span
            for each in subjects:
                figures.append(Figure(each or None, value, unit, qualifier, target, raw_span, span_start, span_end))
        prev_end = a_end if a_end > tail_end else tail_end
        prev_subject = subject
        prev_clause = clause_start
    return figures


def _is_chrome(r: _Reader, hit: _Hit) -> bool:
    """A page counter (点击:256次) or a figure on a short page-header line."""
    if r.has_chrome_label and _CHROME_LABEL_RE.search(r.view, max(0, hit.prefix_start - 8), hit.prefix_start):
        return True
    return r.on_chrome_line(hit.number_start)


_NUMBER_START = operator.attrgetter("number_start")
_NO_SHIELD = (float("inf"), -1)  # (start, end) after the last shield


def extract_figures(text: str, *, plan_ranges: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Every quantitative statement in a landed report text (the original text, not normalised)."""
    r = _Reader(text, plan_ranges)
    hits = _rank_hits(r) + _zero_hits(r) + _percent_word_hits(r)
    special = bool(hits)
    covered = {pos for h in hits for pos in range(h.prefix_start, h.tail_end)}
    chrome = r.has_chrome_label or bool(r.chrome_lines)
    # Candidates come in text order: the shield that may hold one is found by walking, not bisecting. Shields do not
    # overlap, so their ends grow too; a shield ending at or before the numeral holds nothing of it.
    shields = iter(r.shields)
    next_shield = next(shields, _NO_SHIELD)  # (start, end) of the next shield
    shield_end = -1  # the end of the last shield starting at or before the numeral
    for m in _CANDIDATE_RE.finditer(r.view):
        start = m.start()
        if covered and start in covered:
            continue
        while next_shield[0] <= start:
            shield_end = next_shield[1]
            next_shield = next(shields, _NO_SHIELD)
        if shield_end > start and m.end() <= shield_end:
            continue
        hit = _numeral_hit(r, m)
        if hit is None or (shield_end > start and hit.tail_end <= shield_end):  # hit.number_start is m.start()
            continue
        if chrome and _is_chrome(r, hit):
            continue
        hits.append(hit)
    if special:  # the candidates' hits are in text order already
        hits.sort(key=_NUMBER_START)
    return _finish(r, hits)
