"""Encodes a sample made of parts, some trained on and some not: the SFT loss mask.

A chat sample is scaffolding from a template (`<|im_start|>assistant\\n`, whose control tokens
must become their ids) around message contents (document text: added-token matching off, so a
user message cannot forge `<|im_end|>`). Each part says which it is and whether the loss counts
its tokens; typically only the assistant's contents and their closing `<|im_end|>` do.
"""
from __future__ import annotations

import array
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Part:
    text: str
    train: bool = False  # do its tokens count in the loss?
    template: bool = False  # scaffolding: added-token texts in it become their ids


def _added_tokens(tokenizer) -> tuple[dict[str, int], re.Pattern | None]:
    added = {token.content: token_id for token_id, token in tokenizer.get_added_tokens_decoder().items()}
    if not added:
        return added, None
    return added, re.compile("|".join(re.escape(text) for text in sorted(added, key=len, reverse=True)))


def encode_parts(encoder, parts: Sequence[Part]) -> tuple[np.ndarray, np.ndarray]:
    """(ids, loss mask) of the parts in order; all text of the sample encoded in one batch."""
    added, pattern = _added_tokens(encoder.tokenizer)
    pieces: list[tuple[object, bool]] = []  # (text to encode or an id, train)
    for part in parts:
        if not part.template or pattern is None:
            pieces.append((part.text, part.train))
            continue
        position = 0
        for match in pattern.finditer(part.text):
            if match.start() > position:
                pieces.append((part.text[position:match.start()], part.train))
            pieces.append((added[match.group(0)], part.train))
            position = match.end()
        if position < len(part.text):
            pieces.append((part.text[position:], part.train))
    texts = [piece for piece, _ in pieces if isinstance(piece, str)]
    encoded = iter(encoder.encode_batch_lists(texts))
    ids, mask = array.array("I"), array.array("B")
    for piece, train in pieces:
        chunk = next(encoded) if isinstance(piece, str) else [piece]
        ids.extend(chunk)
        mask.extend([1 if train else 0] * len(chunk))
    return np.frombuffer(ids, dtype=np.uint32), np.frombuffer(mask, dtype=np.uint8)
