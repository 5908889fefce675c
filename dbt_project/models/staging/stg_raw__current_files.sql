with

source as (

    select * from {{ source('raw', 'current_files') }}

),

renamed as (

    select
        source_file,
        document_id,
        byte_size,
        first_seen_run_id,
        run_id as landed_run_id

    from source

)

select * from renamed
