-- Pairs of near-duplicate current documents, oriented from the likely copy to its likely source: the earlier one by
-- publish date, else by report year; undecided when both are equal or unknown (then by document id, and never
-- flagged). Landing time is not used: it tells when the warehouse saw a file, not when it was written, and would
-- make an incremental build differ from one from scratch.

with

pairs as (

    select * from {{ ref('stg_raw__document_similar_pairs') }}

),

documents as (

    select * from {{ ref('dim_document') }}

),

joined as (

    select
        pairs.*,
        a.publish_date as a_publish_date,
        b.publish_date as b_publish_date,
        a.report_year as a_report_year,
        b.report_year as b_report_year,
        case
            when a.publish_date is not null and b.publish_date is not null and a.publish_date <> b.publish_date
                then 'publish_date'
            when a.report_year is not null and b.report_year is not null and a.report_year <> b.report_year
                then 'report_year'
            else 'undecided'
        end as source_decided_by

    from pairs
    -- both still current (a pair found earlier may hold a document whose file is gone)
    inner join documents as a
        on pairs.document_id = a.document_id
    inner join documents as b
        on pairs.other_document_id = b.document_id

),

oriented as (

    select
        *,
        case source_decided_by
            when 'publish_date' then b_publish_date < a_publish_date
            when 'report_year' then b_report_year < a_report_year
            else other_document_id < document_id
        end as is_other_earlier

    from joined

),

final as (

    select
        case when is_other_earlier then document_id else other_document_id end as document_id,
        case when is_other_earlier then other_document_id else document_id end as source_document_id,
        jaccard_similarity,
        case when is_other_earlier then containment else other_containment end as share_of_document_in_source,
        case when is_other_earlier then other_containment else containment end as share_of_source_in_document,
        shared_shingles,
        source_decided_by,
        boilerplate_version,
        found_run_id

    from oriented

),

described as (

    select
        final.document_id,
        final.source_document_id,
        copy.doc_kind,
        copy.region_code,
        copy.region_name,
        copy.province_name,
        copy.report_year,
        copy.publish_date,
        source.doc_kind as source_doc_kind,
        source.region_code as source_region_code,
        source.region_name as source_region_name,
        source.province_name as source_province_name,
        source.report_year as source_report_year,
        source.publish_date as source_publish_date,
        final.jaccard_similarity,
        final.share_of_document_in_source,
        final.share_of_source_in_document,
        final.shared_shingles,
        final.source_decided_by,
        case
            when copy.region_code is null or source.region_code is null then 'region_unknown'
            when copy.region_code = source.region_code then 'same_region'
            else 'other_region'
        end as region_relation,
        coalesce(
            copy.region_code <> source.region_code
            and copy.doc_kind in ('annual_report', 'work_summary_plan')
            and source.doc_kind in ('annual_report', 'work_summary_plan')
            and final.jaccard_similarity >= {{ var('copy_similarity_threshold') }}
            and final.source_decided_by <> 'undecided',
            false
        ) as is_flagged_copy,
        final.boilerplate_version,
        final.found_run_id

    from final
    inner join documents as copy
        on final.document_id = copy.document_id
    inner join documents as source
        on final.source_document_id = source.document_id

)

select * from described
