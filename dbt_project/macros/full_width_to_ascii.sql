{#- Map full-width digits and the punctuation used in keywords (＋（）％) to ASCII, one character for one. -#}
{% macro full_width_to_ascii(expression) -%}
    translate({{ expression }}, '０１２３４５６７８９＋（）％', '0123456789+()%')
{%- endmacro %}
