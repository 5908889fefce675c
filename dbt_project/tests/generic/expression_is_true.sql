{#- Rows for which the boolean expression is false fail the test (null counts as passing, like a check constraint). -#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not ({{ expression }})

{% endtest %}
