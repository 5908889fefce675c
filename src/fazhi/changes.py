"""What a landing changed, so that an incremental run can stop early when the raw folder is as it was.

The state compared is what the marts are built from: which file holds which document, which files were rejected and
why. A new, changed, renamed, removed or newly rejected file changes it; touching a file without changing its bytes
does not.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb


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
