"""The language names recipes use: the 92 of the Qwen2.5-Coder pipeline (design.md section 4).

Other tools' names (SandboxFusion's `cpp`, linguist's `C++`) are mapped at their boundaries; in a
recipe, a language is always one of these.
"""
from __future__ import annotations

LANGUAGES: tuple[str, ...] = (
    "ada", "agda", "alloy", "antlr", "applescript", "assembly", "augeas", "awk", "batchfile",
    "bluespec", "c", "c#", "c++", "clojure", "cmake", "coffeescript", "common-lisp", "css",
    "cuda", "dart", "dockerfile", "elixir", "elm", "emacs-lisp", "erlang", "f#", "fortran",
    "glsl", "go", "groovy", "haskell", "html", "idris", "isabelle", "java", "java-server-pages",
    "javascript", "json", "julia", "jupyter-notebook", "kotlin", "lean", "literate-agda",
    "literate-coffeescript", "literate-haskell", "lua", "makefile", "maple", "markdown",
    "mathematica", "matlab", "objectc++", "ocaml", "pascal", "perl", "php", "powershell",
    "prolog", "protocol-buffer", "python", "r", "racket", "restructuredtext", "rmarkdown", "ruby",
    "rust", "sas", "scala", "scheme", "shell", "smalltalk", "solidity", "sparql", "sql", "stan",
    "standard-ml", "stata", "swift", "systemverilog", "tcl", "tcsh", "tex", "thrift",
    "typescript", "verilog", "vhdl", "visual-basic", "vue", "xslt", "yacc", "yaml", "zig",
)

# Names people type that mean one of ours: used for "recipes call it ..." hints only.
LANGUAGE_ALIASES: dict[str, str] = {
    "cpp": "c++", "cxx": "c++", "csharp": "c#", "cs": "c#", "js": "javascript",
    "node": "javascript", "nodejs": "javascript", "ts": "typescript", "py": "python",
    "python3": "python", "bash": "shell", "sh": "shell", "zsh": "shell", "golang": "go",
    "rb": "ruby", "rs": "rust", "kt": "kotlin", "objective-c": "objectc++", "objc": "objectc++",
    "fsharp": "f#", "lisp": "common-lisp", "elisp": "emacs-lisp", "ml": "ocaml",
    "docker": "dockerfile", "make": "makefile", "md": "markdown",
    "latex": "tex", "jsp": "java-server-pages", "ipynb": "jupyter-notebook", "vb": "visual-basic",
    "vb.net": "visual-basic", "proto": "protocol-buffer", "protobuf": "protocol-buffer",
    "sv": "systemverilog", "pl": "perl", "ps1": "powershell", "yml": "yaml",
}
