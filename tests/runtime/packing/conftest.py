"""Fixtures: the real Qwen2.5 tokenizer (built from the dashscope ranks once, then cached by pytest)
and real source code (the standard library of the running Python)."""
from __future__ import annotations

import hashlib
import sysconfig
from pathlib import Path

import pytest

from recipec.runtime.tokenization import QWEN25_ADDED_TOKENS, TextEncoder, build_qwen25_tokenizer, load_tokenizer
from recipec.runtime.tokenization import from_tiktoken_ranks, json_form


def _builder_digest() -> str:
    digest = hashlib.sha256()
    for module in (from_tiktoken_ranks, json_form):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def qwen25_tokenizer_path(request, tmp_path_factory) -> Path:
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir(f"recipec-qwen25-{_builder_digest()}") if cache else tmp_path_factory.mktemp("qwen25")
    path = Path(folder) / "tokenizer.json"
    if not path.exists():
        build_qwen25_tokenizer(QWEN25_ADDED_TOKENS, save_to=path)
    return path


@pytest.fixture(scope="session")
def qwen25_tokenizer(qwen25_tokenizer_path):
    return load_tokenizer(qwen25_tokenizer_path)


@pytest.fixture(scope="session")
def qwen25_encoder(qwen25_tokenizer) -> TextEncoder:
    return TextEncoder(qwen25_tokenizer, threads=2)


@pytest.fixture(scope="session")
def stdlib_sources() -> list[tuple[str, str]]:
    """(relative path, text) of every 12th .py file of the standard library, in path order."""
    root = Path(sysconfig.get_paths()["stdlib"])
    paths = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)[::12]
    sources = []
    for path in paths:
        try:
            sources.append((str(path.relative_to(root)), path.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, OSError):
            continue
    assert len(sources) > 100, "expected the standard library's sources on this machine"
    return sources
