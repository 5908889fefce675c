{#- Escape RE2 metacharacters so that a keyword such as 互联网+监管 matches literally. -#}
{% macro regex_escape(expression) -%}
    regexp_replace({{ expression }}, '([\^$.|?*+()\[\]{}\\])', '\\\1', 'g')
{%- endmacro %}
