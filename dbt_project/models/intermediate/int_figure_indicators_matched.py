"""Each figure of a current document → the catalogue indicator it is a value of (or none), with the evidence.

The mapping reads the figure's clause and the headings of its sections, not only its subject (fazhi.parse.indicators
says how).

Incremental by document like the SQL models that read it (macros/incremental_by_document.sql): the pre-hook deletes
the rows of the documents this run changed and of those no longer current, and the model maps only the figures of
the changed current documents. A changed catalogue seed, model or mapper (its source is part of the project
fingerprint, fazhi.transform) rebuilds it whole (--full-refresh). dbt makes every Python model a table unless its
own file says otherwise, so the materialization is set here, not in dbt_project.yml.

Memory stays flat: one query per range of FAZHI_MAPPER_QUERY_DOCUMENTS documents (default 5,000) streams their
figures, with the headings of their sections and where the figures before them end, in document order and without
any text; they are mapped in batches of whole documents
(FAZHI_MAPPER_BATCH_FIGURES figures or a little fewer, default 25,000), each with the texts of its own documents
only (read by id when the batch is mapped), and written to a temporary table before more are read. With more than
one batch, worker processes (FAZHI_MAPPER_WORKERS, default the machine's cores) map them while this process reads
the next and writes the last; a handful of changed documents is mapped here, without starting any. Each row records
the run that mapped it (mapped_run_id).
"""

import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from fazhi.parse.indicators import (
    FIGURE_ROW_COLUMNS,
    MAPPED_COLUMNS,
    IndicatorCatalog,
    map_figure_rows,
    map_figure_rows_in_worker,
    start_mapping_worker,
)

OUTPUT = "_int_figure_indicators_matched_rows"


def _setting(name: str, default: int) -> int:
    configured = (os.environ.get(name) or "").strip()
    return max(1, int(configured)) if configured.isdigit() else default


def _batches(result, size: int):
    """Lists of about `size` rows of a result ordered by document, each holding whole documents."""
    held = []
    while True:
        rows = result.fetchmany(size)
        if not rows:
            if held:
                yield held
            return
        held.extend(rows)
        cut = len(held)
        while cut > 0 and held[cut - 1][0] == held[-1][0]:  # the last document may go on in the next rows
            cut -= 1
        if cut > 0:
            yield held[:cut]
            held = held[cut:]


def model(dbt, session):
    # dbt makes every Python model a table unless its own file says otherwise; strategy, schema-change rule and hooks:
    # dbt_project.yml
    dbt.config(materialized="incremental")
    figures = dbt.ref("stg_raw__parsed_figures")
    sections = dbt.ref("stg_raw__parsed_sections")
    documents = dbt.ref("stg_raw__documents")
    current = dbt.ref("int_documents_current")
    changed = dbt.ref("int_documents_changed")
    catalog_seed = dbt.ref("indicator_catalog")
    run = dbt.ref("stg_raw__current_run")

    catalog_rows = [dict(zip(catalog_seed.columns, row)) for row in catalog_seed.fetchall()]

    def q(relation):  # a ref as a subquery: dbt-duckdb's refs are queries on this very connection
        return f"({relation.sql_query()})"

    # which run mapped a figure: an incremental run maps only the figures of the documents it changed
    run_id = session.execute(f"select coalesce(max(run_id), 'manual') from {q(run)}").fetchone()[0]
    only_changed = f"document_id in (select document_id from {q(changed)})" if dbt.is_incremental else "true"
    wanted_ids = [row[0] for row in session.execute(
        f"select document_id from {q(current)} as current_documents where {only_changed} order by 1").fetchall()]
    # one query per range of documents: a single query ordering every figure of a cold build (3.5 M at 100,000
    # reports) with its window and joins ran out of DuckDB's memory limit
    figures_query = f"""
        with wanted as (
            select document_id from {q(current)} as current_documents
            where {only_changed} and document_id between $first and $last
        ),
        figs as (
            select f.*,
                list(f.char_end) over (partition by f.document_id order by f.char_start, f.figure_index
                                       rows between 8 preceding and 1 preceding) as earlier_ends
            from {q(figures)} as f
            where f.document_id between $first and $last and f.document_id in (select document_id from wanted)
        ),
        wanted_sections as (
            select document_id, section_index, parent_section_index, heading
            from {q(sections)} as s
            where s.document_id between $first and $last and s.document_id in (select document_id from wanted)
        )
        select
            figs.document_id,
            figs.figure_index,
            figs.subject_text,
            figs.unit,
            figs.value,
            figs.qualifier,
            figs.raw_span,
            figs.char_start,
            figs.char_end,
            figs.earlier_ends,
            s0.heading as heading_0,
            s1.heading as heading_1,
            s2.heading as heading_2
        from figs
        left join wanted_sections as s0
            on s0.document_id = figs.document_id and s0.section_index = figs.section_index
        left join wanted_sections as s1
            on s1.document_id = figs.document_id and s1.section_index = s0.parent_section_index
        left join wanted_sections as s2
            on s2.document_id = figs.document_id and s2.section_index = s1.parent_section_index
        order by figs.document_id, figs.char_start, figs.figure_index
    """
    texts_query = f"""
        select document_id, document_text from {q(documents)} as documents
        where document_id in (select unnest($ids))
    """
    # explicit types: an all-null column must not change type from one incremental run to the next
    session.execute(f"""
        create or replace temp table {OUTPUT} (
            document_id varchar, figure_index integer, indicator_code varchar, matched_synonym varchar,
            mapping_tier integer, mapping_evidence varchar, value_basis varchar, mapped_run_id varchar
        )
    """)

    def texts_of(rows):
        ids = sorted({row[0] for row in rows})
        return dict(session.execute(texts_query, {"ids": ids}).fetchall())

    def write(mapped):
        if not mapped:
            return
        # object columns: a column of integers and nulls must not turn into floats with NaN
        frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in zip(MAPPED_COLUMNS,
                                                                                              zip(*mapped))})
        session.register("_mapper_batch", frame)
        session.execute(f"insert into {OUTPUT} select *, $run_id from _mapper_batch", {"run_id": run_id})
        session.unregister("_mapper_batch")

    # the figures stream on a connection of their own: this one reads the texts and writes while they do
    reader = session.cursor()

    def figure_batches(size: int):
        step = _setting("FAZHI_MAPPER_QUERY_DOCUMENTS", 5_000)
        for start in range(0, len(wanted_ids), step):
            chunk = wanted_ids[start:start + step]
            result = reader.execute(figures_query, {"first": chunk[0], "last": chunk[-1]})
            columns = tuple(column[0] for column in result.description)
            if columns != FIGURE_ROW_COLUMNS:
                raise RuntimeError(f"the mapper's query selects {columns}, fazhi.parse.indicators reads "
                                   f"{FIGURE_ROW_COLUMNS}")
            yield from _batches(result, size)  # read whole before the next range's query replaces the result

    try:
        batches = figure_batches(_setting("FAZHI_MAPPER_BATCH_FIGURES", 25_000))
        first = next(batches, None)
        second = next(batches, None) if first is not None else None
        workers = _setting("FAZHI_MAPPER_WORKERS", os.cpu_count() or 1) if second is not None else 1
        if workers <= 1:
            catalog = IndicatorCatalog.from_rows(catalog_rows)
            for rows in filter(None, (first, second)):
                write(map_figure_rows(catalog, rows, texts_of(rows)))
            for rows in batches:
                write(map_figure_rows(catalog, rows, texts_of(rows)))
        else:
            # forkserver: dbt runs threads, which a forked child must not inherit, and a spawned child would
            # import dbt's own entry script; the server preloads only the mapper
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["fazhi.parse.indicators"])
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start_mapping_worker,
                                     initargs=(catalog_rows,)) as pool:
                in_flight = deque()
                for rows in itertools.chain((first, second), batches):
                    in_flight.append(pool.submit(map_figure_rows_in_worker, rows, texts_of(rows)))
                    if len(in_flight) > workers:  # one batch read ahead per worker bounds the rows held
                        write(in_flight.popleft().result())
                while in_flight:
                    write(in_flight.popleft().result())
    finally:
        reader.close()
    return session.table(OUTPUT)
