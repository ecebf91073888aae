"""Training: `model`, `deepspeed`, `phase`, `evaluate`."""
from __future__ import annotations

from recipec.compiler.schema.block import BlockSchema
from recipec.compiler.schema.types import (
    Attr, Bool, Count, Enum, Float, Fraction, Int, Json, ListOf, Object, OneOf, Optional, Path,
    Ref, SeqLen, Str,
)

ARCHITECTURE = Object({
    "hidden_size": Attr(Int(min=1)),
    "intermediate_size": Attr(Int(min=1)),
    "num_hidden_layers": Attr(Int(min=1)),
    "num_attention_heads": Attr(Int(min=1)),
    "num_key_value_heads": Attr(Int(min=1)),
    "max_position_embeddings": Attr(SeqLen(), 32768),
    "rope_theta": Attr(Float(min=1), 10000.0),
    "tie_word_embeddings": Attr(Bool(), False),
    "rms_norm_eps": Attr(Float(min=0), 1e-6),
}, "an architecture config")

MODEL = BlockSchema(
    "model", "The model a phase trains: from the hub, a local checkpoint, or a config (random "
             "initialisation).",
    {
        "architecture": Attr(Enum("qwen2"), "qwen2"),
        "hub": Attr(Optional(Str()), None, doc="a hub name, resolved from the local HF cache"),
        "path": Attr(Optional(Path()), None, doc="a local HF checkpoint"),
        "config": Attr(Optional(ARCHITECTURE), None, doc="sizes for a random initialisation"),
        "tokenizer": Attr(Ref("tokenizer"), doc="fixes the vocabulary size"),
        "dtype": Attr(Enum("float32", "bfloat16", "float16"), "bfloat16"),
    },
    exactly_one_of=(("hub", "path", "config"),),
)

DEEPSPEED = BlockSchema(
    "deepspeed", "DeepSpeed engine settings; `config` merges a user's JSON on top.",
    {
        "zero_stage": Attr(Int(min=0, max=3), 2),
        "precision": Attr(Enum("fp32", "bf16", "fp16"), "bf16"),
        "offload": Attr(Enum("none", "cpu", "nvme"), "none"),
        "gradient_clipping": Attr(Float(min=0), 1.0),
        "config": Attr(Optional(Path()), None, doc="a DeepSpeed JSON merged last"),
        "overrides": Attr(Optional(Json()), None, doc="inline DeepSpeed keys merged last"),
    },
)

YARN = Object({
    "factor": Attr(Float(min=1)),
    "original_max": Attr(SeqLen(), doc="the context length the RoPE was trained at"),
}, "YaRN settings")

PHASE = BlockSchema(
    "phase", "One training phase: data, objective, model settings and optimiser. Phases run in "
             "`after` order, each starting from the previous checkpoint.",
    {
        "data": Attr(Ref("mixture", "sft_data")),
        "model": Attr(Optional(Ref("model")), None, doc="required for the first phase"),
        "after": Attr(Optional(Ref("phase")), None, doc="start from this phase's checkpoint"),
        "objective": Attr(Optional(Enum("next_token", "fim", "sft", "fim_sft")), None,
                          doc="default: next_token for a mixture, sft for sft_data"),
        "fim_data": Attr(Optional(Ref("mixture")), None, doc="the FIM stream of fim_sft"),
        "fim_share": Attr(Fraction(), 0.0, doc="share of FIM samples in fim_sft"),
        "seq_len": Attr(Optional(SeqLen()), None,
                        doc="owned by the mixture: may only restate it"),
        "budget": Attr(Optional(Count("tokens")), None,
                       doc="owned by the mixture: may only restate it"),
        "epochs": Attr(Float(min=0), 1.0, doc="passes over SFT data"),
        "rope_theta": Attr(Optional(Float(min=1)), None, doc="the RoPE base, e.g. 1M"),
        "yarn": Attr(Optional(YARN), None),
        "max_position_embeddings": Attr(Optional(SeqLen()), None),
        "deepspeed": Attr(Optional(Ref("deepspeed")), None),
        "procs": Attr(Int(min=1), 1, doc="processes (GPUs) on one node"),
        "micro_batch": Attr(Int(min=1), 1),
        "grad_accum": Attr(Int(min=1), 1),
        "lr": Attr(Float(min=0), 3e-4),
        "min_lr": Attr(Float(min=0), 0.0),
        "warmup": Attr(OneOf(Count("steps"), Fraction()), 0, doc="steps, or a share of them"),
        "schedule": Attr(Enum("cosine", "linear", "constant"), "cosine"),
        "weight_decay": Attr(Float(min=0), 0.1),
        "max_steps": Attr(Optional(Count("steps")), None,
                          doc="stop early (default: the budget or epochs decide)"),
        "save_every": Attr(Count("steps"), 100, doc="checkpoint interval"),
        "packing": Attr(Bool(), True, doc="SFT: pack conversations (else pad)"),
    },
)

EVALUATE = BlockSchema(
    "evaluate", "Evaluate a phase's checkpoint: held-out loss per component, HumanEval pass@k "
                "in the sandbox, FIM exact match.",
    {
        "phase": Attr(Ref("phase")),
        "held_out": Attr(Bool(), True, doc="loss and perplexity per held-out component"),
        "humaneval": Attr(Optional(Object({
            "k": Attr(ListOf(Int(min=1), min_items=1), (1,)),
            "samples": Attr(Int(min=1), 1, doc="completions per problem"),
            "problems": Attr(Optional(Int(min=1)), None, doc="a prefix of the 164 problems"),
            "max_tokens": Attr(Int(min=1), 256),
            "temperature": Attr(Float(min=0), 0.0),
        }, "HumanEval settings")), None),
        "fim": Attr(Bool(), False, doc="exact match on held-out FIM samples"),
        "timeout": Attr(Float(min=0), 10.0, doc="sandbox seconds per completion"),
    },
)

KINDS = (MODEL, DEEPSPEED, PHASE, EVALUATE)
