"""The exact mapping from magika's content-type labels to our 92 language names.

magika (standard_v3_3 model) predicts 214 content types; 61 of them map to 57 of our languages
(the other 35 have no magika label: `refine.py` finds them). Each mapping is deliberate:

- `cpp` -> `c++`, `cs` -> `c#`, `asm` -> `assembly`, `batch` -> `batchfile`, `proto` ->
  `protocol-buffer`, `rst` -> `restructuredtext`, `ipynb` -> `jupyter-notebook`, `latex` -> `tex`,
  `vba` -> `visual-basic`: the same language under another name.
- `objectivec` -> `objectc++`: the 92 names have no plain Objective-C; Objective-C++ is its
  superset, and the pipeline keeps Objective-C files under that name (docs/language-id.md).
- `gradle` -> `groovy` (Gradle build scripts are Groovy), `gemfile`/`gemspec` -> `ruby`
  (both are Ruby code), `jsonl` -> `json` (one JSON value a line).
- `lisp` -> `common-lisp`: magika has one label for the Lisp family; our own layer
  (`refine.py`) tells Common Lisp, Emacs Lisp, Scheme, Racket and Clojure apart.

Every other label (data formats such as `xml`, `toml`, `csv`; templates such as `jinja`, `erb`,
`twig`; languages outside the 92 such as `scss`, `cobol`, `smali`, `hcl`; text and binaries)
maps to None: not code of our languages, though `refine.py` may still recognise one of ours in
a file magika calls `txt`, `xml`, `html` or the like.
"""
from __future__ import annotations

MAGIKA_TO_LANGUAGE: dict[str, str] = {
    "asm": "assembly",
    "awk": "awk",
    "batch": "batchfile",
    "c": "c",
    "clojure": "clojure",
    "cmake": "cmake",
    "coffeescript": "coffeescript",
    "cpp": "c++",
    "cs": "c#",
    "css": "css",
    "dart": "dart",
    "dockerfile": "dockerfile",
    "elixir": "elixir",
    "erlang": "erlang",
    "fortran": "fortran",
    "gemfile": "ruby",
    "gemspec": "ruby",
    "go": "go",
    "gradle": "groovy",
    "groovy": "groovy",
    "haskell": "haskell",
    "html": "html",
    "ipynb": "jupyter-notebook",
    "java": "java",
    "javascript": "javascript",
    "json": "json",
    "jsonl": "json",
    "julia": "julia",
    "kotlin": "kotlin",
    "latex": "tex",
    "lisp": "common-lisp",
    "lua": "lua",
    "makefile": "makefile",
    "markdown": "markdown",
    "matlab": "matlab",
    "objectivec": "objectc++",
    "ocaml": "ocaml",
    "pascal": "pascal",
    "perl": "perl",
    "php": "php",
    "powershell": "powershell",
    "prolog": "prolog",
    "proto": "protocol-buffer",
    "python": "python",
    "r": "r",
    "rst": "restructuredtext",
    "ruby": "ruby",
    "rust": "rust",
    "scala": "scala",
    "shell": "shell",
    "solidity": "solidity",
    "sql": "sql",
    "swift": "swift",
    "tcl": "tcl",
    "typescript": "typescript",
    "vba": "visual-basic",
    "verilog": "verilog",
    "vhdl": "vhdl",
    "vue": "vue",
    "yaml": "yaml",
    "zig": "zig",
}


def language_of_magika_label(label: str) -> str | None:
    return MAGIKA_TO_LANGUAGE.get(label)
