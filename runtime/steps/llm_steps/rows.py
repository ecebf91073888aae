"""Rows between LLM steps: documents read from an input step, written byte-stably to `data/`
(kept) and `dropped/` (with their reason), and the answer a row holds."""
from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from recipec.runtime.steps.base import DATA, DROPPED, StepContext

# Rows go through a step's stages in chunks: memory stays bounded and a chunk's answers are
# committed before the next chunk starts. Each stage of a chunk is one batched call.
CHUNK_ROWS = 512


def read_rows(folder: Path) -> Iterable[dict]:
    """Documents {text, id, metadata} of an input step's data folder, in file order."""
    from recipec.runtime.steps.documents import iter_documents

    for doc in iter_documents(folder / DATA):
        doc.setdefault("metadata", {})
        yield doc


def chunks(rows: Iterable, size: int = CHUNK_ROWS) -> Iterable[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class RowWriter:
    """Documents to `<folder>/<rank>.jsonl.gz`, row i to shard i % shards. Bytes depend only on the
    rows (no gzip timestamp or name), so an identical re-run keeps readers' run keys."""

    def __init__(self, folder: Path, shards: int):
        folder.mkdir(parents=True, exist_ok=True)
        self.files = [_stable_gzip(folder / f"{rank:05d}.jsonl.gz") for rank in range(shards)]
        self.written = 0

    def write(self, doc: dict) -> None:
        import orjson

        self.files[self.written % len(self.files)].write(orjson.dumps(doc) + b"\n")
        self.written += 1

    def close(self) -> None:
        for handle in self.files:
            handle.close()


def _stable_gzip(path: Path):
    raw = open(path, "wb")
    try:
        from isal.igzip import IGzipFile

        return IGzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=1)
    except ImportError:  # pragma: no cover - isal comes with the runtime's dependencies
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=1)


@dataclass
class Outputs:
    """A step's kept rows (`data/`), dropped rows with their reason (`dropped/`), and counts."""

    ctx: StepContext
    docs_in: int = 0
    reasons: dict = field(default_factory=dict)

    def __post_init__(self):
        self.kept = RowWriter(self.ctx.output / DATA, max(1, self.ctx.tasks))
        self.dropped = RowWriter(self.ctx.output / DROPPED, 1)

    def keep(self, doc: dict) -> None:
        self.kept.write(doc)

    def drop(self, doc: dict, reason: str) -> None:
        key = f"dropped_{reason}"
        self.reasons[key] = self.reasons.get(key, 0) + 1
        self.dropped.write({**doc, "metadata": {**doc.get("metadata", {}),
                                                "filter_reason": reason}})

    def close(self) -> dict:
        self.kept.close()
        self.dropped.close()
        return {"docs_in": self.docs_in, "docs_out": self.kept.written,
                "reasons": dict(sorted(self.reasons.items()))}


def answer_of(doc: dict) -> str:
    """The row's answer as a person reads it: the model's full response when the row has one,
    else its code in a fenced block."""
    metadata = doc.get("metadata", {})
    if metadata.get("response"):
        return metadata["response"]
    return f"```{metadata.get('language', '')}\n{doc.get('text', '').rstrip()}\n```"


def code_from(answer: str, language: str, failures, *, require_block: bool):
    """The code of an answer in `language` (None on failure, counted); without a fenced block,
    `require_block = False` takes the whole answer as code (models that answer with bare code)."""
    from recipec.runtime.llm.parsing import Parsed, extract_code

    parsed = extract_code(answer, language)
    if not parsed.ok and not require_block and parsed.failure == "no_code_block" and answer.strip():
        parsed = Parsed(answer.strip())
    return failures.record(parsed)
