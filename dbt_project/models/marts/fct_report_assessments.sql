-- One row per report (annual_report, work_summary_plan): published on time, required parts present, core figures
-- disclosed, placeholders left in, text shared with other regions' reports, and the scores made of them.

with

documents as (

    select * from {{ ref('dim_document') }}
    where doc_kind in ('annual_report', 'work_summary_plan')

),

years as (

    select * from {{ ref('dim_year') }}

),

checks as (

    select * from {{ ref('stg_raw__document_content_checks') }}

),

parts as (

    select
        document_id,
        count(*) filter (where is_found) as required_parts_found,
        list(part_code order by part_number) filter (where not is_found) as missing_required_parts,
        bool_or(is_found) filter (where part_code = 'measures_results') as has_measures_results,
        bool_or(is_found) filter (where part_code = 'shortcomings_causes') as has_shortcomings_causes,
        bool_or(is_found) filter (where part_code = 'leaders_duties') as has_leaders_duties,
        bool_or(is_found) filter (where part_code = 'next_year_plan') as has_next_year_plan,
        bool_or(is_found) filter (where part_code = 'other_matters') as has_other_matters

    from {{ ref('fct_report_required_parts') }}
    group by document_id

),

statements as (

    select
        document_id,
        any_value(indicator_statement) filter (where core_indicator = 'admin_reconsideration')
            as admin_reconsideration_statement,
        any_value(indicator_statement) filter (where core_indicator = 'admin_litigation')
            as admin_litigation_statement,
        any_value(indicator_statement) filter (where core_indicator = 'court_appearance')
            as court_appearance_statement,
        count(*) filter (where indicator_statement = 'figures') as core_indicators_with_figures

    from {{ ref('stg_raw__document_indicator_statements') }}
    group by document_id

),

figures as (

    select document_id, count(*) as stated_figure_count
    from {{ ref('stg_raw__parsed_figures') }}
    where not is_target
    group by document_id

),

similarity as (

    -- text shared with documents of other regions, whichever of the two came first; and, for originality, only
    -- with earlier ones (the source of a copy keeps its originality)
    select
        document_id,
        max(share) as share_in_other,
        coalesce(max(share) filter (where is_later), 0) as share_in_earlier_other,
        count(*) as similar_document_count
    from (
        select document_id, share_of_document_in_source as share, region_relation, true as is_later
        from {{ ref('fct_document_similarity') }}
        union all
        -- a pair whose order is undecided counts against both
        select source_document_id, share_of_source_in_document, region_relation, source_decided_by = 'undecided'
        from {{ ref('fct_document_similarity') }}
    )
    where region_relation = 'other_region'
    group by document_id

),

copied_from as (

    -- the likeliest source of a flagged copy: the most similar earlier report of another region
    select document_id, source_document_id, source_region_name, jaccard_similarity
    from {{ ref('fct_document_similarity') }}
    where is_flagged_copy
    qualify row_number() over (partition by document_id order by jaccard_similarity desc, source_document_id) = 1

),

timed as (

    select
        documents.*,
        regexp_matches(coalesce(documents.issuer, ''), '(局|厅|委员会|委|署|中心|院|所|办)$')
            and not regexp_matches(coalesce(documents.issuer, ''), '人民政府') as is_department_report

    from documents

),

assessed as (

    select
        timed.document_id,
        timed.doc_kind,
        timed.title,
        timed.issuer,
        timed.is_department_report,
        timed.region_code,
        timed.region_name,
        timed.region_confidence,
        timed.admin_level,
        timed.province_name,
        timed.prefecture_name,
        timed.report_year,
        timed.is_anonymized,
        timed.publish_date,
        case
            when timed.is_department_report then years.department_reporting_deadline_date
            else years.reporting_deadline_date
        end as reporting_deadline_date,
        timed.text_length,
        coalesce(parts.required_parts_found, 0) as required_parts_found,
        coalesce(parts.missing_required_parts, []) as missing_required_parts,
        coalesce(parts.has_measures_results, false) as has_measures_results,
        coalesce(parts.has_shortcomings_causes, false) as has_shortcomings_causes,
        coalesce(parts.has_leaders_duties, false) as has_leaders_duties,
        coalesce(parts.has_next_year_plan, false) as has_next_year_plan,
        coalesce(parts.has_other_matters, false) as has_other_matters,
        coalesce(statements.admin_reconsideration_statement, 'not_mentioned') as admin_reconsideration_statement,
        coalesce(statements.admin_litigation_statement, 'not_mentioned') as admin_litigation_statement,
        coalesce(statements.court_appearance_statement, 'not_mentioned') as court_appearance_statement,
        coalesce(statements.core_indicators_with_figures, 0) as core_indicators_with_figures,
        coalesce(figures.stated_figure_count, 0) as stated_figure_count,
        coalesce(checks.placeholder_count, 0) as placeholder_count,
        checks.first_placeholder_context,
        checks.first_placeholder_char_start,
        checks.first_placeholder_char_end,
        checks.document_id is not null as is_assessed,
        coalesce(similarity.share_in_other, 0) as share_shared_with_other_regions,
        coalesce(similarity.share_in_earlier_other, 0) as share_found_in_earlier_other_region_documents,
        coalesce(similarity.similar_document_count, 0) as similar_other_region_document_count,
        copied_from.document_id is not null as is_flagged_copy,
        copied_from.source_document_id as likely_source_document_id,
        copied_from.source_region_name as likely_source_region_name

    from timed
    left join years
        on timed.report_year = years.year
    left join parts
        on timed.document_id = parts.document_id
    left join statements
        on timed.document_id = statements.document_id
    left join figures
        on timed.document_id = figures.document_id
    left join checks
        on timed.document_id = checks.document_id
    left join similarity
        on timed.document_id = similarity.document_id
    left join copied_from
        on timed.document_id = copied_from.document_id

),

scored as (

    select
        *,
        publish_date - reporting_deadline_date as days_after_deadline,
        publish_date <= reporting_deadline_date as is_published_by_deadline,
        has_measures_results and has_shortcomings_causes and has_leaders_duties and has_next_year_plan
            as is_complete,
        round(1000.0 * stated_figure_count / nullif(text_length, 0), 3) as figures_per_1000_chars,
        placeholder_count > 0 as has_placeholders,
        case when publish_date <= reporting_deadline_date then 1.0 else 0.0 end as on_time_score,
        required_parts_found / 5.0 as required_parts_score,
        core_indicators_with_figures / 3.0 as data_disclosure_score,
        1.0 - share_found_in_earlier_other_region_documents as originality_score

    from assessed

),

final as (

    select
        *,
        round(greatest(0.0,
            {{ var('score_weight_on_time') }} * on_time_score
            + {{ var('score_weight_required_parts') }} * required_parts_score
            + {{ var('score_weight_data_disclosure') }} * data_disclosure_score
            + {{ var('score_weight_originality') }} * originality_score
            - case when has_placeholders then {{ var('placeholder_penalty') }} else 0 end
        ), 4) as report_score

    from scored

)

select * from final
