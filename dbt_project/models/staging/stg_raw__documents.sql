with

source as (

    select * from {{ source('raw', 'documents') }}

),

renamed as (

    select
        document_id,
        content_sha256,
        source_file as first_seen_source_file,
        byte_size,
        encoding,
        text as document_text,
        landed_at,
        run_id as landed_run_id,
        source_url,
        fetched_at,
        site_region_code

    from source

)

select * from renamed
