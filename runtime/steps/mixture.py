"""`mixture.tokenize` (one per component) and `mixture.pack` (the mixture).

tokenize: the component's documents -> per-document token ids (document-level FIM or the
repo-level format applied), with a held-out split by document id.

pack: each component sampled to its share of the token budget — whole epochs over its
documents, then a seeded sample for the fraction left, at most `max_epochs` — and packed to
`seq_len` on its own (context-level FIM works inside a component's contexts), then the
sequences of all components interleaved in a seeded order into one shard set (docs/shards.md).
Held-out documents are packed per component for evaluation. Everything is a function of the
inputs and the seed: any --workers gives the same bytes.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from recipec.runtime.executors.base import Stage
from recipec.runtime.steps.base import StepContext, StepError, StepKind, register
from recipec.runtime.steps.documents import input_readers

SHARDS, HELD_OUT, HELD_OUT_FIM = "shards", "held_out", "held_out_fim"


def _tokenizer_dir(ctx: StepContext) -> Path:
    return ctx.inputs[ctx.step.inputs[-1]]


def _label(step_id: str) -> str:
    """`mixture.m/pipeline.code` -> `pipeline.code`, a folder name for held-out sets."""
    return step_id.split("/", 1)[1].replace(":", "_").replace("/", "_")


@register
class MixtureTokenize(StepKind):
    kind = "mixture.tokenize"
    libraries = ("datatrove", "tokenizers", "tiktoken", "tree-sitter-language-pack")
    resumable = True

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.processing.tokenize_documents import TokenizeDocuments

        params = ctx.params
        tokenizer_dir = _tokenizer_dir(ctx)
        config = json.loads((tokenizer_dir / "tokenizer_config.json").read_text())
        block = TokenizeDocuments(str(ctx.output), str(tokenizer_dir / "tokenizer.json"),
                                  fim=params["fim"], repo=params["repo"],
                                  held_out=self._held_out_share(ctx), seed=ctx.seed,
                                  end_of_document=config.get("eos_token") or "<|endoftext|>")
        try:
            stats = ctx.run_stages([Stage("tokenize", [*input_readers(ctx, [0]), block],
                                          ctx.tasks)])
        except ValueError as error:  # a template the real vocabulary cannot encode
            raise StepError(str(error).split("\n")[0]) from None
        return _tokenize_counts(stats)

    def _held_out_share(self, ctx: StepContext) -> float:
        held_out = ctx.params["held_out"]
        if isinstance(held_out, float):
            return held_out
        if not held_out:
            return 0.0
        # A number of documents: the share of this component's documents that gives about as
        # many (a share keeps the choice streaming and independent of order).
        manifest = json.loads((ctx.input_dir(0) / "manifest.json").read_text())
        total = manifest["counts"].get("docs_out") or 0
        return min(1.0, held_out / total) if total else 0.0


def _tokenize_counts(stats: dict) -> dict:
    from recipec.runtime.steps.counts import _number

    totals: dict[str, int] = {}
    languages: dict[str, int] = {}
    for stage in stats.values():
        for entry in stage.values():
            for key, value in entry["stats"].items():
                if key.startswith("language_"):
                    languages[key[9:]] = languages.get(key[9:], 0) + _number(value)
                elif key in ("documents", "tokens", "repositories", "held_out_documents",
                             "held_out_tokens", "held_out_files") or key.startswith("fim_"):
                    totals[key] = totals.get(key, 0) + _number(value)
    return {**dict(sorted(totals.items())), "languages": dict(sorted(languages.items()))}


@register
class MixturePack(StepKind):
    kind = "mixture.pack"
    libraries = ("tokenizers", "tiktoken", "numpy")

    def run(self, ctx: StepContext) -> dict:
        from tokenizers import Tokenizer

        from recipec.runtime.tokenization import TextEncoder

        params = ctx.params
        tokenizer_dir = _tokenizer_dir(ctx)
        encoder = TextEncoder(Tokenizer.from_file(str(tokenizer_dir / "tokenizer.json")))
        config = json.loads((tokenizer_dir / "tokenizer_config.json").read_text())
        eos_id = encoder.added_token_id(config.get("eos_token") or "<|endoftext|>")
        pad_id = self._pad_id(encoder, params, eos_id)
        seq_len, budget = params["seq_len"], params["budget"]
        plans = self._plan(ctx, params, budget)
        component_sets = []
        for number, (component, plan) in enumerate(zip(params["components"], plans)):
            folder = ctx.scratch / f"component-{number}"
            self._pack_component(ctx, encoder, component, plan, folder, seq_len, pad_id, eos_id,
                                 key=f"{ctx.step.id}:{number}")
            component_sets.append(folder)
        index = self._interleave(ctx, component_sets, encoder, seq_len, pad_id, eos_id)
        held_out = self._held_out(ctx, encoder, seq_len, pad_id, eos_id)
        total = sum(p["tokens"] for p in plans) or 1
        components = {
            c["step"].split("/", 1)[1]: {
                "tokens": p["tokens"], "target_tokens": p["target"], "epochs": round(p["epochs"], 4),
                "documents": p["documents"], "share": p["tokens"] / total,
                "target_share": c["weight"]}
            for c, p in zip(params["components"], plans)}
        return {"tokens": index.stats.get("tokens", 0), "sequences": index.stats.get("sequences", 0),
                "seq_len": seq_len, "budget": budget, "components": components,
                "held_out_documents": held_out}

    # ------------------------------------------------------------------ planning
    def _pad_id(self, encoder, params, eos_id) -> int:
        for component in params["components"]:
            fim = component["fim"]
            if fim and encoder.added_token_id(fim["pad"]) is not None:
                return encoder.added_token_id(fim["pad"])
        return eos_id

    def _plan(self, ctx: StepContext, params: dict, budget: int) -> list[dict]:
        """How many tokens each component gives, from how many documents and epochs."""
        from recipec.runtime.packing.token_documents import TokenDocuments

        plans = []
        for component in params["components"]:
            documents = TokenDocuments(ctx.inputs[component["step"]] / "documents")
            available = documents.tokens
            target = int(round(component["weight"] * budget))
            epochs = target / available if available else math.inf
            if target and epochs > component["max_epochs"]:
                have = available * component["max_epochs"]
                raise StepError(
                    f"`{component['step'].split('/', 1)[1]}` can supply {have:,.0f} tokens "
                    f"({available:,} x max_epochs {component['max_epochs']:g}), but its "
                    f"{component['weight']:.0%} of the budget is {target:,}",
                    "lower its weight or the budget, raise max_epochs, or add data")
            plans.append({"documents_available": len(documents), "available": available,
                          "target": target, "epochs": epochs if available else 0.0})
        return plans

    def _order(self, ctx: StepContext, documents, plan: dict, key: str):
        """Document indices, repeated over epochs, until the target is reached."""
        import numpy as np

        lengths = documents.lengths()
        rng = np.random.default_rng([ctx.seed, _stable(key)])
        order, tokens = [], 0
        while tokens < plan["target"] and len(lengths):
            epoch = rng.permutation(len(lengths))
            cumulative = np.cumsum(lengths[epoch])
            needed = plan["target"] - tokens
            take = int(np.searchsorted(cumulative, needed, side="left")) + 1
            chosen = epoch[:take]
            order.append(chosen)
            tokens += int(lengths[chosen].sum())
        return np.concatenate(order) if order else np.zeros(0, np.int64)

    # ------------------------------------------------------------------ packing
    def _pack_component(self, ctx, encoder, component, plan, folder, seq_len, pad_id, eos_id,
                        key: str) -> None:
        from recipec.runtime.fim import ContextFim, FimConfig
        from recipec.runtime.packing import SequencePacker, ShardWriter
        from recipec.runtime.packing.token_documents import TokenDocuments

        documents = TokenDocuments(ctx.inputs[component["step"]] / "documents")
        order = self._order(ctx, documents, plan, key)
        plan["documents"] = int(len(order))
        plan["tokens"] = int(documents.lengths()[order].sum()) if len(order) else 0
        writer = ShardWriter(folder, seq_len=seq_len, vocab_size=encoder.vocab_size,
                             pad_id=pad_id, eos_id=eos_id)
        fim = component["fim"]
        transform = None
        if fim and fim["level"] == "context" and fim["rate"] > 0:
            transform = ContextFim(encoder, FimConfig(
                psm=fim["psm"], spm=fim["spm"], rate=fim["rate"],
                spm_rate=fim["spm_rate"] if fim["spm"] else 0.0, split=fim["split"],
                ast_share=fim["ast_share"], seed=ctx.seed), key=key, pad=fim["pad"])
        packer = SequencePacker(writer, transform=transform)
        for done, index in enumerate(order):
            packer.add(documents[int(index)])
            if ctx.progress and done % 4096 == 0:
                ctx.progress(done, len(order), key)
        stats = dict(packer.close())
        if transform is not None:
            stats.update({k: v for k, v in transform.stats.items()})
        writer.close(stats)

    def _interleave(self, ctx, sets: list[Path], encoder, seq_len, pad_id, eos_id):
        """The sequences of every component, in one seeded order, into `shards/`."""
        import numpy as np

        from recipec.runtime.packing import ShardSet, ShardWriter

        readers = [ShardSet(folder) for folder in sets]
        sources = np.concatenate([np.full(len(r), i, np.int64) for i, r in enumerate(readers)]) \
            if readers else np.zeros(0, np.int64)
        rows = np.concatenate([np.arange(len(r)) for r in readers]) if readers else \
            np.zeros(0, np.int64)
        order = np.random.default_rng([ctx.seed, _stable(ctx.step.id)]).permutation(len(rows))
        writer = ShardWriter(ctx.output / SHARDS, seq_len=seq_len, vocab_size=encoder.vocab_size,
                             pad_id=pad_id, eos_id=eos_id)
        for position in order:
            sequence = readers[int(sources[position])][int(rows[position])]
            writer.write(np.asarray(sequence.tokens), list(sequence.starts), sequence.loss_mask)
        totals = {"tokens": int(len(order)) * seq_len, "sequences": int(len(order))}
        for reader in readers:
            for key in ("documents", "document_tokens", "pad_tokens"):
                totals[key] = totals.get(key, 0) + int(reader.index.stats.get(key, 0))
        return writer.close(totals)

    def _held_out(self, ctx, encoder, seq_len, pad_id, eos_id) -> int:
        """Each component's held-out documents, packed whole, for evaluation."""
        from recipec.runtime.packing import SequencePacker, ShardWriter
        from recipec.runtime.packing.token_documents import TokenDocuments

        total = 0
        for component in ctx.params["components"]:
            folder = ctx.inputs[component["step"]]
            for kind in (HELD_OUT, HELD_OUT_FIM):
                documents = TokenDocuments(folder / kind)
                if not len(documents):
                    continue
                writer = ShardWriter(ctx.output / kind / _label(component["step"]),
                                     seq_len=seq_len, vocab_size=encoder.vocab_size,
                                     pad_id=pad_id, eos_id=eos_id, loss_mask=True)
                packer = SequencePacker(writer, mode="whole")
                for index in range(len(documents)):
                    packer.add(documents[index])
                writer.close(dict(packer.close()))
                if kind == HELD_OUT:
                    total += len(documents)
        return total


def _stable(text: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
