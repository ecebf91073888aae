"""A build's lock on a workdir behind a URL: one lock file created exclusively (store.py says
how each backend makes that atomic), refreshed while the build runs, removed at its end.

A POSIX record lock dies with its process; a lock object in a store does not. So the lock file
carries a heartbeat: the holder rewrites it every `heartbeat_s`, and a lock whose heartbeat is
older than `lease_s` belongs to a build that is gone (killed, or its machine lost) and is taken
over. Taking over is delete-then-create-exclusive, so of two builds that find the same stale
lock at the same moment one can, in a narrow window, delete the lock the other just created;
the holder checks its token at every heartbeat and stops the build if it lost the lock.
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid

from recipec.runtime.storage.store import Store

LOCK = ".lock"


class StoreLocked(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


class StoreLock:
    def __init__(self, store: Store, lease_s: float = 120.0, heartbeat_s: float = 20.0):
        self.store = store
        self.lease_s = lease_s
        self.heartbeat_s = heartbeat_s
        self.token = uuid.uuid4().hex
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _content(self) -> bytes:
        return json.dumps({"token": self.token, "host": socket.gethostname(),
                           "pid": os.getpid(), "heartbeat": time.time()}).encode()

    def holder(self) -> dict | None:
        raw = self.store.read_bytes(LOCK)
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def acquire(self) -> StoreLock:
        if not self.store.create_exclusive(LOCK, self._content()):
            holder = self.holder()
            age = time.time() - holder["heartbeat"] if holder else None
            if holder is not None and age is not None and age < self.lease_s:
                raise StoreLocked(
                    f"another build is using {self.store.url} (host {holder['host']}, pid "
                    f"{holder['pid']}, alive {age:.0f}s ago)", "wait for it to finish")
            # Stale (or unreadable): its build is gone. Take it over.
            self.store.delete(LOCK)
            if not self.store.create_exclusive(LOCK, self._content()):
                raise StoreLocked(f"another build took the lock of {self.store.url} first",
                                  "wait for it to finish")
        self._thread = threading.Thread(target=self._beat, daemon=True)
        self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat_s):
            holder = self.holder()
            if holder is None or holder.get("token") != self.token:
                self.lost.set()
                return
            self.store.publish(LOCK, self._content())

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        holder = self.holder()
        if holder is not None and holder.get("token") == self.token:
            self.store.delete(LOCK)

    def __enter__(self) -> StoreLock:
        return self.acquire() if self._thread is None else self

    def __exit__(self, *exc) -> None:
        self.release()
