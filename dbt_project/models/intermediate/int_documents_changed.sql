-- The documents whose rows the incremental models replace in this run (macros/incremental_by_document.sql); every
-- current document when they are built whole (--full-refresh, or one of them not built yet), so that the tests
-- limited to the changed documents' rows check every row then.
{%- set build = namespace(whole=flags.FULL_REFRESH) -%}
{%- if execute and not build.whole -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
        {%- if adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) is none -%}
            {%- set build.whole = true -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

changed as (

    select document_id from {{ ref('stg_raw__changed_documents') }}

),

document_texts as (

    select document_id, text_md5 from {{ ref('int_document_texts_hashed') }}

),

current_documents as (

    select document_id, text_md5 from {{ ref('int_documents_current') }}

),

changed_texts as (

    select distinct document_texts.text_md5

    from document_texts
    inner join changed
        on document_texts.document_id = changed.document_id

),

{% if build.whole -%}

final as (

    select document_id from current_documents

)

{%- else -%}

final as (

    select document_id from changed

    union

    -- a file added, changed or removed can change which of the documents sharing its text is the current one
    select current_documents.document_id

    from current_documents
    inner join changed_texts
        on current_documents.text_md5 = changed_texts.text_md5

)

{%- endif %}

select * from final
