"""Micro-batches from packed shards: labels, positions, document boundaries, determinism."""
from __future__ import annotations

import numpy as np
import pytest

from recipec.runtime.packing import SequencePacker, ShardSet, ShardWriter
from recipec.runtime.training.batches import (
    IGNORE, BatchPlan, PackedSource, PaddedSource, packed_arrays, total_steps,
)

PAD, EOS = 99, 98


def write_set(folder, documents, seq_len=8, mode="concat", loss=None):
    writer = ShardWriter(folder, seq_len=seq_len, vocab_size=100, pad_id=PAD, eos_id=EOS,
                         loss_mask=loss is not None)
    packer = SequencePacker(writer, mode=mode)
    for i, ids in enumerate(documents):
        packer.add(np.array(ids), None if loss is None else np.array(loss[i]))
    writer.close(dict(packer.close()))
    return ShardSet(folder)


def test_labels_skip_segment_starts_and_padding(tmp_path):
    shards = write_set(tmp_path, [[1, 2, 3, EOS], [4, 5, EOS]], seq_len=10)
    ids, labels, positions, real = packed_arrays(shards[0], PAD)
    assert ids.tolist() == [1, 2, 3, EOS, 4, 5, EOS, PAD, PAD, PAD]
    assert positions.tolist() == [0, 1, 2, 3, 0, 1, 2, 0, 1, 2]
    # document 2's first token is never predicted from document 1; padding is never a target
    assert labels.tolist() == [IGNORE, 2, 3, EOS, IGNORE, 5, EOS, IGNORE, IGNORE, IGNORE]
    assert real == 7


def test_the_loss_mask_is_respected(tmp_path):
    shards = write_set(tmp_path, [[1, 2, 3, 4]], seq_len=6, mode="whole", loss=[[0, 0, 1, 1]])
    _, labels, _, _ = packed_arrays(shards[0], PAD)
    assert labels.tolist() == [IGNORE, IGNORE, 3, 4, IGNORE, IGNORE]


def test_packed_documents_do_not_attend_to_each_other(tmp_path):
    """The batch the trainer builds gives document 2 the logits it has alone."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    torch.manual_seed(0)
    model = Qwen2ForCausalLM(Qwen2Config(
        vocab_size=100, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2)).train()
    first, second = [5, 6, 7, 8, 9, EOS], [10, 11, 12, 13, EOS]
    write_set(tmp_path, [first, second], seq_len=11)
    batch = PackedSource(tmp_path, seed=0).batch(0, 1).as_torch("cpu")
    packed = model(**batch, use_cache=False).logits[0, 6:11]
    alone = model(input_ids=torch.tensor([second]), use_cache=False).logits[0]
    assert torch.allclose(packed, alone, atol=1e-5)
    unmasked = model(input_ids=batch["input_ids"], use_cache=False).logits[0, 6:11]
    assert not torch.allclose(unmasked, alone, atol=1e-3)  # the check can fail


def test_batches_are_a_function_of_the_step(tmp_path):
    write_set(tmp_path, [[i + 1, i + 50, EOS] for i in range(40)], seq_len=4)  # 30 rows
    plan = BatchPlan(PackedSource(tmp_path, 7), micro=2, accum=2, world=2, total_steps=3, seed=7)
    again = BatchPlan(PackedSource(tmp_path, 7), micro=2, accum=2, world=2, total_steps=3, seed=7)
    seen = []
    for step in range(3):
        for a in range(2):
            for rank in range(2):
                one = plan.micro_batch(step, a, rank).input_ids
                assert np.array_equal(one, again.micro_batch(step, a, rank).input_ids)
                seen += [tuple(row) for row in one]
    assert len(set(seen)) == len(seen)  # no sequence twice within the first epoch


def test_fim_share_mixes_the_two_streams(tmp_path):
    write_set(tmp_path / "sft", [[1, 2, EOS]] * 40, seq_len=4, mode="whole")
    write_set(tmp_path / "fim", [[3, 4, EOS]] * 40, seq_len=4, mode="whole")
    plan = BatchPlan(PackedSource(tmp_path / "sft", 1), 1, 1, 1, 400, seed=1,
                     fim=PackedSource(tmp_path / "fim", 2), fim_share=0.25)
    fim = [plan.micro_batch(s, 0, 0).input_ids[0, 0] == 3 for s in range(400)]
    assert sum(fim) == plan.fim_micro_batches
    assert 0.18 < sum(fim) / 400 < 0.32


def test_padded_rows_mask_padding_and_unlabelled_tokens():
    samples = [(np.array([1, 2, 3]), np.array([0, 1, 1])), (np.array([4, 5]), np.array([1, 1]))]
    batch = PaddedSource(samples, PAD, seed=0).batch(0, 2)
    rows = {tuple(r) for r in batch.input_ids.tolist()}
    assert rows == {(1, 2, 3), (4, 5, PAD)}
    for ids, labels in zip(batch.input_ids.tolist(), batch.labels.tolist()):
        expected = [IGNORE, 2, 3] if ids[0] == 1 else [4, 5, IGNORE]
        assert labels == expected


@pytest.mark.parametrize("objective, samples, expected", [
    ("next_token", 100, 12),   # whole global batches of 2 x 2 x 2 = 8 sequences
    ("sft", 52, 13),           # 2 epochs of 52 = 52 micro-batches of 2, 4 per step
    ("fim_sft", 52, 26)])      # the same SFT micro-batches are half of all at share 0.5
def test_total_steps(objective, samples, expected):
    assert total_steps(objective, samples, 2, 2, 2, epochs=2.0, fim_share=0.5) == expected
    assert total_steps(objective, samples, 2, 2, 2, epochs=2.0, fim_share=0.5,
                       max_steps=5) == 5
