"""Lineage: every checkpoint says which data and steps made it.

`lineage.json` lists each step upstream of the checkpoint, in plan order (raw sources ->
pipeline steps -> tokenizer -> shards -> model -> phases), with its plan key (what the recipe
asked for), its run key (the exact outputs used: the folder under the workdir) and its output
digest; sources also name their files and the digest of their content. Run keys are recomputed
the way the builder computes them (`StatusResolver`), from the manifests in the workdir, so
they are exactly the outputs this build read.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

FORMAT = "recipec-lineage"
VERSION = 1
FILE = "lineage.json"
GROUPS = (("raw sources", ("source",)), ("tokenizer", ("tokenizer",)),
          ("shards", ("mixture.tokenize", "mixture.pack")),
          ("instruction data", ("snippets", "instruction_synthesis", "multi_agent", "score",
                                "unit_tests", "rejection_sampling", "sft_data")),
          ("model", ("model",)), ("phases", ("phase",)))
OTHER = "pipeline steps"
ORDER = ("raw sources", OTHER, "tokenizer", "shards", "instruction data", "model", "phases")
FILES_LISTED = 20  # a source may read thousands of files; their digest covers them all


def upstream_ids(plan, step_id: str) -> list[str]:
    """Ids of every step `step_id` reads, directly or not, in plan order."""
    by_id = {s.id: s for s in plan.steps}
    seen: set[str] = set()
    pending = list(by_id[step_id].inputs)
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending += by_id[current].inputs
    return [s.id for s in plan.steps if s.id in seen]


def build_lineage(plan, step, run_key: str, workdir: Path, base_dir: Path) -> dict:
    from recipec.runtime.build.status import CACHED, StatusResolver
    from recipec.runtime.cache.workdir import Workdir

    resolver = StatusResolver(plan, Workdir(workdir), base_dir)
    chain = []
    for step_id in upstream_ids(plan, step.id):
        upstream = plan.step(step_id)
        status = resolver.status(upstream)
        if status.state != CACHED:
            raise RuntimeError(f"lineage: `{step_id}` has no finished output in {workdir}")
        resolver.known[step_id] = status.manifest
        entry = {"step": step_id, "kind": upstream.kind, "block": upstream.block,
                 "plan_key": upstream.cache_key, "run_key": status.run_key,
                 "digest": status.manifest["digest"], "inputs": list(upstream.inputs)}
        if status.external:
            entry["files"] = [_relative(p, base_dir) for p in status.external[:FILES_LISTED]]
            entry["file_count"] = len(status.external)
            entry["files_digest"] = status.now["inputs"].get("external")
        chain.append(entry)
    return {"format": FORMAT, "version": VERSION, "recipe": plan.recipe.root,
            "seed": plan.recipe.seed, "step": step.id, "kind": step.kind,
            "plan_key": step.cache_key, "run_key": run_key, "inputs": list(step.inputs),
            "upstream": chain}


def _relative(path: str, base: Path) -> str:
    """A source file as the recipe names it (relative to the recipe's folder) when it lies
    near it, else its absolute path."""
    if "://" in path:
        return path
    relative = os.path.relpath(os.path.normpath(path), os.path.normpath(base))
    return relative if relative.split(os.sep)[:3].count("..") < 3 else os.path.normpath(path)


def write_lineage(path: Path, lineage: dict) -> None:
    path.write_text(json.dumps(lineage, indent=1, sort_keys=True) + "\n", encoding="utf-8")


class LineageNotFound(Exception):
    pass


def find_lineage(path: Path) -> Path:
    """`lineage.json` of a checkpoint folder, a phase or model step folder, or the file."""
    path = Path(path)
    for candidate in (path, path / FILE, path / "checkpoint" / FILE, path / "model" / FILE,
                      path / "hf" / FILE):
        if candidate.is_file() and candidate.name == FILE:
            return candidate
    raise LineageNotFound(f"no {FILE} at {path}")


def group_of(kind: str) -> str:
    for name, kinds in GROUPS:
        if kind in kinds:
            return name
    return OTHER


def format_lineage(lineage: dict, full_keys: bool = False) -> str:
    """The chain as text: one block per group, in the order data flows."""
    short = (lambda key: key) if full_keys else (lambda key: (key or "")[:12])
    groups: dict[str, list[dict]] = {name: [] for name in ORDER}
    for entry in lineage["upstream"]:
        groups[group_of(entry["kind"])].append(entry)
    width = max([len(e["step"]) for e in lineage["upstream"]] + [len(lineage["step"])])
    lines = [f"lineage of {lineage['step']} ({lineage['recipe']}, seed {lineage['seed']})"]
    for name in ORDER:
        if not groups[name]:
            continue
        lines.append(f"{name}:")
        for entry in groups[name]:
            line = (f"  {entry['step']:<{width}}  run {short(entry['run_key'])}  "
                    f"plan {short(entry['plan_key'])}")
            if entry.get("files"):
                more = entry.get("file_count", len(entry["files"])) - 3
                shown = ", ".join(entry["files"][:3]) + (f" and {more} more" if more > 0 else "")
                line += f"  files {shown} (sha256 {short(entry.get('files_digest'))})"
            lines.append(line)
    lines.append("this checkpoint:")
    lines.append(f"  {lineage['step']:<{width}}  run {short(lineage['run_key'])}  "
                 f"plan {short(lineage['plan_key'])}")
    return "\n".join(lines)
