"""The SandboxFusion-compatible server, over real HTTP: the official `sandbox-fusion` client,
the response shapes and status mapping, the limits, and 200 concurrent mixed requests."""
from __future__ import annotations

import asyncio
import base64
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from recipec.runtime.sandbox.server.app import ServerSettings, create_app

from sandbox_test_support import HostSnapshot


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(cache_dir):
    import os
    os.environ["RECIPEC_SANDBOX_CACHE"] = cache_dir
    port = free_port()
    settings = ServerSettings(concurrency=4, max_request_bytes=256 << 10, default_memory=256 << 20)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                            limit_concurrency=None, backlog=512)
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=20)
    os.environ.pop("RECIPEC_SANDBOX_CACHE", None)


def test_ping(server):
    response = httpx.get(f"{server}/v1/ping")
    assert response.status_code == 200 and response.json() == "pong"


def test_official_client_works_unchanged(server):
    from sandbox_fusion import RunCodeRequest, RunStatus, run_code

    answer = run_code(RunCodeRequest(code="print(input()[::-1])", language="python", stdin="abc"),
                      endpoint=server, max_attempts=1)
    assert answer.status == RunStatus.Success
    assert answer.run_result.stdout == "cba\n" and answer.run_result.return_code == 0
    answer = run_code(RunCodeRequest(code="#include <cstdio>\nint main(){puts(\"hi\");}", language="cpp"),
                      endpoint=server, max_attempts=1)
    assert answer.status == RunStatus.Success and answer.compile_result.status == "Finished"


def post(server, **request):
    return httpx.post(f"{server}/run_code", json=request, timeout=120)


@pytest.mark.parametrize("request_body,status,compile_status,run_status,return_code", [
    ({"code": "exit 3", "language": "bash"}, "Failed", None, "Finished", 3),
    ({"code": "int main( {", "language": "cpp"}, "Failed", "Finished", None, None),
    ({"code": "int main(void) { return nope; }", "language": "c"}, "Failed", "Finished", None, None),
    ({"code": "def f(:", "language": "python"}, "Failed", None, "Finished", 1),
    ({"code": "while(true){}", "language": "nodejs", "run_timeout": 1}, "Failed", None, "TimeLimitExceeded", None),
    ({"code": "console.log(1)", "language": "nodejs"}, "Success", None, "Finished", 0),
    ({"code": "package main\nfunc main() {}", "language": "go"}, "Success", "Finished", "Finished", 0),
])
def test_status_mapping(server, request_body, status, compile_status, run_status, return_code):
    data = post(server, **request_body).json()
    assert data["status"] == status, data
    assert (data["compile_result"] or {}).get("status") == compile_status
    assert (data["run_result"] or {}).get("status") == run_status
    if run_status == "Finished":
        assert data["run_result"]["return_code"] == return_code
    if compile_status == "Finished" and status == "Failed":
        assert data["compile_result"]["return_code"] != 0 and data["run_result"] is None
    assert set(data) == {"status", "message", "compile_result", "run_result", "executor_pod_name", "files"}


def test_memory_limit_and_files(server):
    bomb = post(server, code="x = bytearray(200 * 2**20)", language="python", memory_limit_MB=64).json()
    assert bomb["status"] == "Failed" and "memory" in bomb["message"]
    default = post(server, code="x = bytearray(100 * 2**20)", language="python", memory_limit_MB=-1).json()
    assert default["status"] == "Success"
    files = {"data/input.txt": base64.b64encode(b"from a file").decode()}
    read = post(server, code="print(open('data/input.txt').read())", language="python", files=files).json()
    assert read["run_result"]["stdout"] == "from a file\n"


@pytest.mark.parametrize("body,code", [
    ({"code": "x", "language": "cobol"}, 422),
    ({"code": "x", "language": "python", "files": {"../escape": "eA=="}}, 422),
    ({"code": "x", "language": "python", "files": {"a": "not base64!"}}, 422),
    ({"language": "python"}, 422),
    ({"code": "x" * (300 << 10), "language": "python"}, 413),
])
def test_bad_requests(server, body, code):
    assert httpx.post(f"{server}/run_code", json=body, timeout=30).status_code == code


def test_body_limit_applies_without_a_content_length(server):
    def chunks():
        for _ in range(40):
            yield b"x" * (16 << 10)

    response = httpx.post(f"{server}/run_code", content=chunks(), timeout=30,
                          headers={"content-type": "application/json"})
    assert response.status_code == 413


# -- 200 concurrent requests, good and hostile ------------------------------------------------
KINDS = {
    "python": ({"code": "print(sum(range(int(input()))))", "language": "python", "stdin": "10"},
               lambda d: d["status"] == "Success" and d["run_result"]["stdout"] == "45\n"),
    "cpp": ({"code": "#include <cstdio>\nint main(){ printf(\"%d\\n\", 6 * 7); }", "language": "cpp"},
            lambda d: d["status"] == "Success" and d["run_result"]["stdout"] == "42\n"),
    "bash": ({"code": "echo $((2 ** 10))", "language": "bash"},
             lambda d: d["status"] == "Success" and d["run_result"]["stdout"] == "1024\n"),
    "runtime_error": ({"code": "raise SystemExit(7)", "language": "python"},
                      lambda d: d["status"] == "Failed" and d["run_result"]["return_code"] == 7),
    "syntax": ({"code": "int main( {", "language": "cpp"},
               lambda d: d["status"] == "Failed" and d["run_result"] is None),
    "timeout": ({"code": "import time\ntime.sleep(30)", "language": "python", "run_timeout": 1},
                lambda d: d["status"] == "Failed" and d["run_result"]["status"] == "TimeLimitExceeded"),
    "fork_bomb": ({"code": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
                   "language": "python", "run_timeout": 1},
                  lambda d: d["status"] == "Failed"),
    "memory_bomb": ({"code": "x = []\nwhile True:\n    x.append(bytearray(2**20))", "language": "python",
                     "memory_limit_MB": 64},
                    lambda d: d["status"] == "Failed" and "memory" in d["message"]),
    "output_flood": ({"code": "while True:\n    print('y' * 1000)", "language": "python"},
                     lambda d: d["status"] == "Failed" and "output" in d["message"]),
    "network": ({"code": "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=1)",
                 "language": "python"},
                lambda d: d["status"] == "Failed" and "ConnectionRefusedError" in d["run_result"]["stderr"]),
}


def test_200_concurrent_mixed_requests(server):
    before = HostSnapshot.take()
    names = list(KINDS)
    plan = [names[i % len(names)] for i in range(200)]

    async def fire():
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(base_url=server, timeout=600, limits=limits) as client:
            responses = await asyncio.gather(*(client.post("/run_code", json=KINDS[name][0])
                                               for name in plan))
        return responses

    start = time.monotonic()
    responses = asyncio.run(fire())
    elapsed = time.monotonic() - start
    wrong = []
    for name, response in zip(plan, responses):
        if response.status_code != 200 or not KINDS[name][1](response.json()):
            wrong.append((name, response.status_code, response.text[:300]))
    assert wrong == [], wrong[:5]
    assert elapsed < 400
    # Nothing left running, no cgroup or folder left behind, and the server still answers.
    before.assert_same(HostSnapshot.take())
    assert httpx.get(f"{server}/v1/ping").json() == "pong"


def test_the_serve_command_starts_a_server_on_loopback(cache_dir):
    import os
    import subprocess
    import sys

    port = free_port()
    command = [sys.executable, "-c", "from recipec.runtime.cli.main import main; main()",
               "sandbox", "serve", "--port", str(port), "--concurrency", "1"]
    server_process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      env={**os.environ, "RECIPEC_SANDBOX_CACHE": cache_dir})
    try:
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/v1/ping", timeout=1).json()
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer == "pong"
        data = httpx.post(f"http://127.0.0.1:{port}/run_code", timeout=60,
                          json={"code": "puts 1 + 1", "language": "ruby"}).json()
        assert data["status"] == "Success" and data["run_result"]["stdout"] == "2\n"
    finally:
        server_process.terminate()
        server_process.wait(timeout=20)
    assert b"serving on http://127.0.0.1:" in server_process.stderr.read()
