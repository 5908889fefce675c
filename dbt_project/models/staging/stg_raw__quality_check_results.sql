with

source as (

    select * from {{ source('raw', 'quality_check_results') }}

),

renamed as (

    select
        run_id,
        checked_at,
        suite,
        check_name,
        severity,
        success,
        observed_value,
        details

    from source

)

select * from renamed
