with

source as (

    select * from {{ source('raw', 'changed_documents') }}

),

renamed as (

    select
        document_id,
        change as change_kind,
        run_id as changed_run_id

    from source

)

select * from renamed
