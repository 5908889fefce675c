with

regions as (

    select * from {{ ref('int_regions_leveled') }}

),

parent_names as (

    -- the parent's name as it was most recently listed
    select region_code, region_name
    from regions
    qualify row_number() over (partition by region_code order by valid_from_year desc) = 1

),

final as (

    select
        regions.region_version_id,
        regions.region_code,
        regions.region_name,
        regions.admin_level,
        regions.division_tier,
        regions.code_status,
        regions.valid_from_year,
        regions.valid_until_year,
        regions.valid_until_year - 1 as last_valid_year,
        regions.valid_until_year is null as is_current,
        regions.province_code,
        regions.province_name,
        regions.prefecture_code,
        regions.prefecture_name,
        regions.parent_region_code,
        parent_names.region_name as parent_region_name,
        regions.is_directly_administered,
        regions.successor_region_codes,
        regions.boundary_change_region_codes,
        regions.successor_codes_raw

    from regions
    left join parent_names
        on regions.parent_region_code = parent_names.region_code

)

select * from final
