"""The sandbox's Python API: `run` and `run_async`, and the `Sandbox` object behind them."""
from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from recipec.runtime.sandbox.compile_cache import CompileCache
from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.results import RunResult
from recipec.runtime.sandbox.runner import RunOptions, run_request


class Sandbox:
    """Settings shared by many runs: default limits, the static check, the compile cache.

    `allow_unisolated=True` is the explicit opt-out: on a machine without namespaces, an
    unprivileged uid or rlimits, runs then go ahead with what is available instead of being
    refused. Never use it for untrusted code.
    """

    def __init__(self, *, limits: Limits | None = None, static_check: bool = True,
                 allow_unisolated: bool = False, use_cgroups: bool = True,
                 cache_dir: str | Path | None = None, workers: int | None = None):
        self.limits = limits or Limits()
        self.options = RunOptions(static_check=static_check, allow_unisolated=allow_unisolated,
                                  use_cgroups=use_cgroups, cache=CompileCache(cache_dir))
        self.workers = workers or os.cpu_count() or 1
        self._threads: ThreadPoolExecutor | None = None

    def run(self, code: str, language: str, tests: Any = None, stdin: str | bytes | None = None,
            limits: Limits | None = None, files: dict[str, bytes] | None = None) -> RunResult:
        """Run `code` once (with `stdin`), or against `tests` (the JSON test-case format).
        `files` are extra input files placed in the work folder (relative paths)."""
        return run_request(code, language, tests, stdin, limits or self.limits, self.options,
                           files)

    async def run_async(self, code: str, language: str, tests: Any = None,
                        stdin: str | bytes | None = None, limits: Limits | None = None,
                        files: dict[str, bytes] | None = None) -> RunResult:
        """`run` without blocking the event loop; at most `workers` runs at a time."""
        if self._threads is None:
            self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="recipec-sandbox")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self.run, code, language, tests, stdin,
                                          limits, files)

    def close(self) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=True)
            self._threads = None


_default: Sandbox | None = None


def default_sandbox() -> Sandbox:
    global _default
    if _default is None:
        _default = Sandbox()
    return _default


def run(code: str, language: str, tests: Any = None, stdin: str | bytes | None = None,
        limits: Limits | None = None) -> RunResult:
    """Run `code` in `language` in a fresh sandbox. See `Sandbox.run`."""
    return default_sandbox().run(code, language, tests=tests, stdin=stdin, limits=limits)


async def run_async(code: str, language: str, tests: Any = None, stdin: str | bytes | None = None,
                    limits: Limits | None = None) -> RunResult:
    """The async form of `run`."""
    return await default_sandbox().run_async(code, language, tests=tests, stdin=stdin,
                                             limits=limits)
