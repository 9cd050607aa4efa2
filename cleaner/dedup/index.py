"""The persistent near-duplicate index: what earlier runs of dedup have seen.

`cleaner dedup today.jsonl --index seen.db` clusters today's headlines with each
other and with every headline indexed before, marks which documents are new, and
adds today's headlines. The index stores each headline's text, document id,
publication date and the date it was added, in the order it was first seen, so
the clustering of a later run is exactly the clustering of one batch run over
everything (incremental equals batch). Two backends with one contract:

- SQLite (`--index PATH`): a file, the embedded default. Adds are one
  `BEGIN IMMEDIATE` transaction in WAL mode, so concurrent runs queue rather
  than corrupt each other, and a killed run leaves the last committed state.
- Redis (`--index redis://host:port/db`): shared between machines. Adds are
  one MULTI/EXEC transaction with HSETNX, so concurrent runs lose nothing.

A key (document id and headline position) is stored once: indexing the same
input twice adds nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from ..errors import UnreadableInputError, UsageError

SCHEMA_VERSION = "1"
BUSY_SECONDS = 60  # how long a run waits for another run holding the SQLite index


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # document id and headline position: unique
    doc_id: str
    text: str
    published: str | None
    added: str  # ISO date the entry was indexed


class Index(Protocol):
    def entries(self) -> list[Entry]: ...
    def add(self, entries: Sequence[Entry]) -> int: ...
    def stats(self) -> dict[str, Any]: ...
    def prune(self, before: str) -> int: ...
    def close(self) -> None: ...


def today() -> str:
    return dt.date.today().isoformat()


def open_index(location: str, field: str) -> Index:
    """The index at a path (SQLite) or a redis:// URL, for headlines or texts (`field`)."""
    if location.startswith(("redis://", "rediss://", "unix://")):
        return RedisIndex(location, field)
    return SqliteIndex(location, field)


def _use_wal(db: sqlite3.Connection) -> None:
    """Write-ahead logging, so runs read while another writes. SQLite answers "database
    is locked" at once, without waiting, when two runs switch a new file's journal mode
    together (one run in five, measured with four starting at once), so the switch is
    retried for as long as any other lock is waited for."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SqliteIndex:
    def __init__(self, path: str, field: str):
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
            _use_wal(self.db)
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                "key TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL, text TEXT NOT NULL, "
                "published TEXT, added TEXT NOT NULL)")
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('field', ?), ('schema', ?)",
                            (field, SCHEMA_VERSION))
            self.db.execute("COMMIT")
            stored = self.db.execute("SELECT value FROM meta WHERE name = 'field'").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise UnreadableInputError(f"{path}: not a cleaner index ({exc}); give another "
                                       "--index path") from exc
        if stored != field:
            raise UsageError(f"{path}: this index holds {stored}s; dedup --field {field} needs "
                             "its own index")

    def entries(self) -> list[Entry]:
        rows = self.db.execute("SELECT key, doc_id, text, published, added FROM entries ORDER BY seq")
        return [Entry(*row) for row in rows]

    def add(self, entries: Sequence[Entry]) -> int:
        """Add the entries not yet indexed, all or none; returns how many were new."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR IGNORE INTO entries (key, doc_id, text, published, added) "
                "VALUES (?, ?, ?, ?, ?)",
                [(e.key, e.doc_id, e.text, e.published, e.added) for e in entries])
            added = self.db.total_changes - before
            self.db.execute("COMMIT")
            return added
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def stats(self) -> dict[str, Any]:
        count, first, last = self.db.execute(
            "SELECT count(*), min(added), max(added) FROM entries").fetchone()
        return {"index": self.path, "backend": "sqlite", "entries": count,
                "first added": first, "last added": last}

    def prune(self, before: str) -> int:
        self.db.execute("BEGIN IMMEDIATE")
        cursor = self.db.execute("DELETE FROM entries WHERE coalesce(published, added) < ?", (before,))
        self.db.execute("COMMIT")
        return cursor.rowcount

    def close(self) -> None:
        self.db.close()


class RedisIndex:
    """The same contract in Redis: a hash of entries and a sorted set giving their order."""

    def __init__(self, url: str, field: str):
        try:
            import redis
        except ImportError as exc:
            raise UsageError("--index redis://… needs the Redis client: pip install 'cleaner-news[redis]'"
                             ) from exc
        self.url = url
        self.errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self.client = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
        self.prefix = f"cleaner:{field}:"
        with self._talking():
            self.client.ping()

    def _talking(self) -> Any:
        return _RedisErrors(self.url, self.errors)

    def entries(self) -> list[Entry]:
        with self._talking():
            keys = self.client.zrange(self.prefix + "order", 0, -1)
            out = []
            for start in range(0, len(keys), 10_000):
                chunk = keys[start:start + 10_000]
                for raw in self.client.hmget(self.prefix + "entries", chunk):
                    if raw is not None:
                        out.append(Entry(**orjson.loads(raw)))
            return out

    def add(self, entries: Sequence[Entry]) -> int:
        """Add the entries not yet indexed in one MULTI/EXEC; returns how many were new."""
        if not entries:
            return 0
        with self._talking():
            last = self.client.incrby(self.prefix + "seq", len(entries))
            pipe = self.client.pipeline(transaction=True)
            for offset, e in enumerate(entries):
                pipe.hsetnx(self.prefix + "entries", e.key, orjson.dumps(
                    {"key": e.key, "doc_id": e.doc_id, "text": e.text, "published": e.published,
                     "added": e.added}))
                pipe.zadd(self.prefix + "order", {e.key: last - len(entries) + offset + 1}, nx=True)
            results = pipe.execute()
            return sum(1 for r in results[0::2] if r)

    def stats(self) -> dict[str, Any]:
        with self._talking():
            entries = self.entries()
        added = sorted(e.added for e in entries)
        return {"index": self.url, "backend": "redis", "entries": len(entries),
                "first added": added[0] if added else None, "last added": added[-1] if added else None}

    def prune(self, before: str) -> int:
        with self._talking():
            old = [e.key for e in self.entries() if (e.published or e.added) < before]
            if old:
                pipe = self.client.pipeline(transaction=True)
                pipe.hdel(self.prefix + "entries", *old)
                pipe.zrem(self.prefix + "order", *old)
                pipe.execute()
            return len(old)

    def close(self) -> None:
        self.client.close()


class _RedisErrors:
    """Turns a lost or refused connection into one clear error (exit 3)."""

    def __init__(self, url: str, errors: tuple[type[BaseException], ...]):
        self.url, self.errors = url, errors

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is not None and isinstance(exc, self.errors):
            raise UnreadableInputError(
                f"cannot reach the Redis index at {self.url} ({exc}); is the server running? "
                "Nothing was added to the index and no output was written") from exc
