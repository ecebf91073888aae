"""File-level FIM: cut a document into prefix, middle and suffix, and render PSM or SPM.

Every draw for a document comes from `document_rng(seed, document id)`, in a fixed order (apply?
SPM? split points), so the output of a document never depends on the others, on worker count or
on order. Text is NFC-normalised *before* it is cut (when the tokenizer normalises to NFC), so
each piece is already normal and encoding the pieces separately changes nothing the tokenizer's
normalizer would have done to the whole.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from recipec.runtime.fim.ast_spans import AstSpanPicker
from recipec.runtime.fim.config import FIM_PLACEHOLDERS, FimConfig
from recipec.runtime.fim.errors import FimError
from recipec.runtime.fim.seeding import document_rng
from recipec.runtime.fim.segments import Segment, SentinelTemplate, added_token_ids, encode_segments
from recipec.runtime.fim.split_points import char_split, line_split

END_OF_DOCUMENT = "<|endoftext|>"


@dataclass(frozen=True)
class FimSample:
    """A document after the FIM draw: `mode` is "psm", "spm" or None (left as it was)."""

    mode: str | None
    prefix: str
    middle: str
    suffix: str

    @property
    def document(self) -> str:
        return self.prefix + self.middle + self.suffix


class FimSplitter:
    """The text-level FIM draw for one document; counts what it did in `stats`."""

    def __init__(self, config: FimConfig) -> None:
        self.config = config
        self.stats: Counter[str] = Counter()
        self._ast = AstSpanPicker() if config.split == "ast" else None

    def sample(self, text: str, document_id: str | int, language: str | None = None) -> FimSample:
        config = self.config
        rng = document_rng(config.seed, document_id, "fim")
        self.stats["documents"] += 1
        if rng.random() >= config.rate:
            self.stats["fim_none"] += 1
            return FimSample(None, text, "", "")
        mode = "spm" if rng.random() < config.spm_rate else "psm"
        self.stats[f"fim_{mode}"] += 1
        start, end = self._split_points(text, language, rng)
        return FimSample(mode, text[:start], text[start:end], text[end:])

    def _split_points(self, text: str, language: str | None, rng) -> tuple[int, int]:
        if self.config.split == "line":
            self.stats["split_line"] += 1
            return line_split(text, rng)
        if self.config.split == "ast":
            if rng.random() < self.config.ast_share:
                span, reason = self._ast.pick(text, language, rng)
                if span is not None:
                    self.stats["split_ast"] += 1
                    return span
                # Counted per reason and language, so a report can show where AST FIM fell short.
                self.stats[f"ast_fallback:{reason}:{language or 'unknown'}"] += 1
            else:
                self.stats["split_char_by_mix"] += 1
        self.stats["split_char"] += 1
        return char_split(text, rng)


class FileFim:
    """Documents -> token ids: FIM (PSM/SPM) at the configured rate, otherwise text + end token.

    With `config=None` no document is transformed. Sentinels are looked up in the tokenizer's
    added tokens; a template naming a text that is not one fails here with a clear message.
    """

    def __init__(self, encoder, config: FimConfig | None, *, end_of_document: str = END_OF_DOCUMENT) -> None:
        self.encoder = encoder
        self.config = config
        sentinels = added_token_ids(encoder.tokenizer)
        self.end_id = sentinel_id(encoder, end_of_document, "end-of-document token")
        self.splitter = FimSplitter(config) if config is not None and config.rate > 0 else None
        self.templates: dict[str, SentinelTemplate] = {}
        if config is not None:
            for mode, template in (("psm", config.psm), ("spm", config.spm)):
                if template is None:
                    continue
                self.templates[mode] = SentinelTemplate(template, FIM_PLACEHOLDERS, sentinels,
                                                        what=f"FIM {mode.upper()} template")

    @property
    def stats(self) -> Counter[str]:
        return self.splitter.stats if self.splitter else Counter()

    def sample(self, text: str, document_id: str | int, language: str | None = None) -> FimSample:
        text = self.encoder.normalise(text)
        if self.splitter is None:
            return FimSample(None, text, "", "")
        return self.splitter.sample(text, document_id, language)

    def segments(self, text: str, document_id: str | int, language: str | None = None) -> list[Segment]:
        return self.sample_segments(self.sample(text, document_id, language))

    def sample_segments(self, sample: FimSample) -> list[Segment]:
        if sample.mode is None:
            return [sample.prefix, self.end_id]
        values = {"prefix": sample.prefix, "middle": sample.middle, "suffix": sample.suffix}
        return self.templates[sample.mode].render(values, join_text=False)

    def encode(self, texts: Sequence[str], document_ids: Sequence[str | int],
               languages: Sequence[str | None] | None = None) -> list[np.ndarray]:
        """Ids of each document, all pieces of the batch encoded together."""
        if len(texts) != len(document_ids):
            raise ValueError("texts and document_ids differ in length")
        languages = languages if languages is not None else [None] * len(texts)
        return encode_segments(self.encoder, [self.segments(text, doc_id, language)
                                              for text, doc_id, language in zip(texts, document_ids, languages)])


def sentinel_id(encoder, text: str, role: str) -> int:
    """The single id of an added token, or a FimError saying the tokenizer lacks it."""
    token_id = encoder.added_token_id(text)
    if token_id is None:
        raise FimError(f"the {role} `{text}` is not a single token of the tokenizer",
                       "declare it among the tokenizer's special tokens")
    return token_id
