with

source as (

    select * from {{ source('raw', 'document_indicator_statements') }}

),

renamed as (

    select
        document_id,
        indicator as core_indicator,
        statement as indicator_statement,
        char_start,
        char_end,
        evidence_text

    from source

)

select * from renamed
