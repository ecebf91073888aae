"""Fixtures for the language-ID tests: the real files of tests/fixtures/langid/."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "langid"


def fixture_files() -> list[tuple[str, Path]]:
    """(language, path) of every fixture file, real and hand-written, in a stable order."""
    found = []
    for root in (FIXTURES, FIXTURES / "handwritten"):
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "handwritten"):
            found += [(folder.name, f) for f in sorted(folder.iterdir()) if f.is_file()]
    return found


@pytest.fixture(scope="session")
def samples() -> list[tuple[str, str, str]]:
    """(language, file name, text) of every fixture."""
    return [(lang, path.name, path.read_text(encoding="utf-8")) for lang, path in fixture_files()]


@pytest.fixture(scope="session")
def identifier():
    from recipec.runtime.langid import LanguageIdentifier

    return LanguageIdentifier()
