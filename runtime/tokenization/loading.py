"""Loads a tokenizer from a `tokenizer.json`, a folder holding one, or a hub name in the local cache.

Builds never reach the network: a hub name is resolved with `local_files_only=True` against the
Hugging Face cache (`HF_HUB_CACHE` / `HF_HOME`), so a tokenizer that was never downloaded fails
at once with one line instead of datatrove's ~24 s of retries (design.md section 6b).
"""
from __future__ import annotations

import re
from pathlib import Path

from recipec.runtime.tokenization.errors import TokenizerError

TOKENIZER_FILE = "tokenizer.json"
# `org/name` or `name`, as the Hub spells repository ids.
_HUB_NAME = re.compile(r"^(?:[A-Za-z0-9][\w.-]*/)?[A-Za-z0-9][\w.-]*$")


def load_tokenizer(source: str | Path, *, revision: str | None = None, cache_dir: str | Path | None = None):
    """A `tokenizers.Tokenizer` from a local file or folder, else from a hub name in the local cache."""
    path = Path(source).expanduser()
    if path.is_file():
        return _read_tokenizer_file(path)
    if path.is_dir():
        if (path / TOKENIZER_FILE).is_file():
            return _read_tokenizer_file(path / TOKENIZER_FILE)
        raise TokenizerError(f"folder {path} has no {TOKENIZER_FILE}",
                             "point `path` at a folder or file with a fast-tokenizer tokenizer.json")
    text = str(source)
    if text.endswith(".json") or "\\" in text or text.startswith((".", "/", "~")) or not _HUB_NAME.match(text):
        raise TokenizerError(f"tokenizer file {text} does not exist", "check the path in the tokenizer block")
    return _read_tokenizer_file(Path(resolve_from_hub_cache(text, revision=revision, cache_dir=cache_dir)))


def load_hub_tokenizer(repo_id: str, *, revision: str | None = None, cache_dir: str | Path | None = None):
    """A `tokenizers.Tokenizer` for a hub name (a tokenizer block's `hub`), from the local cache only."""
    return _read_tokenizer_file(Path(resolve_from_hub_cache(repo_id, revision=revision, cache_dir=cache_dir)))


def resolve_hub_files(repo_id: str, *, revision: str | None = None,
                      cache_dir: str | Path | None = None) -> str:
    """The cached tokenizer.json of a hub name (its content digest is what a build depends on)."""
    return resolve_from_hub_cache(repo_id, revision=revision, cache_dir=cache_dir)


def resolve_from_hub_cache(repo_id: str, *, revision: str | None = None,
                           cache_dir: str | Path | None = None) -> str:
    """Local path of `repo_id`'s tokenizer.json in the HF cache, never downloading it."""
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return hf_hub_download(repo_id, TOKENIZER_FILE, revision=revision, cache_dir=cache_dir,
                               local_files_only=True)
    except LocalEntryNotFoundError:
        where = f" under {cache_dir}" if cache_dir else ""
        raise TokenizerError(
            f"tokenizer `{repo_id}` is not in the local Hugging Face cache{where}; builds run offline",
            f"on a machine with network run `hf download {repo_id} {TOKENIZER_FILE}` (same HF_HOME), "
            "or set `path` to a local tokenizer.json") from None
    except (ValueError, OSError) as error:
        raise TokenizerError(f"tokenizer `{repo_id}` cannot be resolved: {_first_line(error)}",
                             "check the hub name and revision") from None


def _read_tokenizer_file(path: Path):
    from tokenizers import Tokenizer

    try:
        return Tokenizer.from_file(str(path))
    except Exception as error:  # tokenizers raises a bare Exception for malformed JSON
        raise TokenizerError(f"{path}: not a valid tokenizer.json ({_first_line(error)})",
                             "save it with `tokenizer.save(...)` or `save_pretrained` of a fast tokenizer") from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
