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


def _entry(source: str, file: str) -> tuple[Path, str]:
    """(the file's one entry, the key its content must carry). One entry per file name, like a
    .pyc: an edited recipe replaces its entry instead of adding one."""
    place = hashlib.sha256(file.encode()).hexdigest()
    key = hashlib.sha256(f"{_shape_digest()}\0{file}\0{source}".encode()).hexdigest()
    return cache_root() / "ast" / f"{place}.pickle", key


def load(source: str, file: str):
    """The module parsed from `source` before, or None."""
    path, key = _entry(source, file)
    try:
        stored_key, module = pickle.loads(path.read_bytes())
    except Exception:  # missing, unreadable, or written by an older layout: parse again
        return None
    return module if stored_key == key else None


def store(source: str, file: str, module) -> None:
    path, key = _entry(source, file)
    write_atomically(path, pickle.dumps((key, module), protocol=pickle.HIGHEST_PROTOCOL))
