-- Incremental by document (macros/incremental_by_document.sql): a row depends on the document's own parse, sections
-- and figures, and on the seeds.
-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}

with

documents as (

    select * from {{ ref('int_documents_enriched') }}
    where {{ is_changed_document('document_id') }}

),

years as (

    select * from {{ ref('dim_year') }}

),

sections as (

    select document_id, count(*) as section_count
    from {{ ref('stg_raw__parsed_sections') }}
    where {{ is_changed_document('document_id') }}
    group by document_id

),

observations as (

    select
        document_id,
        count(*) filter (where quarantine_reason is null) as observation_count,
        count(indicator_code) filter (where quarantine_reason is null) as mapped_observation_count,
        count(*) filter (where quarantine_reason is not null) as quarantined_observation_count

    from {{ ref('int_observations_screened') }}
    where {{ is_changed_document('document_id') }}
    group by document_id

),

final as (

    select
        documents.document_id,
        documents.source_file,
        documents.title,
        documents.doc_kind,
        documents.region_code,
        documents.region_name,
        documents.admin_level,
        documents.province_name,
        documents.prefecture_name,
        documents.report_year,
        documents.publish_date,
        documents.is_anonymized,
        documents.is_genuine_report,
        documents.is_parsed,
        documents.is_region_code_valid_in_report_year,
        case
            when documents.doc_kind in ('annual_report', 'work_summary_plan') then years.reporting_deadline_date
        end as reporting_deadline_date,
        case
            when documents.doc_kind in ('annual_report', 'work_summary_plan')
                then documents.publish_date <= years.reporting_deadline_date
        end as is_published_by_deadline,
        documents.issuer,
        documents.region_evidence,
        documents.region_confidence,
        documents.parser_version,
        documents.source_file_count,
        documents.source_files,
        documents.same_text_document_ids,
        coalesce(sections.section_count, 0) as section_count,
        coalesce(observations.observation_count, 0) as observation_count,
        coalesce(observations.mapped_observation_count, 0) as mapped_observation_count,
        coalesce(observations.quarantined_observation_count, 0) as quarantined_observation_count,
        documents.content_sha256,
        documents.byte_size,
        documents.encoding,
        documents.text_length,
        documents.landed_at,
        documents.first_seen_run_id,
        documents.source_url,
        documents.fetched_at

    from documents
    left join years
        on documents.report_year = years.year
    left join sections
        on documents.document_id = sections.document_id
    left join observations
        on documents.document_id = observations.document_id

)

select * from final
