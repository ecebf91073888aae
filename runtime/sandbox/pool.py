"""A bounded pool of sandboxed runs: at most `workers` at a time (default: the machine's cores),
results yielded in input order and, optionally, streamed to a JSON-lines file as they are.

Each run is its own process tree, so threads are enough here: a worker thread spends its time
waiting on the sandbox, not holding the GIL. Requests are pulled from the input lazily, never
more than a small window ahead, so an unbounded row stream never fills memory.
"""
from __future__ import annotations

import collections
import json
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from recipec.runtime.sandbox.api import Sandbox
from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.results import RunResult

LOOKAHEAD = 2  # requests in flight per worker: keeps workers busy while results are consumed


@dataclass
class RunRequest:
    code: str
    language: str
    tests: Any = None
    stdin: str | bytes | None = None
    limits: Limits | None = None
    id: Any = None  # carried into the jsonl line, to find the row again
    settled: RunResult | None = None  # already decided (e.g. a row without code): not run


class SandboxPool:
    def __init__(self, sandbox: Sandbox | None = None, workers: int | None = None):
        self.sandbox = sandbox or Sandbox()
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="recipec-pool")

    def submit(self, request: RunRequest) -> Future:
        if request.settled is not None:
            done: Future = Future()
            done.set_result(request.settled)
            return done
        return self._executor.submit(self.sandbox.run, request.code, request.language,
                                     request.tests, request.stdin, request.limits)

    def map(self, requests: Iterable[RunRequest], *, jsonl: str | Path | IO[str] | None = None
            ) -> Iterator[tuple[RunRequest, RunResult]]:
        """(request, result) pairs in input order; each result is also written to `jsonl`."""
        handle, owned = _open(jsonl)
        window: collections.deque[tuple[int, RunRequest, Future]] = collections.deque()
        source = enumerate(requests)
        try:
            for index, request in source:
                window.append((index, request, self.submit(request)))
                if len(window) >= self.workers * LOOKAHEAD:
                    yield self._finish(window.popleft(), handle)
            while window:
                yield self._finish(window.popleft(), handle)
        finally:
            for _, _, future in window:
                future.cancel()
            if owned and handle is not None:
                handle.close()

    def _finish(self, entry: tuple[int, RunRequest, Future], handle: IO[str] | None):
        index, request, future = entry
        result: RunResult = future.result()
        if handle is not None:
            line = {"index": index, "id": request.id, **result.to_dict()}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            handle.flush()
        return request, result

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "SandboxPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open(target: str | Path | IO[str] | None) -> tuple[IO[str] | None, bool]:
    if target is None:
        return None, False
    if isinstance(target, (str, Path)):
        return open(target, "w", encoding="utf-8"), True
    return target, False
