"""RepoFolderReader on the bundled quickstart repositories and on small folders built for each skip rule."""
from __future__ import annotations

from pathlib import Path

import os

import fsspec
import pytest

from recipec.runtime.processing.readers import RepoFolderReader

QUICKSTART = Path(__file__).resolve().parents[4] / "recipes" / "data" / "quickstart"

BUNDLE_REPOS = str(QUICKSTART / "repos")


@pytest.fixture
def messy_repo(tmp_path):
    root = tmp_path / "repos"
    files = {
        "app/src/main.py": b"import os\n\nprint(os.getcwd())\n",
        "app/src/util.js": b"export const add = (a, b) => a + b;\n",
        "app/README.md": b"# app\n\nA tiny app.\n",
        "app/LICENSE": b"Permission is hereby granted, free of charge, to any person obtaining a copy of this software",
        "app/node_modules/left-pad/index.js": b"module.exports = leftPad;\n",
        "app/vendor/lib.go": b"package lib\n",
        "app/.git/config": b"[core]\n",
        "app/src/__pycache__/main.cpython-311.pyc": b"\x00\x01binary",
        "app/package-lock.json": b"{}\n",
        "app/dist/app.min.js": b"var a=1;",
        "app/dist/bundle.js": b"!function(){" + b"var x=1;" * 100 + b"}();",
        "app/src/api_pb2.py": b"# generated\n",
        "app/assets/logo.png": b"\x89PNG\r\n",
        "app/data/blob.dat": b"abc\x00def",
        "app/src/latin1.c": "/* caf\u00e9 */\n".encode("latin-1"),
        "app/src/empty.py": b"",
        "app/big.txt": b"x" * 2048,
        "app/src/bom.py": b"\xef\xbb\xbfprint('bom')\n",
        "loose-file.txt": b"not in any repository\n",
    }
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    os.symlink(root / "app" / "src" / "main.py", root / "app" / "src" / "link.py")
    return root


def test_every_skip_reason_is_counted(messy_repo):
    reader = RepoFolderReader(str(messy_repo), max_file_bytes=1024)
    documents = {d.id: d for d in reader.run()}
    assert sorted(documents) == ["app/LICENSE", "app/README.md", "app/src/bom.py", "app/src/main.py", "app/src/util.js"]
    expected = {"vendored": 2, "vcs_metadata": 1, "build_cache": 1, "generated": 4, "binary": 2, "not_utf8": 1,
                "empty": 1, "oversize": 1, "symlink": 1, "outside_repo": 1}
    for reason, count in expected.items():
        assert reader.stats[f"skipped_{reason}"].total == count, reason
    assert reader.stats["skipped"].total == sum(expected.values())
    main = documents["app/src/main.py"]
    assert main.metadata == {"repo": "app", "path": "src/main.py", "language": "python", "license": "MIT",
                             "size_bytes": 30}
    assert documents["app/src/bom.py"].text == "print('bom')\n"


def test_switches_keep_vendored_and_generated_files(messy_repo):
    reader = RepoFolderReader(str(messy_repo), skip_vendored=False, skip_generated=False, max_file_bytes=4096)
    ids = {d.id for d in reader.run()}
    assert {"app/node_modules/left-pad/index.js", "app/package-lock.json", "app/dist/bundle.js"} <= ids


def test_skipped_files_can_be_written_with_their_reason(messy_repo, tmp_path):
    import json

    from datatrove.pipeline.writers.jsonl import JsonlWriter

    reader = RepoFolderReader(str(messy_repo), max_file_bytes=1024,
                              skips_writer=JsonlWriter(str(tmp_path / "skipped"), compression=None))
    list(reader.run())
    rows = [json.loads(line) for path in (tmp_path / "skipped").iterdir() for line in path.read_text().splitlines()]
    by_id = {row["id"]: row["metadata"]["skipped_reason"] for row in rows}
    assert by_id["app:dist/bundle.js"] == "generated"
    assert by_id["app:node_modules/left-pad/index.js"] == "vendored"


def test_bundled_repositories_read_with_language_and_license():
    reader = RepoFolderReader(BUNDLE_REPOS)
    documents = list(reader.run())
    assert len(documents) >= 200
    languages = {d.metadata["language"] for d in documents} - {None}
    assert {"python", "javascript", "typescript", "go", "rust", "ruby", "lua", "php", "c", "c++"} <= languages
    assert all(d.metadata["license"] for d in documents)
    assert len({d.id for d in documents}) == len(documents)
    # the bundle's known generated files are skipped by name or content
    ids = {d.id for d in documents}
    assert "fast-equals/dist/min/index.js" not in ids
    assert "golang-protobuf-ptypes/ptypes/any/any.pb.go" not in ids
    assert reader.stats["skipped_generated"].total >= 10


@pytest.mark.parametrize("world_size", [2, 3])
def test_tasks_split_by_repository_and_together_read_everything(world_size):
    everything = [d.id for d in RepoFolderReader(BUNDLE_REPOS).run()]
    per_task = [[d.id for d in RepoFolderReader(BUNDLE_REPOS).run(None, rank, world_size)] for rank in range(world_size)]
    assert sorted(sum(per_task, [])) == sorted(everything)
    repos_per_task = [{doc_id.split("/")[0] for doc_id in ids} for ids in per_task]
    for first in range(world_size):
        for second in range(first + 1, world_size):
            assert not repos_per_task[first] & repos_per_task[second]


def test_single_repo_mode_and_limit(messy_repo):
    reader = RepoFolderReader(str(messy_repo / "app"), single_repo=True, limit=2)
    documents = list(reader.run())
    assert [d.id for d in documents] == ["app/LICENSE", "app/README.md"]


def test_memory_filesystem_repositories():
    fs = fsspec.filesystem("memory")
    fs.pipe("/repo-test/tool/main.go", b"package main\n\nfunc main() {}\n")
    fs.pipe("/repo-test/tool/vendor/x/x.go", b"package x\n")
    fs.pipe("/repo-test/tool/LICENSE", b"Apache License\nVersion 2.0, January 2004\n")
    reader = RepoFolderReader("memory://repo-test")
    documents = list(reader.run())
    assert [d.id for d in documents] == ["tool/LICENSE", "tool/main.go"]
    document = documents[1]
    assert document.metadata["language"] == "go" and document.metadata["license"] == "Apache-2.0"
    assert reader.stats["skipped_vendored"].total == 1
