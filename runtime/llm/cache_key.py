"""Keys of the call cache: one per (backend, model, rendered prompt, sampling params, seed,
sample index).

Sample i of a request is its own call: asking for n = 8 after n = 4 reuses samples 0-3. The key
is a SHA-256 computed in two parts: what a whole batch shares (canonical JSON of backend
identity, sampling parameters and seed), once; then each request and sample index, because a
fully cached step of 10k calls must re-run in < 1 s.
"""
from __future__ import annotations

import hashlib
import json

from recipec.runtime.llm.types import Request, SamplingParams

# Bump when the meaning of a stored answer changes (what a key covers, how a value is written).
CACHE_KEY_VERSION = 1


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def batch_prefix(backend_identity: dict, params: SamplingParams) -> bytes:
    """The part of every key that a whole batch shares."""
    shared = {"v": CACHE_KEY_VERSION, "backend": backend_identity, "params": params.cache_fields(),
              "seed": params.seed}
    return hashlib.sha256(canonical_json(shared).encode()).digest()


def call_keys(prefix: bytes, request: Request, indices: range) -> list[bytes]:
    """Keys of samples `indices` of `request` (32-byte digests).

    The request enters as length-prefixed UTF-8 fields rather than JSON: unambiguous, and ten
    times cheaper than json.dumps on prompts of a few KB."""
    digest = hashlib.sha256(prefix)
    fields = ("prompt", request.prompt) if request.messages is None else \
        ("messages", *(part for m in request.messages for part in (m.role, m.content)))
    for text in fields:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    request_digest = digest.digest()
    return [hashlib.sha256(request_digest + index.to_bytes(4, "big")).digest() for index in indices]
