"""Packed, fixed-length token shards: writer, packer, reader and held-out split (docs/shards.md)."""
from recipec.runtime.packing.errors import ShardError
from recipec.runtime.packing.feed import encode_in_batches, pack_documents
from recipec.runtime.packing.heldout import HeldOutSplitter
from recipec.runtime.packing.layout import FORMAT, INDEX_FILE, VERSION, ShardSetIndex, token_dtype
from recipec.runtime.packing.packer import PackedRow, SequencePacker
from recipec.runtime.packing.reader import PackedSequence, ShardSet
from recipec.runtime.packing.writer import ShardWriter

__all__ = [
    "FORMAT", "INDEX_FILE", "VERSION", "HeldOutSplitter", "PackedRow", "PackedSequence", "SequencePacker",
    "ShardError", "ShardSet", "ShardSetIndex", "ShardWriter", "encode_in_batches", "pack_documents",
    "token_dtype",
]
