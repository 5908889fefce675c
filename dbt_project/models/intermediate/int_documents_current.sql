-- The documents a user sees: the content each file in the raw folder holds now (older versions of a file stay in
-- raw.documents but are not current). Content found under several paths — the same bytes, or the same text in
-- another encoding — is one document, named after its alphabetically first path. The text itself stays in
-- stg_raw__documents: this table is read by most models, and copying 125 MB of text per 10,000 reports into it
-- would cost more than it saves.

with

documents as (

    select document_id, content_sha256, byte_size, encoding, landed_at, source_url, fetched_at, site_region_code
    from {{ ref('stg_raw__documents') }}

),

document_texts as (

    select * from {{ ref('int_document_texts_hashed') }}

),

current_files as (

    select * from {{ ref('stg_raw__current_files') }}

),

current_contents as (

    select
        current_files.source_file,
        current_files.first_seen_run_id,
        documents.document_id,
        documents.content_sha256,
        documents.byte_size,
        documents.encoding,
        documents.landed_at,
        documents.source_url,
        documents.fetched_at,
        documents.site_region_code,
        document_texts.text_md5,
        document_texts.text_length

    from current_files
    inner join documents
        on current_files.document_id = documents.document_id
    inner join document_texts
        on current_files.document_id = document_texts.document_id

),

text_groups as (

    select
        text_md5,
        min(source_file) as source_file,
        count(*) as source_file_count,
        list(source_file order by source_file) as source_files,
        list(distinct document_id order by document_id) as document_ids

    from current_contents
    group by text_md5

),

final as (

    select
        current_contents.document_id,
        current_contents.source_file,
        text_groups.source_file_count,
        text_groups.source_files,
        text_groups.document_ids,
        current_contents.first_seen_run_id,
        current_contents.content_sha256,
        current_contents.byte_size,
        current_contents.encoding,
        current_contents.text_length,
        current_contents.text_md5,
        current_contents.landed_at,
        current_contents.source_url,
        current_contents.fetched_at,
        current_contents.site_region_code

    from text_groups
    inner join current_contents
        on text_groups.source_file = current_contents.source_file

)

select * from final
