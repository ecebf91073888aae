"""Decontamination end to end: real code with planted benchmark text, counted per benchmark."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from datatrove.data import Document
from datatrove.pipeline.decont.n_grams import NGramsDecontFilter

sys.path.insert(0, str(Path(__file__).parent / "dedup"))
from dedup_helpers import read_folder, stdlib_python_files, write_shards  # noqa: E402

from recipec.runtime.processing.decontamination import (  # noqa: E402
    BenchmarkDataError,
    BenchmarkSource,
    BuildDecontIndex,
    DecontaminationFilter,
    decontamination_stages,
    drops_per_benchmark,
    read_index_summary,
)
from recipec.runtime.processing.decontamination.index import decont_config  # noqa: E402
from recipec.runtime.processing.decontamination.sources import load_records  # noqa: E402
from recipec.runtime.processing.dedup.shingles import WhitespaceWordTokenizer  # noqa: E402
from recipec.runtime.processing.dedup.stages import jsonl_writer, run_locally  # noqa: E402

MBPP = [
    {
        "text": "Write a function to find the shared elements from the given two lists.",
        "code": "def similar_elements(test_tup1, test_tup2):\n  res = tuple(set(test_tup1) & set(test_tup2))\n  return (res)",
        "test_list": ["assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))"],
    }
]


@pytest.fixture(scope="module")
def humaneval():
    return load_records(BenchmarkSource("humaneval", builtin=True))


@pytest.fixture
def mbpp_file(tmp_path):
    path = tmp_path / "mbpp.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in MBPP))
    return path


def _corpus(humaneval):
    """Real stdlib files; some with a HumanEval solution or an MBPP prompt pasted in."""
    clean = stdlib_python_files(60)
    docs = [{"id": f"clean{i}", "text": t} for i, t in enumerate(clean)]
    problem = humaneval[12]
    docs.insert(5, {"id": "he-solution", "text": clean[0] + "\n\n" + problem["prompt"] + problem["canonical_solution"]})
    docs.insert(20, {"id": "he-docstring", "text": "# notes\n" + problem["prompt"].split('"""')[1] + "\n" + clean[1]})
    docs.insert(40, {"id": "mbpp-prompt", "text": f"# Task: {MBPP[0]['text']}\n" + clean[2]})
    # a HumanEval test with a list of ten numbers, alone, must not count (see index.py)
    docs.append({"id": "numbers", "text": "def test():\n    assert f([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == 55\n"})
    return docs


def test_planted_benchmark_text_is_dropped_and_counted(humaneval, mbpp_file, tmp_path):
    docs = _corpus(humaneval)
    write_shards(tmp_path / "in", docs, shards=2)
    sources = [BenchmarkSource("humaneval", builtin=True), BenchmarkSource("mbpp", path=str(mbpp_file))]
    stages = decontamination_stages(
        str(tmp_path / "in"), str(tmp_path / "out"), str(tmp_path / "work"), sources, ngram=10, tasks=2,
        exclusion_writer=jsonl_writer(str(tmp_path / "removed")),
    )
    run_locally(stages, str(tmp_path / "logs"), workers=1)
    removed = {d["id"]: d["metadata"] for d in read_folder(tmp_path / "removed")}
    assert set(removed) == {"he-solution", "he-docstring", "mbpp-prompt"}
    assert removed["he-solution"]["contaminated_task"] == "humaneval"
    assert removed["mbpp-prompt"]["contaminated_task"] == "mbpp"
    assert removed["mbpp-prompt"]["filter_reason"] == "contaminated_mbpp"
    assert len(removed["he-docstring"]["contaminated_ngram"].split()) == 10
    assert len(read_folder(tmp_path / "out")) == len(docs) - 3
    stats = json.loads((tmp_path / "logs" / "decont_filter" / "stats.json").read_text())
    assert drops_per_benchmark(stats) == {"humaneval": 2, "mbpp": 1}
    summary = read_index_summary(str(tmp_path / "work" / "index"))
    assert summary["ngram"] == 10
    assert summary["benchmarks"]["humaneval"]["records"] == 164
    assert summary["benchmarks"]["humaneval"]["number_heavy_ngrams_skipped"] > 0


def test_index_files_are_what_datatrove_loads(tmp_path):
    BuildDecontIndex(str(tmp_path), [BenchmarkSource("humaneval", builtin=True)], ngram=10).run()
    hashes = np.fromfile(tmp_path / "humaneval.index.hashes", dtype="<u8")
    assert hashes.size > 10_000
    assert np.all(hashes[1:] > hashes[:-1])  # sorted and distinct
    stock = NGramsDecontFilter(str(tmp_path), config=decont_config(10), language=WhitespaceWordTokenizer())
    stock.load_index_hashes()
    assert set(stock._index_hashes.values()) == {"humaneval"}
    assert len(stock._index_hashes) == hashes.size


def test_same_decisions_as_datatrove_stock_filter(humaneval, tmp_path):
    BuildDecontIndex(str(tmp_path), [BenchmarkSource("humaneval", builtin=True)], ngram=10).run()
    ours = DecontaminationFilter(str(tmp_path), ngram=10)
    stock = NGramsDecontFilter(str(tmp_path), config=decont_config(10), language=WhitespaceWordTokenizer())
    docs = [d["text"] for d in _corpus(humaneval)] + stdlib_python_files(200, min_bytes=200)
    decisions = []
    for text in docs:
        a, b = Document(text=text, id="a"), Document(text=text, id="b")
        mine, theirs = ours.filter(a), stock.filter(b)
        assert (mine is True) == (theirs is True)
        if mine is not True:
            assert a.metadata["contaminated_ngram"] == b.metadata["contaminated_ngram"]
        decisions.append(mine is True)
    assert decisions.count(False) >= 2


def test_missing_benchmark_fails_when_the_stages_are_built(tmp_path):
    with pytest.raises(BenchmarkDataError, match="benchmark `gsm8k` has no data"):
        decontamination_stages("in", "out", str(tmp_path), [BenchmarkSource("gsm8k")])
    with pytest.raises(ValueError, match="named twice"):
        decontamination_stages("in", "out", str(tmp_path), [BenchmarkSource("humaneval", builtin=True)] * 2)
