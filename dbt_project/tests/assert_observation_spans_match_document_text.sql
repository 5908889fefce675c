-- Contract: substr(text, char_start + 1, char_end - char_start) = raw_span for every observation. Checked on the rows
-- of the documents this run changed (every document when the facts are built whole): no other row changed since the
-- run that built it passed this test, and the text is O(offset) to index, the costliest test at 10,000 reports.
select
    observations.observation_id,
    observations.raw_span,
    substr(documents.document_text, observations.char_start + 1, observations.char_end - observations.char_start)
        as text_at_offsets

from {{ ref('fct_indicator_observations') }} as observations
inner join {{ ref('int_documents_changed') }} as changed_documents
    on observations.document_id = changed_documents.document_id
inner join {{ ref('stg_raw__documents') }} as documents
    on observations.document_id = documents.document_id
where substr(documents.document_text, observations.char_start + 1, observations.char_end - observations.char_start)
    is distinct from observations.raw_span
