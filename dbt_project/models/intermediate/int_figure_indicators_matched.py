"""Each figure of a current document → the catalogue indicator it is a value of (or none), with the evidence.

The mapping reads the figure's clause and the headings of its sections, not only its subject (fazhi.parse.indicators
says how). SQL gathers what it needs per figure — the clause before it (at most 90 characters), where the figures
before it in the same document end, the headings of its section and of up to two enclosing ones — so no document text
travels whole into Python. Incremental by document like the models that read it (dbt_project.yml): a run maps the
figures of the documents it changed; a changed catalogue seed, model or mapper (its source is part of the project
fingerprint, fazhi.transform) re-maps every figure.
"""

import pandas as pd

from fazhi.parse.indicators import IndicatorCatalog, figure_context, value_basis

# How far around a figure the mapper reads (fazhi.parse.indicators: _CLAUSE_REACH before, _AFTER_REACH after).
CLAUSE_REACH = 90
AFTER_REACH = 30


def model(dbt, session):
    figures = dbt.ref("stg_raw__parsed_figures")
    sections = dbt.ref("stg_raw__parsed_sections")
    documents = dbt.ref("stg_raw__documents")
    current = dbt.ref("int_documents_current")
    changed = dbt.ref("int_documents_changed")
    catalog_seed = dbt.ref("indicator_catalog")

    catalog = IndicatorCatalog.from_rows(
        dict(zip(catalog_seed.columns, row)) for row in catalog_seed.fetchall()
    )

    def q(relation):  # a ref as a subquery: dbt-duckdb's refs are queries on this very connection
        return f"({relation.sql_query()})"

    only_changed = f"document_id in (select document_id from {q(changed)})" if dbt.is_incremental else "true"
    rows = session.sql(f"""
        with wanted as (
            select document_id from {q(current)} as current_documents
            where {only_changed}
        ),
        figs as (
            select f.*,
                list(f.char_end) over (partition by f.document_id order by f.char_start, f.figure_index
                                       rows between 8 preceding and 1 preceding) as earlier_ends
            from {q(figures)} as f
            where f.document_id in (select document_id from wanted)
        )
        select
            figs.document_id,
            figs.figure_index,
            figs.subject_text,
            figs.unit,
            figs.value,
            figs.qualifier,
            figs.raw_span,
            figs.char_start,
            figs.earlier_ends,
            figs.char_end,
            -- the text around the figure: its clause before it, its span, the words after it
            substr(d.document_text, greatest(figs.char_start - {CLAUSE_REACH}, 0) + 1,
                   figs.char_end + {AFTER_REACH} - greatest(figs.char_start - {CLAUSE_REACH}, 0)) as window_text,
            greatest(figs.char_start - {CLAUSE_REACH}, 0) as window_start,
            s0.heading as heading_0,
            s1.heading as heading_1,
            s2.heading as heading_2
        from figs
        inner join {q(documents)} as d on d.document_id = figs.document_id
        left join {q(sections)} as s0
            on s0.document_id = figs.document_id and s0.section_index = figs.section_index
        left join {q(sections)} as s1
            on s1.document_id = figs.document_id and s1.section_index = s0.parent_section_index
        left join {q(sections)} as s2
            on s2.document_id = figs.document_id and s2.section_index = s1.parent_section_index
        order by figs.document_id, figs.char_start, figs.figure_index
    """).fetchall()

    out = {name: [] for name in ("document_id", "figure_index", "indicator_code", "matched_synonym",
                                 "mapping_tier", "mapping_evidence", "value_basis")}
    previous_document, previous = None, None
    for (document_id, figure_index, subject_text, unit, value, qualifier, raw_span, char_start, earlier_ends,
         char_end, window_text, window_start, *headings) in rows:
        if document_id != previous_document:
            previous_document, previous = document_id, None
        # the window of text around the figure stands in for the document: offsets shift by its start
        context = figure_context(
            window_text, char_start - window_start, char_end - window_start, raw_span, subject_text, unit, value,
            qualifier, headings=[h for h in headings if h],
            other_figure_ends=[end - window_start for end in (earlier_ends or [])],
        )
        mapping = catalog.map_figure(context, previous)
        previous = (mapping, unit)
        out["document_id"].append(document_id)
        out["figure_index"].append(figure_index)
        out["indicator_code"].append(mapping.indicator_code if mapping else None)
        out["matched_synonym"].append(mapping.matched_synonym if mapping else None)
        out["mapping_tier"].append(mapping.tier if mapping else None)
        out["mapping_evidence"].append(mapping.evidence if mapping else None)
        out["value_basis"].append(value_basis(context.clause_before, unit))
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in out.items()})
    session.register("_map_out", frame)
    # explicit types: an all-null column must not change type from one incremental run to the next
    return session.sql("""
        select
            cast(document_id as varchar) as document_id,
            cast(figure_index as integer) as figure_index,
            cast(indicator_code as varchar) as indicator_code,
            cast(matched_synonym as varchar) as matched_synonym,
            cast(mapping_tier as integer) as mapping_tier,
            cast(mapping_evidence as varchar) as mapping_evidence,
            cast(value_basis as varchar) as value_basis
        from _map_out
    """)

