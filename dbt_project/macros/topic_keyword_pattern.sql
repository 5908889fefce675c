{#-
    All topic keywords as one RE2 alternation, longest first, rendered as a SQL string literal. It is read from
    int_topic_keywords_unnested when the calling model is compiled (that view is built before it), because DuckDB compiles a
    constant pattern once but a pattern taken from a column once per row (50× slower on a thousand reports).
-#}
{% macro topic_keyword_pattern(keywords_relation) -%}
    {%- if execute -%}
        {%- set query -%}
            select string_agg(keyword_regex, '|' order by keyword_length desc, keyword) from {{ keywords_relation }}
        {%- endset -%}
        {%- set pattern = run_query(query).columns[0].values()[0] -%}
        '{{ pattern | replace("'", "''") }}'
    {%- else -%}
        ''
    {%- endif -%}
{%- endmacro %}
