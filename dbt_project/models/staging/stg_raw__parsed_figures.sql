with

source as (

    select * from {{ ref('parsed_figures') }}

),

renamed as (

    select
        document_id,
        figure_index,
        nullif(trim(subject_text), '') as subject_text,
        value,
        nullif(trim(unit), '') as unit,
        qualifier,
        is_target,
        raw_span,
        char_start,
        char_end,
        section_index

    from source

)

select * from renamed
