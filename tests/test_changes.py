import duckdb
import pytest

from fazhi.changes import LandingState, current_document_ids, landing_state
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
