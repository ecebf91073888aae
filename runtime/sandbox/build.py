"""Compile a program once per distinct source: the compile cache in front of the compiler."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from recipec.runtime.sandbox.compile_cache import CompileCache, cache_key
from recipec.runtime.sandbox.execute import Executor, SandboxFault
from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.limits import Limits, compile_limits
from recipec.runtime.sandbox.results import CommandResult
from recipec.runtime.sandbox.toolchains import reachable_by_others


def compile_program(executor: Executor, cache: CompileCache, language: Language,
                    program: Program, limits: Limits) -> tuple[CommandResult, Path | None]:
    """The compile result and the folder holding build/ output (None when compilation failed).

    A cache hit returns the stored result marked `cached`, without starting a compiler."""
    build_limits = compile_limits(limits)
    command = language.compile_command(program, build_limits)
    key = cache_key(language.name, language.toolchain.identity, command, program.files)
    with cache.lock(key):
        hit = cache.lookup(key)
        if hit is not None:
            build, result = hit
            return replace(result, cached=True), build if result.ok else None
        staged = cache.staging()  # the launcher hands its build/ to the compile's uid
        if not reachable_by_others(str(staged), folder=True):
            cache.discard(staged)
            raise SandboxFault(f"the compile cache {cache.root} is not reachable by the sandbox's "
                               "uid (a folder on its path is private, like root's home); set "
                               "RECIPEC_SANDBOX_CACHE to a folder under /var/cache or /tmp")
        try:
            result, _ = executor.run(language, command, files=program.files, limits=build_limits,
                                     env=language.compile_env(build_limits),
                                     rw_binds={"build": str(staged / "build")})
        except BaseException:
            cache.discard(staged)
            raise
        return result, cache.commit(key, staged, result) if result.ok else _commit_failure(
            cache, key, staged, result)


def _commit_failure(cache: CompileCache, key: str, staged: Path, result: CommandResult) -> None:
    # A compile error is deterministic: cache it too, so a duplicate program fails fast. Timeouts
    # and memory kills depend on the machine's load and are not cached.
    if result.timed_out or result.memory_exceeded or result.signal is not None:
        cache.discard(staged)
    else:
        cache.commit(key, staged, result)
    return None
