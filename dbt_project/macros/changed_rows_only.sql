{#-
    On an incremental build the data tests of a model whose rows belong to documents check only the rows of the
    documents the run changed: no other row changed since the build that passed them. A model says so in
    dbt_project.yml with `+meta: {tests_check_changed_documents: true}` (its rows carry document_id); on a build made
    whole (--full-refresh) its tests check every row. A test with its own `where` keeps it. Keys that contain the
    document (document_id, or ids hashed from it) cannot repeat across documents, so their uniqueness among the
    changed documents' rows is their uniqueness in the table; a relationship is checked from the changed rows to the
    whole parent table. Tests whose meaning needs the whole table are singular tests (tests/*.sql), never filtered.

    The changed documents are the run's own list (raw.changed_documents, written before dbt starts, so a test of a
    staging view never reads an older run's) and int_documents_changed (those plus the documents sharing a text with
    them, built before every model that reads it; a test running beside its rebuild reads the previous run's list,
    which only adds rows to check). dbt calls get_where_subquery when it compiles a generic test, at run time.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') or changed_documents_condition(relation) -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro changed_documents_condition(relation) -%}
    {%- if flags.FULL_REFRESH or not execute -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set tested = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model'
            and node.schema == relation.schema and node.alias == relation.identifier
            and node.config.meta.get('tests_check_changed_documents') -%}
        {%- do tested.append(node) -%}
    {%- endfor -%}
    {%- set changed = adapter.get_relation(database=relation.database, schema='staging',
                                           identifier='int_documents_changed') -%}
    {#- without it this is a first build, whole: every row is new -#}
    {%- if not tested or changed is none -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set condition -%}
        document_id in (
            select document_id from {{ api.Relation.create(database=relation.database, schema='raw',
                                                           identifier='changed_documents') }}
            union
            select document_id from {{ changed }}
        )
    {%- endset -%}
    {{- return(condition) -}}
{%- endmacro %}
