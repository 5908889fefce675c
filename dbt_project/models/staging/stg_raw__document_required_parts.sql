with

source as (

    select * from {{ source('raw', 'document_required_parts') }}

),

renamed as (

    select
        document_id,
        part_code,
        evidence_kind,
        char_start,
        char_end,
        evidence_text

    from source

)

select * from renamed
