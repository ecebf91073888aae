"""StarCoder's encoded-data rule: files that are mostly base64, hex dumps or escaped Unicode.

The three patterns are StarCoder's (Li et al. 2023, section 3.2): base64 runs of 64+ characters, 8+ hex
bytes in a row (as `0x..`, `\\x..` or bare, separated by commas and/or spaces), and 8+ `\\uXXXX` escapes in a row.
A file is dropped when one match is longer than `max_match_chars` (1024) or the matches cover more than
`max_fraction` (50%) of it: an embedded image, font or firmware blob teaches a code model nothing.
"""
from __future__ import annotations

import re

from datatrove.data import Document
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.filters.base import RuleFilter

# Scanning code with these patterns is costly (every word start is a candidate), and encoded data is
# rare. So each pattern runs only when a cheap, exact necessary condition holds: the text's bytes are
# mapped to a tiny alphabet in one C call (`bytes.translate`) and searched for a fixed string.
_BASE64_TABLE = bytes(
    ord("a") if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "+/=\n") else ord(".")
    for byte in range(256)
)
_HEX_TABLE = bytes(ord("h") if chr(byte) in "0123456789abcdefABCDEF" else ord(".") for byte in range(256))
_HEX_SEPARATORS = b", \t\r\n\f\v"
_BASE64_RUN = b"a" * 64
# Eight hex pairs are 16 hex digits in a row once prefixes and separators are deleted.
_HEX_RUN = b"h" * 16


def _may_contain(kind: str, text: str, raw: bytes) -> bool:
    """False only when `kind`'s pattern cannot match `text` (`raw`: its UTF-8 bytes)."""
    if kind == "base64":
        return _BASE64_RUN in raw.translate(_BASE64_TABLE)
    if kind == "hex":
        # lists of small numbers pass too (then the pattern decides); most code does not
        unprefixed = raw.replace(b"0x", b"").replace(b"\\x", b"")
        return _HEX_RUN in unprefixed.translate(_HEX_TABLE, _HEX_SEPARATORS)
    return "\\u" in text


ENCODED_PATTERNS = {
    # StarCoder's pattern, starting only where a run starts (same matches; no rescan inside short runs)
    "base64": re.compile(r"(?<![a-zA-Z0-9+/\n=])[a-zA-Z0-9+/\n=]{64,}"),
    # StarCoder's `(?:,|\b\s*)` separator misses the usual C layout `0x00, 0x01`; `,\s*` catches it
    "hex": re.compile(r"(?:\b(?:0x|\\x)?[0-9a-fA-F]{2}(?:,\s*|\b\s*)){8,}"),
    "unicode_escapes": re.compile(r"(?:\\u[0-9a-fA-F]{4}){8,}"),
}
# A hex match is made of hex digits, `x`, backslashes, commas and spaces, 23 characters at least (eight
# pairs, seven separators): the hex pattern runs only inside such stretches of the text. In ASCII text
# they are found on bytes mapped to s/. (one `translate`, then `find`); otherwise with a regex.
_HEX_STRETCH = re.compile(r"(?<![0-9a-fA-FxX\\,\s])[0-9a-fA-FxX\\,\s]{23,}")
_STRETCH_TABLE = bytes(
    ord("s") if byte < 128 and (chr(byte) in "0123456789abcdefABCDEFxX\\," or chr(byte).isspace()) else ord(".")
    for byte in range(256)
)
_STRETCH_SEED = b"s" * 23
_STRETCH_RUN = re.compile(rb"s+")


def _hex_stretches(text: str, raw: bytes):
    """(start, end) of every stretch of 23+ hex-dump characters in `text`."""
    if len(raw) != len(text):  # not ASCII: byte offsets are not character offsets
        if _may_contain("hex", text, raw):
            yield from (match.span() for match in _HEX_STRETCH.finditer(text))
        return
    mapped = raw.translate(_STRETCH_TABLE)
    position = mapped.find(_STRETCH_SEED)
    while position != -1:  # `find` lands on the first character of a long enough run
        end = _STRETCH_RUN.match(mapped, position).end()
        yield position, end
        position = mapped.find(_STRETCH_SEED, end)


def encoded_matches(kind: str, text: str, raw: bytes):
    """The matches of `kind`'s pattern in `text`, the same as `ENCODED_PATTERNS[kind].finditer(text)`."""
    pattern = ENCODED_PATTERNS[kind]
    if kind == "hex":
        for start, end in _hex_stretches(text, raw):
            # one character past the stretch, so that `\b` at its end sees what follows (it cannot be matched)
            yield from pattern.finditer(text, start, end + 1)
    elif _may_contain(kind, text, raw):
        yield from pattern.finditer(text)


class EncodedDataFilter(RuleFilter):
    """Drops a document dominated by encoded data (base64, hex, Unicode escapes)."""

    name = "🧬 Encoded data"
    rule = "encoded_data"

    def __init__(self, max_match_chars: int = 1024, max_fraction: float = 0.5,
                 languages: list[str] | None = None, exclusion_writer: DiskWriter | None = None):
        super().__init__(languages, exclusion_writer)
        self.max_match_chars = max_match_chars
        self.max_fraction = max_fraction

    def violation(self, doc: Document) -> str | None:
        text = doc.text
        if not text:
            return None
        covered = 0
        raw = text.encode("utf-8", errors="surrogatepass")
        for kind in ENCODED_PATTERNS:
            for match in encoded_matches(kind, text, raw):
                length = match.end() - match.start()
                if length > self.max_match_chars:
                    return f"{kind} run of {length} chars > {self.max_match_chars}"
                covered += length
        # the patterns may overlap (a hex run is also base64), so the fraction is an upper bound
        fraction = covered / len(text)
        if fraction > self.max_fraction:
            return f"encoded data covers {fraction:.0%} > {self.max_fraction:.0%}"
        return None
