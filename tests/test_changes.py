from datetime import datetime

import duckdb
import pytest

from fazhi.changes import LandingState, changed_documents, current_document_ids, landing_state, record_run
from fazhi.db import create_raw_tables


def state(files=(), rejected=()):
    return LandingState(frozenset(files), frozenset(rejected))


@pytest.mark.parametrize("later, expected", [
    (state([("a.txt", "d1"), ("b.txt", "d2")], [("x.pdf", "unsupported")]), {}),
    (state([("a.txt", "d1"), ("b.txt", "d2"), ("c.txt", "d1")], [("x.pdf", "unsupported")]), {"added": 1}),
    (state([("a.txt", "d9"), ("b.txt", "d2")], [("x.pdf", "unsupported")]), {"changed": 1}),
    (state([("a.txt", "d1"), ("renamed.txt", "d2")], [("x.pdf", "unsupported")]), {"added": 1, "removed": 1}),
    (state([("a.txt", "d1"), ("b.txt", "d2")], []), {"rejections_changed": 1}),
    (state([("a.txt", "d1"), ("b.txt", "d2")], [("x.pdf", "empty file")]), {"rejections_changed": 2}),
])
def test_differences_count_what_a_landing_changed(later, expected):
    before = state([("a.txt", "d1"), ("b.txt", "d2")], [("x.pdf", "unsupported")])
    counts = before.differences(later)
    assert {k: v for k, v in counts.items() if v} == expected


def test_landing_state_and_current_documents_read_the_raw_tables():
    con = duckdb.connect()
    create_raw_tables(con)
    assert landing_state(con) == state()
    con.execute("insert into raw.current_files values ('b.txt', 'd2', 1, 'r', 'r'), ('a.txt', 'd1', 1, 'r', 'r'), "
                "('c.txt', 'd1', 1, 'r', 'r')")
    con.execute("insert into raw.rejected_files values ('x.pdf', 3, 'unsupported', now(), 'r')")
    assert landing_state(con) == state([("a.txt", "d1"), ("b.txt", "d2"), ("c.txt", "d1")],
                                       [("x.pdf", "unsupported")])
    assert current_document_ids(con) == ["d1", "d2"]


def test_changed_documents_are_the_parsed_and_those_of_files_added_changed_renamed_or_removed():
    before = state([("a.txt", "d1"), ("b.txt", "d2"), ("c.txt", "d3"), ("d.txt", "d4")])
    after = state([("a.txt", "d1"), ("b.txt", "d9"), ("c2.txt", "d3"), ("e.txt", "d5")])  # b changed, c renamed,
    assert changed_documents(before, after, ["d5", "d7"]) == [  # d removed, e added; d7 re-parsed
        ("d2", "unlanded"), ("d3", "landed"), ("d3", "unlanded"), ("d4", "unlanded"), ("d5", "landed"),
        ("d5", "parsed"), ("d7", "parsed"), ("d9", "landed")]
    assert changed_documents(before, before, []) == []


def test_a_run_is_recorded_for_dbt_replacing_the_last_one():
    con = duckdb.connect()
    create_raw_tables(con)
    record_run(con, "r1", datetime(2026, 1, 1), [("d1", "parsed")])
    record_run(con, "r2", datetime(2026, 1, 2), [("d2", "landed"), ("d3", "unlanded")])
    assert con.execute("select run_id from raw.current_run").fetchall() == [("r2",)]
    assert con.execute("select document_id, change, run_id from raw.changed_documents order by 1").fetchall() == [
        ("d2", "landed", "r2"), ("d3", "unlanded", "r2")]
