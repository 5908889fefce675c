-- The figures kept out of the facts because they are impossible (see int_observations_screened), each with its rule
-- and reason, so that a maintainer can check the report and the parser. Rebuilt on every run; run_id names the run
-- that built it.

with

observations as (

    select * from {{ ref('int_observations_screened') }}
    where quarantine_reason is not null

),

documents as (

    select document_id, source_file, region_name, report_year from {{ ref('int_documents_enriched') }}

),

runs as (

    select coalesce(max(run_id), 'manual') as run_id from {{ ref('stg_raw__current_run') }}

),

final as (

    select
        observations.observation_id,
        observations.document_id,
        documents.source_file,
        documents.region_name,
        documents.report_year,
        observations.indicator_code,
        observations.indicator_name_zh,
        observations.subject_text,
        observations.value,
        observations.unit,
        observations.raw_span,
        observations.char_start,
        observations.char_end,
        observations.indicator_min_value,
        observations.indicator_max_value,
        observations.quarantine_rule,
        observations.quarantine_reason,
        runs.run_id

    from observations
    inner join documents
        on observations.document_id = documents.document_id
    cross join runs

)

select * from final
