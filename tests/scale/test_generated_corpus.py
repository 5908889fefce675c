"""The benchmark corpus looks like the sample reports where parsing cost depends on it: sections per KB, figures per
KB, paragraph length, report size. A corpus with three times the sections of real reports (as the generator once
wrote) times a parser on text it will never meet."""
from __future__ import annotations

from pathlib import Path

import generate_corpus
import pytest

from fazhi.parse.document import Parser
from fazhi.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 0.2  # each density within a fifth of the samples'


def _densities(texts: list[str], parser: Parser) -> dict[str, float]:
    kilobytes = sum(len(t.encode("utf-8")) for t in texts) / 1000
    sections = figures = 0
    for text in texts:
        batch = parser.parse("d", text)
        sections += len(batch.sections)
        figures += len(batch.figures)
    paragraphs = [len(line) for text in texts for line in text.splitlines() if len(line) > 30]
    return {"sections per KB": sections / kilobytes, "figures per KB": figures / kilobytes,
            "paragraph length": sum(paragraphs) / len(paragraphs)}


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(load_settings().region_table)


def test_generated_reports_have_the_sample_reports_structure_and_figure_density(parser):
    regions = generate_corpus.load_regions()
    generated = [generate_corpus.generate_report(7, i, regions)[1] for i in range(150)]
    samples = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "raw").glob("*.txt"))]
    ours, theirs = _densities(generated, parser), _densities(samples, parser)
    for measure, value in theirs.items():
        assert abs(ours[measure] - value) <= TOLERANCE * value, (measure, ours[measure], value)
    mean_bytes = sum(len(t.encode("utf-8")) for t in generated) / len(generated)
    assert 10_500 <= mean_bytes <= 13_500  # ≈ 12 KB a report: 10,000 reports ≈ 120 MB
