-- What happened to each file of the raw folder, run after run: added, changed (a new version of its content landed),
-- removed, or rejected. Nothing landed is ever deleted: a changed file's earlier version stays in raw.documents
-- (previous_document_id names it) and so does a removed file's, whose removal is an event here for good.

with

documents as (

    select document_id, first_seen_source_file, landed_at, landed_run_id
    from {{ ref('stg_raw__documents') }}

),

current_files as (

    select * from {{ ref('stg_raw__current_files') }}

),

removed_files as (

    select * from {{ ref('stg_raw__removed_files') }}

),

rejected_files as (

    select * from {{ ref('stg_raw__rejected_files') }}

),

-- a content landed for the first time, at the path it was found under
landings as (

    select
        first_seen_source_file as source_file,
        document_id,
        landed_at as event_at,
        landed_run_id as event_run_id,
        'arrival' as movement

    from documents

),

-- a path that holds a content landed before under another path or in another run (a copy, a restored file, a file
-- changed back): the run it arrived in is known, and its time is the run's start, which run ids begin with
arrivals as (

    select
        current_files.source_file,
        current_files.document_id,
        try_strptime(split_part(current_files.first_seen_run_id, '-', 1), '%Y%m%dT%H%M%S') as event_at,
        current_files.first_seen_run_id as event_run_id,
        'arrival' as movement

    from current_files
    where not exists (
        select 1
        from landings
        where landings.source_file = current_files.source_file
            and landings.document_id = current_files.document_id
            and landings.event_run_id = current_files.first_seen_run_id
    )

),

removals as (

    select
        source_file,
        document_id,
        removed_at as event_at,
        removed_run_id as event_run_id,
        'removal' as movement

    from removed_files

),

movements as (

    select * from landings
    union all
    select * from arrivals
    union all
    select * from removals

),

sequenced as (

    select
        *,
        lag(movement) over path_history as previous_movement,
        lag(document_id) over path_history as previous_document_id_on_path

    from movements
    window path_history as (partition by source_file order by event_at nulls last, event_run_id, movement)

),

path_events as (

    select
        source_file,
        case
            when movement = 'removal' then 'removed'
            when previous_movement = 'arrival' then 'changed'
            else 'added'
        end as event_type,
        event_at,
        event_run_id,
        document_id,
        case when movement = 'arrival' and previous_movement = 'arrival' then previous_document_id_on_path end
            as previous_document_id,
        cast(null as varchar) as rejection_reason

    from sequenced

),

-- a file that could not be landed; when it was landed before, its last landed version stays current (document_id)
rejections as (

    select
        rejected_files.source_file,
        'rejected' as event_type,
        rejected_files.rejected_at as event_at,
        rejected_files.rejected_run_id as event_run_id,
        current_files.document_id,
        cast(null as varchar) as previous_document_id,
        rejected_files.rejection_reason

    from rejected_files
    left join current_files
        on rejected_files.source_file = current_files.source_file

),

events as (

    select * from path_events
    union all
    select * from rejections

),

final as (

    select
        md5(concat_ws('|', source_file, event_type, coalesce(document_id, ''), coalesce(event_run_id, '')))
            as file_event_id,
        source_file,
        event_type,
        event_at,
        event_run_id,
        document_id,
        previous_document_id,
        rejection_reason

    from events

)

select * from final
