-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}
-- Each figure of a current document, once, mapped to at most one catalogue indicator: among the synonyms that occur in
-- its subject_text and accept its unit (% only for rates, 件 for case counts …), the longest wins; on a tie the one
-- ending nearer the end of the subject (the head noun comes last in Chinese), then the indicator code. Ranks
-- (第N名) never map. Null when nothing maps.

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

synonyms as (

    select
        indicator_code,
        accepted_units,
        unnest(synonyms) as synonym

    from catalog

),

synonym_units as (

    select
        indicator_code,
        synonym,
        unnest(accepted_units) as unit

    from synonyms

),

candidates as (

    select
        current_figures.observation_id,
        synonym_units.indicator_code,
        synonym_units.synonym,
        length(synonym_units.synonym) as synonym_length,
        -- where the last occurrence of the synonym ends, counted from the start of the subject
        length(current_figures.subject_text)
            - instr(reverse(current_figures.subject_text), reverse(synonym_units.synonym)) + 1 as synonym_end_position

    from current_figures
    inner join synonym_units
        on current_figures.unit = synonym_units.unit
        and contains(current_figures.subject_text, synonym_units.synonym)
    where current_figures.qualifier is distinct from 'rank'

),

best_candidates as (

    select
        observation_id,
        indicator_code,
        synonym as matched_synonym

    from candidates
    qualify row_number() over (
        partition by observation_id
        order by synonym_length desc, synonym_end_position desc, indicator_code, synonym
    ) = 1

),

final as (

    select
        current_figures.observation_id,
        current_figures.document_id,
        current_figures.figure_index,
        current_figures.section_index,
        best_candidates.indicator_code,
        best_candidates.matched_synonym,
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
            when best_candidates.indicator_code is not null
                then current_figures.value between catalog.min_value and catalog.max_value
        end as is_within_bounds

    from current_figures
    left join best_candidates
        on current_figures.observation_id = best_candidates.observation_id
    left join catalog
        on best_candidates.indicator_code = catalog.indicator_code

)

select * from final
