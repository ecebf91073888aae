"""The encode-and-pack loop: input order kept, batch size irrelevant, held-out split beside."""
from __future__ import annotations

import hashlib

import numpy as np

from recipec.runtime.fim import FileFim, FimConfig
from recipec.runtime.packing import HeldOutSplitter, SequencePacker, ShardSet, ShardWriter, encode_in_batches, pack_documents


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_encode_in_batches_keeps_order():
    def encode(texts, ids, languages):
        return [np.array([len(t), i], np.uint32) for t, i in zip(texts, ids)]

    documents = [("x" * n, n, None) for n in range(23)]
    for size in (1, 4, 23, 100):
        out = list(encode_in_batches(encode, documents, batch_size=size))
        assert [doc for doc, _ in out] == documents
        assert [ids.tolist() for _, ids in out] == [[n, n] for n in range(23)]
    assert list(encode_in_batches(encode, [], batch_size=4)) == []


def test_batch_size_does_not_change_the_shards(qwen25_encoder, stdlib_sources, tmp_path):
    fim = FileFim(qwen25_encoder, FimConfig(rate=0.5, seed=3))
    documents = [(text, path, "python") for path, text in stdlib_sources[:50]]
    digests = []
    for size in (1, 7, 256):
        folder = tmp_path / f"b{size}"
        writer = ShardWriter(folder, seq_len=1024, vocab_size=qwen25_encoder.vocab_size, pad_id=151662)
        packer = SequencePacker(writer)
        pack_documents(packer, fim.encode, documents, batch_size=size)
        writer.close(dict(packer.close()))
        digests.append(_digest(folder))
    assert digests[0] == digests[1] == digests[2]


def test_held_out_documents_go_to_their_own_set(qwen25_encoder, stdlib_sources, tmp_path):
    fim = FileFim(qwen25_encoder, None)
    documents = [(text[:400], path, None) for path, text in stdlib_sources]
    train = ShardWriter(tmp_path / "train", seq_len=256, vocab_size=qwen25_encoder.vocab_size, pad_id=151662)
    held = ShardWriter(tmp_path / "heldout", seq_len=256, vocab_size=qwen25_encoder.vocab_size, pad_id=151662)
    train_packer, held_packer = SequencePacker(train), SequencePacker(held)
    splitter = HeldOutSplitter(0.2, seed=1)
    pack_documents(train_packer, fim.encode, documents, held_out=splitter, held_out_packer=held_packer)
    train_stats, held_stats = train_packer.close(), held_packer.close()
    train.close(dict(train_stats))
    held.close(dict(held_stats))
    assert held_stats["documents"] == splitter.documents > 10
    assert train_stats["documents"] + held_stats["documents"] == len(documents)
    expected = [doc_id for _, doc_id, _ in documents if HeldOutSplitter(0.2, seed=1).draw(doc_id) < 0.2]
    assert len(expected) == splitter.documents
    assert len(ShardSet(tmp_path / "heldout")) > 0 and len(ShardSet(tmp_path / "train")) > 0
