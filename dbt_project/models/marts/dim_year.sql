-- One row per year from a spine. Five-year plans follow the rule 1966 + 5·(n − 3) (the 3rd plan began in 1966);
-- frameworks and reporting rules come from the national_frameworks seed by their years in force.

with

spine as (

    select cast(range as integer) as year
    from range(1980, 2051)

),

frameworks as (

    select * from {{ ref('stg_seeds__national_frameworks') }}

),

plans as (

    select
        year,
        (year - 1966) // 5 + 3 as five_year_plan_number

    from spine

),

outlines as (

    select
        spine.year,
        frameworks.framework_code,
        frameworks.framework_short_name,
        frameworks.framework_name_zh,
        frameworks.document_number

    from spine
    inner join frameworks
        on frameworks.is_national_outline
        and spine.year between frameworks.first_year and coalesce(frameworks.last_year, 9999)
    qualify row_number() over (partition by spine.year order by frameworks.first_year desc) = 1

),

in_force as (

    select
        spine.year,
        list(frameworks.framework_code order by frameworks.first_year, frameworks.framework_code) as framework_codes

    from spine
    inner join frameworks
        on spine.year between frameworks.first_year and coalesce(frameworks.last_year, 9999)
    group by spine.year

),

reporting_rules as (

    -- the latest rule in force for the report year decides when that year's report is due
    select
        spine.year,
        frameworks.framework_code as reporting_rule_code,
        frameworks.reporting_rule,
        frameworks.reporting_deadline_month,
        frameworks.department_reporting_deadline_month

    from spine
    inner join frameworks
        on frameworks.reporting_rule is not null
        and spine.year between frameworks.first_year and coalesce(frameworks.last_year, 9999)
    qualify row_number() over (partition by spine.year order by frameworks.first_year desc) = 1

),

final as (

    select
        spine.year,
        plans.five_year_plan_number,
        {{ chinese_numeral('plans.five_year_plan_number') }} || '五' as five_year_plan_name,
        1966 + 5 * (plans.five_year_plan_number - 3) as five_year_plan_first_year,
        1966 + 5 * (plans.five_year_plan_number - 3) + 4 as five_year_plan_last_year,
        outlines.framework_code as national_framework_code,
        outlines.framework_short_name as national_framework_name,
        outlines.framework_name_zh as national_framework_name_zh,
        outlines.document_number as national_framework_document_number,
        coalesce(in_force.framework_codes, []) as frameworks_in_force,
        reporting_rules.reporting_rule_code,
        reporting_rules.reporting_rule,
        last_day(make_date(spine.year + 1, reporting_rules.reporting_deadline_month, 1)) as reporting_deadline_date,
        last_day(make_date(spine.year + 1, reporting_rules.department_reporting_deadline_month, 1))
            as department_reporting_deadline_date

    from spine
    inner join plans
        on spine.year = plans.year
    left join outlines
        on spine.year = outlines.year
    left join in_force
        on spine.year = in_force.year
    left join reporting_rules
        on spine.year = reporting_rules.year

)

select * from final
