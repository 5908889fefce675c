{#-
    The big per-document models are incremental, keyed by document_id: a document's rows depend only on that
    document (its parse, its text, whether it is current) and on the seeds, so a run deletes the rows of the
    documents it changed (int_documents_changed) and of those no longer current, then inserts the changed documents'
    rows again. A changed model, seed or parser version rebuilds them whole (fazhi.transform passes --full-refresh).
    A model using them names int_documents_changed and int_documents_current in a `-- depends_on:` line: dbt
    parses with is_incremental() false, so it would not see the refs below.
-#}
{% macro delete_rows_of_changed_documents() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where document_id in (select document_id from {{ ref('int_documents_changed') }})
            or document_id not in (select document_id from {{ ref('int_documents_current') }})
    {%- endif -%}
{%- endmacro %}

{% macro is_changed_document(document_id_column) -%}
    {%- if is_incremental() -%}
        {{ document_id_column }} in (select document_id from {{ ref('int_documents_changed') }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
