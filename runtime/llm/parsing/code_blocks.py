"""Fenced code blocks in a model's answer, picked by language.

Fences follow CommonMark: a line of three or more backticks or tildes opens a block, with an
info string whose first word is the language tag; a line of the same character, at least as
long, closes it. Tags are mapped to the recipe language's names (`py` -> `python`, `cpp` ->
`c++`, `js` -> `javascript`), so that a step asks for the names a recipe uses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from recipec.runtime.llm.parsing.failures import (EMPTY_CODE_BLOCK, NO_CODE_BLOCK, UNTERMINATED_CODE_BLOCK,
                                                  WRONG_LANGUAGE, Parsed)

_FENCE_LINE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$", re.MULTILINE)

# Fence tags models write -> the language names of the recipe language (qwen25-coder list).
_ALIASES = {
    "py": "python", "python3": "python", "py3": "python", "js": "javascript", "node": "javascript",
    "nodejs": "javascript", "jsx": "javascript", "ts": "typescript", "tsx": "typescript",
    "cpp": "c++", "cxx": "c++", "cc": "c++", "hpp": "c++", "h": "c", "cs": "c#", "csharp": "c#",
    "fs": "f#", "fsharp": "f#", "sh": "shell", "bash": "shell", "zsh": "shell", "console": "shell",
    "rs": "rust", "rb": "ruby", "golang": "go", "kt": "kotlin", "kts": "kotlin", "pl": "perl",
    "ps1": "powershell", "objective-c++": "objectc++", "objc++": "objectc++", "hs": "haskell",
    "ml": "ocaml", "ex": "elixir", "exs": "elixir", "erl": "erlang", "clj": "clojure",
    "lisp": "common-lisp", "elisp": "emacs-lisp", "jl": "julia", "m": "matlab", "sml": "standard-ml",
    "rkt": "racket", "scm": "scheme", "sv": "systemverilog", "v": "verilog", "vb": "visual-basic",
    "vbnet": "visual-basic", "md": "markdown", "yml": "yaml", "dockerfile": "dockerfile",
    "docker": "dockerfile", "make": "makefile", "mk": "makefile", "proto": "protocol-buffer",
    "protobuf": "protocol-buffer", "rst": "restructuredtext", "latex": "tex", "sol": "solidity",
    "coffee": "coffeescript", "asm": "assembly", "nasm": "assembly", "bat": "batchfile",
    "cmd": "batchfile", "cu": "cuda", "rmd": "rmarkdown",
}


def normalise_language(tag: str) -> str:
    tag = tag.strip().lower().lstrip("{.").rstrip("}")
    return _ALIASES.get(tag, tag)


@dataclass(frozen=True)
class CodeBlock:
    tag: str            # as written after the fence ("" when none)
    language: str       # normalise_language(tag)
    code: str
    closed: bool


@lru_cache(maxsize=64)
def _closing_fence(char: str, length: int) -> re.Pattern:
    return re.compile(rf"^ {{0,3}}{re.escape(char)}{{{length},}}[ \t]*$", re.MULTILINE)


@lru_cache(maxsize=4)
def find_code_blocks(text: str) -> tuple[CodeBlock, ...]:
    """Every fenced block, in order. Searches fence lines with one multi-line regex instead of
    walking lines: a fully cached step parses 10k answers within its one-second budget. The
    last few answers are remembered: one answer is often asked for its JSON and then its code."""
    text = text.replace("\r\n", "\n")
    blocks: list[CodeBlock] = []
    position = 0
    while (opening := _FENCE_LINE.search(text, position)) is not None:
        fence, info = opening["fence"], opening["info"]
        if fence[0] == "`" and "`" in info:  # not a fence: inline code such as ```x```
            position = opening.end()
            continue
        tag = info.split()[0] if info.split() else ""
        body_start = opening.end() + 1
        closing = _closing_fence(fence[0], len(fence)).search(text, body_start)
        if closing is None:
            blocks.append(CodeBlock(tag, normalise_language(tag), text[body_start:].rstrip("\n"), False))
            break
        body = text[body_start:closing.start()]
        blocks.append(CodeBlock(tag, normalise_language(tag), body[:-1] if body.endswith("\n") else body, True))
        position = closing.end()
    return tuple(blocks)


def extract_code(text: str, language: str | None = None) -> Parsed[str]:
    """The code of the longest closed block tagged `language` (an untagged block if none is
    tagged); with no language, of the longest closed block. Failures say why there is none."""
    blocks = find_code_blocks(text)
    if not blocks:
        return Parsed.fail(NO_CODE_BLOCK)
    closed = [b for b in blocks if b.closed]
    if not closed:  # typically an answer cut by max_tokens
        return Parsed.fail(UNTERMINATED_CODE_BLOCK)
    candidates = closed
    if language is not None:
        wanted = normalise_language(language)
        candidates = [b for b in closed if b.language == wanted] or [b for b in closed if not b.tag]
        if not candidates:
            found = ", ".join(sorted({b.tag for b in closed}))
            return Parsed.fail(WRONG_LANGUAGE, f"wanted {wanted}, found {found}")
    best = max(candidates, key=lambda b: len(b.code))
    if not best.code.strip():
        return Parsed.fail(EMPTY_CODE_BLOCK)
    return Parsed(best.code)
