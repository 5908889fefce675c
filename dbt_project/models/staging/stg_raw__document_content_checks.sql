with

source as (

    select * from {{ source('raw', 'document_content_checks') }}

),

renamed as (

    select
        document_id,
        placeholder_count,
        first_placeholder_start as first_placeholder_char_start,
        first_placeholder_end as first_placeholder_char_end,
        first_placeholder_context,
        assess_version,
        run_id as assessed_run_id

    from source

)

select * from renamed
