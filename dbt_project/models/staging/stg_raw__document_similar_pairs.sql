with

source as (

    select * from {{ source('raw', 'document_similar_pairs') }}

),

renamed as (

    select
        document_id,
        other_document_id,
        jaccard_similarity,
        containment,
        other_containment,
        shared_shingles,
        boilerplate_version,
        run_id as found_run_id

    from source

)

select * from renamed
