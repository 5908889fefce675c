with

source as (

    select * from {{ ref('parsed_documents') }}

),

renamed as (

    select
        document_id,
        nullif(trim(title), '') as title,
        doc_kind,
        report_year,
        publish_date,
        is_anonymized,
        nullif(trim(region_code), '') as region_code,
        nullif(trim(region_name), '') as region_name,
        admin_level,
        nullif(trim(province_name), '') as province_name,
        nullif(trim(prefecture_name), '') as prefecture_name,
        issuer,
        region_evidence,
        nullif(trim(region_confidence), '') as region_confidence,
        text_length,
        parser_version

    from source

)

select * from renamed
