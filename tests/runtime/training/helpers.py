"""Small plans for training tests, run through the real builder.

The data steps of a real recipe (mixtures, sft_data) take minutes; these tests need only their
outputs, so two fixture step kinds write them directly with `recipec.runtime.packing`:
`test.shards` (a packed shard set plus held-out and held-out FIM sets) and `test.sft`
(`sft/train.jsonl` and `sft/held_out.jsonl`). Everything else is the real step: tokenizer,
model, phase, evaluate.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from recipec.compiler.ir.plan import Plan, Step
from recipec.compiler.plan.cache_key import plan_key
from recipec.runtime.build.builder import Builder
from recipec.runtime.cache.workdir import Workdir
from recipec.runtime.executors.local import LocalExecutor
from recipec.runtime.steps.base import StepContext, StepKind, register

SEED = 1234
CONTROL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|fim_prefix|>", "<|fim_middle|>",
           "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"]
CHAT_TEMPLATE = (Path(__file__).resolve().parents[3] / "stdlib" / "chat_templates" /
                 "qwen2_5_chatml.j2").read_text()

# A repetitive corpus: a handful of small functions, repeated, so a tiny model learns it fast.
FUNCTIONS = [
    "def add(a, b):\n    return a + b\n",
    "def square(x):\n    return x * x\n",
    "def greet(name):\n    return 'hello ' + name\n",
    "def is_even(n):\n    return n % 2 == 0\n",
]


def make_tokenizer(folder: Path) -> Path:
    """A byte-level BPE of 256 + 200 entries trained on real code, with Qwen's control tokens
    appended (ids from 456 on); returns its tokenizer.json."""
    from recipec.runtime.llm.tiny_model import code_corpus
    from recipec.runtime.tokenization import AddedToken, train_bpe

    tokens = [AddedToken(t, None, t in ("<|endoftext|>", "<|im_start|>", "<|im_end|>"))
              for t in CONTROL]
    tokenizer = train_bpe(code_corpus(200_000) + FUNCTIONS * 50, 456, tokens)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    return folder / "tokenizer.json"


def tokenizer_params(path: Path) -> dict:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    special = [{"kind": "token", "text": t, "id": tokenizer.token_to_id(t),
                "special": t in ("<|endoftext|>", "<|im_start|>", "<|im_end|>")} for t in CONTROL]
    return {"hub": None, "path": str(path), "ranks": None, "train": None, "special": special,
            "eos": "<|endoftext|>", "chat_template": CHAT_TEMPLATE}


def tiny_config(**changes) -> dict:
    config = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
              "num_attention_heads": 4, "num_key_value_heads": 2,
              "max_position_embeddings": 512, "rope_theta": 10000.0,
              "tie_word_embeddings": True, "rms_norm_eps": 1e-6}
    return {**config, **changes}


def phase_params(data: str, **changes) -> dict:
    params = {"data": data, "model": None, "after": None, "objective": "next_token",
              "fim_data": None, "fim_share": 0.0, "seq_len": None, "budget": None, "epochs": 1.0,
              "rope_theta": None, "yarn": None, "max_position_embeddings": None,
              "deepspeed": {"zero_stage": 0, "precision": "fp32", "offload": "none",
                            "gradient_clipping": 1.0, "config": None, "overrides": None},
              "procs": 1, "micro_batch": 4, "grad_accum": 1, "lr": 3e-3, "min_lr": 0.0,
              "warmup": 2, "schedule": "cosine", "weight_decay": 0.0, "max_steps": None,
              "save_every": 10, "packing": True, "data_kind": "mixture"}
    return {**params, **changes}


def make_plan(steps: list[tuple[str, str, dict, list[str]]], seed: int = SEED) -> Plan:
    """Steps as (id, kind, params, inputs), in dependency order, with real plan keys."""
    keys: dict[str, str] = {}
    made = []
    for step_id, kind, params, inputs in steps:
        keys[step_id] = plan_key(kind, 1, params, seed, [keys[i] for i in inputs])
        made.append(Step(id=step_id, kind=kind, version=1, block=step_id.split("/")[0],
                         params=params, inputs=tuple(inputs), cache_key=keys[step_id]))
    return Plan(recipe={"root": "training-test.recipe", "seed": seed, "tasks": 1, "blocks": {}},
                steps=tuple(made))


def build(plan: Plan, folder: Path, force: set[str] = frozenset(), events=None):
    workdir = Workdir(folder / "work")
    with workdir.lock():
        return Builder(plan, workdir, folder, LocalExecutor(1), force,
                       on_event=events).build()


def step_dir(result, step_id: str, folder: Path) -> Path:
    return folder / "work" / result.manifests[step_id]["run_key"]


# ---------------------------------------------------------------------------- fixture steps
def _encoder(ctx: StepContext):
    from tokenizers import Tokenizer

    from recipec.runtime.tokenization import TextEncoder

    return TextEncoder(Tokenizer.from_file(str(ctx.input_dir(0) / "tokenizer.json")), threads=1)


def fim_document(encoder, text: str, rng: random.Random) -> np.ndarray:
    """PSM: <|fim_prefix|>pre<|fim_suffix|>suf<|fim_middle|>mid<|endoftext|>."""
    a, b = sorted(rng.sample(range(1, len(text)), 2))
    ids = encoder.added_token_id
    return np.concatenate([[ids("<|fim_prefix|>")], encoder.encode(text[:a]),
                           [ids("<|fim_suffix|>")], encoder.encode(text[b:]),
                           [ids("<|fim_middle|>")], encoder.encode(text[a:b]),
                           [ids("<|endoftext|>")]]).astype(np.uint32)


def _pack(folder: Path, documents, seq_len: int, encoder, mode: str = "concat",
          loss_mask: bool = False) -> None:
    from recipec.runtime.packing import SequencePacker, ShardWriter

    eos = encoder.added_token_id("<|endoftext|>")
    writer = ShardWriter(folder, seq_len=seq_len, vocab_size=encoder.vocab_size,
                         pad_id=encoder.added_token_id("<|fim_pad|>"), eos_id=eos,
                         loss_mask=loss_mask)
    packer = SequencePacker(writer, mode=mode)
    for ids in documents:
        packer.add(ids)
    writer.close(dict(packer.close()))


@register
class FixtureShards(StepKind):
    """params: texts (list), repeat, seq_len, fim_share (FIM documents in training),
    held_out {component: [texts]}, held_out_fim {component: [texts]}."""
    kind = "test.shards"

    def run(self, ctx: StepContext) -> dict:
        params, encoder = ctx.params, _encoder(ctx)
        eos = encoder.added_token_id("<|endoftext|>")
        rng = random.Random(ctx.seed)
        documents = []
        for _ in range(params["repeat"]):
            for text in params["texts"]:
                if rng.random() < params.get("fim_share", 0.0):
                    documents.append(fim_document(encoder, text, rng))
                else:
                    documents.append(np.append(encoder.encode(text), eos).astype(np.uint32))
        _pack(ctx.output / "shards", documents, params["seq_len"], encoder)
        for kind in ("held_out", "held_out_fim"):
            for name, texts in params.get(kind, {}).items():
                docs = [fim_document(encoder, t, rng) if kind == "held_out_fim" else
                        np.append(encoder.encode(t), eos).astype(np.uint32) for t in texts]
                _pack(ctx.output / kind / name, docs, params["seq_len"], encoder, "whole", True)
        return {"documents": len(documents)}


@register
class FixtureSft(StepKind):
    """params: train and held_out, lists of conversations (lists of messages)."""
    kind = "test.sft"

    def run(self, ctx: StepContext) -> dict:
        folder = ctx.output / "sft"
        folder.mkdir(parents=True, exist_ok=True)
        for split in ("train", "held_out"):
            with open(folder / f"{split}.jsonl", "w") as f:
                for messages in ctx.params[split]:
                    f.write(json.dumps({"messages": messages}) + "\n")
        return {"rows": len(ctx.params["train"])}


def conversations(n: int) -> list[list[dict]]:
    return [[{"role": "user", "content": f"Write function number {i % 4}."},
             {"role": "assistant", "content": FUNCTIONS[i % 4]}] for i in range(n)]


SHORT_STEPS = 16


def short_plan(tokenizer_json: Path, **phase_changes) -> Plan:
    """tokenizer -> model -> shards -> one phase of SHORT_STEPS steps, checkpoint every 4."""
    model = {"architecture": "qwen2", "hub": None, "path": None, "config": tiny_config(),
             "tokenizer": "tokenizer.t", "dtype": "float32"}
    phase = phase_params("mixture.d", model="model.tiny", max_steps=SHORT_STEPS, save_every=4,
                         **phase_changes)
    return make_plan([
        ("tokenizer.t", "tokenizer", tokenizer_params(tokenizer_json), []),
        ("model.tiny", "model", model, ["tokenizer.t"]),
        ("mixture.d", "test.shards", {"texts": FUNCTIONS, "repeat": 100, "seq_len": 64},
         ["tokenizer.t"]),
        ("phase.p", "phase", phase, ["mixture.d", "model.tiny"]),
    ])


def read_metrics(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "metrics.jsonl").read_text().splitlines()]
