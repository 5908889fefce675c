{#-
    The contract's admin_level of a division from its tier and name. Tier decides first, so a prefecture-tier 地区
    (ends in 区) stays a prefecture; 自治县 ends in 县 and 自治旗 in 旗, so they come out county and banner.
-#}
{% macro admin_level_from_division(division_tier, region_name) -%}
    case
        when {{ division_tier }} = 'province' then 'province'
        when {{ division_tier }} = 'prefecture' and {{ region_name }} like '%自治州' then 'autonomous_prefecture'
        when {{ division_tier }} = 'prefecture' then 'prefecture'
        when {{ division_tier }} = 'county' and {{ region_name }} like '%区' then 'district'
        when {{ division_tier }} = 'county' and {{ region_name }} like '%县' then 'county'
        when {{ division_tier }} = 'county' and {{ region_name }} like '%市' then 'county_city'
        when {{ division_tier }} = 'county' and {{ region_name }} like '%旗' then 'banner'
        else 'unknown'
    end
{%- endmacro %}
