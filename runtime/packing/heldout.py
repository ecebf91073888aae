"""Chooses the documents of a held-out split, by a hash of (seed, document id), streaming.

A document's fate depends on its id and the seed alone, so the split does not move when the
input is re-sharded or read by more workers; an optional token or document cap stops the
held-out set from growing past a size the recipe sets (then it depends on input order, which is
deterministic). A recipe's `held_out = 500 docs` is `HeldOutSplitter(1.0, max_documents=500)`.
"""
from __future__ import annotations

import hashlib


class HeldOutSplitter:
    def __init__(self, fraction: float, seed: int = 0, *, max_tokens: int | None = None,
                 max_documents: int | None = None) -> None:
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"held-out fraction {fraction} is outside [0, 1]")
        self.fraction = fraction
        self.seed = seed
        self.max_tokens = max_tokens
        self.max_documents = max_documents
        self.tokens = 0
        self.documents = 0

    def draw(self, document_id: str | int) -> float:
        digest = hashlib.blake2b(f"{self.seed}\x1fheldout\x1f{document_id}".encode("utf-8", "surrogatepass"),
                                 digest_size=8).digest()
        return int.from_bytes(digest, "little") / 2**64

    def is_held_out(self, document_id: str | int, tokens: int = 0) -> bool:
        """True if this document goes to the held-out split (and counts it there)."""
        if self.draw(document_id) >= self.fraction:
            return False
        if self.max_tokens is not None and self.tokens + tokens > self.max_tokens:
            return False
        if self.max_documents is not None and self.documents >= self.max_documents:
            return False
        self.tokens += tokens
        self.documents += 1
        return True
