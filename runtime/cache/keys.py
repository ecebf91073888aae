"""Run keys (design.md section 6): the plan key, plus the digests of the data actually read,
plus the versions of the libraries that shape the output."""
from __future__ import annotations

import hashlib
import json
from importlib import metadata


def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def run_key(plan_key: str, input_digests: dict[str, str], versions: dict[str, str]) -> str:
    payload = {"plan_key": plan_key, "inputs": input_digests, "versions": versions}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
