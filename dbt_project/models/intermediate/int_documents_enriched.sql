-- Current documents with the parser's metadata and, when the region code is known, the code table's names and
-- level for the version of the division valid in the report year. Incremental by document
-- (macros/incremental_by_document.sql): a document's row depends on its file group, its parse and the seeds.
-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}

with

current_documents as (

    select * from {{ ref('int_documents_current') }}
    where {{ is_changed_document('document_id') }}

),

parsed_documents as (

    select * from {{ ref('stg_raw__parsed_documents') }}
    where {{ is_changed_document('document_id') }}

),

regions as (

    select * from {{ ref('int_regions_leveled') }}

),

region_versions as (

    -- prefer the version valid in the report year, else the latest one
    select
        parsed_documents.document_id,
        regions.region_name,
        regions.admin_level,
        regions.province_name,
        regions.prefecture_name,
        regions.valid_from_year <= parsed_documents.report_year
            and parsed_documents.report_year < coalesce(regions.valid_until_year, 9999) as is_valid_in_report_year

    from parsed_documents
    inner join regions
        on parsed_documents.region_code = regions.region_code
    where not parsed_documents.is_anonymized
    qualify row_number() over (
        partition by parsed_documents.document_id
        order by is_valid_in_report_year desc nulls last, regions.valid_from_year desc
    ) = 1

),

final as (

    select
        current_documents.document_id,
        current_documents.source_file,
        parsed_documents.title,
        coalesce(parsed_documents.doc_kind, 'other') as doc_kind,
        case when not parsed_documents.is_anonymized then parsed_documents.region_code end as region_code,
        coalesce(region_versions.region_name, parsed_documents.region_name) as region_name,
        coalesce(region_versions.admin_level, parsed_documents.admin_level, 'unknown') as admin_level,
        coalesce(region_versions.province_name, parsed_documents.province_name) as province_name,
        case
            when region_versions.document_id is not null then region_versions.prefecture_name
            else parsed_documents.prefecture_name
        end as prefecture_name,
        parsed_documents.report_year,
        parsed_documents.publish_date,
        coalesce(parsed_documents.is_anonymized, false) as is_anonymized,
        coalesce(parsed_documents.doc_kind, 'other') in ('annual_report', 'work_summary_plan', 'work_plan')
            as is_genuine_report,
        parsed_documents.document_id is not null as is_parsed,
        region_versions.is_valid_in_report_year as is_region_code_valid_in_report_year,
        parsed_documents.issuer,
        parsed_documents.region_evidence,
        case when not parsed_documents.is_anonymized then parsed_documents.region_confidence end as region_confidence,
        parsed_documents.parser_version,
        current_documents.source_file_count,
        current_documents.source_files,
        current_documents.document_ids as same_text_document_ids,
        current_documents.first_seen_run_id,
        current_documents.content_sha256,
        current_documents.byte_size,
        current_documents.encoding,
        current_documents.text_length,
        current_documents.landed_at,
        current_documents.source_url,
        current_documents.fetched_at

    from current_documents
    left join parsed_documents
        on current_documents.document_id = parsed_documents.document_id
    left join region_versions
        on current_documents.document_id = region_versions.document_id

)

select * from final
