"""Plan keys: sha256 of canonical JSON (design.md section 6). Formatting, comments and
declaration order never reach the JSON, so they never change a key."""
from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def plan_key(kind: str, version: int, params: dict, seed: int, input_keys: list[str]) -> str:
    payload = {"kind": kind, "version": version, "params": params, "seed": seed,
               "inputs": input_keys}
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()
