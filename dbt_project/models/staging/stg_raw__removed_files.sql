with

source as (

    select * from {{ source('raw', 'removed_files') }}

),

renamed as (

    select
        source_file,
        document_id,
        removed_at,
        run_id as removed_run_id

    from source

)

select * from renamed
