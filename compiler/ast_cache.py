"""Parsed modules remembered by content, as Python keeps .pyc files.

Lark's LALR parser runs in pure Python: parsing the reproduction recipe and its stdlib imports
is most of `recipec check`'s time, and importing lark a good part of the rest. A module whose
parse gave no diagnostic is pickled with a key made of its text, its file name (spans carry it)
and a digest of the grammar and the AST code, so any change to either misses. A hit never
imports lark. An unreadable, stale or corrupt entry is a miss.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from recipec.compiler.user_cache import cache_root, write_atomically

_COMPILER = Path(__file__).resolve().parent
# What decides the shape of a parsed module: the grammar and the code that builds the AST.
_SHAPERS = (_COMPILER / "grammar" / "recipe.lark", *sorted((_COMPILER / "ast").glob("*.py")),
            _COMPILER / "diagnostics" / "diagnostic.py")


@lru_cache(maxsize=1)
def _shape_digest() -> str:
    digest = hashlib.sha256()
    for path in _SHAPERS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """A file's one entry (like a .pyc: an edited recipe replaces it instead of adding one) and
    the key its content must carry to be a hit."""

    path: Path
    key: str

    def load(self):
        """The module parsed from this text before, or None."""
        try:
            stored_key, module = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, unreadable, or written by an older layout: parse again
            return None
        return module if stored_key == self.key else None

    def store(self, module) -> None:
        write_atomically(self.path, pickle.dumps((self.key, module),
                                                 protocol=pickle.HIGHEST_PROTOCOL))


def entry(source: str, file: str) -> Entry:
    place = hashlib.sha256(file.encode()).hexdigest()
    key = hashlib.sha256(f"{_shape_digest()}\0{file}\0{source}".encode()).hexdigest()
    return Entry(cache_root() / "ast" / f"{place}.pickle", key)
