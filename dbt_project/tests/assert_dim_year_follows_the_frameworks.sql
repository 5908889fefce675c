-- Known facts from FRAMEWORKS.md that dim_year must reproduce; any row returned is a mismatch.
with

expected (year, five_year_plan_name, national_framework_code, reporting_deadline_date) as (

    values
        (2004, '十五', 'outline_2004', null),
        (2010, '十一五', 'outline_2004', null),
        (2014, '十二五', 'outline_2004', null),
        (2015, '十二五', 'outline_2015', date '2016-03-31'),
        (2018, '十三五', 'outline_2015', date '2019-03-31'),
        (2019, '十三五', 'outline_2015', date '2020-03-31'),
        (2020, '十三五', 'outline_2015', date '2021-03-31'),
        (2021, '十四五', 'outline_2021', date '2022-03-31'),
        (2025, '十四五', 'outline_2021', date '2026-03-31'),
        (2026, '十五五', null, date '2027-03-31')

),

coverage as (

    select count(*) as covered_years
    from {{ ref('dim_year') }}
    where year between 1990 and 2030

)

select
    expected.year,
    'differs' as problem

from expected
left join {{ ref('dim_year') }} as years
    on expected.year = years.year
where years.year is null
    or years.five_year_plan_name is distinct from expected.five_year_plan_name
    or years.national_framework_code is distinct from expected.national_framework_code
    or years.reporting_deadline_date is distinct from expected.reporting_deadline_date

union all

select null, 'years 1990–2030 missing'
from coverage
where covered_years <> 41
