-- Every file path the pipeline has seen and what became of it: current (landed, in the raw folder now), rejected
-- (could not be read as text at the latest landing) or removed (gone since an earlier landing).

with

current_files as (

    select * from {{ ref('stg_raw__current_files') }}

),

rejected_files as (

    select * from {{ ref('stg_raw__rejected_files') }}

),

removed_files as (

    select * from {{ ref('stg_raw__removed_files') }}

),

current_documents as (

    select document_id, source_file, document_ids from {{ ref('int_documents_current') }}

),

document_origins as (

    select document_id, source_url, fetched_at from {{ ref('stg_raw__documents') }}

),

-- every document_id with the current document of its text (one each: a content has one text)
same_text_documents as (

    select
        unnest(document_ids) as document_id,
        document_id as dim_document_id,
        source_file as dim_source_file

    from current_documents

),

statuses as (

    select
        source_file,
        'current' as file_status,
        1 as status_precedence,
        document_id,
        byte_size,
        cast(null as varchar) as rejection_reason,
        cast(null as timestamp) as status_at,
        landed_run_id as status_run_id,
        first_seen_run_id

    from current_files

    union all

    select
        source_file,
        'rejected',
        2,
        null,
        byte_size,
        rejection_reason,
        rejected_at,
        rejected_run_id,
        null

    from rejected_files

    union all

    select
        source_file,
        'removed',
        3,
        document_id,
        null,
        null,
        removed_at,
        removed_run_id,
        null

    from removed_files

),

latest_status as (

    select *
    from statuses
    qualify row_number() over (
        partition by source_file
        order by status_precedence, status_at desc nulls last
    ) = 1

),

final as (

    select
        latest_status.source_file,
        latest_status.file_status,
        latest_status.document_id,
        same_text_documents.dim_document_id,
        coalesce(same_text_documents.dim_source_file = latest_status.source_file, false) as is_document_source_file,
        latest_status.byte_size,
        latest_status.rejection_reason,
        latest_status.status_at,
        latest_status.status_run_id,
        latest_status.first_seen_run_id,
        document_origins.source_url,
        document_origins.fetched_at

    from latest_status
    left join same_text_documents
        on latest_status.file_status = 'current'
        and latest_status.document_id = same_text_documents.document_id
    left join document_origins
        on latest_status.file_status = 'current'
        and latest_status.document_id = document_origins.document_id

)

select * from final
