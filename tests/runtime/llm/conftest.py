"""Fixtures of the LLM layer's tests: the tiny local model and real servers on 127.0.0.1."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from llm_test_servers import FaultProxy, TransformersServe  # noqa: E402

from recipec.runtime.llm.chat_template import QWEN25_CHATML, load_chat_template  # noqa: E402
from recipec.runtime.llm.tiny_model import TinyModelSpec, build_tiny_model  # noqa: E402

# Random weights: the tests check mechanics, not the quality of the text (issue 5).
TEST_SPEC = TinyModelSpec(vocab_size=512, corpus_bytes=300_000, train_steps=0)


@pytest.fixture(scope="session")
def tiny_model_spec() -> TinyModelSpec:
    return TEST_SPEC


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A tiny Qwen2 model whose tokenizer has no chat template (like the stdlib's Qwen2.5)."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), TEST_SPEC)


@pytest.fixture(scope="session")
def tiny_chat_model(tiny_model, tmp_path_factory) -> Path:
    """The same model with Qwen2.5's ChatML saved in its tokenizer (servers need a template)."""
    from transformers import AutoTokenizer

    folder = tmp_path_factory.mktemp("tiny-chat-model")
    shutil.copytree(tiny_model, folder, dirs_exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    tokenizer.chat_template = load_chat_template(QWEN25_CHATML)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def transformers_server(tiny_chat_model, tmp_path_factory):
    server = TransformersServe(tiny_chat_model, tmp_path_factory.mktemp("serve") / "serve.log")
    yield server
    server.stop()


@pytest.fixture
def proxy(transformers_server):
    proxy = FaultProxy(f"http://127.0.0.1:{transformers_server.port}/v1")
    yield proxy
    proxy.stop()
