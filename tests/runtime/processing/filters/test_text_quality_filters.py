"""datatrove's Gopher / FineWeb / C4 filters run offline here, on the bundled text and math sets."""
from __future__ import annotations

from pathlib import Path

import socket
from collections import Counter

import pytest
from datatrove.data import Document

from recipec.runtime.processing.filters import (
    OfflineC4QualityFilter,
    OfflineFineWebQualityFilter,
    OfflineGopherQualityFilter,
    OfflineGopherRepetitionFilter,
)
from recipec.runtime.processing.filters.text_quality import OFFLINE_ENGLISH
from recipec.runtime.processing.readers import JsonlSourceReader

QUICKSTART = Path(__file__).resolve().parents[4] / "recipes" / "data" / "quickstart"

PROSE = (
    "The parser reads the recipe file and builds a tree of blocks. Each block has a kind and a label, "
    "and the compiler checks that every reference points at a block that exists. When something is wrong, "
    "the error names the file, the line and the column, and it suggests the closest name that would have "
    "worked. This makes mistakes cheap to fix, and it keeps the build from starting with a broken plan.\n"
    "The runtime then executes the plan step by step, and it caches what it has already built."
)
SPAM = "buy now buy now buy now " * 40


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: these filters must not download anything."""
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _verdicts(step, documents):
    counts = Counter()
    for document in documents:
        result = step.filter(document)
        counts["kept" if result is True else result[1]] += 1
    return counts


def test_word_tokenizer_needs_no_downloaded_data(no_network):
    assert OFFLINE_ENGLISH.word_tokenize("It's the parser's job, isn't it?") == [
        "It", "'s", "the", "parser", "'s", "job", ",", "is", "n't", "it", "?"]
    assert len(OFFLINE_ENGLISH.sent_tokenize("One sentence. Another one! A third?")) == 3


@pytest.mark.parametrize("step_class", [OfflineGopherQualityFilter, OfflineGopherRepetitionFilter,
                                        OfflineFineWebQualityFilter, OfflineC4QualityFilter])
def test_prose_passes_and_spam_fails_offline(step_class, no_network):
    step = step_class()
    assert step.filter(Document(PROSE, "prose")) is True
    spam = Document(SPAM, "spam")
    verdict = step.filter(spam)
    assert verdict is not True and not verdict[0]
    assert spam.metadata["filter_reason"] == verdict[1]


def _bundle(name):
    return list(JsonlSourceReader(str(QUICKSTART), glob_pattern=f"{name}.jsonl.gz").run())


def test_repetition_filter_keeps_most_of_the_bundled_prose(no_network):
    documents = _bundle("text")
    assert len(documents) >= 300
    counts = _verdicts(OfflineGopherRepetitionFilter(), documents)
    assert counts["kept"] > 0.7 * len(documents)


def test_math_set_passes_repetition_and_fineweb_rules(no_network):
    documents = _bundle("math")
    assert _verdicts(OfflineGopherRepetitionFilter(), documents)["kept"] == len(documents)
    assert _verdicts(OfflineFineWebQualityFilter(), documents)["kept"] == len(documents)
    # Gopher's 50-word minimum is for web pages; short worked problems are dropped by it
    assert _verdicts(OfflineGopherQualityFilter(), documents)["gopher_short_doc"] > len(documents) / 2
