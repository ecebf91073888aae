"""Real HTTP servers for the OpenAI-compatible backend's tests, all on 127.0.0.1.

- `TransformersServe`: `transformers serve` (the real OpenAI-compatible server of HF
  transformers) pinned to the tiny local model, in a subprocess.
- `FaultProxy`: a FastAPI reverse proxy in front of it, run by uvicorn in a thread, that fails,
  delays or counts requests on demand, so retries, timeouts, concurrency limits and "a cached
  re-run sends nothing" are observed on the wire.
"""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TransformersServe:
    def __init__(self, model_dir: Path, log_path: Path):
        self.port = free_port()
        self.model = str(model_dir)
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        cli = Path(sys.executable).with_name("transformers")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
        self._log = open(log_path, "w")
        self.process = subprocess.Popen(
            [str(cli), "serve", self.model, "--host", "127.0.0.1", "--port", str(self.port),
             "--device", "cpu", "--log-level", "warning"],
            stdout=self._log, stderr=subprocess.STDOUT, env=env)
        self._wait_healthy(log_path)

    def _wait_healthy(self, log_path: Path, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"transformers serve exited: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"transformers serve did not start: {log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


@dataclass
class Faults:
    fail: list[int] = field(default_factory=list)   # statuses to answer, one per next request
    delay_s: list[float] = field(default_factory=list)  # delays before forwarding, one per request
    latency_s: float = 0.0                             # added to every request


class FaultProxy:
    """Forwards /v1/* to `upstream`; records every request (path, headers, JSON body)."""

    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        self.faults = Faults()
        self.requests: list[dict] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        app = FastAPI()

        @app.api_route("/v1/{path:path}", methods=["GET", "POST"])
        async def forward(path: str, request: Request):
            body = await request.body()
            with self._lock:
                self.requests.append({"path": path, "headers": dict(request.headers),
                                      "json": (await request.json()) if body else None})
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                status = self.faults.fail.pop(0) if self.faults.fail else None
                delay = self.faults.delay_s.pop(0) if self.faults.delay_s else 0.0
            try:
                await asyncio.sleep(delay + self.faults.latency_s)
                if status is not None:
                    return JSONResponse({"error": {"message": f"injected {status}"}}, status_code=status)
                async with httpx.AsyncClient(timeout=60) as client:
                    answer = await client.request(request.method, f"{self.upstream}/{path}", content=body,
                                                  headers={"content-type": "application/json"})
                return Response(answer.content, status_code=answer.status_code,
                                media_type=answer.headers.get("content-type"))
            finally:
                with self._lock:
                    self.in_flight -= 1

        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                     log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fault proxy did not start")
            time.sleep(0.05)

    def completions_requests(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith("completions")]

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
