"""The Qwen2.5 vocabulary built offline from dashscope's ranks (design.md section 5)."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from recipec.runtime.tokenization import (
    QWEN25_ADDED_TOKENS,
    AddedToken,
    TokenizerError,
    build_qwen25_tokenizer,
    build_tokenizer_from_ranks,
    derive_merges,
    load_tiktoken_ranks,
    locate_qwen_ranks,
    resolve_ranks,
)
from recipec.runtime.tokenization.byte_level import token_string_to_bytes
from recipec.runtime.tokenization.from_tiktoken_ranks import _restricted_bpe

VECTORS = Path("/work/shared/data/qwen2-tokenizer-vectors")
VECTORS = VECTORS if VECTORS.is_dir() else Path(__file__).resolve().parents[3] / "shared/data/qwen2-tokenizer-vectors"


def _vectors() -> list[tuple[str, list[int]]]:
    inputs = (VECTORS / "qwen2.inp").read_text(encoding="utf-8").split("\n__ggml_vocab_test__\n")[:-1]
    outputs = (VECTORS / "qwen2.out").read_text(encoding="utf-8").split("\n")[:len(inputs)]
    return [(text, [int(i) for i in ids.split()]) for text, ids in zip(inputs, outputs)]


def test_the_vector_file_holds_46_cases():
    assert len(_vectors()) == 46


@pytest.mark.parametrize(("text", "expected"), _vectors(), ids=[f"vector{i}" for i in range(46)])
def test_llama_cpp_qwen2_vectors(qwen25_tokenizer, text, expected):
    assert qwen25_tokenizer.encode(text, add_special_tokens=False).ids == expected


def test_ranks_are_located_without_importing_dashscope():
    code = ("import sys; from recipec.runtime.tokenization import locate_qwen_ranks; "
            "p = locate_qwen_ranks(); print(p.name, 'dashscope' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["qwen.tiktoken", "False"]
    assert locate_qwen_ranks().stat().st_size > 2_000_000


def test_vocabulary_merges_and_added_tokens(qwen25_tokenizer_path, qwen25_tokenizer):
    document = json.loads(qwen25_tokenizer_path.read_text(encoding="utf-8"))
    assert len(document["model"]["vocab"]) == 151_643
    assert len(document["model"]["merges"]) == 151_387
    assert document["normalizer"] == {"type": "NFC"}
    assert qwen25_tokenizer.get_vocab_size(with_added_tokens=True) == 151_665
    added = {entry["content"]: (entry["id"], entry["special"]) for entry in document["added_tokens"]}
    assert added["<|endoftext|>"] == (151643, True)
    assert added["<|im_start|>"] == (151644, True)
    assert added["<|im_end|>"] == (151645, True)
    assert added["<tool_call>"] == (151657, False)
    assert added["<|fim_prefix|>"] == (151659, False)
    assert added["<|fim_middle|>"] == (151660, False)
    assert added["<|fim_suffix|>"] == (151661, False)
    assert added["<|fim_pad|>"] == (151662, False)
    assert added["<|repo_name|>"] == (151663, False)
    assert added["<|file_sep|>"] == (151664, False)


def test_skip_special_tokens_keeps_the_fim_tokens(qwen25_tokenizer):
    ids = [151643, 151659, 27, 151661, 29, 151660]
    assert qwen25_tokenizer.decode(ids, skip_special_tokens=True) == "<|fim_prefix|><<|fim_suffix|>><|fim_middle|>"


def test_merges_end_in_two_lower_ranked_pieces(qwen25_tokenizer_path):
    ranks = load_tiktoken_ranks(locate_qwen_ranks())
    merges = json.loads(qwen25_tokenizer_path.read_text(encoding="utf-8"))["model"]["merges"]
    for left, right in merges[::997]:  # a spread sample, checked against the plain simulation
        left, right = token_string_to_bytes(left), token_string_to_bytes(right)
        token = left + right
        assert ranks[left] < ranks[token] and ranks[right] < ranks[token]
        assert _restricted_bpe(ranks, token, ranks[token]) == [left, right]


def _ranks_file(tmp_path: Path, tokens: list[bytes]) -> Path:
    path = tmp_path / "tiny.tiktoken"
    path.write_text("".join(f"{base64.b64encode(t).decode()} {r}\n" for r, t in enumerate(tokens)))
    return path


def test_derived_merges_of_a_small_vocabulary():
    tokens = [bytes([b]) for b in range(256)] + [b"ab", b"bc", b"abc", b"cd", b"abcd"]
    ranks = {token: rank for rank, token in enumerate(tokens)}
    # "abc": a+b (256) merges before b+c (257), so it ends as ab|c. "abcd": ab first, then
    # ab+c (258) beats c+d (259), so it ends as abc|d although ab|cd is also a split of two tokens.
    assert derive_merges(ranks) == [(b"a", b"b"), (b"b", b"c"), (b"ab", b"c"), (b"c", b"d"), (b"abc", b"d")]


def test_a_small_rank_file_builds_and_encodes(tmp_path):
    tokens = [bytes([b]) for b in range(256)] + [b"ab", b"abc", b"bc", b"abcd"]
    path = _ranks_file(tmp_path, tokens)
    tokenizer = build_qwen25_tokenizer([AddedToken("<|end|>", 300)], ranks_path=path, save_to=tmp_path)
    assert (tmp_path / "tokenizer.json").is_file()
    assert tokenizer.encode("abcd", add_special_tokens=False).ids == [259]
    assert tokenizer.encode("abc<|end|>", add_special_tokens=False).ids == [257, 300]
    # ids between the vocabulary (260) and the declared 300 are reserved, not left as holes
    assert tokenizer.token_to_id("<|reserved_260|>") == 260


def test_bad_rank_lines_name_the_line(tmp_path):
    path = tmp_path / "bad.tiktoken"
    path.write_text("IQ== 0\nnot-base64!!\n")
    with pytest.raises(TokenizerError, match=r"bad\.tiktoken:2: not a `base64 rank` line"):
        load_tiktoken_ranks(path)


def test_missing_bytes_are_refused(tmp_path):
    path = _ranks_file(tmp_path, [bytes([b]) for b in range(255)])
    with pytest.raises(TokenizerError, match="byte 0xff has no rank"):
        load_tiktoken_ranks(path)


def test_added_token_inside_the_vocabulary_is_refused():
    with pytest.raises(TokenizerError, match="inside the vocabulary"):
        build_qwen25_tokenizer([AddedToken("<|x|>", 100)])


def test_the_declared_table_is_qwen25s():
    assert [t.id for t in QWEN25_ADDED_TOKENS] == list(range(151643, 151665))
    assert [t.special for t in QWEN25_ADDED_TOKENS].count(True) == 14


def test_ranks_specs_resolve(tmp_path):
    assert resolve_ranks("dashscope:qwen.tiktoken") == locate_qwen_ranks()
    local = _ranks_file(tmp_path, [bytes([b]) for b in range(256)])
    assert resolve_ranks(str(local)) == local
    with pytest.raises(TokenizerError, match="need the `no_such_package_xyz` package, which is not installed"):
        resolve_ranks("no_such_package_xyz:ranks.tiktoken")
    with pytest.raises(TokenizerError, match="`dashscope` is installed but ships no nope.tiktoken"):
        resolve_ranks("dashscope:nope.tiktoken")
    with pytest.raises(TokenizerError, match="does not exist"):
        resolve_ranks(str(tmp_path / "missing.tiktoken"))


def test_build_from_a_ranks_spec(tmp_path):
    local = _ranks_file(tmp_path, [bytes([b]) for b in range(256)] + [b"hi"])
    tokenizer = build_tokenizer_from_ranks(str(local), [AddedToken("<|eos|>")], save_to=tmp_path / "out")
    assert tokenizer.encode("hi<|eos|>", add_special_tokens=False).ids == [256, 257]
    assert (tmp_path / "out" / "tokenizer.json").is_file()
