-- The value to quote for a region, year and indicator, from genuine (annual_report, work_summary_plan, work_plan),
-- non-anonymised documents with a region. Preference, in this order: achieved over target (a target is a figure the
-- parser marked is_target or one in a next-year plan section), annual report over summary-and-plan over plan, exact
-- over qualified (余/以上/近 …), a level over a change (the year's figure or what a time was cut to, before a cumulative
-- total, a change, or the value before a cut), the latest publish_date, then document_id and the first mention in the
-- text (and, for one span stating several figures, the observation_id: the choice never depends on the order rows are
-- stored in); quote_reason says which of these decided. Values outside the indicator's plausibility bounds are left
-- out. Every supporting observation stays listed (supporting_observation_ids), and the change from the region's
-- quoted value of the year before is given where both years have one.

-- Incremental by (region, indicator): a row depends only on the eligible figures of its region and indicator (its
-- year's and the year before's), so a run recomputes the pairs the changed documents feed now or fed before (their
-- earlier rows name them in supporting_document_ids) and replaces those pairs' rows (delete+insert). A pair that
-- lost all its figures gets one placeholder row (region_year_indicator_id null) so that its old rows are deleted;
-- the post-hook removes it before any test or reader sees it.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['region_code', 'indicator_code'],
    on_schema_change='fail',
    post_hook="delete from {{ this }} where region_year_indicator_id is null",
) }}
-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}

with

all_observations as (

    select * from {{ ref('fct_indicator_observations') }}
    where indicator_code is not null
        and is_within_bounds
        and reference_year is not null

),

all_documents as (

    select * from {{ ref('dim_document') }}
    where is_genuine_report
        and not is_anonymized
        and region_code is not null

),

{% if is_incremental() -%}

changed_documents as (

    select document_id from {{ ref('int_documents_changed') }}

),

touched_pairs as (

    -- the pairs the changed documents feed now …
    select distinct all_documents.region_code, all_observations.indicator_code

    from all_observations
    inner join all_documents
        on all_observations.document_id = all_documents.document_id
    where all_documents.document_id in (select document_id from changed_documents)

    union

    -- … and those they, or documents no longer current, fed before
    select distinct region_code, indicator_code

    from (
        select region_code, indicator_code, unnest(supporting_document_ids) as document_id
        from {{ this }}
    ) as previous
    where document_id in (select document_id from changed_documents)
        or document_id not in (select document_id from {{ ref('int_documents_current') }})

),

documents as (

    select * from all_documents
    where region_code in (select region_code from touched_pairs)

),

observations as (

    select all_observations.*

    from all_observations
    inner join documents
        on all_observations.document_id = documents.document_id
    inner join touched_pairs
        on documents.region_code = touched_pairs.region_code
        and all_observations.indicator_code = touched_pairs.indicator_code

),

{%- else -%}

documents as (select * from all_documents),

observations as (select * from all_observations),

{%- endif %}

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
        observations.value_basis,
        case observations.value_basis
            when 'year_total' then 1
            when 'reduced_to' then 1
            when 'cumulative' then 2
            when 'increased_by' then 3
            when 'reduced_by' then 3
            else 4
        end as value_basis_preference,
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
                value_basis_preference,
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
        count(*) filter (where is_target_figure) as target_observation_count,
        -- every observation behind the row, the quoted one first (→ fct_indicator_observations)
        list(observation_id order by preference_rank) as supporting_observation_ids,
        list(distinct document_id order by document_id) as supporting_document_ids,
        -- what the runner-up lost on, for quote_reason
        count(*) filter (where not is_target_figure) > 0 and count(*) filter (where is_target_figure) > 0
            as has_achieved_and_target,
        count(distinct doc_kind_preference) > 1 as has_several_doc_kinds,
        count(distinct is_exact) > 1 as has_exact_and_qualified,
        count(distinct value_basis_preference) > 1 as has_several_value_bases

    from ranked
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

with_reason as (

    select
        quoted.*,
        summary.* exclude (region_code, report_year, indicator_code),
        disagreement.has_disagreement,
        concat_ws('; ',
            case
                when quoted.is_target_figure then 'target: no achieved figure was stated'
                when summary.has_achieved_and_target then 'achieved figure preferred over targets'
                else 'achieved figure'
            end,
            case when summary.has_several_doc_kinds then 'from the ' || quoted.doc_kind || ', preferred over plans' end,
            case when summary.has_exact_and_qualified and quoted.is_exact then 'exact figure preferred over 余/以上/近' end,
            case when summary.has_several_value_bases then 'value basis ' || quoted.value_basis || ' preferred' end,
            case
                when summary.observation_count > 1 and summary.document_count > 1
                    then 'latest publication among ' || summary.document_count || ' documents'
            end,
            case
                when summary.observation_count > 1 and summary.document_count = 1 then 'first mention in the document'
            end,
            case when summary.observation_count = 1 then 'only observation' end
        ) as quote_reason

    from quoted
    inner join summary
        on quoted.region_code = summary.region_code
        and quoted.report_year = summary.report_year
        and quoted.indicator_code = summary.indicator_code
    inner join disagreement
        on quoted.region_code = disagreement.region_code
        and quoted.report_year = disagreement.report_year
        and quoted.indicator_code = disagreement.indicator_code

),

final as (

    select
        md5(current_year.region_code || '|' || current_year.report_year || '|' || current_year.indicator_code)
            as region_year_indicator_id,
        current_year.region_code,
        current_year.region_name,
        current_year.report_year,
        current_year.indicator_code,
        current_year.value as quoted_value,
        current_year.unit as quoted_unit,
        current_year.qualifier as quoted_qualifier,
        current_year.value_basis as quoted_value_basis,
        current_year.is_target_figure as is_quoted_target,
        current_year.observation_id as quoted_observation_id,
        current_year.document_id as quoted_document_id,
        current_year.doc_kind as quoted_doc_kind,
        current_year.publish_date as quoted_publish_date,
        current_year.raw_span as quoted_raw_span,
        current_year.quote_reason,
        current_year.observation_count,
        current_year.document_count,
        current_year.distinct_value_count,
        current_year.min_value,
        current_year.max_value,
        current_year.achieved_observation_count,
        current_year.target_observation_count,
        current_year.has_disagreement,
        current_year.supporting_observation_ids,
        current_year.supporting_document_ids,
        -- year over year: the region's quoted value of the year before, when it has one
        previous_year.value as previous_year_quoted_value,
        current_year.value - previous_year.value as year_over_year_change,
        case
            when previous_year.value <> 0
                then round(100.0 * (current_year.value - previous_year.value) / previous_year.value, 2)
        end as year_over_year_change_pct,
        -- both achieved figures of the same basis: the change compares like with like
        case
            when previous_year.value is not null
                then not current_year.is_target_figure and not previous_year.is_target_figure
                    and current_year.value_basis = previous_year.value_basis
        end as is_year_over_year_comparable

    from with_reason as current_year
    left join with_reason as previous_year
        on current_year.region_code = previous_year.region_code
        and current_year.indicator_code = previous_year.indicator_code
        and current_year.report_year = previous_year.report_year + 1

)

select * from final
{%- if is_incremental() %}
-- one placeholder per recomputed pair (see the config above)
union all by name
select region_code, indicator_code from touched_pairs
{%- endif %}
