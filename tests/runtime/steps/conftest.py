"""Fixtures of the LLM steps' tests: a recorded-response server and the tiny local model."""
from __future__ import annotations

import pytest

from recipec.runtime.llm.tiny_model import TinyModelSpec, build_tiny_model
from tests.runtime.steps.recorded_server import RecordedServer

# Random weights: what it says is noise, the tests check the mechanics around it (issue 5).
TINY = TinyModelSpec(vocab_size=512, corpus_bytes=300_000, train_steps=0)


@pytest.fixture
def recorded():
    """Start RecordedServer(entries, default=...) servers; all stop after the test."""
    servers = []

    def start(entries=None, default: str = "no recorded answer") -> RecordedServer:
        servers.append(RecordedServer(entries, default))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), TINY)
