"""The tiny model the tests make for themselves: loadable, Qwen2-shaped, reproducible."""
from __future__ import annotations

import hashlib

from recipec.runtime.llm.tiny_model import CONTROL_TOKENS, TinyModelSpec, build_tiny_model


def _digest(folder, name):
    return hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_it_loads_as_a_qwen2_model_with_qwen_control_tokens(tiny_model):
    from transformers import AutoConfig, AutoTokenizer

    config = AutoConfig.from_pretrained(tiny_model)
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    assert config.model_type == "qwen2" and config.vocab_size == len(tokenizer)
    assert tokenizer.chat_template is None  # like the stdlib's Qwen2.5 tokenizer
    assert tokenizer.eos_token == "<|endoftext|>"
    ids = [tokenizer.convert_tokens_to_ids(t) for t in CONTROL_TOKENS]
    assert len(set(ids)) == len(CONTROL_TOKENS)
    assert tokenizer.convert_ids_to_tokens(ids) == CONTROL_TOKENS
    encoded = tokenizer("<|im_start|>user\nhi<|im_end|>")["input_ids"]
    assert encoded[0] == tokenizer.convert_tokens_to_ids("<|im_start|>")
    # Only the chat tokens are special; FIM sentinels survive skip_special_tokens, as in Qwen2.5.
    text = "<|fim_prefix|>a<|im_end|>"
    assert tokenizer.decode(tokenizer(text)["input_ids"], skip_special_tokens=True) == "<|fim_prefix|>a"


def test_the_same_spec_builds_the_same_files(tiny_model, tiny_model_spec, tmp_path):
    again = build_tiny_model(tmp_path / "again", tiny_model_spec)
    for name in ("tokenizer.json", "model.safetensors"):
        assert _digest(again, name) == _digest(tiny_model, name)
    other = build_tiny_model(tmp_path / "other", TinyModelSpec(**{**tiny_model_spec.__dict__, "seed": 1}))
    assert _digest(other, "model.safetensors") != _digest(tiny_model, "model.safetensors")


def test_a_few_training_steps_lower_the_loss(tmp_path):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    spec = TinyModelSpec(vocab_size=300, corpus_bytes=100_000, hidden_size=32, train_batch=4, train_seq_len=64)
    losses = []
    for steps in (0, 20):
        folder = build_tiny_model(tmp_path / str(steps), TinyModelSpec(**{**spec.__dict__, "train_steps": steps}))
        tokenizer = AutoTokenizer.from_pretrained(folder)
        model = AutoModelForCausalLM.from_pretrained(folder)
        ids = torch.tensor([tokenizer("def main(argv):\n    return 0\n" * 8)["input_ids"]])
        with torch.no_grad():
            losses.append(model(input_ids=ids, labels=ids).loss.item())
    assert losses[1] < losses[0] - 0.5
