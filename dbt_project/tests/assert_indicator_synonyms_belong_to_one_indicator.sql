-- A synonym shared by two indicators would map by accident of the tie-break; each belongs to one indicator.
select
    synonym,
    list(indicator_code order by indicator_code) as indicator_codes

from (
    select indicator_code, unnest(synonyms) as synonym
    from {{ ref('stg_seeds__indicator_catalog') }}
)
group by synonym
having count(distinct indicator_code) > 1
