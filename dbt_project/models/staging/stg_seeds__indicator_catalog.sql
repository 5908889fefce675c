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
        coalesce(string_split(nullif(local_synonyms, ''), '|'), []) as local_synonyms,
        coalesce(string_split(nullif(context_terms, ''), '|'), []) as context_terms,
        coalesce(string_split(nullif(exclude_terms, ''), '|'), []) as exclude_terms,
        source as indicator_source,
        catalogue_edition,
        catalogue_edition > 1 as is_added_indicator,
        curation_note

    from source

)

select * from renamed
