"""Packed shards: concat and whole packing, boundaries, loss masks, the reader, byte identity."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recipec.runtime.packing import SequencePacker, ShardError, ShardSet, ShardWriter

PAD = 99


def _pack(folder, documents, *, seq_len=16, mode="concat", losses=None, loss_mask=False, vocab_size=100, **options):
    writer = ShardWriter(folder, seq_len=seq_len, vocab_size=vocab_size, pad_id=PAD, eos_id=0, loss_mask=loss_mask,
                         sequences_per_shard=options.pop("sequences_per_shard", 3))
    packer = SequencePacker(writer, mode=mode, **options)
    for index, ids in enumerate(documents):
        packer.add(np.asarray(ids, np.uint32), None if losses is None else np.asarray(losses[index], np.uint8))
    writer.close(dict(packer.close()))
    return ShardSet(folder)


def _documents(rng, count, low=1, high=40):
    # ids 1..98 inside, 0 (eos) last: like encoded documents
    return [[*rng.integers(1, PAD, size=rng.integers(low, high)).tolist(), 0] for _ in range(count)]


def test_concat_keeps_every_token_in_order_with_boundaries(tmp_path):
    documents = _documents(np.random.default_rng(0), 50)
    shards = _pack(tmp_path, documents)
    flat = np.concatenate([s.tokens for s in shards])
    total = sum(map(len, documents))
    assert np.array_equal(flat[:total], np.concatenate(documents))
    assert (flat[total:] == PAD).all() and len(flat) - total < 16
    # every document start is a segment start, and nothing else is (besides sequence starts and padding)
    starts = {i * 16 + int(p) for i, s in enumerate(shards) for p in s.starts}
    document_starts = set(np.cumsum([0] + [len(d) for d in documents[:-1]]).tolist())
    sequence_starts = set(range(0, len(flat), 16))
    assert document_starts <= starts <= document_starts | sequence_starts | {total}
    assert shards.index.stats["documents"] == 50 and len(shards.index.shards) == -(-len(shards) // 3)


def test_whole_mode_never_cuts_a_document(tmp_path):
    documents = _documents(np.random.default_rng(1), 60, high=15)
    shards = _pack(tmp_path, documents, mode="whole")
    seen = []
    for sequence in shards:
        bounds = [*sequence.starts, 16]
        for begin, end in zip(bounds, bounds[1:]):
            segment = sequence.tokens[begin:end].tolist()
            if set(segment) != {PAD}:
                seen.append(segment)
    assert seen == documents


def test_whole_mode_overlong_documents(tmp_path):
    documents = [list(range(1, 30)) + [0], [5, 0]]
    truncated = _pack(tmp_path / "t", documents, mode="whole")
    assert truncated[0].tokens.tolist() == list(range(1, 17))
    assert truncated.index.stats["truncated_documents"] == 1
    dropped = _pack(tmp_path / "d", documents, mode="whole", overlong="drop")
    assert len(dropped) == 1 and dropped[0].tokens[:2].tolist() == [5, 0]
    assert dropped.index.stats["dropped_overlong_documents"] == 1


def test_tail_can_be_dropped(tmp_path):
    shards = _pack(tmp_path, [list(range(1, 21))], tail="drop")
    assert len(shards) == 1 and shards.index.stats["dropped_tail_tokens"] == 4


def test_sft_loss_mask_survives_packing(tmp_path):
    documents = [[1, 2, 3, 4, 5, 0], [6, 7, 8, 0], [9, 10, 11, 12, 13, 14, 0]]
    losses = [[0, 0, 1, 1, 1, 1], [0, 1, 1, 1], [0, 0, 0, 1, 1, 1, 1]]
    shards = _pack(tmp_path, documents, seq_len=8, mode="whole", losses=losses, loss_mask=True)
    rows = [(s.tokens.tolist(), s.loss_mask.tolist()) for s in shards]
    assert rows == [
        ([1, 2, 3, 4, 5, 0, PAD, PAD], [0, 0, 1, 1, 1, 1, 0, 0]),
        ([6, 7, 8, 0, PAD, PAD, PAD, PAD], [0, 1, 1, 1, 0, 0, 0, 0]),
        ([9, 10, 11, 12, 13, 14, 0, PAD], [0, 0, 0, 1, 1, 1, 1, 0]),
    ]


def test_attention_helpers(tmp_path):
    shards = _pack(tmp_path, [[1, 2, 3, 0], [4, 5, 0], [6, 0]], seq_len=12)
    sequence = shards[0]
    assert sequence.starts.tolist() == [0, 4, 7, 9]
    assert sequence.segment_ids().tolist() == [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3]
    assert sequence.position_ids().tolist() == [0, 1, 2, 3, 0, 1, 2, 0, 1, 0, 1, 2]
    assert sequence.cu_seqlens().tolist() == [0, 4, 7, 9, 12]


def test_small_vocabularies_use_uint16(tmp_path):
    small = _pack(tmp_path / "s", [[1, 2, 0]], vocab_size=100)
    large = _pack(tmp_path / "l", [[1, 2, 0]], vocab_size=151_665)
    assert small.index.dtype == "uint16" and large.index.dtype == "uint32"
    assert (tmp_path / "s/shard-00000.tokens.bin").stat().st_size == 32
    assert (tmp_path / "l/shard-00000.tokens.bin").stat().st_size == 64


@settings(max_examples=40, deadline=None)
@given(lengths=st.lists(st.integers(1, 50), min_size=1, max_size=40), seq_len=st.sampled_from([8, 16, 64]),
       mode=st.sampled_from(["concat", "whole"]))
def test_identical_input_gives_identical_bytes(tmp_path_factory, lengths, seq_len, mode):
    rng = np.random.default_rng(len(lengths))
    documents = [rng.integers(1, PAD, size=n).tolist() for n in lengths]

    def digest():
        folder = tmp_path_factory.mktemp("run")
        _pack(folder, documents, seq_len=seq_len, mode=mode, loss_mask=True)
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}

    assert digest() == digest()


def test_reader_refuses_incomplete_or_damaged_sets(tmp_path):
    _pack(tmp_path, _documents(np.random.default_rng(2), 10))
    (tmp_path / "shard-00000.tokens.bin").write_bytes(b"\0" * 10)
    with pytest.raises(ShardError, match="shard-00000.tokens.bin: 10 bytes, expected 96; the shard is damaged"):
        ShardSet(tmp_path)
    (tmp_path / "shards.json").unlink()
    with pytest.raises(ShardError, match="is not a complete shard set: shards.json is missing"):
        ShardSet(tmp_path)


def test_reopening_a_folder_clears_what_an_earlier_write_left(tmp_path):
    _pack(tmp_path, _documents(np.random.default_rng(3), 40))
    assert (tmp_path / "shard-00002.tokens.bin").exists()
    writer = ShardWriter(tmp_path, seq_len=16, vocab_size=100, pad_id=PAD)
    assert not (tmp_path / "shards.json").exists() and not (tmp_path / "shard-00002.tokens.bin").exists()
    writer.close()
    assert len(ShardSet(tmp_path)) == 0


def test_out_of_vocabulary_ids_are_refused(tmp_path):
    writer = ShardWriter(tmp_path, seq_len=4, vocab_size=100, pad_id=PAD)
    with pytest.raises(ShardError, match="token id 100 is outside the vocabulary"):
        writer.write(np.array([1, 2, 3, 100], np.uint32), [0])


def test_index_is_stable_json(tmp_path):
    _pack(tmp_path, [[1, 2, 0]])
    document = json.loads((tmp_path / "shards.json").read_text())
    assert document["format"] == "recipec-packed-shards" and document["version"] == 1
    assert document["shards"] == [{"documents": 1, "name": "shard-00000", "pad_tokens": 13, "sequences": 1}]


def test_batches(tmp_path):
    shards = _pack(tmp_path, _documents(np.random.default_rng(4), 30))
    batches = list(shards.batches(4))
    assert [b.shape for b in batches[:-1]] == [(4, 16)] * (len(batches) - 1)
    assert np.array_equal(np.concatenate(batches), np.stack([s.tokens for s in shards]))
    assert len(list(shards.batches(4, drop_last=True))) == len(shards) // 4
