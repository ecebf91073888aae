"""Language identification for the 92 languages of the Qwen2.5-Coder pipeline.

    from recipec.runtime.langid import identify, identify_batch
    guess = identify(text, path="src/main.rs")      # LanguageGuess(language="rust", ...)
    guess.language, guess.confidence, guess.layer    # "rust", 0.95, Layer.EXTENSION

Layers, first match wins: modeline, file name, shebang, extension (path-aware calls only for
the path layers), then magika's content model refined by our own patterns. `language` is one of
`LANGUAGES` or None (not code of these languages). `identify_batch` runs the content model once
for the whole batch and gives the same answers as `identify` one by one. See
docs/language-id.md.
"""
from __future__ import annotations

from collections.abc import Sequence

from .guess import Layer, LanguageGuess
from .identifier import LanguageIdentifier
from .languages import LANGUAGES

__all__ = ["LANGUAGES", "Layer", "LanguageGuess", "LanguageIdentifier", "identify", "identify_batch"]

_default: LanguageIdentifier | None = None


def _identifier() -> LanguageIdentifier:
    global _default
    if _default is None:
        _default = LanguageIdentifier()
    return _default


def identify(text: str, path: str | None = None) -> LanguageGuess:
    return _identifier().identify(text, path)


def identify_batch(texts: Sequence[str], paths: Sequence[str | None] | None = None) -> list[LanguageGuess]:
    return _identifier().identify_batch(texts, paths)
