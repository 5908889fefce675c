-- The value to quote for a region, year and indicator, from genuine (annual_report, work_summary_plan, work_plan),
-- non-anonymised documents with a region. Preference, in this order: achieved over target (a target is a figure the
-- parser marked is_target or one in a next-year plan section), annual report over summary-and-plan over plan, exact
-- over qualified (余/以上/近 …), the latest publish_date, then document_id and the first mention in the text (and, for
-- one span stating several figures, the observation_id: the choice never depends on the order rows are stored in).
-- Values outside the indicator's plausibility bounds are left out.

with

observations as (

    select * from {{ ref('fct_indicator_observations') }}
    where indicator_code is not null
        and is_within_bounds
        and reference_year is not null

),

documents as (

    select * from {{ ref('dim_document') }}
    where is_genuine_report
        and not is_anonymized
        and region_code is not null

),

eligible as (

    select
        documents.region_code,
        observations.reference_year as report_year,
        observations.indicator_code,
        observations.observation_id,
        observations.document_id,
        observations.value,
        observations.unit,
        observations.qualifier,
        observations.raw_span,
        observations.char_start,
        observations.is_target or observations.is_in_plan_section as is_target_figure,
        observations.qualifier is null as is_exact,
        documents.doc_kind,
        documents.publish_date,
        documents.region_name,
        case documents.doc_kind
            when 'annual_report' then 1
            when 'work_summary_plan' then 2
            else 3
        end as doc_kind_preference

    from observations
    inner join documents
        on observations.document_id = documents.document_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by region_code, report_year, indicator_code
            order by
                is_target_figure,
                doc_kind_preference,
                is_exact desc,
                publish_date desc nulls last,
                document_id,
                char_start,
                observation_id
        ) as preference_rank

    from eligible

),

quoted as (

    select * from ranked where preference_rank = 1

),

summary as (

    select
        region_code,
        report_year,
        indicator_code,
        count(*) as observation_count,
        count(distinct document_id) as document_count,
        count(distinct round(value, 6)) as distinct_value_count,
        min(value) as min_value,
        max(value) as max_value,
        count(*) filter (where not is_target_figure) as achieved_observation_count,
        count(*) filter (where is_target_figure) as target_observation_count

    from eligible
    group by region_code, report_year, indicator_code

),

disagreement as (

    -- figures of the same standing as the quoted one (achieved or target, exact or qualified) that differ
    select
        quoted.region_code,
        quoted.report_year,
        quoted.indicator_code,
        count(distinct round(eligible.value, 6)) > 1 as has_disagreement

    from quoted
    inner join eligible
        on quoted.region_code = eligible.region_code
        and quoted.report_year = eligible.report_year
        and quoted.indicator_code = eligible.indicator_code
        and quoted.is_target_figure = eligible.is_target_figure
        and quoted.is_exact = eligible.is_exact
    group by quoted.region_code, quoted.report_year, quoted.indicator_code

),

final as (

    select
        md5(quoted.region_code || '|' || quoted.report_year || '|' || quoted.indicator_code)
            as region_year_indicator_id,
        quoted.region_code,
        quoted.region_name,
        quoted.report_year,
        quoted.indicator_code,
        quoted.value as quoted_value,
        quoted.unit as quoted_unit,
        quoted.qualifier as quoted_qualifier,
        quoted.is_target_figure as is_quoted_target,
        quoted.observation_id as quoted_observation_id,
        quoted.document_id as quoted_document_id,
        quoted.doc_kind as quoted_doc_kind,
        quoted.publish_date as quoted_publish_date,
        quoted.raw_span as quoted_raw_span,
        summary.observation_count,
        summary.document_count,
        summary.distinct_value_count,
        summary.min_value,
        summary.max_value,
        summary.achieved_observation_count,
        summary.target_observation_count,
        disagreement.has_disagreement

    from quoted
    inner join summary
        on quoted.region_code = summary.region_code
        and quoted.report_year = summary.report_year
        and quoted.indicator_code = summary.indicator_code
    inner join disagreement
        on quoted.region_code = disagreement.region_code
        and quoted.report_year = disagreement.report_year
        and quoted.indicator_code = disagreement.indicator_code

)

select * from final
