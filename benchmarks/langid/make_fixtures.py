"""Pick the small real test fixtures of tests/fixtures/langid/ from the evaluation set.

    .venv/bin/python benchmarks/langid/make_fixtures.py

Up to `PER_LANGUAGE` files per language, 120 B..3 KB, only from packages under a permissive
licence (`PERMISSIVE`, checked by hand against each package's copyright file), chosen by a
hash of package and path so a rebuild picks the same ones. Writes the files under
`tests/fixtures/langid/<language>/` and `tests/fixtures/langid/SOURCES.tsv` (file, package,
path in the package, licence). Languages without a permissively licensed file in the set get
short hand-written samples, kept in `tests/fixtures/langid/handwritten/` and listed as such.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVALSET = Path(__file__).resolve().parent / "data" / "evalset.jsonl"
OUT = ROOT / "tests" / "fixtures" / "langid"
PER_LANGUAGE = 3
MIN_BYTES, MAX_BYTES = 120, 3000

PERMISSIVE = {
    "npm:lodash": "MIT", "npm:express": "MIT", "npm:@openzeppelin/contracts": "MIT",
    "npm:rxjs": "Apache-2.0", "npm:primevue": "MIT", "npm:@capacitor/ios": "MIT",
    "npm:bootstrap": "MIT", "npm:jquery": "MIT", "npm:zod": "MIT", "npm:marked": "MIT",
    "npm:expo-modules-core": "MIT", "npm:elm-test": "BSD-3-Clause", "npm:elm-review": "BSD-3-Clause",
    "npm:elm-spa": "BSD-3-Clause",
    "pypi:requests": "Apache-2.0", "pypi:sqlfluff": "MIT", "pypi:cmdstanpy": "BSD-3-Clause",
    "pypi:prophet": "MIT", "pypi:pythonnet": "MIT", "pypi:rdflib": "BSD-3-Clause",
    "pypi:nbconvert": "BSD-3-Clause", "pypi:nbformat": "BSD-3-Clause", "pypi:sphinx": "BSD-2-Clause",
    "pypi:django": "BSD-3-Clause", "pypi:mkdocs": "BSD-2-Clause", "pypi:black": "MIT",
    "pypi:flask": "BSD-3-Clause",
    "deb:fmtlib": "MIT", "deb:yaml-cpp": "MIT", "deb:tinyxml2": "Zlib", "deb:zlib": "Zlib",
    "deb:jq": "MIT", "deb:lua5.4": "MIT", "deb:nasm": "BSD-2-Clause", "deb:antlr4": "BSD-3-Clause",
    "deb:antlr3": "BSD-3-Clause", "deb:glslang": "BSD-3-Clause", "deb:golang-github-spf13-cobra": "Apache-2.0",
    "deb:golang-testify": "MIT", "deb:golang-github-pkg-errors": "BSD-2-Clause", "deb:groovy": "Apache-2.0",
    "deb:haskell-quickcheck": "BSD-3-Clause", "deb:haskell-aeson": "BSD-3-Clause",
    "deb:libcommons-lang3-java": "Apache-2.0", "deb:tomcat10": "Apache-2.0", "deb:kotlin": "Apache-2.0",
    "deb:swi-prolog": "BSD-2-Clause", "deb:protobuf": "BSD-3-Clause", "deb:racket": "MIT",
    "deb:scala": "BSD-3-Clause", "deb:yosys": "ISC", "deb:tcllib": "TCL", "deb:thrift": "Apache-2.0",
    "deb:php-twig": "BSD-3-Clause", "deb:composer": "MIT", "deb:elixir-lang": "Apache-2.0",
    "deb:lapack": "BSD-3-Clause", "deb:dart": "BSD-2-Clause", "deb:tcsh": "BSD-3-Clause",
    "debbin:agda-stdlib": "MIT", "debbin:libahven11-dev": "ISC", "debbin:cl-alexandria": "MIT",
    "debbin:cl-ppcre": "BSD-2-Clause", "debbin:cl-babel": "MIT", "debbin:erlang-src": "Apache-2.0",
    "debbin:lua-penlight": "MIT", "debbin:r-cran-dplyr": "MIT", "debbin:ruby-rack": "MIT",
    "debbin:ruby-thor": "MIT", "debbin:librust-regex-dev": "MIT OR Apache-2.0",
    "debbin:librust-serde-dev": "MIT OR Apache-2.0", "debbin:docbook-xsl": "MIT",
    "debbin:swig4.0-examples": "SWIG examples licence (copy, modify, distribute without restriction)",
    "debbin:postgresql-15": "PostgreSQL", "debbin:libcub-dev": "BSD-3-Clause",
    "debbin:slib": "SLIB licence (permission to copy, modify, redistribute)",
}
# verilator's test_regress files carry CC0-1.0 headers (the rest of verilator is LGPL-3.0).
PER_FILE = {
    ("deb:verilator", re.compile(r"^test_regress/")): "CC0-1.0",
    # Racket vendors Chez Scheme (Apache-2.0), which vendors zlib (Zlib).
    ("deb:racket", re.compile(r"^src/ChezScheme/zlib/")): "Zlib",
    ("deb:racket", re.compile(r"^src/ChezScheme/")): "Apache-2.0",
}


def licence(package: str, path: str) -> str | None:
    name = package.rsplit("@", 1)[0]
    for (pkg, pattern), spdx in PER_FILE.items():
        if name == pkg and pattern.match(path):
            return spdx
    return PERMISSIVE.get(name)


def _rank(row: dict) -> str:
    return hashlib.sha256(f"{row['package']}\0{row['path']}".encode()).hexdigest()


def main() -> None:
    rows = [json.loads(line) for line in open(EVALSET)]
    chosen: dict[str, list[dict]] = {}
    for row in sorted(rows, key=_rank):
        size = len(row["text"].encode())
        if row["label"] == "unknown" or not MIN_BYTES <= size <= MAX_BYTES:
            continue
        if licence(row["package"], row["path"]) is None:
            continue
        picked = chosen.setdefault(row["label"], [])
        if len(picked) < PER_LANGUAGE and all(p["package"] != row["package"] or len(picked) >= 2 for p in picked):
            picked.append(row)
    lines = ["file\tpackage\tpath_in_package\tlicence"]
    for language in sorted(chosen):
        folder = OUT / language
        folder.mkdir(parents=True, exist_ok=True)
        for row in chosen[language]:
            name = row["sha256"][:10] + "_" + Path(row["path"]).name
            (folder / name).write_text(row["text"])
            lines.append(f"{language}/{name}\t{row['package']}\t{row['path']}\t{licence(row['package'], row['path'])}")
    (OUT / "SOURCES.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} fixtures for {len(chosen)} languages -> {OUT}")


if __name__ == "__main__":
    main()
