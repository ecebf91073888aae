"""SandboxFusion's request and response shapes, and the mapping to and from ours.

Only this module knows SandboxFusion's names: its languages (`nodejs`, `cpp`, `bash`, ...) are
mapped to the recipe's at the boundary, and our statuses to its three-level answer:

| recipec status  | SandboxFusion status | compile_result            | run_result                 |
|-----------------|----------------------|---------------------------|----------------------------|
| passed          | Success              | Finished, 0 (compiled)    | Finished, 0                |
| compile_error   | Failed               | Finished, non-zero (or TimeLimitExceeded) | null       |
| syntax_error    | Failed               | Finished, 1 (compiled languages) | Finished, 1 (interpreted) |
| runtime_error   | Failed               | Finished, 0               | Finished, exit status (128 + signal) |
| timeout         | Failed               | Finished, 0               | TimeLimitExceeded, null    |
| memory_limit    | Failed               | Finished, 0               | Finished, exit status; message says why |
| output_limit    | Failed               | Finished, 0               | Finished, exit status; message says why |
| unavailable     | SandboxError         | null                      | null                       |
"""
from __future__ import annotations

import base64
import binascii
import posixpath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from recipec.runtime.sandbox.results import CommandResult, RunResult, Status

# SandboxFusion language -> recipe language. SandboxFusion names not here get HTTP 422.
LANGUAGES = {
    "python": "python", "python3": "python", "cpp": "c++", "c": "c", "nodejs": "javascript",
    "javascript": "javascript", "typescript": "typescript", "go": "go", "java": "java",
    "rust": "rust", "bash": "shell", "php": "php", "ruby": "ruby", "perl": "perl", "lua": "lua",
    "R": "r", "csharp": "c#", "sql": "sql",
}


class RunCodeRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # newer clients may send more; they are not ours
    code: str
    language: str
    compile_timeout: float = Field(10, gt=0, le=600)
    run_timeout: float = Field(10, gt=0, le=600)
    memory_limit_MB: int = -1
    stdin: str | None = None
    files: dict[str, str | None] = Field(default_factory=dict)  # path -> base64 content
    fetch_files: list[str] = Field(default_factory=list)


class CommandRunResult(BaseModel):
    status: Literal["Finished", "Error", "TimeLimitExceeded"]
    execution_time: float | None = None
    cpu_time: float | None = None
    return_code: int | None = None
    stdout: str | None = None
    stderr: str | None = None


class RunCodeResponse(BaseModel):
    status: Literal["Success", "Failed", "SandboxError"]
    message: str
    compile_result: CommandRunResult | None = None
    run_result: CommandRunResult | None = None
    executor_pod_name: str | None = None
    files: dict[str, str] = Field(default_factory=dict)


class BadFiles(ValueError):
    pass


def decode_files(files: dict[str, str | None]) -> dict[str, bytes]:
    """Request files as relative paths under the work folder (no absolute paths, no `..`)."""
    decoded = {}
    for path, content in files.items():
        normal = posixpath.normpath(path)
        if normal.startswith(("/", "..")) or normal in (".", ""):
            raise BadFiles(f"file path {path!r} must be relative to the work folder")
        try:
            decoded[normal] = base64.b64decode(content or "", validate=True)
        except (binascii.Error, ValueError):
            raise BadFiles(f"file {path!r} is not valid base64") from None
    return decoded


def _command(result: CommandResult, *, time_limit: bool = False) -> CommandRunResult:
    code = result.exit_code if result.signal is None else 128 + result.signal
    return CommandRunResult(
        status="TimeLimitExceeded" if time_limit else "Finished",
        execution_time=result.wall_time, cpu_time=result.cpu_time,
        return_code=None if time_limit else code,
        stdout=result.stdout, stderr=result.stderr)


def _synthetic(stderr: str, code: int = 1) -> CommandRunResult:
    return CommandRunResult(status="Finished", execution_time=0.0, return_code=code, stdout="",
                            stderr=stderr)


def to_response(result: RunResult, compiled: bool) -> RunCodeResponse:
    status = result.status
    if status is Status.UNAVAILABLE:
        return RunCodeResponse(status="SandboxError", message=result.message)
    if status is Status.SYNTAX_ERROR:
        failure = _synthetic(result.message + "\n")
        return RunCodeResponse(status="Failed", message=result.message,
                               compile_result=failure if compiled else None,
                               run_result=None if compiled else failure)
    compile_result = None
    if result.compile is not None:
        compile_result = _command(result.compile, time_limit=result.compile.timed_out)
    if status is Status.COMPILE_ERROR:
        return RunCodeResponse(status="Failed", message=result.message,
                               compile_result=compile_result)
    run_result = None
    if result.run is not None:
        run_result = _command(result.run, time_limit=status is Status.TIMEOUT)
    return RunCodeResponse(status="Success" if status is Status.PASSED else "Failed",
                           message=result.message, compile_result=compile_result,
                           run_result=run_result)


def sandbox_error(message: str) -> dict[str, Any]:
    return RunCodeResponse(status="SandboxError", message=message).model_dump()
