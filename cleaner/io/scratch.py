"""A run's scratch database: where a command keeps per-document work between passes
without holding it in memory."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Sequence
from typing import Any

from ..errors import CleanerError


class ScratchDatabase:
    """A SQLite file in $TMPDIR (or `folder`), unlinked as soon as it is open, so even a
    killed run leaves nothing behind; written in transactions whose failure (a full disk,
    most likely) is one error saying what was being kept and how much room it needs."""

    def __init__(self, name: str, tables: Sequence[str], *, kept: str, room: str,
                 folder: str | None = None) -> None:
        fd, self.path = tempfile.mkstemp(prefix=f"cleaner-{name}-", suffix=".db", dir=folder)
        os.close(fd)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        for table in tables:
            self.db.execute(table)
        os.unlink(self.path)  # the open connection keeps it; nothing outlives the run
        self._kept, self._room = kept, room

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Each statement run over its rows, all in one transaction."""
        try:
            self.db.execute("BEGIN")
            for sql, rows in statements:
                self.db.executemany(sql, rows)
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise CleanerError(
                f"cannot write the temporary {self._kept} in {os.path.dirname(self.path)} ({exc}); "
                f"point TMPDIR at a disk with room for about {self._room}") from exc

    def close(self) -> None:
        self.db.close()
