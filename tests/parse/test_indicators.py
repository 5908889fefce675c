"""The indicator mapper on realistic clauses: the figure parser reads each clause, the mapper maps its figures with the
catalogue dbt seeds (dbt_project/seeds/indicator_catalog.csv), and the marked figure must get its expected code."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fazhi.parse.figures import extract_figures
from fazhi.parse.indicators import (
    FigureContext,
    Indicator,
    IndicatorCatalog,
    figure_context,
    value_basis,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOG_CSV = ROOT / "dbt_project" / "seeds" / "indicator_catalog.csv"
CLAUSES_TSV = Path(__file__).parent / "data" / "indicator_clauses.tsv"
REFERENCE_CODES = 70  # the codes the evaluation's gold labels use: kept, never renamed


@pytest.fixture(scope="module")
def catalog() -> IndicatorCatalog:
    return IndicatorCatalog.from_csv(CATALOG_CSV)


def _clauses() -> list[tuple[str, str, str]]:
    rows = []
    for line in CLAUSES_TSV.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        expected, heading, text = line.split("\t")
        rows.append((expected, heading, text))
    return rows


def map_marked_figure(catalog: IndicatorCatalog, heading: str, marked: str):
    """Parse a clause whose figure is marked [[…]] and map every figure in order; return the marked one's mapping."""
    start = marked.index("[[")
    end = marked.index("]]") - 2
    text = marked.replace("[[", "").replace("]]", "")
    figures = extract_figures(text)
    # one figure, or several sharing one span (报备率、及时率均达100%): each must map alike
    targets = [f for f in figures if f.char_start < end and start < f.char_end]
    assert targets, f"the figure parser read {[f.raw_span for f in figures]} in {text!r}"
    previous, ends, results = None, [], []
    for figure in sorted(figures, key=lambda f: f.char_start):
        context = figure_context(text, figure.char_start, figure.char_end, figure.raw_span, figure.subject_text,
                                 figure.unit, figure.value, figure.qualifier,
                                 headings=[heading] if heading else [], other_figure_ends=ends)
        match = catalog.map_figure(context, previous)
        previous = (match, figure.unit)
        ends.append(figure.char_end)
        if any(figure is t for t in targets):
            results.append((match, context))
    return results


CLAUSES = _clauses()


def test_the_clause_file_is_large_and_has_hard_negatives():
    assert len(CLAUSES) >= 190
    assert sum(1 for expected, _, _ in CLAUSES if expected == "-") >= 30


@pytest.mark.parametrize("expected, heading, text", CLAUSES, ids=[t[2][:24] for t in CLAUSES])
def test_clause_maps_to_its_indicator(catalog, expected, heading, text):
    for match, _ in map_marked_figure(catalog, heading, text):
        got = match.indicator_code if match else "-"
        assert got == expected, f"{text}: {match}"


def test_every_expected_code_is_in_the_catalogue(catalog):
    assert {e for e, _, _ in CLAUSES if e != "-"} <= set(catalog.by_code)


def test_the_reference_codes_are_kept():
    with open(CATALOG_CSV, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    reference = [r["indicator_code"] for r in rows if r["catalogue_edition"] == "1"]
    assert len(reference) == REFERENCE_CODES
    assert "admin_reconsideration_cases_received" in reference and "emergency_drills" in reference
    assert all(r["source"].strip() for r in rows), "every indicator names its source"
    assert len(rows) >= 100


def _indicator(code, synonyms, units=("件",), kind="count", local=(), context=(), exclude=(), bounds=(0, 1000)):
    return Indicator(code, kind, frozenset(units), tuple(synonyms), bounds[0], bounds[1], tuple(local),
                     tuple(context), tuple(exclude))


def _context(clause, unit="件", value=5.0, subject=None, headings=(), qualifier=None, offsets=(), after=""):
    from fazhi.parse.indicators import near_before

    return FigureContext(subject, unit, value, qualifier, clause, near_before(clause), tuple(headings),
                         tuple(offsets), after=after)


def test_two_indicators_that_fit_equally_make_the_mapper_abstain():
    catalog = IndicatorCatalog([_indicator("a", ["调解案件"]), _indicator("b", ["调解案件"])])
    assert catalog.map_figure(_context("办理调解案件")) is None


def test_unit_decides_between_a_rate_and_a_count():
    catalog = IndicatorCatalog([_indicator("cases", ["败诉"]),
                                _indicator("rate", ["败诉率"], units=("%",), kind="rate", bounds=(0, 100))])
    assert catalog.map_figure(_context("行政诉讼败诉率", unit="%")).indicator_code == "rate"
    assert catalog.map_figure(_context("行政诉讼败诉", unit="件")).indicator_code == "cases"
    assert catalog.map_figure(_context("行政诉讼败诉", unit="人")) is None


def test_a_local_synonym_needs_its_context_in_the_clause_or_a_heading():
    catalog = IndicatorCatalog([_indicator("received", [], local=["受理案件"], context=["行政复议"],
                                           exclude=["法院"])])
    assert catalog.map_figure(_context("受理案件")) is None
    match = catalog.map_figure(_context("受理案件", headings=["（三）行政复议"]))
    assert match.indicator_code == "received" and match.tier == 3 and "heading:行政复议" in match.evidence
    assert catalog.map_figure(_context("法院受理案件", headings=["（三）行政复议"])) is None


def test_a_rank_maps_only_to_a_rank_indicator_whatever_its_unit():
    catalog = IndicatorCatalog([_indicator("rank", ["法治政府建设考核"], units=("名",), kind="rank"),
                                _indicator("count", ["法治政府建设考核"], units=("名",))])
    match = catalog.map_figure(_context("法治政府建设考核位列全市第", unit=None, qualifier="rank"))
    assert match.indicator_code == "rank"
    assert catalog.map_figure(_context("法治政府建设考核", unit="名")).indicator_code == "count"


def test_a_catalogue_without_codes_or_with_a_code_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        IndicatorCatalog([_indicator("a", ["x"]), _indicator("a", ["y"])])
    with pytest.raises(ValueError, match="no indicator_code"):
        IndicatorCatalog.from_rows([{"indicator_code": " ", "synonyms": "x"}])


@pytest.mark.parametrize("clause, unit, basis", [
    ("审批时限由法定的", "个工作日", "before"),
    ("审批时限由法定的20个工作日压缩至", "个工作日", "reduced_to"),
    ("办理时限平均压缩", "%", "reduced_by"),
    ("行政复议案件同比增长", "%", "increased_by"),
    ("累计培训执法人员", "人次", "cumulative"),
    ("受理行政复议案件", "件", "year_total"),
])
def test_value_basis_says_what_a_value_is(clause, unit, basis):
    assert value_basis(clause, unit) == basis


def test_value_basis_of_a_parsed_pair_before_and_after():
    text = "审批时限由法定的20个工作日压缩至5个工作日。"
    figures = extract_figures(text)
    bases = [value_basis(figure_context(text, f.char_start, f.char_end, f.raw_span, f.subject_text, f.unit, f.value,
                                        f.qualifier).clause_before, f.unit) for f in figures]
    assert [f.value for f in figures] == [20, 5]
    assert bases == ["before", "reduced_to"]
