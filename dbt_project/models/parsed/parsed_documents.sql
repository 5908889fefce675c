-- The stored parses' documents: this run's Parquet parts appended, earlier rows of the re-parsed documents
-- deleted first (pre-hook; macros/parsed_parts.sql). Columns and types as the parts and raw.parsed_documents have them.
select
    document_id,
    title,
    doc_kind,
    report_year,
    publish_date,
    is_anonymized,
    region_code,
    region_name,
    admin_level,
    province_name,
    prefecture_name,
    issuer,
    region_evidence,
    text_length,
    parser_version

from {{ parsed_rows('parsed_documents') }}
