"""Exact dedup: identical texts dropped across tasks, the first copy kept, any worker count."""
from __future__ import annotations

import gzip
import json
import random

import pytest
from dedup_helpers import folder_bytes, read_folder, stdlib_python_files, write_shards

from recipec.runtime.processing.dedup.exact import exact_dedup_stages
from recipec.runtime.processing.dedup.stages import jsonl_writer, run_locally


def _run(base, tasks=3, workers=1, finder_tasks=1, input_folder=None):
    stages = exact_dedup_stages(
        str(input_folder or base / "in"),
        str(base / "out"),
        str(base / "work"),
        tasks=tasks,
        finder_tasks=finder_tasks,
        exclusion_writer=jsonl_writer(str(base / "removed")),
    )
    run_locally(stages, str(base / "logs"), workers=workers)
    return read_folder(base / "out"), read_folder(base / "removed")


@pytest.fixture(scope="module")
def corpus():
    """90 real files and 60 copies of some of them (and a near-copy that must stay)."""
    texts = stdlib_python_files(90)
    rng = random.Random(5)
    docs = [{"id": f"o{i}", "text": t} for i, t in enumerate(texts)]
    for k in range(60):
        docs.append({"id": f"c{k}", "text": texts[rng.randrange(30)]})
    docs.append({"id": "near", "text": texts[0] + " "})
    rng.shuffle(docs)
    return docs


def test_every_text_survives_exactly_once_as_its_first_copy(corpus, tmp_path):
    write_shards(tmp_path / "in", corpus, shards=3)
    kept, removed = _run(tmp_path)
    assert len(kept) + len(removed) == len(corpus)
    assert sorted(d["text"] for d in kept) == sorted({d["text"] for d in corpus})
    first_ids = {}
    for doc in corpus:  # shards are contiguous slices, so corpus order is (task, position) order
        first_ids.setdefault(doc["text"], doc["id"])
    assert {d["id"] for d in kept} == set(first_ids.values())
    assert "near" in {d["id"] for d in kept}


def test_duplicate_counts_are_recorded(corpus, tmp_path):
    write_shards(tmp_path / "in", corpus, shards=3)
    kept, _ = _run(tmp_path)
    copies = {}
    for doc in corpus:
        copies[doc["text"]] = copies.get(doc["text"], 0) + 1
    for doc in kept:
        assert doc["metadata"]["duplicate_count"] == copies[doc["text"]] - 1


@pytest.mark.parametrize("workers,finder_tasks", [(2, 1), (1, 3), (2, 2)])
def test_output_does_not_depend_on_workers_or_finder_tasks(corpus, tmp_path, workers, finder_tasks):
    write_shards(tmp_path / "in", corpus, shards=3)
    _run(tmp_path / "a", input_folder=tmp_path / "in")
    _run(tmp_path / "b", workers=workers, finder_tasks=finder_tasks, input_folder=tmp_path / "in")
    assert folder_bytes(tmp_path / "a" / "out") == folder_bytes(tmp_path / "b" / "out")
    assert folder_bytes(tmp_path / "a" / "removed") == folder_bytes(tmp_path / "b" / "removed")


def test_a_copy_in_an_earlier_task_wins_over_an_earlier_position(tmp_path):
    # the text is at position 5 of task 0 and at position 0 of task 1: task 0's copy is first
    text = stdlib_python_files(1)[0]
    filler = [{"id": f"f{i}", "text": f"filler {i}"} for i in range(5)]
    shards = [filler + [{"id": "late-in-task-0", "text": text}], [{"id": "first-in-task-1", "text": text}]]
    (tmp_path / "in").mkdir()
    for k, docs in enumerate(shards):
        with gzip.open(tmp_path / "in" / f"part{k:02d}.jsonl.gz", "wt") as f:
            f.writelines(json.dumps(d) + "\n" for d in docs)
    kept, removed = _run(tmp_path, tasks=2)
    assert [d["id"] for d in removed] == ["first-in-task-1"]
    assert "late-in-task-0" in {d["id"] for d in kept}


def test_too_many_tasks_are_refused():
    from datatrove.data import Document

    from recipec.runtime.processing.dedup.exact import FirstInTaskOrder, exact_dedup_config

    step = FirstInTaskOrder("memory://sigs", config=exact_dedup_config())
    with pytest.raises(ValueError, match="at most 65534 tasks"):
        step.run(iter([Document(text="x", id="0")]), rank=0, world_size=70_000)


def test_a_task_without_input_is_harmless(tmp_path):
    texts = stdlib_python_files(4)
    write_shards(tmp_path / "in", [{"id": str(i), "text": t} for i, t in enumerate(texts + texts)], shards=2)
    kept, removed = _run(tmp_path, tasks=3)
    assert sorted(d["id"] for d in kept) == ["0", "1", "2", "3"]
    assert len(removed) == 4
