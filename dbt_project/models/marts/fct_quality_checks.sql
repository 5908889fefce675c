-- A view, so that the checks a run records after `dbt build` (and those of failed runs) show up without a rebuild.
{{ config(materialized='view') }}

with

checks as (

    select * from {{ ref('stg_raw__quality_check_results') }}

),

final as (

    select
        run_id,
        checked_at,
        suite,
        check_name,
        severity,
        success,
        observed_value,
        details

    from checks

)

select * from final
