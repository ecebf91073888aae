"""Context-level FIM: FIM per document inside packed sequences, trimmed or padded to seq_len."""
from __future__ import annotations

import hashlib

import numpy as np

from recipec.runtime.fim import ContextFim, FileFim, FimConfig, match_template
from recipec.runtime.packing import SequencePacker, ShardSet, ShardWriter

FIM_PAD = 151662


def _pack(encoder, texts, folder, *, seq_len=256, rate=1.0, seed=0, loss_mask=False):
    documents = FileFim(encoder, None).encode(texts, list(range(len(texts))))
    writer = ShardWriter(folder, seq_len=seq_len, vocab_size=encoder.vocab_size, pad_id=FIM_PAD, eos_id=151643,
                         loss_mask=loss_mask)
    context = ContextFim(encoder, FimConfig(rate=rate, seed=seed), key="test")
    packer = SequencePacker(writer, transform=context)
    for ids in documents:
        packer.add(ids)
    writer.close(dict(packer.close()))
    return ShardSet(folder), context


def test_sequences_keep_their_length_and_pad_with_fim_pad(qwen25_encoder, stdlib_sources, tmp_path):
    texts = [text[:700] for _, text in stdlib_sources[:40]]
    shards, context = _pack(qwen25_encoder, texts, tmp_path)
    assert len(shards) > 10
    fim_prefix_count = 0
    for sequence in shards:
        assert len(sequence.tokens) == 256 and sequence.starts[0] == 0
        tokens = sequence.tokens
        fim_prefix_count += int((tokens == 151659).sum())
        pads = np.flatnonzero(tokens == FIM_PAD)
        if len(pads):  # padding is one run at the end, and a segment of its own
            assert pads[-1] == 255 and len(pads) == 256 - pads[0] and pads[0] in sequence.starts
    assert fim_prefix_count >= 30
    assert context.stats["fim_psm"] + context.stats["fim_spm"] >= 30
    assert context.stats["context_trimmed_tokens"] > 0


def test_whole_documents_inside_a_context_undo_to_their_text(qwen25_encoder, tmp_path):
    texts = [f"def f{i}(x):\n    return x * {i}  # héllo\n" for i in range(30)]
    shards, _ = _pack(qwen25_encoder, texts, tmp_path, seq_len=512)
    fim = FileFim(qwen25_encoder, FimConfig())
    restored = []
    for sequence in shards:
        bounds = [*sequence.starts, len(sequence.tokens)]
        for begin, end in zip(bounds, bounds[1:]):
            segment = [int(i) for i in sequence.tokens[begin:end]]
            for template in (fim.templates["spm"], fim.templates["psm"]):
                groups = match_template(segment, qwen25_encoder, template)
                if groups is not None:
                    pieces = sorted(groups.items(), key=lambda kv: ["prefix", "middle", "suffix"].index(kv[0].split("+")[0]))
                    restored.append("".join(qwen25_encoder.decode(ids) for _, ids in pieces))
                    break
    # A document cut by a sequence start was FIM'd as the part it had in that context.
    assert all(any(text.endswith(part) for text in texts) for part in restored)
    assert sum(part in texts for part in restored) >= 15


def test_rate_zero_changes_nothing(qwen25_encoder, stdlib_sources, tmp_path):
    texts = [text[:500] for _, text in stdlib_sources[:20]]
    with_transform, _ = _pack(qwen25_encoder, texts, tmp_path / "a", rate=0.0)
    documents = FileFim(qwen25_encoder, None).encode(texts, list(range(len(texts))))
    flat = np.concatenate(documents)
    packed = np.concatenate([s.tokens for s in with_transform])
    assert np.array_equal(packed[:len(flat)], flat)


def test_context_fim_is_byte_identical_on_rerun(qwen25_encoder, stdlib_sources, tmp_path):
    texts = [text[:900] for _, text in stdlib_sources[:25]]

    def digest(folder):
        _pack(qwen25_encoder, texts, folder, seed=4, loss_mask=True)
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}

    first, second = digest(tmp_path / "one"), digest(tmp_path / "two")
    assert first == second and "shard-00000.loss.bin" in first


def test_loss_mask_is_zero_on_padding(qwen25_encoder, stdlib_sources, tmp_path):
    texts = [text[:300] for _, text in stdlib_sources[:15]]
    shards, _ = _pack(qwen25_encoder, texts, tmp_path, loss_mask=True)
    for sequence in shards:
        assert np.array_equal(sequence.loss_mask == 0, sequence.tokens == FIM_PAD)
