-- One row per province and report year held in the warehouse: the shares of its expected governments with a
-- report found, published on time and complete (of all expected governments, so a missing report counts against).

with

compliance as (

    select * from {{ ref('fct_reporting_compliance') }}

),

final as (

    select
        province_name,
        report_year,
        count(*) as expected_governments,
        count(*) filter (where has_report) as reports_found,
        count(*) filter (where is_published_by_deadline) as reports_on_time,
        count(*) filter (where is_complete) as reports_complete,
        count(*) filter (where is_flagged_copy) as reports_flagged_as_copies,
        count(*) filter (where has_report) / count(*) as share_found,
        count(*) filter (where is_published_by_deadline) / count(*) as share_on_time,
        count(*) filter (where is_complete) / count(*) as share_complete,
        count(*) filter (where has_report and division_tier = 'county')
            / nullif(count(*) filter (where division_tier = 'county'), 0) as share_found_counties,
        round(avg(report_score), 4) as mean_report_score

    from compliance
    group by province_name, report_year

)

select * from final
