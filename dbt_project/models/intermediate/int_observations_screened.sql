-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}
-- Quarantine by rule: a figure mapped to a catalogue indicator whose value lies outside that indicator's plausibility
-- bounds (出庭应诉率182%: a rate above 100, a negative count) is impossible, so it is kept out of the facts users
-- query (fct_indicator_observations, fct_region_year_indicators) and listed with its reason in
-- fct_quarantined_observations. quarantine_reason is null for every figure that may be used.

with

observations as (

    select * from {{ ref('int_observations_mapped') }}
    where {{ is_changed_document('document_id') }}

),

catalog as (

    select indicator_code, indicator_name_zh, min_value, max_value from {{ ref('stg_seeds__indicator_catalog') }}

),

final as (

    select
        observations.*,
        catalog.indicator_name_zh,
        catalog.min_value as indicator_min_value,
        catalog.max_value as indicator_max_value,
        case when observations.is_within_bounds = false then 'outside_indicator_bounds' end as quarantine_rule,
        case
            when observations.is_within_bounds = false
                then catalog.indicator_name_zh || ' ' || {{ format_number('observations.value') }}
                    || coalesce(observations.unit, '') || ' outside the catalogue bounds '
                    || {{ format_number('catalog.min_value') }} || '–' || {{ format_number('catalog.max_value') }}
        end as quarantine_reason

    from observations
    left join catalog
        on observations.indicator_code = catalog.indicator_code

)

select * from final
