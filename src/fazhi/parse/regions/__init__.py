"""Resolve the reporting government of a report to an administrative-division code valid in the report year.

The reporter is the government that issues the report; a department's report (市司法局, 县应急管理局) belongs to its
government's region, and the issuer is recorded as written (延吉市司法局; a title 县应急管理局… is completed with the
resolved name). The text is read on its normalised view, so traditional mirrors (內蒙古自治區, 吉州區) resolve
against the simplified code table. Every mention of a division name is found in one pass (`_NameScanner`) and
weighed by where it stands:

- strong: the title, an issuer line (发布部门/发文机关/来源 …), the site owner (欢迎访问XX人民政府网, 主办单位:), a
  signature line (the last short lines before the page's foot of links), a header line that is the issuing government
  alone (平山县人民政府, also in brackets below the title), the self-reference formula (现将平山县2022年…报告如下), the
  opening sentence's very subject (2023年,平山县坚持…; 平山县委、县政府 too, not a party committee alone) when its
  unit type is the one the text calls itself;
- normal: a plain mention, more when it names an institution (XX区人民政府, XX市司法局) or is the opening subject;
  the reporter's own documents (印发《吉州区…办法》 in a text that says 我区);
- weak: inside another document title 《…》, in a superior / peer context (在XX市委领导下, 按照XX省…, 学习借鉴XX经验),
  an addressee or copy line (吉安市人民政府:, 抄送:), page furniture (breadcrumbs, 上一篇/下一篇) and the
  related-articles foot of a page.

A candidate whose suffix matches the text's self-references (我区/本区/全区 → 区, 我市 → 市, 我省 → 省; a title
opening 县应急管理局 → 县) and whose stem appears as a slogan (法治延吉) gains a bonus. When the leader's parents or
children are also named, the one the title names wins; else the one of the type the text calls itself (我县 over
an often-named prefecture, 我省 over a city it dwells on); else, between two 我市 (a county-level city and its
prefecture-level city), the tier of the units it addresses (各镇(街道) → county level, 各县(市、区) → prefecture,
各市(州) → province). Duplicate names (城关区, 鼓楼区, 市中区 …) are told apart by a name chain (济南市市中区) or by the
parents the text mentions. A duplicate that stays ambiguous, an anonymised issuer (XX区), a weak winner, or an
unrelated rival with more than 60 % of the winner's score makes the resolver abstain: a wrong region costs more than
a missing one.

When the weights decide nothing (no candidate, or one too weak), the reporter may be named indirectly (`weighing`):
a province or autonomous region that says only 我省/本省/全区/本市 but names itself by slogans, visits and instructions
(法治广西, 视察广西, 考察江苏重要讲话) or its own framework titles, with no 市委/县委/区委 of its own; a bare
prefecture-level name (宁波, 蘇州) unique among prefecture and county stems in the report year, in the title's opening
or as the opening subject, or in the slogan of a city that says only 我市 (法治宁波); a department naming only its tier (市司法局, 县政府办公室) and exactly one region of that type.
Each is taken only when no other region stands firmly in the text. Damaged names are read on a cleaned view: pinyin
glosses between characters closed up, a `?` for a lost character restored when exactly one name fits. Last, the page's
address (`address`): a `.gov.cn` host from `source_url`, a configured `site_region_code` or a URL the saved page records
(saved-from comment, canonical, og:url, 网址:/原文链接:) settles a weak text candidate it agrees with, or decides alone
where the text names no region; it never overrides a region the text names.

Every resolution carries a confidence: `high` (a strong role, no unrelated rival over a third of the winner's weight),
`medium` (other text evidence, an indirect name, a weak candidate the address confirms), `low` (the address alone).

Modules: `gazetteer` (the code table for a year: names, abbreviations, stems, renames), `mentions` (finding names and
the role each plays), `weighing` (scoring, fallbacks, abstention), `address` (page addresses).

Development zones and new areas (高新区, 经开区, 工业园区, 两江新区 …) are not divisions. When one stands where the issuer
stands (the title, the opening subject) its report resolves to the division written right before it (成都市高新区,
成都高新区 → 成都市), and otherwise abstains: a superior named elsewhere does not make the zone its own.

Names are matched in full (吉州区, 延吉市), never as bare two-character stems (吉州, 延吉) that hide inside words
(人力资源 ≠ 资源县, 人大代表和政协委员 ≠ 和政县, 保定街道 ≠ 保定市). The abbreviations indexed are safe ones that
keep a suffix: autonomous prefectures, counties and banners without their ethnic names (延边州, 阿坝州, 黔东南州,
长阳县), long banner names cut to two characters (东乌旗) or to their first character and wing (科左中旗, 阿左旗,
土右旗), and the official abbreviations no rule derives (`_OFFICIAL_ABBREVIATIONS`: 锡盟, 阿盟, 克州, 巴州, 博州,
达茂旗, 莫旗 …). An abbreviation shared by two units is dropped. Two-character official names (赵县, 郊区, 城区) count
only where they follow their parent (阳泉市郊区) or name a government at a word boundary (赵县人民政府, but not
提高|县政府); a name running into 域 or 场 is the word 区域/县域/市场 (和平区域, 合作市场), not a division. A renamed
unit maps to the code valid in the report year (静海县 2014 → 120223, 2016 → 静海区 120118); a unit split between
several successors has no single heir and abstains.

admin_level mapping (from the code table's division_tier and the name):

| division_tier | name ends with | admin_level |
| --- | --- | --- |
| province | (any) | province |
| prefecture | 自治州 | autonomous_prefecture |
| prefecture | 市, 地区, 盟, … | prefecture |
| county | 区 | district |
| county | 县 (incl. 自治县) | county |
| county | 市 | county_city |
| county | 旗 (incl. 自治旗) | banner |
| county | anything else (岛, 镇, 域) | unknown |

`prefecture_name` is None for a province and for a municipality's district (the table's 直辖); a prefecture is its
own prefecture.
"""
from __future__ import annotations

from fazhi.parse.regions.gazetteer import Region, RegionTable, admin_level_of
from fazhi.parse.regions.weighing import RegionResolution, resolve_region

__all__ = ["Region", "RegionResolution", "RegionTable", "admin_level_of", "resolve_region"]
