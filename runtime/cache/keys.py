"""Run keys (design.md section 6): what a step is, plus the digests of the data it actually
reads, plus the versions of the libraries that shape its output."""
from __future__ import annotations

import functools
import hashlib
from importlib import metadata


def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    return {name: installed_version(name) for name in names}


@functools.lru_cache(maxsize=None)
def installed_version(name: str) -> str:
    """One metadata lookup per library and process: each parses the package's METADATA file,
    and a plan asks for the same few libraries once per step."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def run_key(step, seed: int, input_digests: dict[str, str], versions: dict[str, str]) -> str:
    """The step's own identity (kind, version, parameters, seed) with the digests of what it
    reads, instead of its inputs' plan keys: an input that re-ran and wrote the same bytes leaves
    this key unchanged, so the step stays cached (design.md section 6)."""
    from recipec.compiler.plan.cache_key import canonical_json

    payload = {"kind": step.kind, "version": step.version, "params": step.params, "seed": seed,
               "inputs": input_digests, "versions": versions}
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()
