"""Per-document token ids on disk: what a mixture's tokenize step hands to its pack step.

    <folder>/<rank>.tokens.bin     uint32 ids of every document, concatenated
    <folder>/<rank>.offsets.bin    int64 document boundaries: n + 1 values, starting at 0

Little-endian, no header (`np.memmap`). One file pair per datatrove rank, so ranks write in
parallel and a re-run rewrites only the ranks that did not finish.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

TOKENS = ".tokens.bin"
OFFSETS = ".offsets.bin"
TOKEN_DTYPE = np.dtype("<u4")
OFFSET_DTYPE = np.dtype("<i8")


class TokenDocumentsWriter:
    def __init__(self, folder: str | Path, rank: int):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = self.folder / f"{rank:05d}"
        self._tokens = open(f"{stem}{TOKENS}", "wb", buffering=1 << 20)
        self._offsets_path = f"{stem}{OFFSETS}"
        self._offsets = [0]

    def write(self, ids: np.ndarray) -> None:
        self._tokens.write(np.asarray(ids, dtype=TOKEN_DTYPE).tobytes())
        self._offsets.append(self._offsets[-1] + len(ids))

    def close(self) -> None:
        self._tokens.close()
        # Offsets last: a rank without its offsets file is not finished.
        np.asarray(self._offsets, dtype=OFFSET_DTYPE).tofile(self._offsets_path)


class TokenDocuments:
    """All documents of a folder, in rank order, memory-mapped."""

    def __init__(self, folder: str | Path):
        self.parts = []
        for offsets_path in sorted(Path(folder).glob(f"*{OFFSETS}")):
            tokens_path = str(offsets_path)[: -len(OFFSETS)] + TOKENS
            offsets = np.fromfile(offsets_path, dtype=OFFSET_DTYPE)
            tokens = np.memmap(tokens_path, dtype=TOKEN_DTYPE, mode="r") if offsets[-1] else \
                np.zeros(0, TOKEN_DTYPE)
            self.parts.append((tokens, offsets))
        self.starts = np.cumsum([0] + [len(o) - 1 for _, o in self.parts])

    def __len__(self) -> int:
        return int(self.starts[-1])

    @property
    def tokens(self) -> int:
        return int(sum(o[-1] for _, o in self.parts))

    def lengths(self) -> np.ndarray:
        if not self.parts:
            return np.zeros(0, np.int64)
        return np.concatenate([np.diff(o) for _, o in self.parts])

    def __getitem__(self, index: int) -> np.ndarray:
        part = int(np.searchsorted(self.starts, index, side="right") - 1)
        tokens, offsets = self.parts[part]
        local = index - int(self.starts[part])
        return np.asarray(tokens[offsets[local]:offsets[local + 1]])
