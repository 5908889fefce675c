-- The stored parses' sections: this run's Parquet parts appended, earlier rows of the re-parsed documents deleted first
-- (pre-hook; macros/parsed_parts.sql). The parts carry raw.parsed_sections's own columns and types (fazhi.parse.store
-- writes them from fazhi.db.RAW_TABLES); a column that differs fails the build (on_schema_change: fail).
select * from {{ parsed_rows('parsed_sections') }}
