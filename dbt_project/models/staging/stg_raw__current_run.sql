with

source as (

    select * from {{ source('raw', 'current_run') }}

),

renamed as (

    select
        run_id,
        recorded_at as run_recorded_at

    from source

)

select * from renamed
