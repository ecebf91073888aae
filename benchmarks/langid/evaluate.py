"""Accuracy of language identification on the labelled evaluation set, per language.

    .venv/bin/python benchmarks/langid/evaluate.py [--set benchmarks/langid/data/evalset.jsonl]

Three systems on the same files: magika alone (its public `identify_bytes`, output label mapped
with `MAGIKA_TO_LANGUAGE`), ours on content only (no path), and ours with the file's path. A
file labelled `unknown` (a format outside the 92) counts as right when the answer is None.
Returns the rows for `bench_langid.py`, which writes benchmarks/results/langid.md.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from recipec.runtime.langid import LanguageIdentifier
from recipec.runtime.langid.magika_labels import language_of_magika_label

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "evalset.jsonl"
TOP = 20


def load(path: Path) -> list[dict]:
    if not path.exists():
        raise SystemExit(f"error: {path} not found\n  = help: build it first: "
                         f".venv/bin/python benchmarks/langid/build_eval_set.py")
    with open(path) as f:
        return [json.loads(line) for line in f]


def magika_alone(rows: list[dict]) -> list[str | None]:
    from magika import Magika

    model = Magika()
    return [language_of_magika_label(str(model.identify_bytes(r["text"].encode()).output.label)) for r in rows]


def ours(rows: list[dict], with_paths: bool, identifier: LanguageIdentifier | None = None):
    identifier = identifier or LanguageIdentifier()
    texts = [r["text"] for r in rows]
    paths = [r["path"] for r in rows] if with_paths else None
    return identifier.identify_batch(texts, paths)


def _truth(row: dict) -> str | None:
    return None if row["label"] == "unknown" else row["label"]


def per_language(rows: list[dict], predictions: list[str | None]) -> dict[str, tuple[int, int]]:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, predicted in zip(rows, predictions):
        cell = table[row["label"]]
        cell[0] += predicted == _truth(row)
        cell[1] += 1
    return {label: (right, total) for label, (right, total) in table.items()}


def top_languages(rows: list[dict], n: int = TOP) -> list[str]:
    counts = Counter(r["label"] for r in rows if r["label"] != "unknown")
    return sorted(counts, key=lambda label: (-counts[label], label))[:n]


def confusions(rows: list[dict], predictions: list[str | None], n: int = 25) -> list[tuple[str, str, int]]:
    pairs = Counter((r["label"], str(p)) for r, p in zip(rows, predictions) if p != _truth(r))
    return [(truth, guess, k) for (truth, guess), k in pairs.most_common(n)]


def evaluate(rows: list[dict]) -> dict:
    identifier = LanguageIdentifier()
    content = ours(rows, False, identifier)
    with_paths = ours(rows, True, identifier)
    baseline = magika_alone(rows)
    return {
        "magika": per_language(rows, baseline),
        "content": per_language(rows, [g.language for g in content]),
        "paths": per_language(rows, [g.language for g in with_paths]),
        "layers_content": Counter(g.layer.value for g in content),
        "layers_paths": Counter(g.layer.value for g in with_paths),
        "confusions_content": confusions(rows, [g.language for g in content]),
        "confusions_magika": confusions(rows, baseline),
        "top": top_languages(rows),
        "files": len(rows),
    }


def pooled(table: dict[str, tuple[int, int]], labels) -> float:
    right = sum(table[label][0] for label in labels if label in table)
    total = sum(table[label][1] for label in labels if label in table)
    return right / total if total else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    args = parser.parse_args()
    result = evaluate(load(args.set))
    languages = [label for label in result["content"] if label != "unknown"]
    for name in ("magika", "content", "paths"):
        print(f"{name:8} top-{TOP}: {pooled(result[name], result['top']):.4f}  all: {pooled(result[name], languages):.4f}")
    for truth, guess, k in result["confusions_content"]:
        print(f"  {truth:>22} -> {guess:<22} {k}")


if __name__ == "__main__":
    main()
