"""Rebuilds the quickstart bundle (repos/, repos.jsonl, text.jsonl.gz, math.jsonl.gz) from sources.json.

    .venv/bin/python recipes/data/quickstart/scripts/regenerate.py [--cache DIR] [--write-pins]

Needs network access to PyPI, npm and Debian's archive (pip, npm, apt-get and dpkg-deb on PATH).
Archives are cached in --cache (default /tmp/recipec-quickstart-cache) and checked against the sha256
pins of sources.json; --write-pins records the pins of newly fetched archives instead of checking them.
The outputs are byte-identical from run to run: files are copied as they are, listings are sorted and
the gzip headers carry no time stamp.
"""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLE = HERE.parent
sys.path.insert(0, str(HERE))

from assemble import repository_files, text_doc_files  # noqa: E402
from fetch import fetch, read_archive, sha256_of  # noqa: E402
from math_set import math_documents  # noqa: E402
from planted import planted_files  # noqa: E402
from text_set import text_documents  # noqa: E402

PLANTED_REPO = "planted-cases"


def write_jsonl_gz(path: Path, rows: list[dict]) -> None:
    body = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows).encode()
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as stream:
        stream.write(body)


def write_repo(root: Path, files: dict[str, bytes]) -> None:
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/recipec-quickstart-cache"))
    parser.add_argument("--write-pins", action="store_true")
    args = parser.parse_args(argv)

    sources_path = BUNDLE / "sources.json"
    sources = json.loads(sources_path.read_text())
    archives, repos, versions, manifest, text_rows = {}, {}, {}, [], []
    for entry in sources["packages"]:
        archive = fetch(entry, args.cache)
        digest = sha256_of(archive)
        if args.write_pins:
            entry["sha256"] = digest
        elif entry.get("sha256") != digest:
            raise SystemExit(f"{entry['repo']}: {archive.name} has sha256 {digest}, sources.json pins "
                             f"{entry.get('sha256')}; rerun with --write-pins if the pin should change")
        members = read_archive(archive)
        archives[entry["repo"]] = members
        versions[entry["repo"]] = entry["version"]
        files = repository_files(entry, members)
        if files:
            repos[entry["repo"]] = files
            manifest.append({"repo": entry["repo"], "origin": entry["origin"], "package": entry["package"],
                             "version": entry["version"], "license": entry["license"], "archive": archive.name,
                             "sha256": digest, "files": len(files)})
        text_rows.extend(text_documents(entry, text_doc_files(entry, members, files)))

    repos[PLANTED_REPO] = planted_files(repos, archives, versions)
    manifest.append({"repo": PLANTED_REPO, "origin": "written by scripts/planted.py", "package": None,
                     "version": None, "license": "Apache-2.0", "archive": None, "sha256": None,
                     "files": len(repos[PLANTED_REPO])})

    repos_root = BUNDLE / "repos"
    if repos_root.exists():
        shutil.rmtree(repos_root)
    for name, files in sorted(repos.items()):
        write_repo(repos_root / name, files)
    (BUNDLE / "repos.jsonl").write_text(
        "".join(json.dumps(row, sort_keys=True) + "\n" for row in sorted(manifest, key=lambda r: r["repo"])))
    write_jsonl_gz(BUNDLE / "text.jsonl.gz", text_rows)
    write_jsonl_gz(BUNDLE / "math.jsonl.gz", math_documents())
    if args.write_pins:
        sources_path.write_text(json.dumps(sources, indent=2, ensure_ascii=False) + "\n")

    sizes = Counter()
    for files in repos.values():
        for relative, content in files.items():
            sizes[Path(relative).suffix or Path(relative).name] += 1
    total_bytes = sum(len(c) for files in repos.values() for c in files.values())
    print(f"{len(repos)} repositories, {sum(len(f) for f in repos.values())} files, {total_bytes / 1e6:.2f} MB; "
          f"{len(text_rows)} text documents; files by extension: {dict(sizes.most_common(14))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
