"""What a landing changed, so that an incremental run can stop early when the raw folder is as it was.

The state compared is what the marts are built from: which file holds which document, which files were rejected and
why. A new, changed, renamed, removed or newly rejected file changes it; touching a file without changing its bytes
does not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from fazhi.db import insert_rows


@dataclass(frozen=True)
class LandingState:
    current_files: frozenset[tuple[str, str]]  # (source_file, document_id)
    rejected_files: frozenset[tuple[str, str]]  # (source_file, reason)

    def differences(self, later: "LandingState") -> dict[str, int]:
        """Files added, changed, removed and rejection changes between this state and a later one."""
        before, after = dict(self.current_files), dict(later.current_files)
        return {
            "added": len(after.keys() - before.keys()),
            "changed": sum(1 for path in after.keys() & before.keys() if after[path] != before[path]),
            "removed": len(before.keys() - after.keys()),
            "rejections_changed": len(self.rejected_files ^ later.rejected_files),
        }


def landing_state(con: duckdb.DuckDBPyConnection) -> LandingState:
    """The landing state recorded in a build file's raw tables (empty before the first landing)."""
    return LandingState(
        current_files=frozenset(con.execute("select source_file, document_id from raw.current_files").fetchall()),
        rejected_files=frozenset(con.execute("select source_file, reason from raw.rejected_files").fetchall()),
    )


def current_document_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every document held by a file of the raw folder, in a stable order: what a full refresh re-parses."""
    return [r[0] for r in con.execute("select distinct document_id from raw.current_files order by 1").fetchall()]


def changed_documents(before: LandingState, after: LandingState, parsed: list[str]) -> list[tuple[str, str]]:
    """(document_id, change) of the documents whose rows the incremental dbt models rebuild: parsed in this run
    (`parsed`), held by a file the landing added, changed or renamed (`landed`), or held by a file it changed,
    renamed or removed (`unlanded`). dbt adds the documents sharing a text with one of them (int_documents_changed)."""
    rows = {(document_id, "parsed") for document_id in parsed}
    rows |= {(document_id, "landed") for _, document_id in after.current_files - before.current_files}
    rows |= {(document_id, "unlanded") for _, document_id in before.current_files - after.current_files}
    return sorted(rows)


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, recorded_at: datetime,
               changed: list[tuple[str, str]]) -> None:
    """Replace raw.current_run and raw.changed_documents by this run's, for dbt build to read."""
    con.execute("begin transaction")
    con.execute("delete from raw.current_run")
    con.execute("insert into raw.current_run values (?, ?)", [run_id, recorded_at])
    con.execute("delete from raw.changed_documents")
    insert_rows(con, "changed_documents", [(document_id, change, run_id) for document_id, change in changed])
    con.execute("commit")
