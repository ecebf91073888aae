"""The repo-level sample: Qwen2.5-Coder's format, FIM on the last file, file order."""
from __future__ import annotations

import pytest

from recipec.runtime.fim import FimConfig, FimError, RepoFile, RepoFormat, RepoLevel, order_files

FILES = [
    RepoFile("pkg/b.py", "from pkg import a\nprint(a.X)\n", "python"),
    RepoFile("pkg/a.py", "from .c import Y\nX = Y + 1\n", "python"),
    RepoFile("pkg/c.py", "Y = 41\n", "python"),
    RepoFile("main.py", "import pkg.b\n", "python"),
]


def test_path_order_without_fim_is_the_documented_text(qwen25_encoder):
    repo = RepoLevel(qwen25_encoder, RepoFormat(order="path"), FimConfig(rate=0.0))
    expected = ("<|repo_name|>acme/demo\n"
                "<|file_sep|>main.py\nimport pkg.b\n\n"
                "<|file_sep|>pkg/a.py\nfrom .c import Y\nX = Y + 1\n\n"
                "<|file_sep|>pkg/b.py\nfrom pkg import a\nprint(a.X)\n\n"
                "<|file_sep|>pkg/c.py\nY = 41\n"
                "<|endoftext|>")
    assert repo.text("acme/demo", FILES, "acme/demo") == expected
    [ids] = repo.encode([("acme/demo", FILES)], ["acme/demo"])
    assert qwen25_encoder.decode(ids) == expected
    assert [int(i) for i in ids if i >= 151643] == [151663, 151664, 151664, 151664, 151664, 151643]


def test_fim_goes_on_the_last_file(qwen25_encoder):
    repo = RepoLevel(qwen25_encoder, RepoFormat(order="dependency"), FimConfig(rate=1.0, spm_rate=0.0, seed=1))
    text = repo.text("acme/demo", FILES, "acme/demo")
    head, last = text.split("<|file_sep|>main.py\n")
    assert head.startswith("<|repo_name|>acme/demo\n<|file_sep|>pkg/c.py\nY = 41\n\n<|file_sep|>pkg/a.py\n")
    assert last.startswith("<|fim_prefix|>") and last.endswith("<|endoftext|>")
    prefix, rest = last[len("<|fim_prefix|>"):].split("<|fim_suffix|>")
    suffix, middle = rest[:-len("<|endoftext|>")].split("<|fim_middle|>")
    assert prefix + middle + suffix == "import pkg.b\n"
    [ids] = repo.encode([("acme/demo", FILES)], ["acme/demo"])
    assert qwen25_encoder.decode(ids) == text
    assert [int(i) for i in ids if i >= 151643][-4:] == [151659, 151661, 151660, 151643]


def test_dependency_order_puts_imports_first():
    order = [f.path for f in order_files(FILES, "dependency")]
    assert order == ["pkg/c.py", "pkg/a.py", "pkg/b.py", "main.py"]
    assert [f.path for f in order_files(FILES, "path")] == ["main.py", "pkg/a.py", "pkg/b.py", "pkg/c.py"]


def test_dependency_order_across_languages_and_cycles():
    files = [
        RepoFile("src/app.ts", "import { util } from './lib/util'\nconst c = require('../conf')\n"),
        RepoFile("src/lib/util.ts", "export const util = 1\n"),
        RepoFile("conf.js", "module.exports = {}\n"),
        RepoFile("inc/a.h", '#include "b.h"\n'),
        RepoFile("inc/b.h", '#include "a.h"\n'),  # a cycle: the smaller path goes first
        RepoFile("src/main.rs", "mod parser;\nfn main() {}\n"),
        RepoFile("src/parser.rs", "pub fn parse() {}\n"),
        RepoFile("App.java", "import com.acme.Util;\nclass App {}\n"),
        RepoFile("com/acme/Util.java", "package com.acme;\nclass Util {}\n"),
    ]
    order = [f.path for f in order_files(files, "dependency")]
    assert order.index("src/lib/util.ts") < order.index("src/app.ts")
    assert order.index("conf.js") < order.index("src/app.ts")
    assert order.index("inc/a.h") < order.index("inc/b.h")
    assert order.index("src/parser.rs") < order.index("src/main.rs")
    assert order.index("com/acme/Util.java") < order.index("App.java")
    assert sorted(order) == sorted(f.path for f in files)


def test_repo_fim_is_deterministic_per_repository(qwen25_encoder):
    repo = RepoLevel(qwen25_encoder, RepoFormat(), FimConfig(rate=0.5, seed=3))
    texts = [repo.text(f"r{i}", FILES, f"r{i}") for i in range(40)]
    again = RepoLevel(qwen25_encoder, RepoFormat(), FimConfig(rate=0.5, seed=3))
    assert texts == [again.text(f"r{i}", FILES, f"r{i}") for i in range(40)]
    with_fim = sum("<|fim_prefix|>" in text for text in texts)
    assert 8 < with_fim < 32


def test_duplicate_paths_and_unknown_orders_are_refused(qwen25_encoder):
    repo = RepoLevel(qwen25_encoder)
    with pytest.raises(FimError, match="lists the file `a.py` twice"):
        repo.text("r", [RepoFile("a.py", ""), RepoFile("a.py", "x")], "r")
    with pytest.raises(FimError, match="order `random` is unknown"):
        RepoFormat(order="random")


def test_repo_template_with_unknown_sentinel(qwen25_encoder):
    with pytest.raises(FimError) as raised:
        RepoLevel(qwen25_encoder, RepoFormat(header="<|reponame|>{repo_name}\n"))
    assert str(raised.value).startswith("repo-level header template `<|reponame|>{repo_name}\\n` uses `<|reponame|>`")


def test_max_files_keeps_the_first_in_order(qwen25_encoder):
    repo = RepoLevel(qwen25_encoder, RepoFormat(order="dependency", max_files=2), FimConfig(rate=0.0))
    text = repo.text("r", FILES, "r")
    assert text == "<|repo_name|>r\n<|file_sep|>pkg/c.py\nY = 41\n\n<|file_sep|>pkg/a.py\nfrom .c import Y\nX = Y + 1\n<|endoftext|>"
    assert repo.stats["files_over_max_files"] == 2


def test_fim_pieces_stay_apart_from_template_text(qwen25_encoder):
    odd = FimConfig(rate=1.0, spm_rate=0.0, seed=4, psm="{prefix}<|fim_suffix|>{suffix}<|fim_middle|>{middle}")
    repo = RepoLevel(qwen25_encoder, RepoFormat(), odd)
    segments = repo.segments("r", [RepoFile("a.py", "def f():\n    return 1\n")], "r")
    sample = repo.splitter.sample("def f():\n    return 1\n", "r")  # the same draw again
    assert segments[:3] == [151663, "r\n", 151664]
    assert segments[3] == "a.py\n" and segments[4] == sample.prefix
