-- The stored parses' sections: this run's Parquet parts appended, earlier rows of the re-parsed documents
-- deleted first (pre-hook; macros/parsed_parts.sql). Columns and types as the parts and raw.parsed_sections have them.
select
    document_id,
    section_index,
    parent_index,
    level,
    ordinal,
    heading,
    char_start,
    char_end,
    is_plan

from {{ parsed_rows('parsed_sections') }}
