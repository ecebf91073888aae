"""A tiny Qwen2-architecture model that the project makes itself, for tests and quickstarts.

Nothing can be downloaded from a model hub here, so tests need a model built from scratch: a
byte-level BPE tokenizer trained with HF `tokenizers` on real code (the Python standard
library's own sources, present on every machine that runs Python), Qwen2.5's control tokens
added under their Qwen names (ids differ: this vocabulary is small), and a Qwen2ForCausalLM
initialised from a small config, optionally trained for a few hundred steps so that its output
looks like code rather than uniform noise. The folder it writes loads with `from_pretrained`.
Like the stdlib's Qwen2.5 tokenizer, it has no chat template unless asked for one.
"""
from __future__ import annotations

import json
import sysconfig
from dataclasses import asdict, dataclass
from pathlib import Path

# Qwen2.5's added tokens that recipes use (chat turns, FIM and repo-level sentinels).
CONTROL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|fim_prefix|>", "<|fim_middle|>",
                  "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"]
# Only these are "special" (skipped when decoding), as in the official Qwen2.5 tokenizer.
SPECIAL_TOKENS = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"}


@dataclass(frozen=True)
class TinyModelSpec:
    vocab_size: int = 1024
    hidden_size: int = 64
    layers: int = 2
    heads: int = 4
    kv_heads: int = 2
    max_positions: int = 2048
    train_steps: int = 0         # 0: random weights; ~300 steps (a minute on 2 cores) look like code
    train_seq_len: int = 128
    train_batch: int = 16
    corpus_bytes: int = 2_000_000
    seed: int = 0


def code_corpus(max_bytes: int) -> list[str]:
    """Real code that every machine has: the standard library's .py files, in a fixed order."""
    texts, total = [], 0
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        total += len(text)
        if total >= max_bytes:
            break
    return texts


def build_tiny_model(out_dir: str | Path, spec: TinyModelSpec = TinyModelSpec(), *,
                     chat_template: str | None = None) -> Path:
    """Write tokenizer + model to `out_dir` and return it. `chat_template`: text to attach."""
    import torch
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    corpus = code_corpus(spec.corpus_bytes)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=_train_bpe(corpus, spec.vocab_size),
                                        eos_token="<|endoftext|>", pad_token="<|endoftext|>")
    if chat_template is not None:
        tokenizer.chat_template = chat_template
    config = Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=spec.hidden_size, intermediate_size=2 * spec.hidden_size,
        num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.kv_heads,
        max_position_embeddings=spec.max_positions, tie_word_embeddings=True,
        bos_token_id=None, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(spec.seed)
    model = Qwen2ForCausalLM(config)
    if spec.train_steps:
        _train(model, tokenizer, corpus, spec)
    model.eval()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    (out / "recipec_tiny_model.json").write_text(json.dumps(asdict(spec), indent=2) + "\n")
    return out


def _train_bpe(corpus: list[str], vocab_size: int):
    from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(corpus, trainer)
    tokenizer.add_tokens([AddedToken(t, special=t in SPECIAL_TOKENS, normalized=False)
                          for t in CONTROL_TOKENS])
    return tokenizer


def _train(model, tokenizer, corpus: list[str], spec: TinyModelSpec) -> None:
    """Next-token prediction on random windows of the corpus (seeded: same spec, same weights)."""
    import torch

    ids = torch.tensor([i for text in corpus for i in tokenizer(text + "<|endoftext|>")["input_ids"]])
    generator = torch.Generator().manual_seed(spec.seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    model.train()
    for _ in range(spec.train_steps):
        starts = torch.randint(0, len(ids) - spec.train_seq_len - 1, (spec.train_batch,), generator=generator)
        batch = torch.stack([ids[s:s + spec.train_seq_len] for s in starts.tolist()])
        loss = model(input_ids=batch, labels=batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
