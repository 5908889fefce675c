-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}
-- Quarantined figures (out of their indicator's bounds) are left out: they are listed in fct_quarantined_observations.

with

observations as (

    select * from {{ ref('int_observations_screened') }}
    where quarantine_reason is null
        and {{ is_changed_document('document_id') }}

),

documents as (

    select document_id, doc_kind, report_year from {{ ref('int_documents_enriched') }}

),

final as (

    select
        observations.observation_id,
        observations.document_id,
        observations.indicator_code,
        observations.subject_text,
        observations.value,
        observations.unit,
        observations.qualifier,
        observations.is_target,
        observations.raw_span,
        observations.char_start,
        observations.char_end,
        observations.figure_index,
        observations.section_index,
        observations.is_in_plan_section,
        observations.matched_synonym,
        observations.mapping_tier,
        observations.mapping_evidence,
        observations.value_basis,
        observations.is_within_bounds,
        -- a figure in the next-year plan of an annual report or summary is about the following year
        case
            when documents.doc_kind in ('annual_report', 'work_summary_plan') and observations.is_in_plan_section
                then documents.report_year + 1
            else documents.report_year
        end as reference_year

    from observations
    inner join documents
        on observations.document_id = documents.document_id

)

select * from final
