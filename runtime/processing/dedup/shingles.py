"""Words and n-gram shingles exactly as datatrove's MinHash and decontamination blocks see them.

datatrove normalises text with `simplify_text` (lowercase, digits -> 0, punctuation -> space,
whitespace collapsed, diacritics stripped) and then splits it with a word tokenizer that defaults
to spaCy's English splitter. spaCy is 4.4x slower than a whitespace split on source code, gives
nearly the same shingles, and is not a dependency here (datatrove's own "whitespace" tokenizer
also goes through spaCy), so every dedup block uses `WhitespaceWordTokenizer` instead.

`normalized_words` returns the very tokens of `simplify_text(text).split()`, as UTF-8 bytes,
only faster (see there); a property test holds the two paths equal. Shingles are the
space-joined n-grams of those words; `shingle_hashes` gives the xxh64 of each, which is
datatrove's default 64-bit shingle hash (xxhash hashes a str as its UTF-8 bytes).
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache

import numpy as np
import regex
import xxhash
from datatrove.utils.text import PUNCTUATION, TextNormConfig, simplify_text
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


# --- ASCII text: simplify_text's steps on bytes -------------------------------------------------
# On ASCII input datatrove's number pattern \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)? matches exactly this, its
# punctuation table maps exactly these bytes to spaces, and NFD cannot change anything. The
# translated text has no \x1c-\x1f left, the only characters on which bytes.split() and
# str.split() disagree.
_ASCII_NUMBER = regex.compile(rb"[0-9]+(?:[.,][0-9]+)?")
_ASCII_PUNCTUATION = bytes(32 if chr(b) in PUNCTUATION else b for b in range(128)) + bytes(range(128, 256))


def _ascii_words(text: str, config: TextNormConfig) -> list[bytes]:
    data = text.encode("ascii")
    if config.lowercase:
        data = data.lower()
    if config.norm_numbers:
        data = _ASCII_NUMBER.sub(b"0", data)
    return data.translate(_ASCII_PUNCTUATION).split()


# --- any text: simplify_text minus what a split makes moot ---------------------------------------

@lru_cache(maxsize=16)
def _without_late_steps(fields: tuple) -> TextNormConfig:
    """The config minus the two steps simplify_text runs last, which `_general_words` does itself.

    Keyed by the config's field values, since TextNormConfig is a plain, unhashable dataclass.
    """
    return dataclasses.replace(TextNormConfig(*fields), norm_whitespace=False, norm_unicode_diacritics=False)


def _strip_marks(run: re.Match) -> str:
    return "".join(c for c in run.group() if unicodedata.category(c) != "Mn")


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _general_words(text: str, config: TextNormConfig) -> list[bytes]:
    # simplify_text's last two steps: whitespace collapsing (moot before a split) and diacritics
    # removal, NFD then a per-character loop dropping combining marks (category Mn). Marks are
    # never ASCII, so the loop runs only over the non-ASCII runs of the NFD text.
    text = simplify_text(text, _without_late_steps(dataclasses.astuple(config)))
    if config.norm_unicode_diacritics and not text.isascii():
        text = _NON_ASCII_RUN.sub(_strip_marks, unicodedata.normalize("NFD", text))
    # surrogatepass: a lone surrogate (a JSON \ud800 escape can make one) must not crash a build
    return [word.encode("utf-8", "surrogatepass") for word in text.split()]


def normalized_words(text: str, config: TextNormConfig | None = None) -> list[bytes]:
    """`simplify_text(text, config).split()`, UTF-8 encoded, computed without needless work."""
    config = config or TextNormConfig()
    if text.isascii() and config.remove_punctuation and not (config.norm_weekdays or config.norm_monthnames):
        return _ascii_words(text, config)
    return _general_words(text, config)


def word_ngrams(words: list[bytes], n: int) -> list[bytes]:
    """The space-joined n-grams of `words` (none when there are fewer than n words)."""
    if n == 1:
        return list(words)
    return [b" ".join(gram) for gram in zip(*(words[i:] for i in range(n)))]


def shingles(text: str, n: int, config: TextNormConfig | None = None) -> list[bytes]:
    """The word n-grams of the normalised text, as datatrove forms them."""
    return word_ngrams(normalized_words(text, config), n)


def shingle_hashes(text: str, n: int, config: TextNormConfig | None = None) -> np.ndarray:
    """xxh64 of every word n-gram: the same values as datatrove's default 64-bit shingle hash."""
    grams = shingles(text, n, config)
    return np.fromiter(map(xxhash.xxh64_intdigest, grams), dtype=np.uint64, count=len(grams))
