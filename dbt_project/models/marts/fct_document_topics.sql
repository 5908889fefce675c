-- depends_on: {{ ref('int_documents_changed') }}, {{ ref('int_documents_current') }}
-- How much of each document covers each topic: keyword hits over the whole text, and the sections whose heading
-- names the topic. One row per current document and topic (zeros included, so averages over documents are right).
-- One longest-first alternation of all keywords reads each text once; matches never overlap, so a stretch of text
-- counts for one topic at most (综合行政执法 for le_system_reform, not also law_enforcement's 行政执法).

with

current_documents as (

    select document_id, text_length from {{ ref('int_documents_current') }}
    where {{ is_changed_document('document_id') }}

),

texts as (

    select document_id, document_text from {{ ref('stg_raw__documents') }}

),

documents as (

    select
        current_documents.document_id,
        texts.document_text,
        current_documents.text_length

    from current_documents
    inner join texts
        on current_documents.document_id = texts.document_id

),

keywords as (

    select * from {{ ref('int_topic_keywords_unnested') }}

),

topics as (

    select topic_code, topic_level, parent_topic_code from {{ ref('stg_seeds__topic_taxonomy') }}

),

section_matches as (

    select * from {{ ref('int_section_topics_matched') }}
    where {{ is_changed_document('document_id') }}

),

text_matches as (

    select
        documents.document_id,
        unnest(regexp_extract_all(
            {{ full_width_to_ascii('documents.document_text') }},
            {{ topic_keyword_pattern(ref('int_topic_keywords_unnested')) }}
        )) as keyword

    from documents

),

-- counted per keyword first, then listed: an ordered or distinct list aggregate over every match of a cold build
-- keeps all of them in memory (out of the limit at 100,000 reports); a plain count spills, and the list then
-- gathers a few distinct keywords per document and topic
keyword_counts as (

    select
        text_matches.document_id,
        keywords.topic_code,
        text_matches.keyword,
        count(*) as hits

    from text_matches
    inner join keywords
        on text_matches.keyword = keywords.keyword
    group by text_matches.document_id, keywords.topic_code, text_matches.keyword

),

topic_matches as (

    select
        document_id,
        topic_code,
        sum(hits)::bigint as keyword_hit_count,
        list_sort(list(keyword)) as matched_keywords

    from keyword_counts
    group by document_id, topic_code

),

-- from current_documents, not documents: a second reader of the documents with their texts made DuckDB materialise
-- every text of a cold build (1.2 GB at 100,000 reports, over the memory limit); every current document has a text
hit_counts as (

    select
        current_documents.document_id,
        current_documents.text_length,
        topics.topic_code,
        topics.topic_level,
        topics.parent_topic_code,
        coalesce(topic_matches.keyword_hit_count, 0) as keyword_hit_count,
        coalesce(topic_matches.matched_keywords, []) as matched_keywords

    from current_documents
    cross join topics
    left join topic_matches
        on current_documents.document_id = topic_matches.document_id
        and topics.topic_code = topic_matches.topic_code

),

child_hits as (

    select
        document_id,
        parent_topic_code as topic_code,
        sum(keyword_hit_count) as child_hit_count

    from hit_counts
    where parent_topic_code is not null
    group by document_id, parent_topic_code

),

heading_sections as (

    select
        document_id,
        topic_code,
        count(*) as heading_match_count,
        list(section_index order by section_index) as matching_section_indexes,
        list(heading order by section_index) as matching_headings

    from section_matches
    group by document_id, topic_code

),

-- the characters covered by matching sections, counting nested or overlapping sections once
section_ranges as (

    select
        document_id,
        topic_code,
        char_start,
        char_end,
        max(char_end) over (
            partition by document_id, topic_code
            order by char_start, char_end
            rows between unbounded preceding and 1 preceding
        ) as previous_max_end

    from section_matches

),

section_islands as (

    select
        *,
        sum(case when previous_max_end is null or char_start > previous_max_end then 1 else 0 end) over (
            partition by document_id, topic_code
            order by char_start, char_end
            rows between unbounded preceding and current row
        ) as island_index

    from section_ranges

),

island_spans as (

    select
        document_id,
        topic_code,
        island_index,
        max(char_end) - min(char_start) as island_chars

    from section_islands
    group by document_id, topic_code, island_index

),

covered_chars as (

    select
        document_id,
        topic_code,
        sum(island_chars) as heading_section_chars

    from island_spans
    group by document_id, topic_code

),

final as (

    select
        hit_counts.document_id || ':' || hit_counts.topic_code as document_topic_id,
        hit_counts.document_id,
        hit_counts.topic_code,
        hit_counts.topic_level,
        hit_counts.keyword_hit_count,
        len(hit_counts.matched_keywords) as distinct_keyword_count,
        hit_counts.matched_keywords,
        coalesce(
            hit_counts.keyword_hit_count
            / nullif(sum(hit_counts.keyword_hit_count) over (partition by hit_counts.document_id), 0),
            0
        ) as hit_share,
        coalesce(
            hit_counts.keyword_hit_count
            / nullif(sum(hit_counts.keyword_hit_count) over (
                partition by hit_counts.document_id, hit_counts.topic_level
            ), 0),
            0
        ) as level_hit_share,
        cast(hit_counts.keyword_hit_count + coalesce(child_hits.child_hit_count, 0) as bigint) as rollup_hit_count,
        coalesce(heading_sections.heading_match_count, 0) as heading_match_count,
        coalesce(heading_sections.heading_match_count, 0) > 0 as has_heading_match,
        coalesce(heading_sections.matching_section_indexes, []) as matching_section_indexes,
        coalesce(heading_sections.matching_headings, []) as matching_headings,
        coalesce(covered_chars.heading_section_chars / nullif(hit_counts.text_length, 0), 0)
            as heading_section_char_share

    from hit_counts
    left join child_hits
        on hit_counts.document_id = child_hits.document_id
        and hit_counts.topic_code = child_hits.topic_code
    left join heading_sections
        on hit_counts.document_id = heading_sections.document_id
        and hit_counts.topic_code = heading_sections.topic_code
    left join covered_chars
        on hit_counts.document_id = covered_chars.document_id
        and hit_counts.topic_code = covered_chars.topic_code

)

select * from final
