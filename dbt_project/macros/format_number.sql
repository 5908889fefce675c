{# A figure as a person writes it: 182, 14.58, 1000000 (no trailing zeros, no exponent). #}
{% macro format_number(expression) -%}
    rtrim(rtrim(printf('%.6f', {{ expression }}), '0'), '.')
{%- endmacro %}
