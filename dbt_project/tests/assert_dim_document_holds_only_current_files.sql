-- dim_document names only files in the raw folder now, and every current text appears once. Whole-table by meaning;
-- both sides are hash anti-joins (a list_contains per pair would grow with the square of the corpus).
select source_file, 'not a current file' as problem
from {{ ref('dim_document') }}
where source_file not in (select source_file from {{ ref('stg_raw__current_files') }})

union all

select current_files.source_file, 'current file without a document'
from {{ ref('stg_raw__current_files') }} as current_files
where current_files.source_file not in (
    select unnest(documents.source_files)
    from {{ ref('dim_document') }} as documents
)
