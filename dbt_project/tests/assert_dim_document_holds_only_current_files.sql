-- dim_document names only files in the raw folder now, and every current text appears once.
select source_file, 'not a current file' as problem
from {{ ref('dim_document') }}
where source_file not in (select source_file from {{ ref('stg_raw__current_files') }})

union all

select current_files.source_file, 'current file without a document'
from {{ ref('stg_raw__current_files') }} as current_files
where not exists (
    select 1
    from {{ ref('dim_document') }} as documents
    where list_contains(documents.source_files, current_files.source_file)
)
