"""Builds an HF `tokenizers.Tokenizer` from tiktoken BPE ranks; Qwen2.5's vocabulary offline.

The Qwen2.5 vocabulary ships as tiktoken ranks (`resources/qwen.tiktoken`, 151,643 lines of
`base64(token) rank`) inside the Apache-2.0 PyPI package `dashscope`. The HF form follows
design.md section 5: vocab = byte-level string of each token -> rank; merges = for each
multi-byte token in rank order, the two pieces its bytes end in when BPE may use only lower
ranks; NFC; Split on the Qwen2 regex ("isolated") then ByteLevel without its own regex;
ByteLevel decoder; then the declared added tokens.
"""
from __future__ import annotations

import base64
import importlib.util
import json
from collections.abc import Iterable
from pathlib import Path

from recipec.runtime.tokenization.added_tokens import AddedToken
from recipec.runtime.tokenization.errors import TokenizerError
from recipec.runtime.tokenization.byte_level import bytes_to_token_string
from recipec.runtime.tokenization.json_form import add_tokens_at_ids, byte_level_bpe_json

# Qwen2's pre-tokenizer regex (tiktoken `pat_str` of Qwen and the Split pattern of its HF tokenizer).
QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                 r"|\s*[\r\n]+|\s+(?!\S)|\s+")

DASHSCOPE_RANKS = ("resources", "qwen.tiktoken")


def locate_qwen_ranks() -> Path:
    """Path of `qwen.tiktoken` in the installed `dashscope` package, found without importing it.

    Importing dashscope would pull its own dependencies, which are not installed (`--no-deps`).
    """
    return resolve_ranks("dashscope:" + DASHSCOPE_RANKS[-1])


def resolve_ranks(spec: str | Path) -> Path:
    """A ranks file from a recipe's `ranks`: `package:file` (a file shipped in an installed
    package, found with `importlib.util.find_spec`, never imported) or a local path."""
    text = str(spec)
    package, colon, name = text.partition(":")
    if not colon or "/" in package or "\\" in package or len(package) == 1:  # a path (or C:\...)
        path = Path(text).expanduser()
        if not path.is_file():
            raise TokenizerError(f"BPE ranks file {path} does not exist", "check `ranks` in the tokenizer block")
        return path
    spec_found = importlib.util.find_spec(package)
    install = f"pip install --no-deps {package}" + ("==2.0.2" if package == "dashscope" else "")
    if spec_found is None or not spec_found.submodule_search_locations:
        raise TokenizerError(f"the ranks `{text}` need the `{package}` package, which is not installed", install)
    for folder in spec_found.submodule_search_locations:
        for path in (Path(folder) / name, Path(folder) / "resources" / name):
            if path.is_file():
                return path
    raise TokenizerError(f"`{package}` is installed but ships no {name}",
                         f"reinstall it: {install} --force-reinstall")


def load_tiktoken_ranks(path: str | Path) -> dict[bytes, int]:
    """Reads a `.tiktoken` file (`base64(token) rank` per line) into {token bytes: rank}."""
    ranks: dict[bytes, int] = {}
    path = Path(path)
    try:
        with path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    token, rank = line.split()
                    ranks[base64.b64decode(token, validate=True)] = int(rank)
                except ValueError:
                    raise TokenizerError(f"{path}:{number}: not a `base64 rank` line",
                                         "a .tiktoken file has one `base64(token) rank` per line") from None
    except OSError as error:
        raise TokenizerError(f"cannot read BPE ranks {path}: {error.strerror}") from None
    if sorted(ranks.values()) != list(range(len(ranks))):
        raise TokenizerError(f"{path}: ranks are not 0..{len(ranks) - 1} without gaps or repeats")
    missing = [b for b in range(256) if bytes([b]) not in ranks]
    if missing:
        raise TokenizerError(f"{path}: byte 0x{missing[0]:02x} has no rank; byte-level BPE needs all 256")
    return ranks


def _restricted_bpe(ranks: dict[bytes, int], token: bytes, max_rank: int) -> list[bytes]:
    """tiktoken's BPE on `token`, merging only pairs whose rank is below `max_rank`."""
    parts = [token[i:i + 1] for i in range(len(token))]
    get = ranks.get
    while len(parts) > 1:
        best, best_rank = -1, max_rank
        for i in range(len(parts) - 1):
            rank = get(parts[i] + parts[i + 1], max_rank)
            if rank < best_rank:
                best, best_rank = i, rank
        if best < 0:
            break
        parts[best:best + 2] = [parts[best] + parts[best + 1]]
    return parts


def derive_merges(ranks: dict[bytes, int]) -> list[tuple[bytes, bytes]]:
    """The merge list, in rank order, that makes merge-priority BPE reproduce rank BPE."""
    get = ranks.get
    merges: list[tuple[int, bytes, bytes]] = []
    for token, rank in ranks.items():
        if len(token) == 1:
            continue
        # Where exactly one split has both halves among the lower ranks, BPE must end there;
        # that spares the simulation for more than half of the Qwen2.5 vocabulary.
        splits = [i for i in range(1, len(token)) if get(token[:i], rank) < rank and get(token[i:], rank) < rank]
        if len(splits) == 1:
            pieces = [token[:splits[0]], token[splits[0]:]]
        else:
            pieces = _restricted_bpe(ranks, token, rank)
        if len(pieces) != 2:
            raise TokenizerError(f"token {token!r} (rank {rank}) cannot be made from two lower-ranked tokens",
                                 "the ranks are not a byte-level BPE vocabulary")
        merges.append((rank, pieces[0], pieces[1]))
    merges.sort()
    return [(left, right) for _, left, right in merges]


def tokenizer_json_from_ranks(ranks: dict[bytes, int], pattern: str,
                              added_tokens: Iterable[AddedToken] = ()) -> dict:
    """The `tokenizer.json` document (as a dict) of the HF form of these ranks."""
    added_tokens = list(added_tokens)
    # Settle the added tokens on an empty document first: a mistake there is reported
    # before the seconds that deriving the merges of a large vocabulary takes.
    add_tokens_at_ids({"model": {"vocab": {}}}, added_tokens, base_vocab_size=len(ranks))
    vocab = {bytes_to_token_string(token): rank for token, rank in ranks.items()}
    merges = [(bytes_to_token_string(a), bytes_to_token_string(b)) for a, b in derive_merges(ranks)]
    document = byte_level_bpe_json(vocab, merges, pattern, normalizer="NFC")
    return add_tokens_at_ids(document, added_tokens, base_vocab_size=len(vocab))


def build_tokenizer_from_ranks(ranks: str | Path, added_tokens: Iterable[AddedToken], *,
                               pattern: str = QWEN2_PATTERN, save_to: str | Path | None = None):
    """A `tokenizers.Tokenizer` from a recipe's `ranks` (see `resolve_ranks`), the pre-tokenizer
    regex (Qwen2's unless told) and the declared added tokens; with `save_to`, also writes its
    `tokenizer.json` there (a folder or a .json path)."""
    from tokenizers import Tokenizer

    document = tokenizer_json_from_ranks(load_tiktoken_ranks(resolve_ranks(ranks)), pattern, added_tokens)
    text = json.dumps(document, ensure_ascii=False)
    tokenizer = Tokenizer.from_str(text)
    if save_to is not None:
        _write_atomically(Path(save_to), text)
    return tokenizer


def build_qwen25_tokenizer(added_tokens: Iterable[AddedToken], ranks_path: str | Path | None = None,
                           save_to: str | Path | None = None):
    """Qwen2.5's tokenizer from the `dashscope` ranks and the recipe's declared added tokens."""
    return build_tokenizer_from_ranks(ranks_path or f"dashscope:{DASHSCOPE_RANKS[-1]}", added_tokens,
                                      save_to=save_to)


def _write_atomically(path: Path, text: str) -> None:
    if path.is_dir() or path.suffix != ".json":
        path = path / "tokenizer.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
