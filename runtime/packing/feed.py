"""The loop a build step runs: encode documents in batches and feed them to a packer.

Encoding of the next batch runs on a helper thread while the current one is packed and written
(tiktoken releases the GIL while it encodes), so packing costs little on top of encoding. The
order of documents, hence the output, is the input order whatever the timing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

import numpy as np

# (texts, document ids, languages) -> one id array per document
EncodeBatch = Callable[[Sequence[str], Sequence[str | int], Sequence[str | None]], list[np.ndarray]]
Document = tuple[str, str | int, str | None]  # text, id, language


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def encode_in_batches(encode: EncodeBatch, documents: Iterable[Document], *,
                      batch_size: int = 256) -> Iterator[tuple[Document, np.ndarray]]:
    """(document, ids) in input order; the next batch is encoded while the caller works."""
    def run(batch: list[Document]) -> list[np.ndarray]:
        texts, ids, languages = zip(*batch)
        return encode(list(texts), list(ids), list(languages))

    with ThreadPoolExecutor(1, thread_name_prefix="recipec-prefetch") as helper:
        batches = _batches(documents, batch_size)
        current = next(batches, None)
        pending = helper.submit(run, current) if current else None
        while current is not None:
            following = next(batches, None)
            encoded = pending.result()
            pending = helper.submit(run, following) if following else None
            yield from zip(current, encoded)
            current = following


def pack_documents(packer, encode: EncodeBatch, documents: Iterable[Document], *, batch_size: int = 256,
                   held_out=None, held_out_packer=None) -> None:
    """Encodes `documents` and adds them to `packer`, or to `held_out_packer` when the
    `held_out` splitter (a `HeldOutSplitter`) picks them. Closing the packers is the caller's."""
    for (_, document_id, _), ids in encode_in_batches(encode, documents, batch_size=batch_size):
        if held_out is not None and held_out.is_held_out(document_id, len(ids)):
            held_out_packer.add(ids)
        else:
            packer.add(ids)
