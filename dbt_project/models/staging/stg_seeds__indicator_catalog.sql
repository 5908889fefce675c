with

source as (

    select * from {{ ref('indicator_catalog') }}

),

renamed as (

    select
        indicator_code,
        name_zh as indicator_name_zh,
        name_en as indicator_name_en,
        unit,
        string_split(accepted_units, '|') as accepted_units,
        kind as indicator_kind,
        direction,
        topic_code,
        min_value,
        max_value,
        string_split(synonyms, '|') as synonyms,
        curation_note

    from source

)

select * from renamed
