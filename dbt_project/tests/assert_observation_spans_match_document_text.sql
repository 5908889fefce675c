-- Contract: substr(text, char_start + 1, char_end - char_start) = raw_span for every observation.
select
    observations.observation_id,
    observations.raw_span,
    substr(documents.document_text, observations.char_start + 1, observations.char_end - observations.char_start)
        as text_at_offsets

from {{ ref('fct_indicator_observations') }} as observations
inner join {{ ref('int_documents_current') }} as documents
    on observations.document_id = documents.document_id
where substr(documents.document_text, observations.char_start + 1, observations.char_end - observations.char_start)
    is distinct from observations.raw_span
