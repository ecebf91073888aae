"""A step's manifest: its output files with hashes, counts and versions — written last.

Everything in it is a function of the step's inputs, so manifests are byte-stable; timings go in
a file of their own.
"""
from __future__ import annotations

import os
from pathlib import Path

from recipec.runtime.cache.digests import combine, file_sha256
from recipec.runtime.cache.workdir import MANIFEST, TIMINGS, read_json, write_json_atomic

# Folders under a step's directory that are bookkeeping, not output.
NOT_OUTPUT = ("logs", "scratch")
# Outputs for people (what a filter dropped, and why), not for the steps that read this one:
# listed and hashed, but outside the digest that readers' run keys depend on.
SIDE_OUTPUTS = ("dropped",)


def output_files(step_dir: Path) -> list[Path]:
    files = []
    for path in sorted(step_dir.rglob("*")):
        relative = path.relative_to(step_dir)
        if path.is_file() and relative.parts[0] not in NOT_OUTPUT and \
                path.name not in (MANIFEST, TIMINGS) and not path.name.startswith(".tmp-"):
            files.append(path)
    return files


def write_manifest(step_dir: Path, step, run_key: str, counts: dict, versions: dict,
                   extra: dict | None = None) -> dict:
    files = {str(p.relative_to(step_dir)): file_sha256(p) for p in output_files(step_dir)}
    read_by_others = {k: v for k, v in files.items() if k.split("/")[0] not in SIDE_OUTPUTS}
    manifest = {
        "step": step.id, "kind": step.kind, "version": step.version,
        "plan_key": step.cache_key, "run_key": run_key,
        "files": files, "digest": combine(sorted(read_by_others.items())),
        "counts": counts, "versions": versions, **(extra or {}),
    }
    write_json_atomic(step_dir / MANIFEST, manifest)
    return manifest


def read_manifest(step_dir: Path) -> dict | None:
    manifest = read_json(step_dir / MANIFEST)
    if not isinstance(manifest, dict) or "digest" not in manifest:
        return None
    return manifest


def write_timings(step_dir: Path, timings: dict) -> None:
    write_json_atomic(step_dir / TIMINGS, timings)


def verify_outputs(step_dir: Path, manifest: dict) -> list[str]:
    """Output files that are missing or changed since the manifest was written."""
    bad = []
    for name, digest in manifest["files"].items():
        path = step_dir / name
        if not os.path.isfile(path) or file_sha256(path) != digest:
            bad.append(name)
    return bad
