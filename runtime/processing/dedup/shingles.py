"""Words and n-gram shingles exactly as datatrove's MinHash and decontamination blocks see them.

datatrove normalises text with `simplify_text` (lowercase, digits -> 0, punctuation -> space,
whitespace collapsed, diacritics stripped) and then splits it with a word tokenizer that defaults
to spaCy's English splitter. spaCy is 4.4x slower than a whitespace split on source code, gives
nearly the same shingles, and is not a dependency here (datatrove's own "whitespace" tokenizer
also goes through spaCy), so every dedup block uses `WhitespaceWordTokenizer` instead.

`normalized_words` returns the very tokens that `simplify_text` + a whitespace split return,
only faster (see there); a property test holds the two paths equal.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache

import numpy as np
import xxhash
from datatrove.utils.text import TextNormConfig, simplify_text
from datatrove.utils.word_tokenizers import WordTokenizer


class WhitespaceWordTokenizer(WordTokenizer):
    """A datatrove word tokenizer that splits on whitespace: right for code, and needs no model."""

    def __init__(self) -> None:
        super().__init__(language=None)

    def word_tokenize(self, text: str) -> list[str]:
        return text.split()

    def sent_tokenize(self, text: str) -> list[str]:
        return [line for line in text.splitlines() if line.strip()]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        spans, start = [], 0
        for line in text.splitlines(keepends=True):
            if line.strip():
                spans.append((start, start + len(line.rstrip("\r\n"))))
            start += len(line)
        return spans


@lru_cache(maxsize=16)
def _without_late_steps(fields: tuple) -> TextNormConfig:
    """The config minus the two steps simplify_text runs last, which `normalized_words` does itself.

    Keyed by the config's field values, since TextNormConfig is a plain, unhashable dataclass.
    """
    return dataclasses.replace(TextNormConfig(*fields), norm_whitespace=False, norm_unicode_diacritics=False)


def _strip_marks(run: re.Match) -> str:
    return "".join(c for c in run.group() if unicodedata.category(c) != "Mn")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def normalized_words(text: str, config: TextNormConfig | None = None) -> list[str]:
    """`simplify_text(text, config).split()`, computed without the work that cannot matter.

    simplify_text's last two steps are whitespace collapsing (moot before a split) and diacritics
    removal: NFD, then a per-character Python loop that drops combining marks (category Mn).
    Marks are never ASCII, so the loop runs only over the non-ASCII runs of the NFD text.
    """
    config = config or TextNormConfig()
    text = simplify_text(text, _without_late_steps(dataclasses.astuple(config)))
    if config.norm_unicode_diacritics and not text.isascii():
        text = _NON_ASCII_RUN.sub(_strip_marks, unicodedata.normalize("NFD", text))
    return text.split()


def word_ngrams(words: list[str], n: int) -> list[str]:
    """The space-joined n-grams of `words` (none when there are fewer than n words)."""
    if n == 1:
        return list(words)
    return [" ".join(gram) for gram in zip(*(words[i:] for i in range(n)))]


def shingle_hashes(text: str, n: int, config: TextNormConfig | None = None) -> np.ndarray:
    """xxh64 of every word n-gram: the same values as datatrove's default 64-bit shingle hash."""
    grams = word_ngrams(normalized_words(text, config), n)
    return np.fromiter(map(xxhash.xxh64_intdigest, grams), dtype=np.uint64, count=len(grams))
