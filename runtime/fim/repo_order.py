"""The order of a repository's files in a repo-level sample: by path, or dependencies first.

"path" sorts by path (code point order). "dependency" puts a file after the files it imports,
as DeepSeek-Coder's repo-level data does, so that a model reads definitions before their use:
imports are found by one regex per language family (Python `import`/`from`, JavaScript and
TypeScript relative `import`/`require`, C/C++ `#include "..."`, Java `import a.b.C`, Rust
`mod x;`) and resolved against the repository's own paths; Kahn's algorithm then emits, among
the files whose dependencies are all placed, the smallest path first. A cycle is broken by
placing the smallest remaining path. Unresolvable imports (the standard library, packages
from elsewhere) are ignored. The result is a pure function of the paths and contents.
"""
from __future__ import annotations

import heapq
import posixpath
import re
from collections.abc import Sequence

ORDERS = ("path", "dependency")

_PYTHON = re.compile(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?[ \t]*([\w, \t]+)"
                     r"|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))", re.M)
_SCRIPT = re.compile(r"""(?:\bfrom[ \t]*|\bimport[ \t]*\(?[ \t]*|\brequire[ \t]*\([ \t]*)['"](\.{1,2}/[^'"]+)['"]""")
_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*"([^"]+)"', re.M)
_JAVA = re.compile(r"^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]+)[ \t]*;", re.M)
_RUST = re.compile(r"^[ \t]*(?:pub(?:\([^)]*\))?[ \t]+)?mod[ \t]+(\w+)[ \t]*;", re.M)

_SCRIPT_SUFFIXES = ("", ".js", ".ts", ".jsx", ".tsx", ".mjs", ".cjs", ".vue",
                    "/index.js", "/index.ts", "/index.jsx", "/index.tsx")


def _family(path: str) -> str | None:
    extension = posixpath.splitext(path)[1].lower()
    if extension in (".py", ".pyi"):
        return "python"
    if extension in (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".vue"):
        return "script"
    if extension in (".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".cu", ".cuh", ".m", ".mm"):
        return "c"
    if extension == ".java":
        return "java"
    if extension == ".rs":
        return "rust"
    return None


class _PathIndex:
    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = set(paths)
        self.by_suffix: dict[str, list[str]] = {}
        for path in paths:
            parts = path.split("/")
            for i in range(len(parts)):
                self.by_suffix.setdefault("/".join(parts[i:]), []).append(path)

    def exact(self, path: str) -> str | None:
        path = posixpath.normpath(path)
        return path if path in self.paths else None

    def ending_with(self, suffix: str) -> str | None:
        found = self.by_suffix.get(suffix)
        return min(found) if found else None


def _python_module(name: str, package: str, index: _PathIndex) -> str | None:
    """The file of module `name` (dotted, maybe relative to `package`), if the repository has it."""
    dots = len(name) - len(name.lstrip("."))
    module = name.lstrip(".").replace(".", "/")
    if dots:  # relative to this file's package
        base = package
        for _ in range(dots - 1):
            base = posixpath.dirname(base)
        stem = posixpath.join(base, module) if module else base
        return index.exact(stem + ".py") or index.exact(posixpath.join(stem, "__init__.py"))
    if not module:
        return None
    return index.ending_with(module + ".py") or index.ending_with(module + "/__init__.py")


def _python_imports(path: str, content: str, index: _PathIndex) -> set[str]:
    found = set()
    package = posixpath.dirname(path)
    for match in _PYTHON.finditer(content):
        source, names, plain = match.groups()
        if source is None:
            candidates = re.split(r"[ \t]*,[ \t]*", plain.strip())
        else:
            # `from pkg import mod` may import a module as well as a name defined in pkg.
            separator = "" if source.endswith(".") else "."
            candidates = [source] + [source + separator + name.strip() for name in names.split(",")
                                     if name.strip() and name.strip() != "*"]
        for name in candidates:
            target = _python_module(name, package, index)
            if target:
                found.add(target)
    return found


def _dependencies(path: str, content: str, index: _PathIndex) -> set[str]:
    family = _family(path)
    folder = posixpath.dirname(path)
    found: set[str] = set()
    if family == "python":
        found = _python_imports(path, content, index)
    elif family == "script":
        for spec in _SCRIPT.findall(content):
            target = next((t for s in _SCRIPT_SUFFIXES if (t := index.exact(posixpath.join(folder, spec) + s))), None)
            if target:
                found.add(target)
    elif family == "c":
        for spec in _INCLUDE.findall(content):
            target = index.exact(posixpath.join(folder, spec)) or index.ending_with(spec.lstrip("./"))
            if target:
                found.add(target)
    elif family == "java":
        for name in _JAVA.findall(content):
            target = index.ending_with(name.replace(".", "/") + ".java")
            if target:
                found.add(target)
    elif family == "rust":
        for name in _RUST.findall(content):
            target = index.exact(posixpath.join(folder, name + ".rs")) or \
                index.exact(posixpath.join(folder, name, "mod.rs"))
            if target:
                found.add(target)
    found.discard(path)
    return found


def order_files(files: Sequence, order: str = "path") -> list:
    """`files` (objects with `.path` and `.content`) in the requested order."""
    if order not in ORDERS:
        raise ValueError(f"file order `{order}` is unknown; use one of {', '.join(ORDERS)}")
    by_path = sorted(files, key=lambda f: f.path)
    if order == "path":
        return by_path
    index = _PathIndex([f.path for f in by_path])
    needs = {f.path: _dependencies(f.path, f.content, index) for f in by_path}
    users: dict[str, list[str]] = {f.path: [] for f in by_path}
    for path, deps in needs.items():
        for dep in deps:
            users[dep].append(path)
    waiting = {path: len(deps) for path, deps in needs.items()}
    ready = [path for path, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    placed: list[str] = []
    remaining = set(needs)
    while remaining:
        if not ready:  # a cycle: place its smallest path and go on
            heapq.heappush(ready, min(remaining))
        path = heapq.heappop(ready)
        if path not in remaining:
            continue
        remaining.discard(path)
        placed.append(path)
        for user in users[path]:
            waiting[user] -= 1
            if waiting[user] == 0 and user in remaining:
                heapq.heappush(ready, user)
    file_of = {f.path: f for f in by_path}
    return [file_of[path] for path in placed]
