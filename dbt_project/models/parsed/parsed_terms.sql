-- The stored parses' terms: this run's Parquet parts appended, earlier rows of the re-parsed documents
-- deleted first (pre-hook; macros/parsed_parts.sql). Columns and types as the parts and raw.parsed_terms have them.
select
    document_id,
    term,
    term_count

from {{ parsed_rows('parsed_terms') }}
