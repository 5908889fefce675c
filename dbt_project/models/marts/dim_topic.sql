with

topics as (

    select * from {{ ref('stg_seeds__topic_taxonomy') }}

),

indicator_counts as (

    select topic_code, count(*) as indicator_count
    from {{ ref('stg_seeds__indicator_catalog') }}
    group by topic_code

),

final as (

    select
        topics.topic_code,
        topics.topic_name_zh,
        topics.topic_name_en,
        topics.parent_topic_code,
        parents.topic_name_zh as parent_topic_name_zh,
        topics.topic_level,
        topics.topic_group,
        topics.framework_2021_part,
        topics.framework_2015_part,
        topics.framework_2004_part,
        topics.demonstration_indicator_2021,
        topics.framework_reference,
        topics.keywords,
        len(topics.keywords) as keyword_count,
        coalesce(indicator_counts.indicator_count, 0) as indicator_count

    from topics
    left join topics as parents
        on topics.parent_topic_code = parents.topic_code
    left join indicator_counts
        on topics.topic_code = indicator_counts.topic_code

)

select * from final
