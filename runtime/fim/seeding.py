"""Per-document random streams, so that results depend on (seed, document id) and nothing else.

Drawing from one shared generator would tie each document's FIM decision to how many documents
came before it, i.e. to worker count and shard order; a stream per document does not.
"""
from __future__ import annotations

import hashlib
import random


def document_rng(seed: int, document_id: str | int, stream: str = "") -> random.Random:
    """A `random.Random` seeded from a hash of (seed, document id, stream name)."""
    material = f"{seed}\x1f{document_id}\x1f{stream}".encode("utf-8", "surrogatepass")
    return random.Random(int.from_bytes(hashlib.blake2b(material, digest_size=8).digest(), "little"))
