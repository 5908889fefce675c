-- One row per report (annual_report, work_summary_plan) and required part of the 2019 督察工作规定 (art. 25): found
-- or not, and the span of the landed text that shows it. Incremental by document (macros/incremental_by_document.sql).
-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}

with

reports as (

    select document_id
    from {{ ref('dim_document') }}
    where doc_kind in ('annual_report', 'work_summary_plan')
        and {{ is_changed_document('document_id') }}

),

required_parts as (

    select * from (values
        (1, 'measures_results', '上一年度推进法治政府建设的主要举措和成效'),
        (2, 'shortcomings_causes', '上一年度推进法治政府建设存在的不足和原因'),
        (3, 'leaders_duties', '党政主要负责人履行推进法治建设第一责任人职责情况'),
        (4, 'next_year_plan', '下一年度推进法治政府建设的主要安排'),
        (5, 'other_matters', '其他需要报告的情况')
    ) as parts (part_number, part_code, part_name_zh)

),

found as (

    select * from {{ ref('stg_raw__document_required_parts') }}
    where {{ is_changed_document('document_id') }}

),

final as (

    select
        reports.document_id,
        required_parts.part_number,
        required_parts.part_code,
        required_parts.part_name_zh,
        found.document_id is not null as is_found,
        found.evidence_kind,
        found.char_start,
        found.char_end,
        found.evidence_text

    from reports
    cross join required_parts
    left join found
        on reports.document_id = found.document_id
        and required_parts.part_code = found.part_code

)

select * from final
