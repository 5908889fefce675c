-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}
-- Sections of current documents whose heading contains a topic keyword, one row per section and matching topic.
-- One longest-first alternation of all keywords reads each heading once; matches never overlap.

with

sections as (

    select * from {{ ref('stg_raw__parsed_sections') }}
    where {{ is_changed_document('document_id') }}

),

current_documents as (

    select document_id from {{ ref('int_documents_current') }}

),

keywords as (

    select * from {{ ref('int_topic_keywords_unnested') }}

),

heading_matches as (

    select
        sections.document_id,
        sections.section_index,
        sections.heading,
        sections.char_start,
        sections.char_end,
        regexp_extract_all(
            {{ full_width_to_ascii('sections.heading') }},
            {{ topic_keyword_pattern(ref('int_topic_keywords_unnested')) }}
        ) as matches

    from sections
    inner join current_documents
        on sections.document_id = current_documents.document_id

),

matched_keywords as (

    select
        document_id,
        section_index,
        heading,
        char_start,
        char_end,
        unnest(matches) as keyword,
        generate_subscripts(matches, 1) as match_order

    from heading_matches

),

final as (

    select
        matched_keywords.document_id,
        matched_keywords.section_index,
        keywords.topic_code,
        keywords.topic_level,
        any_value(matched_keywords.heading) as heading,
        any_value(matched_keywords.char_start) as char_start,
        any_value(matched_keywords.char_end) as char_end,
        count(*) as heading_hit_count,
        list(distinct matched_keywords.keyword order by matched_keywords.keyword) as matched_keywords,
        max(keywords.keyword_length) as longest_keyword_length,
        min(matched_keywords.match_order) as first_match_order

    from matched_keywords
    inner join keywords
        on matched_keywords.keyword = keywords.keyword
    group by matched_keywords.document_id, matched_keywords.section_index, keywords.topic_code, keywords.topic_level

)

select * from final
