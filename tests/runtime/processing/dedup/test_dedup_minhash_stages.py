"""The four MinHash stages end to end on real code with planted near-duplicates."""
from __future__ import annotations

import json
import struct

import pytest
from dedup_helpers import folder_bytes, read_folder, stdlib_python_files, write_shards

from recipec.runtime.processing.dedup.minhash import MinhashParams, minhash_stages
from recipec.runtime.processing.dedup.minhash_clusters import MinhashClustersKeepFirst, read_cluster_sizes
from recipec.runtime.processing.dedup.quality import (
    clusters_to_flags,
    datasketch_clusters,
    plant_near_duplicates,
    score,
    true_pairs,
)
from recipec.runtime.processing.dedup.stages import jsonl_writer, run_locally

PARAMS = MinhashParams(ngram=5, bands=14, rows=8, seed=1)


def _run(tmp_path, name, docs, workers=1, tasks=2, params=PARAMS):
    base = tmp_path / name
    write_shards(base / "in", docs, shards=tasks)
    stages = minhash_stages(
        str(base / "in"),
        str(base / "out"),
        str(base / "work"),
        params,
        tasks=tasks,
        exclusion_writer=jsonl_writer(str(base / "removed")),
    )
    run_locally(stages, str(base / "logs"), workers=workers)
    return base


def _flagged(base) -> set[int]:
    kept = read_folder(base / "out")
    removed = read_folder(base / "removed")
    return {int(d["id"]) for d in removed} | {
        int(d["id"]) for d in kept if d["metadata"]["minhash_cluster_size"] > 1
    }


@pytest.fixture(scope="module")
def planted():
    return plant_near_duplicates(stdlib_python_files(240), seed=0, share=0.3)


@pytest.fixture(scope="module")
def planted_run(planted, tmp_path_factory):
    docs = [{"id": str(i), "text": t} for i, t in enumerate(planted.texts)]
    return _run(tmp_path_factory.mktemp("minhash"), "planted", docs)


def test_precision_and_recall_match_datasketch(planted, planted_run):
    truth = true_pairs(planted.texts, 5, threshold=0.7)
    ours = score(_flagged(planted_run), truth)
    reference = score(clusters_to_flags(datasketch_clusters(planted.texts, 5, 14, 8, seed=1)), truth)
    assert ours.truly_duplicated > 100
    assert ours.precision >= 0.9 and ours.recall >= 0.9, ours
    assert abs(ours.precision - reference.precision) <= 0.05, (ours, reference)
    assert abs(ours.recall - reference.recall) <= 0.05, (ours, reference)


def test_light_edits_are_found_and_heavy_edits_are_not(planted, planted_run):
    flagged = _flagged(planted_run)
    light = [v for v, _, strength in planted.planted if strength == "light"]
    heavy = [v for v, _, strength in planted.planted if strength == "heavy"]
    assert sum(v in flagged for v in light) / len(light) >= 0.98
    # heavy variants keep ~50% of their shingles: found only through other members of a cluster
    assert sum(v in flagged for v in heavy) / len(heavy) <= 0.5


def test_one_document_per_cluster_survives_and_sizes_are_recorded(planted_run):
    kept = read_folder(planted_run / "out")
    removed = read_folder(planted_run / "removed")
    summary = read_cluster_sizes(str(planted_run / "work" / "clusters"))
    assert summary["to_remove"] == len(removed) > 0
    assert summary["documents_in_clusters"] - summary["clusters"] == len(removed)
    assert sum(int(size) * n for size, n in summary["histogram"].items()) == summary["documents_in_clusters"]
    survivors = [d for d in kept if d["metadata"]["minhash_cluster_size"] > 1]
    assert len(survivors) == summary["clusters"]


def test_exact_copies_keep_the_first_in_task_order(tmp_path):
    texts = stdlib_python_files(12)
    docs = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    # copies of document 3 later in shard 0 and in shard 1; shard 1 also starts with a copy of 7
    docs = docs[:6] + [{"id": "c3a", "text": texts[3]}] + [{"id": "c7", "text": texts[7]}] + docs[6:] + [
        {"id": "c3b", "text": texts[3]}
    ]
    base = _run(tmp_path, "copies", docs)
    removed = {d["id"] for d in read_folder(base / "removed")}
    assert removed == {"c3a", "c3b", "7"}  # "c7" (shard 0) comes before "7" (shard 1)
    kept = {d["id"]: d for d in read_folder(base / "out")}
    assert kept["3"]["metadata"]["minhash_cluster_size"] == 3
    assert kept["0"]["metadata"]["minhash_cluster_size"] == 1


def test_short_documents_pass_through(tmp_path):
    docs = [{"id": "a", "text": "x = 1"}, {"id": "b", "text": "x = 1"}, {"id": "c", "text": stdlib_python_files(1)[0]}]
    base = _run(tmp_path, "short", docs, tasks=1)
    assert [d["id"] for d in read_folder(base / "out")] == ["a", "b", "c"]


def test_output_is_byte_identical_for_any_worker_count(planted, tmp_path):
    docs = [{"id": str(i), "text": t} for i, t in enumerate(planted.texts[:200])]
    one = _run(tmp_path, "w1", docs, workers=1)
    two = _run(tmp_path, "w2", docs, workers=2)
    assert folder_bytes(one / "out") == folder_bytes(two / "out")
    assert folder_bytes(one / "work" / "clusters") == folder_bytes(two / "work" / "clusters")
    assert folder_bytes(one / "removed")  # something was removed


def _write_dups(folder, name, pairs):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"".join(struct.pack("<4I", *p) for p in pairs))


@pytest.mark.parametrize("order", [0, 1])
def test_clusters_keep_the_smallest_member_whatever_the_pair_order(tmp_path, order):
    pairs = [[(1, 2, 0, 5), (0, 5, 0, 3)], [(0, 3, 1, 9), (1, 4, 1, 6)]]
    if order:
        pairs = [list(reversed(p)) for p in reversed(pairs)]
    dups, out = tmp_path / "dups", tmp_path / "clusters"
    _write_dups(dups, "00000_00.dups", pairs[0])
    _write_dups(dups, "00001_00.dups", pairs[1])
    MinhashClustersKeepFirst(str(dups), str(out), input_tasks=3).run()
    remove = {}
    for task in range(3):
        data = (out / f"{task:06d}.remove").read_bytes()
        remove[task] = struct.unpack(f"<{len(data) // 4}I", data)
    # clusters {(0,3),(0,5),(1,2),(1,9)} keeps (0,3); {(1,4),(1,6)} keeps (1,4)
    assert remove == {0: (5,), 1: (2, 6, 9), 2: ()}
    sizes = (out / "000001.sizes").read_bytes()
    assert [struct.unpack("<2I", sizes[i : i + 8]) for i in range(0, len(sizes), 8)] == [(2, 4), (4, 2), (6, 2), (9, 4)]
    summary = json.loads((out / "cluster_sizes.json").read_text())
    assert summary == {
        "clusters": 2, "documents_in_clusters": 6, "to_remove": 4, "largest": 4, "histogram": {"2": 1, "4": 1}
    }


def test_parameters_are_checked():
    with pytest.raises(ValueError, match="bands"):
        MinhashParams(bands=0)
    assert 0.68 < MinhashParams(bands=14, rows=8).threshold < 0.69


def test_a_task_without_input_is_harmless(tmp_path):
    texts = stdlib_python_files(6)
    docs = [{"id": str(i), "text": t} for i, t in enumerate(texts + texts[:2])]
    write_shards(tmp_path / "in", docs, shards=2)
    stages = minhash_stages(str(tmp_path / "in"), str(tmp_path / "out"), str(tmp_path / "work"), PARAMS, tasks=3)
    run_locally(stages, str(tmp_path / "logs"))
    assert sorted(d["id"] for d in read_folder(tmp_path / "out")) == [str(i) for i in range(6)]
