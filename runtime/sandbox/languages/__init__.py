"""The languages the sandbox runs, by their recipe names (design.md section 4)."""
from __future__ import annotations

import difflib

from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.languages.c import C
from recipec.runtime.sandbox.languages.cpp import Cpp
from recipec.runtime.sandbox.languages.extras import EXTRA_LANGUAGES
from recipec.runtime.sandbox.languages.go import Go
from recipec.runtime.sandbox.languages.java import Java
from recipec.runtime.sandbox.languages.javascript import JavaScript
from recipec.runtime.sandbox.languages.lua import Lua
from recipec.runtime.sandbox.languages.perl import Perl
from recipec.runtime.sandbox.languages.php import Php
from recipec.runtime.sandbox.languages.python import Python
from recipec.runtime.sandbox.languages.ruby import Ruby
from recipec.runtime.sandbox.languages.rust import Rust
from recipec.runtime.sandbox.languages.shell import Shell
from recipec.runtime.sandbox.languages.typescript import TypeScript

CORE_LANGUAGES = (Python, JavaScript, TypeScript, C, Cpp, Java, Go, Rust, Shell, Ruby, Php, Perl, Lua)

LANGUAGES: dict[str, Language] = {cls.name: cls() for cls in (*CORE_LANGUAGES, *EXTRA_LANGUAGES)}
CORE = tuple(cls.name for cls in CORE_LANGUAGES)


class UnknownLanguage(ValueError):
    pass


def get(name: str) -> Language:
    """The language called `name` (a recipe name such as `python`, `c++`, `shell`)."""
    try:
        return LANGUAGES[name]
    except KeyError:
        close = difflib.get_close_matches(name.lower(), LANGUAGES, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise UnknownLanguage(f"unknown language `{name}`{hint} (known: {', '.join(LANGUAGES)})") from None


def by_extension(filename: str) -> Language | None:
    """Guess a language from a file name, for the CLI."""
    lowered = filename.lower()
    aliases = {".h": "c", ".cc": "c++", ".cxx": "c++", ".hpp": "c++", ".bash": "shell",
               ".mjs": "javascript", ".cjs": "javascript", ".r": "r", ".f": "fortran",
               ".f95": "fortran", ".ss": "scheme", ".cl": "common-lisp"}
    for language in LANGUAGES.values():
        if lowered.endswith(language.extension.lower()):
            return language
    for extension, name in aliases.items():
        if lowered.endswith(extension):
            return LANGUAGES[name]
    return None


__all__ = ["CORE", "LANGUAGES", "Language", "Program", "UnknownLanguage", "by_extension", "get"]
