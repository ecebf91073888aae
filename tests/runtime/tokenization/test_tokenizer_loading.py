"""Loading a tokenizer from a file, a folder, or a hub name found only in the local HF cache."""
from __future__ import annotations

import shutil
import socket

import pytest

from recipec.runtime.tokenization import TokenizerError, load_hub_tokenizer, load_tokenizer

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a tokenizer load tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def hub_cache(tmp_path, qwen25_tokenizer_path):
    """A Hugging Face hub cache laid out as `hf download` leaves it, holding one tokenizer."""
    repo = tmp_path / "hub" / "models--acme--coder-tiny"
    snapshot = repo / "snapshots" / COMMIT
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT)
    shutil.copy(qwen25_tokenizer_path, snapshot / "tokenizer.json")
    return tmp_path / "hub"


def test_file_and_folder(qwen25_tokenizer_path):
    from_file = load_tokenizer(qwen25_tokenizer_path)
    from_folder = load_tokenizer(qwen25_tokenizer_path.parent)
    assert from_file.get_vocab_size() == from_folder.get_vocab_size() == 151_665


def test_hub_name_resolves_from_the_local_cache(hub_cache, no_network):
    tokenizer = load_tokenizer("acme/coder-tiny", cache_dir=hub_cache)
    assert tokenizer.encode("Hello world", add_special_tokens=False).ids == [9707, 1879]
    assert load_hub_tokenizer("acme/coder-tiny", cache_dir=hub_cache).get_vocab_size() == 151_665


def test_hub_name_follows_HF_HUB_CACHE(hub_cache, no_network, monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(hub_cache))
    assert load_tokenizer("acme/coder-tiny").token_to_id("<|fim_pad|>") == 151662


def test_missing_hub_name_fails_at_once_with_one_line(hub_cache, no_network):
    with pytest.raises(TokenizerError) as raised:
        load_hub_tokenizer("Qwen/Qwen2.5-Coder-7B", cache_dir=hub_cache)
    message = str(raised.value)
    assert "\n" not in message
    assert "`Qwen/Qwen2.5-Coder-7B` is not in the local Hugging Face cache" in message
    assert raised.value.hint and "hf download Qwen/Qwen2.5-Coder-7B" in raised.value.hint


def test_missing_file_path(tmp_path):
    with pytest.raises(TokenizerError, match="does not exist"):
        load_tokenizer(tmp_path / "nope" / "tokenizer.json")


def test_folder_without_tokenizer_json(tmp_path):
    with pytest.raises(TokenizerError, match="has no tokenizer.json"):
        load_tokenizer(tmp_path)


def test_malformed_tokenizer_json(tmp_path):
    path = tmp_path / "tokenizer.json"
    path.write_text('{"version": "1.0", "model": ')
    with pytest.raises(TokenizerError) as raised:
        load_tokenizer(path)
    assert "not a valid tokenizer.json" in str(raised.value) and "\n" not in str(raised.value)
