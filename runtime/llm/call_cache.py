"""A store of LLM answers by call key that survives kill -9.

SQLite in WAL mode: every batch of answers is one committed transaction, and SQLite guarantees
that a committed transaction survives the death of the process that wrote it (synchronous =
NORMAL only risks the last transactions on a *power* loss, which costs a re-generation, never a
corrupt store). Several processes may share one file; readers never block the writer.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from recipec.runtime.llm.errors import LLMError

# SQLite before 3.32 allows 999 bound parameters per statement.
_LOOKUP_CHUNK = 900


class CallCache:
    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS calls "
                             "(key BLOB PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        except (OSError, sqlite3.Error) as exc:
            raise LLMError(f"cannot open the LLM call cache: {exc}", where=self.path,
                           hint="check that the work directory is writable and not corrupted") from None
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, dict]:
        found: dict[bytes, dict] = {}
        with self._lock:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = keys[start:start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, value FROM calls WHERE key IN ({marks})", chunk)
                found.update((key, json.loads(value)) for key, value in rows)
        return found

    def put_many(self, items: Iterable[tuple[bytes, dict]]) -> None:
        rows = [(key, json.dumps(value, ensure_ascii=False)) for key, value in items]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR REPLACE INTO calls (key, value) VALUES (?, ?)", rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> CallCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
