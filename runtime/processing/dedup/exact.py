"""`dedup.exact`: drop documents whose text is identical to an earlier one, with datatrove's
three exact-dedup stages (content hash -> find duplicates -> filter).

    stages = exact_dedup_stages("in/", "out/", "work/", tasks=4)

1. signatures (`tasks` tasks): `ExactDedupSignature` writes (xxh64 of the text, priority, index);
2. duplicates (`finder_tasks` tasks, each a slice of the hash range): `ExactFindDedups` merges
   the sorted signatures and lists every document that repeats an earlier hash;
3. filter (`tasks` tasks): `ExactDedupFilter` drops them and writes the output; kept documents
   get `metadata["duplicate_count"]` (how many copies were dropped).

Which copy survives: datatrove keeps, per hash, the highest priority and then the lowest index
within its task. `FirstInTaskOrder` sets the priority from the task rank, so the survivor is the
first copy in (task, position) order — deterministic, and unchanged by the number of workers or
finder tasks. (datatrove's priority field is 16 bits: up to 65,534 tasks.)

The hash is 64-bit: two different texts collide with probability ~n^2 / 2^65, about 3e-4 for
100 million documents; such a pair would lose one document.
"""
from __future__ import annotations

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.dedup.exact_dedup import (
    ExactDedupConfig,
    ExactDedupFilter,
    ExactDedupSignature,
    ExactFindDedups,
)

from recipec.runtime.processing.dedup.stages import (
    ReaderFactory,
    Stage,
    WriterFactory,
    jsonl_reader,
    jsonl_writer,
)

_MAX_PRIORITY = 65535
# Signature records per read in stage 2 (datatrove's default of 5 costs a syscall every 5 records).
_RECORDS_PER_READ = 4096


def document_text(doc: Document) -> str:
    """What "identical content" compares: the full text, byte for byte."""
    return doc.text


class FirstInTaskOrder(ExactDedupSignature):
    """`ExactDedupSignature` whose priority is `65535 - rank`: earlier tasks win ties."""

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if world_size >= _MAX_PRIORITY:
            raise ValueError(f"exact dedup supports at most {_MAX_PRIORITY - 1} tasks, got {world_size}")
        self._priority = _MAX_PRIORITY - rank
        return super().run(data, rank, world_size)

    def get_hashes(self, doc: Document, doc_idx: int) -> list[tuple[int, int, int]]:
        return [(self.hash_fc(self.config.content_getter(doc)), self._priority, doc_idx)]


def exact_dedup_config() -> ExactDedupConfig:
    return ExactDedupConfig(content_getter=document_text)


def exact_dedup_stages(
    reader: ReaderFactory | str,
    writer: WriterFactory | str,
    work_folder: str,
    tasks: int,
    *,
    finder_tasks: int = 1,
    exclusion_writer: WriterFactory | None = None,
) -> list[Stage]:
    """The three stages, in the order they must run (see the module docstring)."""
    read = jsonl_reader(reader) if isinstance(reader, str) else reader
    write = jsonl_writer(writer) if isinstance(writer, str) else writer
    config = exact_dedup_config()
    work = work_folder.rstrip("/")
    signatures, duplicates = f"{work}/signatures", f"{work}/duplicates"
    return [
        Stage(
            "exact_signatures",
            [read(), FirstInTaskOrder(signatures, config=config, finder_workers=finder_tasks)],
            tasks,
        ),
        Stage(
            "exact_duplicates",
            [ExactFindDedups(signatures, duplicates, config=config, lines_to_buffer=_RECORDS_PER_READ)],
            finder_tasks,
        ),
        Stage(
            "exact_filter",
            [
                read(),
                ExactDedupFilter(
                    duplicates, config=config, exclusion_writer=exclusion_writer() if exclusion_writer else None
                ),
                write(),
            ],
            tasks,
        ),
    ]
