"""Re-encodes a FIM piece of an already encoded text, reusing the tokens that cannot change.

Context-level FIM cuts a packed segment's text into pieces and must encode each piece as if
alone. Encoding the pieces from scratch costs a second tokenization of every FIM'd segment;
most of each piece's tokens are the segment's own, though, and only the stretches near the cuts
need encoding again.

Which tokens are safe follows from the Qwen2 pre-tokenizer regex
(`from_tiktoken_ranks.QWEN2_PATTERN`). Call position q a *safe point* when text[q-1] is a
newline and text[q:] continues with spaces or tabs and then a printable ASCII character:

- every pre-token that contains the newline ends exactly at q (the alternatives that can hold a
  newline, `\\s*[\\r\\n]+` and `[^\\s\\p{L}\\p{N}]+[\\r\\n]*`, end in newlines, and
  `\\s*[\\r\\n]+` is tried before `\\s+(?!\\S)`), so q is a pre-token boundary;
- deciding those matches reads at most up to that printable character.

So in any piece that holds text[q-1 .. r] (r: the printable character), q is a boundary and the
pre-tokens on either side are those of the whole text; BPE works within pre-tokens, so between
the piece's first and last safe points its tokens are the whole text's tokens. The piece is
encoded as: text up to the first safe point + reused ids + text from the last safe point. Used
only when the tokenizer splits with exactly that regex; a property test checks the result
against encoding each piece from scratch.
"""
from __future__ import annotations

import bisect
import re

import numpy as np

from recipec.runtime.fim.segments import Segment
from recipec.runtime.tokenization.from_tiktoken_ranks import QWEN2_PATTERN

# q = start of group 1 (just after the newline); r = end of group 1 (the printable character).
_SAFE_POINT = re.compile(r"\n([ \t]*)(?=[!-~])")
MIN_REUSE_CHARS = 64  # below this, re-encoding is cheaper than the bookkeeping


class TokenReuse:
    """Splits pieces of one encoded text into (text to encode, reused ids) segments."""

    @staticmethod
    def applies_to(encoder) -> bool:
        return encoder.split_pattern == QWEN2_PATTERN and encoder.token_byte_lengths() is not None

    def __init__(self, encoder, text: str, ids: np.ndarray) -> None:
        self.text = text
        self.ids = ids
        matches = list(_SAFE_POINT.finditer(text))
        self.points = [m.start(1) for m in matches]
        self.witness = [m.end(1) for m in matches]  # the printable character each point needs
        self.ascii = text.isascii()
        self.token_ends = np.cumsum(encoder.token_byte_lengths()[ids])

    def _byte_offset(self, position: int) -> int:
        return position if self.ascii else len(self.text[:position].encode("utf-8"))

    def _token_index(self, position: int) -> int | None:
        """Number of tokens that end at or before `position`, if a token ends exactly there."""
        offset = self._byte_offset(position)
        if offset == 0:
            return 0
        index = int(np.searchsorted(self.token_ends, offset))
        if index < len(self.token_ends) and self.token_ends[index] == offset:
            return index + 1
        return None

    def piece(self, start: int, end: int) -> list[Segment]:
        """Segments that encode text[start:end] exactly as encoding it alone would."""
        text = self.text[start:end]
        # Safe points q with the newline (q-1) and the witness (r) inside [start, end).
        low = bisect.bisect_left(self.points, start + 1)
        high = bisect.bisect_left(self.points, end) - 1
        while low <= high and self.witness[low] >= end:
            low += 1
        while high >= low and self.witness[high] >= end:
            high -= 1
        if high <= low:
            return [text]
        first, last = self.points[low], self.points[high]
        if last - first < MIN_REUSE_CHARS:
            return [text]
        begin_token, end_token = self._token_index(first), self._token_index(last)
        if begin_token is None or end_token is None:  # cannot happen for a canonical encoding
            return [text]
        return [self.text[start:first], self.ids[begin_token:end_token], self.text[last:end]]
