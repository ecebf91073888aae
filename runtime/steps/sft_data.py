"""`sft_data`: an SFT dataset in chat format from generated, scored and verified rows.

    sft/train.jsonl, sft/held_out.jsonl        (format = jsonl)
    sft/train.parquet, sft/held_out.parquet    (format = parquet)

One record per row: `messages` ([system,] user = the instruction, assistant = the answer: the
model's full response when the row has one, else its code in a fenced block) and provenance
columns: `id`, `source` (the step the row came from), `language`, `model` and `prompt` /
`prompt_sha256` of the stage that wrote the answer, `provenance` (every LLM stage the row went
through), `scores` (one field per checklist item), `score`, `judge_model`, `sandbox_status` and
`tags`. Every record has every column (null where a row has nothing), so the files open in HF
`datasets` and polars with one schema.

Rows without an instruction are skipped; with `min_score`, so are rows scored below it or not
at all. `max_samples` keeps a deterministic sample, and `held_out` (a count or a fraction) puts
a deterministic share in the held-out file: both are decided by hashes of (seed, source step,
row id), never by input order. Records keep their input order.
"""
from __future__ import annotations

import hashlib

from recipec.runtime.steps.base import StepContext, StepKind, register
from recipec.runtime.steps.llm_steps import answer_of, read_rows

SFT = "sft"
PROVENANCE_FIELDS = ("stage", "step", "model", "prompt", "prompt_sha256")


def _key(seed: int, purpose: str, source: str, doc_id: str, repeat: int) -> bytes:
    return hashlib.sha256(f"{seed}\0{purpose}\0{source}\0{doc_id}\0{repeat}".encode()).digest()


def held_out_count(held_out, rows: int) -> int:
    """`held_out` is a count (`2 docs`: an int) or a fraction (`5%`: a float) of the rows."""
    if isinstance(held_out, float):
        return min(rows, round(held_out * rows))
    return min(rows, int(held_out))


@register
class SftData(StepKind):
    kind = "sft_data"
    libraries = ("pyarrow",)

    def _rows(self, ctx: StepContext):
        """(source step, repeat, document) of every input row: `repeat` tells apart rows of one
        source that share an id (the first is 0), so keys never depend on where a row lies."""
        for source in ctx.step.inputs:
            seen: dict[str, int] = {}
            for doc in read_rows(ctx.inputs[source]):
                doc_id = str(doc.get("id", ""))
                seen[doc_id] = seen.get(doc_id, -1) + 1
                yield source, seen[doc_id], doc

    def _skip_reason(self, doc: dict, min_score) -> str | None:
        metadata = doc["metadata"]
        if not str(metadata.get("instruction") or "").strip():
            return "no_instruction"
        if min_score is not None:
            if metadata.get("score") is None:
                return "unscored"
            if metadata["score"] < min_score:
                return "below_min_score"
        return None

    def run(self, ctx: StepContext) -> dict:
        params = ctx.params
        reasons: dict[str, int] = {}
        keys, items = [], {}
        docs_in = 0
        for source, repeat, doc in self._rows(ctx):  # pass 1: what to keep and hold out
            docs_in += 1
            reason = self._skip_reason(doc, params["min_score"])
            if reason:
                reasons[f"skipped_{reason}"] = reasons.get(f"skipped_{reason}", 0) + 1
                continue
            keys.append((source, repeat, str(doc.get("id", ""))))
            items.update(dict.fromkeys(doc["metadata"].get("scores") or {}))
        chosen = keys
        if params["max_samples"] is not None and len(keys) > params["max_samples"]:
            chosen = sorted(keys, key=lambda k: _key(ctx.seed, "sample", k[0], k[2], k[1]))
            chosen = chosen[:params["max_samples"]]
            reasons["skipped_not_sampled"] = len(keys) - len(chosen)
        held = sorted(chosen, key=lambda k: _key(ctx.seed, "held_out", k[0], k[2], k[1]))
        held = set(held[:held_out_count(params["held_out"], len(chosen))])
        chosen = set(chosen)

        writers = {split: _writer(ctx.output / SFT, split, params["format"], list(items))
                   for split in ("train", "held_out")}
        languages: dict[str, int] = {}
        sources: dict[str, int] = {}
        for source, repeat, doc in self._rows(ctx):  # pass 2: write in input order
            key = (source, repeat, str(doc.get("id", "")))
            if key not in chosen:
                continue
            record = sft_record(doc, source, params["system"], list(items))
            writers["held_out" if key in held else "train"].write(record)
            language = record["language"] or "?"
            languages[language] = languages.get(language, 0) + 1
            sources[source] = sources.get(source, 0) + 1
        for writer in writers.values():
            writer.close()
        return {"docs_in": docs_in, "docs_out": len(chosen), "train": len(chosen) - len(held),
                "held_out": len(held), "format": params["format"],
                "reasons": dict(sorted(reasons.items())),
                "languages": dict(sorted(languages.items())), "sources": sources}


def sft_record(doc: dict, source: str, system: str | None, items: list[str]) -> dict:
    metadata = doc["metadata"]
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": str(metadata["instruction"])},
        {"role": "assistant", "content": answer_of(doc)}]
    stages = metadata.get("provenance") or {}
    answered = stages.get(metadata.get("answered_by") or "", {})
    scores = metadata.get("scores")
    verification = metadata.get("verification") or {}
    tags = metadata.get("tags")
    return {
        "id": f"{source}:{doc.get('id', '')}",
        "messages": messages,
        "language": metadata.get("language"),
        "source": source,
        "model": answered.get("model"),
        "prompt": answered.get("prompt"),
        "prompt_sha256": answered.get("prompt_sha256"),
        "provenance": [{"stage": stage, **{f: info.get(f) for f in PROVENANCE_FIELDS[1:]}}
                       for stage, info in stages.items()],
        "scores": {name: scores.get(name) for name in items} if scores and items else None,
        "score": metadata.get("score"),
        "judge_model": (metadata.get("judge") or {}).get("model"),
        "sandbox_status": verification.get("status"),
        "tags": [str(t) for t in tags] if isinstance(tags, list) else None,
    }


class _JsonlWriter:
    def __init__(self, path):
        self.handle = open(path, "wb")

    def write(self, record: dict) -> None:
        import orjson

        self.handle.write(orjson.dumps(record) + b"\n")

    def close(self) -> None:
        self.handle.close()


class _ParquetWriter:
    def __init__(self, path, items: list[str]):
        self.path = path
        self.items = items
        self.records: list[dict] = []

    def write(self, record: dict) -> None:
        self.records.append(record)

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self.records, schema=parquet_schema(self.items))
        pq.write_table(table, self.path)


def parquet_schema(items: list[str]):
    import pyarrow as pa

    text = pa.string()
    message = pa.struct([("role", text), ("content", text)])
    stage = pa.struct([(name, text) for name in PROVENANCE_FIELDS])
    scores = pa.struct([(name, pa.int64()) for name in items]) if items else pa.null()
    return pa.schema([("id", text), ("messages", pa.list_(message)), ("language", text),
                      ("source", text), ("model", text), ("prompt", text),
                      ("prompt_sha256", text), ("provenance", pa.list_(stage)),
                      ("scores", scores), ("score", pa.float64()), ("judge_model", text),
                      ("sandbox_status", text), ("tags", pa.list_(text))])


def _writer(folder, split: str, fmt: str, items: list[str]):
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return _ParquetWriter(folder / f"{split}.parquet", items)
    return _JsonlWriter(folder / f"{split}.jsonl")
