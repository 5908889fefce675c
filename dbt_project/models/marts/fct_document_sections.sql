-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}
with

sections as (

    select * from {{ ref('stg_raw__parsed_sections') }}
    where {{ is_changed_document('document_id') }}

),

current_documents as (

    select document_id from {{ ref('int_documents_current') }}

),

section_matches as (

    select * from {{ ref('int_section_topics_matched') }}
    where {{ is_changed_document('document_id') }}

),

observations as (

    select
        document_id,
        section_index,
        count(*) as observation_count,
        count(indicator_code) as mapped_observation_count

    from {{ ref('int_observations_screened') }}
    where section_index is not null
        and quarantine_reason is null
        and {{ is_changed_document('document_id') }}
    group by document_id, section_index

),

heading_topics as (

    -- the most specific topic the heading names: sub-topics before top-level ones, then more keyword hits, then the
    -- topic named first (行政复议与行政应诉 → 行政复议), then the longer keyword
    select
        document_id,
        section_index,
        topic_code as heading_topic_code,
        count(*) over (partition by document_id, section_index) as heading_topic_count

    from section_matches
    qualify row_number() over (
        partition by document_id, section_index
        order by topic_level desc, heading_hit_count desc, first_match_order, longest_keyword_length desc, topic_code
    ) = 1

),

final as (

    select
        sections.document_id || ':' || sections.section_index as section_id,
        sections.document_id,
        sections.section_index,
        sections.parent_section_index,
        sections.section_level,
        sections.ordinal,
        sections.heading,
        sections.char_start,
        sections.char_end,
        sections.char_end - sections.char_start as char_length,
        sections.is_plan_section,
        heading_topics.heading_topic_code,
        coalesce(heading_topics.heading_topic_count, 0) as heading_topic_count,
        coalesce(observations.observation_count, 0) as observation_count,
        coalesce(observations.mapped_observation_count, 0) as mapped_observation_count

    from sections
    inner join current_documents
        on sections.document_id = current_documents.document_id
    left join heading_topics
        on sections.document_id = heading_topics.document_id
        and sections.section_index = heading_topics.section_index
    left join observations
        on sections.document_id = observations.document_id
        and sections.section_index = observations.section_index

)

select * from final
