"""An OpenAI-compatible server on 127.0.0.1 that answers from RECORDED RESPONSES.

Not a model: every answer comes from a fixture (tests/fixtures/llm_steps/*.json, each labelled
as such) or from a list the test passes, so a test can fix what a generator or a judge says and
check the mechanics around it (prompts rendered as specified, parsing, weighting, ranking,
caching). It goes through the real `openai` backend over HTTP, and it records every request it
receives, so "a second run makes zero calls" is observed on the wire.

An entry is {"match": "<substring of the last user message>", "answers": [...]}: the first entry
whose `match` occurs answers, choice i with answers[i % len(answers)] (so n > 1 gets distinct
samples); no match gets `default`.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "llm_steps"
MODEL = "recorded-responses"


def load_fixture(name: str) -> list[dict]:
    data = json.loads((FIXTURES / name).read_text())
    assert "RECORDED RESPONSES" in data["_label"], "fixtures must say they are recorded answers"
    return data["entries"]


class RecordedServer:
    def __init__(self, entries: list[dict] | None = None, default: str = "no recorded answer"):
        self.entries = list(entries or [])
        self.default = default
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    self._json({"object": "list", "data": [{"id": MODEL, "object": "model"}]})
                else:
                    self._json({"error": "not found"}, 404)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if not self.path.endswith("/chat/completions"):
                    self._json({"error": {"message": "only chat completions"}}, 404)
                    return
                self._json(server.answer(body))

            def _json(self, value, status: int = 200):
                data = json.dumps(value).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._http.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    def answer(self, body: dict) -> dict:
        user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        with self._lock:
            self.requests.append(body)
        answers = next((e["answers"] for e in self.entries if e["match"] in user), [self.default])
        n = body.get("n", 1)
        choices = [{"index": i, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": answers[i % len(answers)]}}
                   for i in range(n)]
        completion = sum(len(c["message"]["content"].split()) for c in choices)
        return {"id": "recorded", "object": "chat.completion", "created": 0, "model": MODEL,
                "choices": choices,
                "usage": {"prompt_tokens": len(user.split()), "completion_tokens": completion,
                          "total_tokens": len(user.split()) + completion}}

    @property
    def user_prompts(self) -> list[str]:
        return [[m["content"] for m in r["messages"] if m["role"] == "user"][-1]
                for r in self.requests]

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


def llm_block(name: str, server: RecordedServer, extra: str = "") -> str:
    """An `llm` block of a recipe that talks to `server`."""
    return (f'llm {name} {{ backend = openai, model = "{MODEL}", base_url = "{server.base_url}", '
            f'retries = 0, sampling = {{ temperature = 0, max_tokens = 256 }} {extra}}}')
