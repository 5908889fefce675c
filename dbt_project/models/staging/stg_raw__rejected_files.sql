with

source as (

    select * from {{ source('raw', 'rejected_files') }}

),

renamed as (

    select
        source_file,
        byte_size,
        reason as rejection_reason,
        rejected_at,
        run_id as rejected_run_id

    from source

)

select * from renamed
