-- The stored parses' figures: this run's Parquet parts appended, earlier rows of the re-parsed documents
-- deleted first (pre-hook; macros/parsed_parts.sql). Columns and types as the parts and raw.parsed_figures have them.
select
    document_id,
    figure_index,
    subject_text,
    value,
    unit,
    qualifier,
    is_target,
    raw_span,
    char_start,
    char_end,
    section_index

from {{ parsed_rows('parsed_figures') }}
