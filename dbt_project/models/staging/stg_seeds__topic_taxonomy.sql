with

source as (

    select * from {{ ref('topic_taxonomy') }}

),

renamed as (

    select
        topic_code,
        name_zh as topic_name_zh,
        name_en as topic_name_en,
        parent_topic_code,
        level as topic_level,
        topic_group,
        framework_2021_part,
        framework_2015_part,
        framework_2004_part,
        demonstration_indicator_2021,
        framework_reference,
        string_split(keywords, '|') as keywords

    from source

)

select * from renamed
