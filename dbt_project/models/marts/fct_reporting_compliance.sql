-- One row per government expected to report and report year: every province, prefecture-level and county-level
-- division valid that year, for each year the warehouse holds a report of its province. A government without a
-- report in the corpus is the finding "not found in the collected corpus", not proof that it published none.

with

reports as (

    select * from {{ ref('fct_report_assessments') }}
    where region_code is not null and report_year is not null

),

regions as (

    select * from {{ ref('dim_region') }}
    where division_tier in ('province', 'prefecture', 'county')

),

years as (

    select * from {{ ref('dim_year') }}

),

province_years as (

    select distinct province_name, report_year
    from reports
    where province_name is not null

),

expected as (

    select
        regions.region_code,
        regions.region_name,
        regions.admin_level,
        regions.division_tier,
        regions.province_name,
        regions.prefecture_name,
        province_years.report_year

    from province_years
    inner join regions
        on regions.province_name = province_years.province_name
        and regions.valid_from_year <= province_years.report_year
        and province_years.report_year < coalesce(regions.valid_until_year, 9999)
    -- one version of a code per year (a renamed division keeps its code)
    qualify row_number() over (
        partition by regions.region_code, province_years.report_year order by regions.valid_from_year desc
    ) = 1

),

government_reports as (

    select
        region_code,
        report_year,
        list(document_id order by report_score desc, publish_date nulls last, document_id) as document_ids,
        count(*) as report_count

    from reports
    where not is_department_report
    group by region_code, report_year

),

primary_reports as (

    -- the government's best report of the year speaks for it (a summary-plus-plan beside an annual report …)
    select *
    from reports
    where not is_department_report
    qualify row_number() over (
        partition by region_code, report_year order by report_score desc, publish_date nulls last, document_id
    ) = 1

),

department_reports as (

    select
        region_code,
        report_year,
        count(*) as department_report_count,
        list(document_id order by document_id) as department_document_ids,
        count(*) filter (where is_published_by_deadline) as department_reports_on_time

    from reports
    where is_department_report
    group by region_code, report_year

),

final as (

    select
        expected.region_code,
        expected.report_year,
        expected.region_name,
        expected.admin_level,
        expected.division_tier,
        expected.province_name,
        expected.prefecture_name,
        primary_reports.document_id is not null as has_report,
        case
            when primary_reports.document_id is not null then 'report found'
            else 'not found in the collected corpus'
        end as finding,
        coalesce(government_reports.report_count, 0) as report_count,
        coalesce(government_reports.document_ids, []) as document_ids,
        primary_reports.document_id as primary_document_id,
        primary_reports.doc_kind as primary_doc_kind,
        primary_reports.region_confidence as primary_region_confidence,
        primary_reports.publish_date,
        years.reporting_deadline_date,
        primary_reports.days_after_deadline,
        primary_reports.is_published_by_deadline,
        primary_reports.required_parts_found,
        primary_reports.missing_required_parts,
        primary_reports.has_leaders_duties,
        primary_reports.is_complete,
        primary_reports.core_indicators_with_figures,
        primary_reports.figures_per_1000_chars,
        primary_reports.has_placeholders,
        primary_reports.share_shared_with_other_regions,
        primary_reports.is_flagged_copy,
        primary_reports.likely_source_document_id,
        primary_reports.report_score,
        coalesce(department_reports.department_report_count, 0) as department_report_count,
        coalesce(department_reports.department_document_ids, []) as department_document_ids,
        coalesce(department_reports.department_reports_on_time, 0) as department_reports_on_time,
        years.department_reporting_deadline_date

    from expected
    left join primary_reports
        on expected.region_code = primary_reports.region_code
        and expected.report_year = primary_reports.report_year
    left join government_reports
        on expected.region_code = government_reports.region_code
        and expected.report_year = government_reports.report_year
    left join department_reports
        on expected.region_code = department_reports.region_code
        and expected.report_year = department_reports.report_year
    left join years
        on expected.report_year = years.year

)

select * from final
