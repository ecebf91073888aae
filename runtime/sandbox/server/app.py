"""The HTTP server: SandboxFusion's `POST /run_code` and `GET /v1/ping`, on FastAPI.

Bounded on every side: at most `concurrency` runs at a time (the rest wait in line), at most
`max_pending` requests waiting (more get HTTP 503), and request bodies above `max_request_bytes`
get HTTP 413 before they are read into memory.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from recipec.runtime.sandbox.api import Sandbox
from recipec.runtime.sandbox.languages import LANGUAGES as RECIPE_LANGUAGES
from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.server.sandboxfusion import (LANGUAGES, BadFiles, RunCodeRequest,
                                                          RunCodeResponse, decode_files, to_response)

MiB = 1 << 20


@dataclass
class ServerSettings:
    concurrency: int | None = None  # default: the number of cores
    max_pending: int | None = None  # default: 64 per concurrent run
    max_request_bytes: int = 4 * MiB
    default_memory: int = 512 * MiB
    static_check: bool = True
    allow_unisolated: bool = False

    @property
    def resolved_concurrency(self) -> int:
        return self.concurrency or os.cpu_count() or 1

    @property
    def resolved_max_pending(self) -> int:
        return self.max_pending or 64 * self.resolved_concurrency


class BodyLimit:
    """ASGI middleware: refuse bodies over `limit` bytes, by their header or while they stream.

    The body is read here, at most `limit` bytes of it, and replayed to the app: a streamed body
    without Content-Length cannot grow past the limit either."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await self._refuse(send)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send):
        body = b'{"detail":"request body too large"}'
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def create_app(settings: ServerSettings | None = None):
    from fastapi import FastAPI, HTTPException

    settings = settings or ServerSettings()
    concurrency = settings.resolved_concurrency
    sandbox = Sandbox(limits=Limits(memory=settings.default_memory),
                      static_check=settings.static_check,
                      allow_unisolated=settings.allow_unisolated, workers=concurrency)
    threads = ThreadPoolExecutor(concurrency, thread_name_prefix="recipec-serve")
    slots = asyncio.Semaphore(concurrency)
    pending = 0
    pod = socket.gethostname()

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        threads.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="recipec sandbox", description="SandboxFusion-compatible code execution",
                  lifespan=lifespan)

    @app.get("/v1/ping")
    async def ping() -> str:
        return "pong"

    @app.post("/run_code", response_model=RunCodeResponse)
    async def run_code(request: RunCodeRequest) -> RunCodeResponse:
        nonlocal pending
        language = LANGUAGES.get(request.language)
        if language is None:
            raise HTTPException(422, f"unsupported language {request.language!r}; supported: "
                                     f"{', '.join(sorted(LANGUAGES))}")
        try:
            files = decode_files(request.files)
        except BadFiles as error:
            raise HTTPException(422, str(error))
        memory = settings.default_memory if request.memory_limit_MB <= 0 else (
            request.memory_limit_MB * MiB)
        try:
            limits = Limits(timeout=request.run_timeout, compile_timeout=request.compile_timeout,
                            memory=memory)
        except ValueError as error:
            raise HTTPException(422, str(error))
        if pending >= settings.resolved_max_pending:
            raise HTTPException(503, "too many requests waiting; retry later")
        pending += 1
        try:
            async with slots:
                loop = asyncio.get_running_loop()
                result = await loop.run_in_executor(
                    threads, lambda: sandbox.run(request.code, language, stdin=request.stdin,
                                                 limits=limits, files=files))
        finally:
            pending -= 1
        response = to_response(result, compiled=RECIPE_LANGUAGES[language].compiled)
        response.executor_pod_name = pod
        return response

    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    return app
