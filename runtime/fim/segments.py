"""Templates with sentinel tokens, rendered to segments (sentinel ids and text) and encoded.

A template is a string such as `<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}...` with
placeholders and the texts of added tokens. Rendering yields a list of *segments*: an `int` is a
sentinel id, a `str` is text to encode with added-token matching off. Encoding the text of many
documents in one batch and joining the pieces with the sentinel ids is the BigCode way (design.md
section 5): a document can never forge a sentinel, and each FIM piece is encoded on its own.
"""
from __future__ import annotations

import array
import re
from collections.abc import Mapping, Sequence

import numpy as np

from recipec.runtime.fim.errors import FimError

# An int is a sentinel id, a str is text to encode, an array is ids already encoded.
Segment = int | str | np.ndarray
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# What a sentinel usually looks like; such text in a template must be an added token.
_SENTINEL_LIKE = re.compile(r"<\|[^\s|<>]+\|>")


def shown(template: str) -> str:
    """A template on one line, for an error message."""
    return template.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def added_token_ids(tokenizer) -> dict[str, int]:
    """{text: id} of a `tokenizers.Tokenizer`'s added tokens."""
    return {token.content: token_id for token_id, token in tokenizer.get_added_tokens_decoder().items()}


class SentinelTemplate:
    """A parsed template: literal parts split into sentinel ids and plain text, and placeholders.

    `parts` is a list of ("sentinel", id), ("text", literal) and ("slot", name).
    """

    def __init__(self, template: str, placeholders: Sequence[str], sentinels: Mapping[str, int],
                 *, what: str = "template") -> None:
        self.template = template
        self.what = what
        self.parts: list[tuple[str, int | str]] = []
        seen: list[str] = []
        position = 0
        for match in _PLACEHOLDER.finditer(template):
            name = match.group(1)
            if name not in placeholders:
                continue  # braces that are not ours stay literal text
            self._add_literal(template[position:match.start()], sentinels)
            self.parts.append(("slot", name))
            seen.append(name)
            position = match.end()
        self._add_literal(template[position:], sentinels)
        for name in placeholders:
            if seen.count(name) != 1:
                raise FimError(f"{what} `{shown(template)}` must use {{{name}}} exactly once, not {seen.count(name)} times",
                               f"placeholders: {', '.join('{' + p + '}' for p in placeholders)}")
        self.slots = tuple(seen)

    def _add_literal(self, literal: str, sentinels: Mapping[str, int]) -> None:
        if not literal:
            return
        if sentinels:
            pattern = "|".join(re.escape(text) for text in sorted(sentinels, key=len, reverse=True))
            pieces = re.split(f"({pattern})", literal)
        else:
            pieces = [literal]
        for index, piece in enumerate(pieces):
            if not piece:
                continue
            if index % 2 == 1:
                self.parts.append(("sentinel", sentinels[piece]))
                continue
            unknown = _SENTINEL_LIKE.search(piece)
            if unknown:
                raise FimError(f"{self.what} `{shown(self.template)}` uses `{unknown.group(0)}`, which is not an "
                               "added token of the tokenizer",
                               "declare it among the tokenizer's special tokens, or fix its spelling")
            self.parts.append(("text", piece))

    @property
    def sentinel_ids(self) -> list[int]:
        return [value for kind, value in self.parts if kind == "sentinel"]

    def render(self, values: Mapping[str, str | list[Segment]], *, join_text: bool) -> list[Segment]:
        """Segments of this template filled with `values`.

        `join_text` merges neighbouring text (literal text and values) into one piece; without
        it every value is a piece of its own, as FIM wants for prefix, middle and suffix.
        """
        segments: list[Segment] = []
        mergeable = False  # may the next text join the last segment?
        for kind, value in self.parts:
            if kind == "sentinel":
                segments.append(value)
                mergeable = False
                continue
            text = values[value] if kind == "slot" else value
            if isinstance(text, list):  # a value given as segments of its own: kept apart
                segments.extend(text)
                mergeable = False
            elif join_text and mergeable:
                segments[-1] += text
            elif text or not join_text:
                segments.append(text)
                mergeable = join_text
        return segments

    def render_text(self, values: Mapping[str, str]) -> str:
        """The rendered text (sentinels as their text), e.g. to show a sample to a person."""
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in self.slots else m.group(0),
                                self.template)


def encode_segments(encoder, documents: Sequence[Sequence[Segment]]) -> list[np.ndarray]:
    """Each document's segments as one `uint32` id array, all text encoded in one batch."""
    texts = [segment for document in documents for segment in document
             if isinstance(segment, str) and segment]
    encoded = iter(encoder.encode_batch_lists(texts))
    result = []
    for document in documents:
        ids = array.array("I")
        for segment in document:
            if isinstance(segment, str):
                if segment:
                    ids.extend(next(encoded))
            elif isinstance(segment, np.ndarray):
                ids.frombytes(segment.astype(np.uint32, copy=False).tobytes())
            else:
                ids.append(segment)
        result.append(np.frombuffer(ids, dtype=np.uint32))
    return result
