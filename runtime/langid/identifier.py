"""The layered identifier: modeline, file name, shebang, extension, then content.

Cheap, reliable evidence first (like GitHub linguist): an editor modeline, an exact file name,
the shebang's interpreter, an unambiguous extension. Only files that none of these settle (no
path, an unknown or ambiguous extension) reach the content layers, and those are run in one
batch through magika's model before our refinement (`refine.py`) looks at them.
"""
from __future__ import annotations

from collections.abc import Sequence

from . import filenames, interpreters, signatures
from .content_model import MagikaModel
from .guess import Layer, LanguageGuess
from .refine import decide

_LITERATE_FORM = {"haskell": "literate-haskell"}
_MAX_CONTENT_BYTES = 1 << 20   # magika reads at most 4 KiB at each end; patterns 16 KiB


class LanguageIdentifier:
    """Identify the language of files; `threads` is the ONNX thread count of the content model."""

    def __init__(self, threads: int = 1):
        self._threads = threads
        self._model: MagikaModel | None = None

    @property
    def model(self) -> MagikaModel:
        if self._model is None:          # loading ONNX costs ~0.1 s; path-only uses never pay it
            self._model = MagikaModel(threads=self._threads)
        return self._model

    def identify(self, text: str, path: str | None = None) -> LanguageGuess:
        return self.identify_batch([text], [path])[0]

    def identify_batch(self, texts: Sequence[str], paths: Sequence[str | None] | None = None) -> list[LanguageGuess]:
        if paths is None:
            paths = [None] * len(texts)
        if len(paths) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(paths)} paths")
        results: list[LanguageGuess | None] = []
        pending: list[tuple[int, tuple | None]] = []      # (index, candidates from the extension)
        for i, (text, path) in enumerate(zip(texts, paths)):
            guess, candidates = _without_model(text, path)
            results.append(guess)
            if guess is None:
                pending.append((i, candidates))
        if pending:
            contents = [_content_bytes(texts[i]) for i, _ in pending]
            for (i, candidates), output in zip(pending, self.model.predict(contents)):
                results[i] = decide(texts[i], output, candidates)
        return results  # type: ignore[return-value]


def _content_bytes(text: str) -> bytes:
    if len(text) > _MAX_CONTENT_BYTES:
        # Keep both ends: magika looks at the first and the last 4 KiB.
        text = text[: _MAX_CONTENT_BYTES // 2] + "\n" + text[-_MAX_CONTENT_BYTES // 2:]
    return text.encode("utf-8", errors="replace")


def _without_model(text: str, path: str | None) -> tuple[LanguageGuess | None, tuple | None]:
    """A decision from the modeline, path or shebang, or (None, candidates) for the content layers."""
    mode = interpreters.modeline_language(text)
    if mode is not None:
        return LanguageGuess(mode[0], 0.99, Layer.MODELINE, mode[1]), None
    if path:
        named = filenames.by_filename(path)
        if named:
            return LanguageGuess(named, 0.99, Layer.FILENAME, named), None
    bang = interpreters.shebang_language(text)
    if bang is not None:
        language = bang[0]
        literate = _LITERATE_FORM.get(language)
        if literate and signatures.score(text, literate) >= 3:
            language = literate       # `#!/usr/bin/env runghc` over bird-track code: a Setup.lhs
        return LanguageGuess(language, 0.98, Layer.SHEBANG, bang[1]), None
    if path:
        by_ext = filenames.by_extension(path)
        if by_ext is not None:
            kind, candidates = by_ext
            if kind == "one":
                return LanguageGuess(candidates[0], 0.95, Layer.EXTENSION, path.rsplit(".", 1)[-1]), None
            if kind == "not_ours":
                return LanguageGuess(None, 0.9, Layer.EXTENSION, path.rsplit(".", 1)[-1]), None
            return None, candidates
    return None, None
