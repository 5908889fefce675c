{#-
    The parsed_* models take in the Parquet parts of this run (source parsed_parts). A run that parsed nothing has no
    parts, and DuckDB's read_parquet fails on a pattern that matches no file, so the models then read no rows (their
    own table, filtered to nothing) instead.
-#}
{% macro parsed_parts_dir() -%}
    {{- env_var('FAZHI_PARSED_DIR', '../warehouse/.fazhi.state/parsed') -}}
{%- endmacro %}

{% macro parsed_parts_exist(table) -%}
    {#- at parse time (execute false) say yes, so dbt records the source in the graph -#}
    {%- if not execute -%}
        {{- return(true) -}}
    {%- endif -%}
    {%- set pattern = (parsed_parts_dir() ~ '/' ~ table ~ '/*.parquet') | replace("'", "''") -%}
    {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
    {{- return(found > 0) -}}
{%- endmacro %}

{#- The rows this run parsed for a parsed table: its parts, or nothing. -#}
{% macro parsed_rows(table) -%}
    {%- if parsed_parts_exist(table) -%}
        {{ source('parsed_parts', table) }}
    {%- else -%}
        (select * from {{ this }} where false)
    {%- endif -%}
{%- endmacro %}

{#- pre-hook: a re-parsed document's earlier rows go before its new ones are appended. -#}
{% macro delete_rows_of_reparsed_documents() -%}
    {%- if is_incremental() and parsed_parts_exist('parsed_documents') -%}
        delete from {{ this }}
        where document_id in (select document_id from {{ source('parsed_parts', 'parsed_documents') }})
    {%- endif -%}
{%- endmacro %}
