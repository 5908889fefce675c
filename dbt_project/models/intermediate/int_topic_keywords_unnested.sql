-- One row per topic keyword. Every keyword belongs to one topic, so a keyword match names its topic.

with

topics as (

    select * from {{ ref('stg_seeds__topic_taxonomy') }}

),

keywords as (

    select
        topic_code,
        topic_level,
        unnest(keywords) as keyword

    from topics

),

final as (

    select
        keyword,
        topic_code,
        topic_level,
        length(keyword) as keyword_length,
        {{ regex_escape('keyword') }} as keyword_regex

    from keywords
    where keyword <> ''

)

select * from final
