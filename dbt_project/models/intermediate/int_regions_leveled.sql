-- Every version of every division in the code table, with the contract's admin_level and its parents' codes.
-- A code can be reused (renamed or re-created), so a version is identified by code and first valid year.

with

divisions as (

    select * from {{ ref('stg_seeds__admin_divisions') }}

),

prefectures as (

    select region_code, valid_from_year, valid_until_year
    from divisions
    where division_tier = 'prefecture'

),

leveled as (

    select
        region_code || ':' || valid_from_year as region_version_id,
        region_code,
        region_name,
        division_tier,
        {{ admin_level_from_division('division_tier', 'region_name') }} as admin_level,
        code_status,
        valid_from_year,
        valid_until_year,
        province_name,
        case
            when prefecture_name_as_listed = '直辖' then null
            else prefecture_name_as_listed
        end as prefecture_name,
        coalesce(prefecture_name_as_listed = '直辖', false) as is_directly_administered,
        left(region_code, 2) || '0000' as province_code,
        successor_codes as successor_codes_raw,
        list_filter(
            string_split(coalesce(successor_codes, ''), ';'), lambda code: code <> '' and not contains(code, '[')
        ) as successor_region_codes,
        list_transform(
            list_filter(string_split(coalesce(successor_codes, ''), ';'), lambda code: contains(code, '[')),
            lambda code: split_part(code, '[', 1)
        ) as boundary_change_region_codes

    from divisions

),

prefecture_parents as (

    -- the prefecture-tier code sharing the first four digits whose years overlap most with the division's
    select
        leveled.region_version_id,
        prefectures.region_code as prefecture_code

    from leveled
    inner join prefectures
        on left(leveled.region_code, 4) || '00' = prefectures.region_code
        and prefectures.valid_from_year < coalesce(leveled.valid_until_year, 9999)
        and leveled.valid_from_year < coalesce(prefectures.valid_until_year, 9999)
    where leveled.division_tier = 'county'
        and not leveled.is_directly_administered
    qualify row_number() over (
        partition by leveled.region_version_id
        order by prefectures.valid_from_year desc
    ) = 1

),

final as (

    select
        leveled.region_version_id,
        leveled.region_code,
        leveled.region_name,
        leveled.division_tier,
        leveled.admin_level,
        leveled.code_status,
        leveled.valid_from_year,
        leveled.valid_until_year,
        leveled.province_code,
        leveled.province_name,
        case
            when leveled.division_tier = 'prefecture' then leveled.region_code
            else prefecture_parents.prefecture_code
        end as prefecture_code,
        leveled.prefecture_name,
        case
            when leveled.division_tier = 'province' then null
            when leveled.division_tier = 'prefecture' then leveled.province_code
            else coalesce(prefecture_parents.prefecture_code, leveled.province_code)
        end as parent_region_code,
        leveled.is_directly_administered,
        leveled.successor_codes_raw,
        leveled.successor_region_codes,
        leveled.boundary_change_region_codes

    from leveled
    left join prefecture_parents
        on leveled.region_version_id = prefecture_parents.region_version_id

)

select * from final
