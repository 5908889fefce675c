with

source as (

    select * from {{ ref('national_frameworks') }}

),

renamed as (

    select
        framework_code,
        short_name as framework_short_name,
        name_zh as framework_name_zh,
        name_en as framework_name_en,
        issuer,
        document_number,
        issued_year,
        first_year,
        last_year,
        is_national_outline,
        reporting_rule,
        reporting_deadline_month,
        department_reporting_deadline_month,
        source_note

    from source

)

select * from renamed
