"""GPT-2's reversible byte <-> printable-character mapping, which byte-level BPE vocabularies use.

HF `tokenizers` stores a byte-level token as a string of these characters (a space is `Ġ`); the
mapping itself is GPT-2's `bytes_to_unicode`, the same table `pre_tokenizers.ByteLevel.alphabet()`
covers.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def byte_to_char() -> tuple[str, ...]:
    """Character standing for each byte value 0..255."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    chars: dict[int, int] = {b: b for b in printable}
    extra = 0
    for b in range(256):
        if b not in chars:
            chars[b] = 256 + extra
            extra += 1
    return tuple(chr(chars[b]) for b in range(256))


@lru_cache(maxsize=1)
def _encode_table() -> dict[int, str]:
    # latin-1 decoding turns byte b into code point b; translate then maps it to its character.
    return {b: c for b, c in enumerate(byte_to_char())}


@lru_cache(maxsize=1)
def _decode_table() -> dict[str, int]:
    return {c: b for b, c in enumerate(byte_to_char())}


def bytes_to_token_string(data: bytes) -> str:
    return data.decode("latin-1").translate(_encode_table())


def token_string_to_bytes(token: str) -> bytes | None:
    """The bytes a byte-level token string stands for; None if it is not a byte-level string."""
    table = _decode_table()
    try:
        return bytes(table[c] for c in token)
    except KeyError:
        return None
