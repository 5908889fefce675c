with

catalog as (

    select * from {{ ref('stg_seeds__indicator_catalog') }}

),

topics as (

    select * from {{ ref('stg_seeds__topic_taxonomy') }}

),

final as (

    select
        catalog.indicator_code,
        catalog.indicator_name_zh,
        catalog.indicator_name_en,
        catalog.unit,
        catalog.accepted_units,
        catalog.indicator_kind,
        catalog.direction,
        catalog.topic_code,
        topics.topic_name_zh,
        topics.parent_topic_code,
        catalog.min_value,
        catalog.max_value,
        catalog.synonyms,
        len(catalog.synonyms) as synonym_count,
        catalog.local_synonyms,
        catalog.context_terms,
        catalog.exclude_terms,
        catalog.indicator_source,
        catalog.catalogue_edition,
        catalog.is_added_indicator,
        catalog.curation_note

    from catalog
    left join topics
        on catalog.topic_code = topics.topic_code

)

select * from final
