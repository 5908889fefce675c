with

source as (

    select * from {{ ref('parsed_terms') }}

),

renamed as (

    select
        document_id,
        term,
        term_count

    from source

)

select * from renamed
