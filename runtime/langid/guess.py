"""What an identification returns: the language, how sure, and which layer decided."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Layer(str, Enum):
    """The layer that decided, in the order they are tried."""

    MODELINE = "modeline"            # vim `ft=` / emacs `-*- mode: -*-`
    FILENAME = "filename"            # exact names: Makefile, Dockerfile, CMakeLists.txt ...
    SHEBANG = "shebang"              # `#!/usr/bin/env python3`
    EXTENSION = "extension"          # an extension with one meaning (or a known non-code one)
    CONTENT_MODEL = "content_model"  # magika's prediction, mapped to our names
    HEURISTIC = "heuristic"          # our own patterns, where magika merges or lacks languages


@dataclass(frozen=True)
class LanguageGuess:
    language: str | None    # one of the 92 names, or None: not code of those languages
    confidence: float       # in [0, 1], rounded to 3 decimals so that results are stable
    layer: Layer
    detail: str = ""        # the evidence: interpreter, mode, extension, magika label, patterns

    @property
    def is_known(self) -> bool:
        return self.language is not None
