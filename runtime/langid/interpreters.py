"""The in-file declarations: a shebang line, and vim or emacs modelines.

A file that names its interpreter (`#!/usr/bin/env python3`) or its editor mode
(`# vim: set ft=ruby:`, `-*- mode: emacs-lisp -*-`) says what it is more reliably than any
statistics, so these layers run before the content model, like linguist's.
"""
from __future__ import annotations

import re

# Interpreter (basename, version digits stripped) -> language.
INTERPRETERS: dict[str, str] = {
    "python": "python", "pypy": "python", "jython": "python", "ipython": "python",
    "sh": "shell", "bash": "shell", "dash": "shell", "zsh": "shell", "ksh": "shell", "ash": "shell",
    "mksh": "shell", "pdksh": "shell", "busybox": "shell", "bats": "shell",
    "csh": "tcsh", "tcsh": "tcsh",
    "perl": "perl", "cperl": "perl",
    "ruby": "ruby", "jruby": "ruby", "rbx": "ruby", "macruby": "ruby",
    "node": "javascript", "nodejs": "javascript", "js": "javascript", "rhino": "javascript",
    "gjs": "javascript", "deno": "typescript", "ts-node": "typescript", "tsx": "typescript", "bun": "javascript",
    "php": "php", "lua": "lua", "luajit": "lua",
    "tclsh": "tcl", "wish": "tcl", "expect": "tcl", "jimsh": "tcl",
    "rscript": "r", "r": "r", "littler": "r",
    "awk": "awk", "gawk": "awk", "mawk": "awk", "nawk": "awk",
    "pwsh": "powershell", "powershell": "powershell",
    "julia": "julia", "escript": "erlang", "elixir": "elixir",
    "racket": "racket", "guile": "scheme", "csi": "scheme", "gosh": "scheme", "chibi-scheme": "scheme",
    "scheme": "scheme", "gsi": "scheme", "chez": "scheme",
    "sbcl": "common-lisp", "clisp": "common-lisp", "ecl": "common-lisp", "ccl": "common-lisp",
    "emacs": "emacs-lisp",
    "groovy": "groovy", "scala": "scala", "kotlin": "kotlin", "swift": "swift", "dart": "dart",
    "runhaskell": "haskell", "runghc": "haskell", "stack": "haskell", "ocaml": "ocaml",
    "make": "makefile", "gmake": "makefile", "osascript": "applescript", "bb": "clojure",
    "clojure": "clojure", "octave": "matlab", "stata": "stata", "zig": "zig",
}

# Editor mode / file type names (vim `ft=`, emacs `mode:`) -> language. Lower case.
MODES: dict[str, str | None] = {
    "python": "python", "python3": "python", "sh": "shell", "bash": "shell", "zsh": "shell",
    "ksh": "shell", "shell-script": "shell", "csh": "tcsh", "tcsh": "tcsh",
    "perl": "perl", "cperl": "perl", "ruby": "ruby", "enh-ruby": "ruby",
    "javascript": "javascript", "js": "javascript", "js2": "javascript", "typescript": "typescript",
    "c": "c", "cpp": "c++", "c++": "c++", "cs": "c#", "csharp": "c#", "java": "java", "go": "go",
    "rust": "rust", "lisp": "common-lisp", "common-lisp": "common-lisp",
    "emacs-lisp": "emacs-lisp", "elisp": "emacs-lisp", "lisp-interaction": "emacs-lisp",
    "scheme": "scheme", "racket": "racket", "clojure": "clojure",
    "haskell": "haskell", "lhaskell": "literate-haskell", "literate-haskell": "literate-haskell",
    "ocaml": "ocaml", "tuareg": "ocaml", "caml": "ocaml", "sml": "standard-ml", "fsharp": "f#",
    "erlang": "erlang", "elixir": "elixir", "lua": "lua", "tcl": "tcl", "make": "makefile",
    "makefile": "makefile", "cmake": "cmake", "dockerfile": "dockerfile", "yaml": "yaml",
    "json": "json", "markdown": "markdown", "gfm": "markdown", "rst": "restructuredtext",
    "tex": "tex", "latex": "tex", "plaintex": "tex", "context": "tex", "html": "html",
    "mhtml": "html", "css": "css", "xslt": "xslt", "sql": "sql", "php": "php", "vhdl": "vhdl",
    "verilog": "verilog", "systemverilog": "systemverilog", "ada": "ada", "fortran": "fortran",
    "f90": "fortran", "pascal": "pascal", "delphi": "pascal", "matlab": "matlab", "octave": "matlab",
    "r": "r", "ess-r": "r", "rmd": "rmarkdown", "rmarkdown": "rmarkdown", "prolog": "prolog",
    "awk": "awk", "ps1": "powershell", "powershell": "powershell", "dosbatch": "batchfile",
    "bat": "batchfile", "asm": "assembly", "nasm": "assembly", "yacc": "yacc", "bison": "yacc",
    "proto": "protocol-buffer", "protobuf": "protocol-buffer", "thrift": "thrift",
    "sparql": "sparql", "glsl": "glsl", "cuda": "cuda", "objc": "objectc++", "objcpp": "objectc++",
    "objc++": "objectc++", "kotlin": "kotlin", "scala": "scala", "groovy": "groovy",
    "swift": "swift", "dart": "dart", "julia": "julia", "elm": "elm", "idris": "idris",
    "agda": "agda", "agda2": "agda", "lean": "lean", "zig": "zig", "vue": "vue",
    "coffee": "coffeescript", "coffeescript": "coffeescript", "litcoffee": "literate-coffeescript",
    "stan": "stan", "stata": "stata", "sas": "sas", "st": "smalltalk", "smalltalk": "smalltalk",
    "applescript": "applescript", "isabelle": "isabelle", "maple": "maple",
    "mma": "mathematica", "mathematica": "mathematica", "wolfram": "mathematica",
    "jsp": "java-server-pages", "antlr": "antlr", "augeas": "augeas", "solidity": "solidity",
    "vb": "visual-basic", "vbnet": "visual-basic", "basic": "visual-basic",
    # Modes that name formats outside the 92: a clear "not ours".
    "text": None, "org": None, "xml": None, "nxml": None, "conf": None, "fundamental": None,
    "outline": None, "diff": None, "texinfo": None, "nroff": None,
}

_SHEBANG = re.compile(r"#!\s*(\S+)(.*)")
_VERSION = re.compile(r"[\d.]+$")
_VIM = re.compile(r"(?:^|\s)(?:vim?|ex):.*?\b(?:ft|filetype|syntax)=([\w+#-]+)", re.IGNORECASE)
_EMACS_MODE = re.compile(r"-\*-(.*?)-\*-")


def _interpreter_name(command: str, rest: str) -> str:
    name = command.rsplit("/", 1)[-1].lower()
    if name == "env":
        # `#!/usr/bin/env -S python3 -u`: the first word that is not an option.
        for word in rest.split():
            if not word.startswith("-") and "=" not in word:
                name = word.rsplit("/", 1)[-1].lower()
                break
        else:
            return ""
    return _VERSION.sub("", name) or name


def shebang_language(text: str) -> tuple[str, str] | None:
    """(language, interpreter) from the first line's `#!`, when it names a known interpreter."""
    if not text.startswith("#!"):
        return None
    first = text[:200].split("\n", 1)[0]
    match = _SHEBANG.match(first)
    if not match:
        return None
    interpreter = _interpreter_name(match.group(1), match.group(2))
    language = INTERPRETERS.get(interpreter)
    return (language, interpreter) if language else None


def _emacs_mode(header: str) -> str | None:
    match = _EMACS_MODE.search(header)
    if not match:
        return None
    body = match.group(1).strip()
    if ":" not in body:                 # `-*- C++ -*-`
        return body.lower()
    for part in body.split(";"):
        key, _, value = part.partition(":")
        if key.strip().lower() == "mode":
            return value.strip().lower()
    return None


def modeline_language(text: str) -> tuple[str | None, str] | None:
    """(language or None, mode name) from a vim modeline (first or last 5 lines) or an emacs
    `-*- ... -*-` line (first two lines); None when there is no modeline we know."""
    lines = text[:4000].split("\n", 5)[:5]
    tail = text[-4000:].rsplit("\n", 6)[-6:]
    mode = _emacs_mode("\n".join(lines[:2]))
    if mode is None:
        for line in lines + tail:
            match = _VIM.search(line)
            if match:
                mode = match.group(1).lower()
                break
    if mode is None:
        return None
    mode = mode.removesuffix("-mode").removesuffix("-ts")
    if mode in MODES:
        return MODES[mode], mode
    return None
