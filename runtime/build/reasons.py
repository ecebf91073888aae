"""Why a step will run: the difference between this build's view of it and its last run."""
from __future__ import annotations


def why(record: dict | None, now: dict) -> list[str]:
    """Human reasons, most specific first; `record` is the index entry of the last run."""
    if record is None:
        return ["never built"]
    reasons = []
    if record.get("version") != now["version"]:
        reasons.append(f"implementation version {record.get('version')} -> {now['version']}")
    if record.get("seed") != now["seed"]:
        reasons.append(f"seed {record.get('seed')} -> {now['seed']}")
    reasons += [f"parameter {p}" for p in _changed_params(record.get("params", {}),
                                                             now["params"])]
    old_inputs, new_inputs = record.get("inputs", {}), now["inputs"]
    for name in sorted(set(old_inputs) | set(new_inputs)):
        if old_inputs.get(name) != new_inputs.get(name):
            what = "input files" if name == "external" else f"input `{name}`"
            reasons.append(f"{what} changed")
    old_versions, new_versions = record.get("versions", {}), now["versions"]
    for name in sorted(set(old_versions) | set(new_versions)):
        if old_versions.get(name) != new_versions.get(name):
            reasons.append(f"{name} {old_versions.get(name)} -> {new_versions.get(name)}")
    return reasons or ["outputs missing (removed or never finished)"]


def _changed_params(old, new, path: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        changed = []
        for key in sorted(set(old) | set(new)):
            changed += _changed_params(old.get(key), new.get(key), f"{path}.{key}" if path
                                       else key)
        return changed
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        changed = []
        for index, (a, b) in enumerate(zip(old, new)):
            changed += _changed_params(a, b, f"{path}[{index}]")
        return changed
    if old != new:
        return [f"`{path}` {_short(old)} -> {_short(new)}"]
    return []


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
