"""Chooses the files of one package that go into its repository folder, as sources.json says."""
from __future__ import annotations

from fnmatch import fnmatchcase

from fetch import gunzip_if_needed


def _matches(path: str, patterns: list[str]) -> bool:
    # fnmatch's `*` crosses `/`, so "src/**" and "src/*" both take a whole subtree
    return any(fnmatchcase(path, pattern) for pattern in patterns)


def repository_files(entry: dict, members: dict[str, bytes]) -> dict[str, bytes]:
    """{path inside the repository: bytes} for `entry`, from the archive's `members`."""
    root = entry.get("root", "").strip("/")
    prefix = f"{root}/" if root else ""
    include, exclude = entry.get("include", []), entry.get("exclude", [])
    files = {}
    for name, content in members.items():
        if not name.startswith(prefix):
            continue
        relative = name[len(prefix):]
        if _matches(relative, include) and not _matches(relative, exclude):
            files[relative] = content
    for destination, source in entry.get("extra", {}).items():
        if source not in members:
            raise KeyError(f"{entry['repo']}: `{source}` is not in the archive")
        files[destination] = gunzip_if_needed(source, members[source], destination)
    if include and not files:
        raise ValueError(f"{entry['repo']}: no file matched {include} under `{root}`")
    return dict(sorted(files.items()))


def text_doc_files(entry: dict, members: dict[str, bytes], repo_files: dict[str, bytes]) -> dict[str, bytes]:
    """The prose files of `entry` that feed the text set: from the repository, else from the archive."""
    root = entry.get("root", "").strip("/")
    prefix = f"{root}/" if root else ""
    candidates = dict(repo_files)
    for name, content in members.items():
        if name.startswith(prefix):
            candidates.setdefault(name[len(prefix):], content)
    chosen = {path: content for path, content in candidates.items() if _matches(path, entry.get("text_docs", []))}
    return dict(sorted(chosen.items()))
