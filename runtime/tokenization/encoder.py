"""Encodes document text to token ids with added-token matching off, fast.

Document text is never allowed to produce a control token: a file holding the literal text
`<|endoftext|>` must encode as ordinary bytes (design.md section 5). HF `tokenizers` matches
added tokens in raw text by default (and `encode_special_tokens` spares only the *special*
ones, not Qwen's FIM tokens), so the HF backend encodes with a copy of the tokenizer that has no
added tokens; tiktoken's `encode_ordinary` never matches them. tiktoken is used when it gives
identical ids (see `tiktoken_backend`), after the NFC normalisation that the HF normalizer does.
"""
from __future__ import annotations

import array
import json
import os
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from recipec.runtime.tokenization.byte_level import token_string_to_bytes
from recipec.runtime.tokenization.errors import TokenizerError
from recipec.runtime.tokenization.tiktoken_backend import PROBE_TEXTS, normalizer_kind, pattern_of, tiktoken_for

BACKENDS = ("auto", "tiktoken", "hf")
TOKEN_DTYPE = np.uint32
assert array.array("I").itemsize == 4, "token arrays assume a 4-byte C unsigned int"


def as_array(ids: list[int]) -> np.ndarray:
    """A list of ids as a `uint32` array; `array.array` converts lists ~3x faster than numpy."""
    return np.frombuffer(array.array("I", ids), dtype=TOKEN_DTYPE)


def _state(component) -> dict | None:
    """The tokenizer.json form of one part of a tokenizer (model, normalizer, pre-tokenizer)."""
    return None if component is None else json.loads(component.__getstate__())


def default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class TextEncoder:
    """Document text -> `uint32` id arrays; also looks up sentinels and decodes.

    `backend`: "auto" takes tiktoken when it is equivalent, "tiktoken" demands it (error if the
    tokenizer does not allow it), "hf" always uses HF `tokenizers`. `threads` bounds the threads
    of the tiktoken backend; HF `tokenizers` uses its own pool (`TOKENIZERS_PARALLELISM`).
    """

    def __init__(self, tokenizer, *, backend: str = "auto", threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
        self.tokenizer = tokenizer
        self.threads = threads or default_threads()
        normalizer = _state(tokenizer.normalizer)
        self._nfc = normalizer_kind(normalizer) == "NFC"
        # The same model and pipeline without the added vocabulary: nothing in the text can
        # match an added token, and no post-processor adds BOS/EOS.
        self._plain = Tokenizer(tokenizer.model)
        self._plain.normalizer = tokenizer.normalizer
        self._plain.pre_tokenizer = tokenizer.pre_tokenizer
        self._plain.decoder = tokenizer.decoder
        self._tiktoken = None
        self.backend_reason = "asked for HF tokenizers"
        if backend != "hf":
            self._tiktoken, self._ordinary_ids, why = tiktoken_for(tokenizer)
            count = len(self._ordinary_ids)
            self._ordinary_below = count if count and max(self._ordinary_ids) == count - 1 else None
            self._ordinary_array = np.fromiter(sorted(self._ordinary_ids), np.int64, count)
            if self._tiktoken is not None:
                if not self._agrees_on(PROBE_TEXTS):
                    self._tiktoken, why = None, "tiktoken and HF tokenizers differ on the probe text"
            self.backend_reason = why
            if self._tiktoken is None and backend == "tiktoken":
                raise TokenizerError(f"tiktoken cannot reproduce this tokenizer: {why}",
                                     "use the HF tokenizers backend")
        # Made here, not on first use: the packing loop encodes from a helper thread and
        # context-level FIM from the main one, and both must share one pool.
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="recipec-encode") \
            if self._tiktoken is not None and self.threads > 1 else None
        self._byte_lengths: np.ndarray | None = None
        self._split_pattern: str | None | bool = False  # False: not looked up yet

    @property
    def backend(self) -> str:
        return "tiktoken" if self._tiktoken is not None else "hf"

    @property
    def vocab_size(self) -> int:
        return self.tokenizer.get_vocab_size(with_added_tokens=True)

    # --- encoding -------------------------------------------------------------------------

    def encode(self, text: str) -> np.ndarray:
        return as_array(self.encode_list(text))

    def encode_list(self, text: str) -> list[int]:
        if self._tiktoken is not None:
            return self._tiktoken.encode_ordinary(self.normalise(text))
        return self._plain.encode(text, add_special_tokens=False).ids

    def encode_batch(self, texts: Sequence[str]) -> list[np.ndarray]:
        return [as_array(ids) for ids in self.encode_batch_lists(texts)]

    def encode_batch_lists(self, texts: Sequence[str]) -> list[list[int]]:
        """Ids of each text as Python lists: the cheapest form to join FIM pieces with sentinels."""
        if not texts:
            return []
        if self._tiktoken is None:
            return [e.ids for e in self._plain.encode_batch_fast(list(texts), add_special_tokens=False)]
        if self._pool is None or len(texts) < 2 * self.threads:
            return [self.encode_list(text) for text in texts]
        # A few contiguous chunks per thread: one future per text would cost more than short
        # texts take to encode; tiktoken releases the GIL inside each call.
        size = -(-len(texts) // (self.threads * 4))
        chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
        encode = self.encode_list
        results: list[list[int]] = []
        for part in self._pool.map(lambda chunk: [encode(t) for t in chunk], chunks):
            results.extend(part)
        return results

    def normalise(self, text: str) -> str:
        """NFC, when the tokenizer normalises so (the tiktoken path must do it itself)."""
        if self._nfc and not unicodedata.is_normalized("NFC", text):
            return unicodedata.normalize("NFC", text)
        return text

    def _agrees_on(self, texts: Sequence[str]) -> bool:
        for text in texts:
            expected = self._plain.encode(text, add_special_tokens=False).ids
            if self._tiktoken.encode_ordinary(self.normalise(text)) != expected:
                return False
        return True

    # --- lookups --------------------------------------------------------------------------

    def added_token_id(self, text: str) -> int | None:
        """The id of the added token `text` (a sentinel), if the tokenizer has it as exactly one.

        Only added tokens qualify: an ordinary vocabulary entry could also come from text.
        """
        token_id = self.tokenizer.token_to_id(text)
        if token_id is None or token_id not in self.tokenizer.get_added_tokens_decoder():
            return None
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        return token_id if ids == [token_id] else None

    def decode(self, ids, *, skip_special_tokens: bool = False) -> str:
        return self.tokenizer.decode([int(i) for i in ids], skip_special_tokens=skip_special_tokens)

    def decode_bytes(self, ids) -> bytes | None:
        """The exact bytes of ordinary (non-added) token ids, or None if some id has none.

        Unlike `decode`, this never replaces a UTF-8 sequence cut between tokens, so a caller
        can tell a clean cut from a broken one.
        """
        ids = np.asarray(ids)
        if self._tiktoken is not None:
            if len(ids) and not self._all_ordinary(ids):
                return None
            return self._tiktoken.decode_bytes(ids.tolist())
        pieces = []
        for i in ids.tolist():
            token = self._plain.id_to_token(i)
            data = token_string_to_bytes(token) if token is not None else None
            if data is None:
                return None
            pieces.append(data)
        return b"".join(pieces)

    @property
    def split_pattern(self) -> str | None:
        """The pre-tokenizer's one regex, when it is "Split on a regex, then ByteLevel"."""
        if self._split_pattern is False:
            self._split_pattern = pattern_of(_state(self.tokenizer.pre_tokenizer))
        return self._split_pattern

    def token_byte_lengths(self) -> np.ndarray | None:
        """Bytes per token id (0 for added tokens), computed once; None unless byte-level.

        A byte-level token string has one character per byte, so its length is its size.
        """
        if self._byte_lengths is None and self.split_pattern is not None:
            lengths = np.zeros(self.vocab_size, np.int64)
            added = self.tokenizer.get_added_tokens_decoder()
            for text, token_id in self.tokenizer.get_vocab(with_added_tokens=False).items():
                if token_id not in added:
                    lengths[token_id] = len(text)
            self._byte_lengths = lengths
        return self._byte_lengths

    def _all_ordinary(self, ids: np.ndarray) -> bool:
        if self._ordinary_below is not None:  # ids 0..n-1, as in Qwen2.5: one comparison
            return int(ids.max()) < self._ordinary_below and int(ids.min()) >= 0
        return bool(np.isin(ids, self._ordinary_array).all())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __getstate__(self):  # datatrove ships steps to worker processes by pickling
        return {"tokenizer_json": self.tokenizer.to_str(), "backend": self.backend, "threads": self.threads}

    def __setstate__(self, state) -> None:
        from tokenizers import Tokenizer

        self.__init__(Tokenizer.from_str(state["tokenizer_json"]), backend=state["backend"], threads=state["threads"])
