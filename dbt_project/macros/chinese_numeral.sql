{#- Chinese numeral for an integer 1–99 (14 → 十四, 20 → 二十), as used in plan names such as 十四五. -#}
{% macro chinese_numeral(number) -%}
    (
        case
            when {{ number }} // 10 = 0 then ''
            when {{ number }} // 10 = 1 then '十'
            else ['一', '二', '三', '四', '五', '六', '七', '八', '九'][{{ number }} // 10] || '十'
        end
        || case
            when {{ number }} % 10 = 0 then ''
            else ['一', '二', '三', '四', '五', '六', '七', '八', '九'][{{ number }} % 10]
        end
    )
{%- endmacro %}
