"""One landed document → the rows of the parsed tables (`raw.parsed_*`): the parsers composed, nothing else.

`parse_batch` is what a flow task calls on hundreds of documents at a time; a `Parser` holds the resources that
are expensive to build (the code table, the tokenizer) so they are built once per process.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Iterable, Sequence

from fazhi.parse.figures import Figure, extract_figures
from fazhi.parse.metadata import extract_metadata, is_model_essay_page
from fazhi.parse.normalize import text_views
from fazhi.parse.regions import RegionTable, resolve_region
from fazhi.parse.sections import Section, extract_sections
from fazhi.parse.terms import build_tokenizer, sorted_term_counts

# Bump when a parser's output changes, so stored parses of unchanged documents are redone.
PARSER_VERSION = "6"

# Document kinds whose every figure is a target: the whole text is a plan.
PLAN_KINDS = frozenset({"work_plan", "implementation_plan"})


@dataclass
class ParsedBatch:
    """Rows for the parsed tables, in the column order of `fazhi.db.RAW_TABLES`."""

    documents: list[tuple] = field(default_factory=list)
    sections: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)
    terms: list[tuple] = field(default_factory=list)

    def extend(self, other: "ParsedBatch") -> None:
        self.documents += other.documents
        self.sections += other.sections
        self.figures += other.figures
        self.terms += other.terms


def _section_of(position: int, sections: Sequence[Section], starts: Sequence[int]) -> int | None:
    """The innermost section containing a character position (`starts`: the sections' char_start, in order).

    Sections nest (a heading ends every deeper one before it), so the innermost one holding a position is the
    latest-starting one that still runs past it: walk back from the last section starting at or before it.
    """
    i = bisect.bisect_right(starts, position) - 1
    while i >= 0:
        if position < sections[i].char_end:
            return sections[i].index
        i -= 1
    return None


def plan_ranges_for(doc_kind: str, text_length: int, sections: Sequence[Section]) -> list[tuple[int, int]]:
    """Character ranges whose figures are targets: a whole plan, or the plan sections of a report."""
    if doc_kind in PLAN_KINDS:
        return [(0, text_length)]
    return [(s.char_start, s.char_end) for s in sections if s.is_plan]


@lru_cache(maxsize=2)
def parser_for(region_table: str) -> "Parser":
    """The process's Parser for a code table: built once per process (a worker's first batch, or its initializer)."""
    return Parser(Path(region_table))


class Parser:
    def __init__(self, region_table_path: Path):
        self.regions = RegionTable.from_csv(region_table_path)
        self.tokenizer = build_tokenizer(self.regions.names())

    def parse(
        self, document_id: str, text: str, source_url: str | None = None, site_region_code: str | None = None
    ) -> ParsedBatch:
        """`source_url` and `site_region_code` (raw.documents' page address, from the collector) are weak evidence of
        the region, read only where the text names none of its own (`resolve_region`)."""
        out = ParsedBatch()
        meta = extract_metadata(text)
        resolution = resolve_region(
            text, self.regions, report_year=meta.report_year, title=meta.title,
            source_url=source_url, site_region_code=site_region_code,
        )
        # a model-essay page whose issuer is never named is a template: anonymised like a masked one
        is_anonymized = meta.is_anonymized or (resolution.region is None and is_model_essay_page(text))
        region = None if is_anonymized else resolution.region
        out.documents.append((
            document_id, meta.title, meta.doc_kind, meta.report_year, meta.publish_date, is_anonymized,
            region.code if region else None, region.name if region else None,
            region.admin_level if region else "unknown",
            region.province_name if region else None, region.prefecture_name if region else None,
            resolution.issuer, resolution.evidence, resolution.confidence if region else None, len(text), PARSER_VERSION,
        ))

        sections = extract_sections(text)
        out.sections += [
            (document_id, s.index, s.parent_index, s.level, s.ordinal, s.heading, s.char_start, s.char_end, s.is_plan)
            for s in sections
        ]
        figures: list[Figure] = extract_figures(text, plan_ranges=plan_ranges_for(meta.doc_kind, len(text), sections))
        starts = [s.char_start for s in sections]
        out.figures += [
            (document_id, i, f.subject_text, f.value, f.unit, f.qualifier, f.is_target, f.raw_span,
             f.char_start, f.char_end, _section_of(f.char_start, sections, starts))
            for i, f in enumerate(figures)
        ]
        terms, counts = sorted_term_counts(text_views(text).body, self.tokenizer)  # terms are unique: sorted by them
        out.terms += zip(repeat(document_id), terms, map(counts.__getitem__, terms))
        return out

    def parse_batch(self, documents: Iterable[tuple]) -> ParsedBatch:
        """Parse (document_id, text) pairs, or (document_id, text, source_url, site_region_code), into one batch."""
        out = ParsedBatch()
        for document_id, text, *address in documents:
            out.extend(self.parse(document_id, text, *address))
        return out
