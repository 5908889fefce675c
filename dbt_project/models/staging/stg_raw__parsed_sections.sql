with

source as (

    select * from {{ ref('parsed_sections') }}

),

renamed as (

    select
        document_id,
        section_index,
        parent_index as parent_section_index,
        level as section_level,
        ordinal,
        heading,
        char_start,
        char_end,
        is_plan as is_plan_section

    from source

)

select * from renamed
