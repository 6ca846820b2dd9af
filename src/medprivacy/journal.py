"""A batch's progress journal in SQLite, so a killed run resumes without redoing finished work.

Rows are keyed by a keyed digest of the input's relative path, size and mtime: the journal holds no
input names (they may contain PHI) and a changed input is redone. Results are committed in batches.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from medprivacy.errors import ConfigError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT NOT NULL, output TEXT NOT NULL,
    sha256 TEXT NOT NULL, size INTEGER NOT NULL, review INTEGER NOT NULL, counts TEXT NOT NULL
);
"""


class Journal:
    """Finished items of one batch; ``settings`` guards against resuming with other settings."""

    def __init__(self, path: str | Path, settings: str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(path)
        self.conn = sqlite3.connect(self.path, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)
        row = self.conn.execute("SELECT value FROM meta WHERE name='settings'").fetchone()
        if row is None:
            self.conn.execute("INSERT INTO meta VALUES ('settings', ?)", (settings,))
            self.conn.commit()
        elif row[0] != settings:
            raise ConfigError(
                f"{self.path.parent}: holds a batch made with another key or options; "
                "use a new output directory"
            )

    def finished(self) -> dict[str, tuple]:
        """key -> (status, reason, output, sha256, size, review, counts) of every recorded item."""
        rows = self.conn.execute(
            "SELECT key, status, reason, output, sha256, size, review, counts FROM items"
        )
        return {r[0]: (*r[1:7], json.loads(r[7])) for r in rows}

    def record(self, rows: Iterable[tuple]) -> None:
        """Record (key, status, reason, output, sha256, size, review, counts) rows in one commit."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r[:7], json.dumps(r[7], sort_keys=True)) for r in rows],
        )
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()
