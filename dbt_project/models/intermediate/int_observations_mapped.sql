-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}
-- Each figure of a current document, once, with the catalogue indicator it is a value of (null when none fits, or two
-- fit equally): the mapping reads the figure's clause and section headings (int_figure_indicators_matched, a Python
-- model running fazhi.parse.indicators), and says what the value is (value_basis: cumulative, reduced_to …).

with

figures as (

    select * from {{ ref('stg_raw__parsed_figures') }}
    where {{ is_changed_document('document_id') }}

),

current_documents as (

    select document_id from {{ ref('int_documents_current') }}

),

sections as (

    select * from {{ ref('stg_raw__parsed_sections') }}
    where {{ is_changed_document('document_id') }}

),

catalog as (

    select * from {{ ref('stg_seeds__indicator_catalog') }}

),

matched as (

    select * from {{ ref('int_figure_indicators_matched') }}
    where {{ is_changed_document('document_id') }}

),

current_figures as (

    select
        md5(concat_ws('|',
            figures.document_id,
            figures.char_start,
            figures.char_end,
            coalesce(figures.subject_text, ''),
            coalesce(figures.unit, ''),
            printf('%.6f', figures.value)
        )) as observation_id,
        figures.document_id,
        figures.figure_index,
        figures.section_index,
        figures.subject_text,
        figures.value,
        figures.unit,
        figures.qualifier,
        figures.is_target,
        figures.raw_span,
        figures.char_start,
        figures.char_end,
        coalesce(sections.is_plan_section, false) as is_in_plan_section

    from figures
    inner join current_documents
        on figures.document_id = current_documents.document_id
    left join sections
        on figures.document_id = sections.document_id
        and figures.section_index = sections.section_index
    -- the same statement read twice is one observation
    qualify row_number() over (partition by observation_id order by figures.figure_index) = 1

),

mappings as (

    select
        current_figures.observation_id,
        matched.indicator_code,
        matched.matched_synonym,
        matched.mapping_tier,
        matched.mapping_evidence,
        matched.value_basis

    from current_figures
    inner join matched
        on current_figures.document_id = matched.document_id
        and current_figures.figure_index = matched.figure_index

),

final as (

    select
        current_figures.observation_id,
        current_figures.document_id,
        current_figures.figure_index,
        current_figures.section_index,
        mappings.indicator_code,
        mappings.matched_synonym,
        mappings.mapping_tier,
        mappings.mapping_evidence,
        coalesce(mappings.value_basis, 'year_total') as value_basis,
        current_figures.subject_text,
        current_figures.value,
        current_figures.unit,
        current_figures.qualifier,
        current_figures.is_target,
        current_figures.is_in_plan_section,
        current_figures.raw_span,
        current_figures.char_start,
        current_figures.char_end,
        case
            when mappings.indicator_code is not null
                then current_figures.value between catalog.min_value and catalog.max_value
        end as is_within_bounds

    from current_figures
    left join mappings
        on current_figures.observation_id = mappings.observation_id
    left join catalog
        on mappings.indicator_code = catalog.indicator_code

)

select * from final
