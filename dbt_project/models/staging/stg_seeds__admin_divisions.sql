with

source as (

    select * from {{ ref('admin_divisions') }}

),

renamed as (

    select
        region_code,
        region_name,
        division_tier,
        code_status,
        province_name,
        -- 直辖: directly under the province-level unit (a municipality's district or a 省直辖 county-level unit)
        prefecture_name as prefecture_name_as_listed,
        valid_from_year,
        valid_until_year,
        successor_codes

    from source

)

select * from renamed
