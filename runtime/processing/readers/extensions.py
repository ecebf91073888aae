"""A first guess at a file's language from its name, in the names of the 92-language list.

This is deliberately only a table: the language-identification step (`recipec.runtime.langid`) decides
for real, with shebangs, modelines and a content classifier. Extensions that are ambiguous between two
languages of the list (`.m`: Objective-C or MATLAB, `.v`: Verilog or Coq, `.pl`: Perl or Prolog) are left
out, so the reader leaves `language` empty rather than guess wrong.
"""
from __future__ import annotations

import posixpath

_LANGUAGE_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "ada": ("adb", "ads", "ada"),
    "agda": ("agda",),
    "alloy": ("als",),
    "antlr": ("g4",),
    "applescript": ("applescript",),
    "assembly": ("asm", "s", "nasm"),
    "augeas": ("aug",),
    "awk": ("awk",),
    "batchfile": ("bat", "cmd"),
    "bluespec": ("bsv",),
    "c": ("c", "h"),
    "c#": ("cs", "csx"),
    "c++": ("cc", "cpp", "cxx", "c++", "hh", "hpp", "hxx", "h++", "ipp", "tcc", "inl"),
    "clojure": ("clj", "cljs", "cljc", "edn"),
    "cmake": ("cmake",),
    "coffeescript": ("coffee",),
    "common-lisp": ("lisp", "lsp", "cl", "asd"),
    "css": ("css",),
    "cuda": ("cu", "cuh"),
    "dart": ("dart",),
    "elixir": ("ex", "exs"),
    "elm": ("elm",),
    "emacs-lisp": ("el",),
    "erlang": ("erl", "hrl"),
    "f#": ("fs", "fsi", "fsx"),
    "fortran": ("f90", "f95", "f03", "f08", "f", "for"),
    "glsl": ("glsl", "vert", "frag", "geom", "comp"),
    "go": ("go",),
    "groovy": ("groovy", "gradle"),
    "haskell": ("hs",),
    "html": ("html", "htm", "xhtml"),
    "idris": ("idr",),
    "isabelle": ("thy",),
    "java": ("java",),
    "java-server-pages": ("jsp",),
    "javascript": ("js", "mjs", "cjs", "jsx"),
    "json": ("json", "jsonc", "json5"),
    "julia": ("jl",),
    "jupyter-notebook": ("ipynb",),
    "kotlin": ("kt", "kts"),
    "lean": ("lean",),
    "literate-agda": ("lagda",),
    "literate-coffeescript": ("litcoffee",),
    "literate-haskell": ("lhs",),
    "lua": ("lua",),
    "makefile": ("mk", "mak"),
    "maple": ("mpl",),
    "markdown": ("md", "markdown", "mkd"),
    "mathematica": ("wl", "nb"),
    "objectc++": ("mm",),
    "ocaml": ("ml", "mli"),
    "pascal": ("pas", "pp", "dpr"),
    "perl": ("pm", "pod", "t"),
    "php": ("php", "phtml"),
    "powershell": ("ps1", "psm1", "psd1"),
    "protocol-buffer": ("proto",),
    "python": ("py", "pyi", "pyw"),
    "r": ("r",),
    "racket": ("rkt",),
    "restructuredtext": ("rst",),
    "rmarkdown": ("rmd",),
    "ruby": ("rb", "rake", "gemspec", "ru"),
    "rust": ("rs",),
    "sas": ("sas",),
    "scala": ("scala",),
    "scheme": ("scm", "ss"),
    "shell": ("sh", "bash", "zsh", "ksh"),
    "smalltalk": ("st",),
    "solidity": ("sol",),
    "sparql": ("sparql", "rq"),
    "sql": ("sql",),
    "stan": ("stan",),
    "standard-ml": ("sml",),
    "stata": ("do", "ado"),
    "swift": ("swift",),
    "systemverilog": ("sv", "svh"),
    "tcl": ("tcl",),
    "tcsh": ("tcsh", "csh"),
    "tex": ("tex", "sty"),
    "thrift": ("thrift",),
    "typescript": ("ts", "tsx", "mts", "cts"),
    "verilog": ("vh",),
    "vhdl": ("vhd", "vhdl"),
    "visual-basic": ("vb", "bas", "vbs"),
    "vue": ("vue",),
    "xslt": ("xsl", "xslt"),
    "yacc": ("y", "yy"),
    "yaml": ("yaml", "yml"),
    "zig": ("zig",),
}

EXTENSION_LANGUAGE: dict[str, str] = {
    extension: language for language, extensions in _LANGUAGE_EXTENSIONS.items() for extension in extensions
}

# Files known by their whole name rather than an extension.
FILENAME_LANGUAGE: dict[str, str] = {
    "makefile": "makefile",
    "gnumakefile": "makefile",
    "cmakelists.txt": "cmake",
    "dockerfile": "dockerfile",
    "containerfile": "dockerfile",
    "rakefile": "ruby",
    "gemfile": "ruby",
    "podfile": "ruby",
    "vagrantfile": "ruby",
    "jenkinsfile": "groovy",
}


def extension_of(path: str) -> str:
    """The lower-case extension of `path` without the dot ("" when there is none)."""
    name = posixpath.basename(path)
    _, dot, extension = name.rpartition(".")
    return extension.lower() if dot and _ else ""


def language_from_path(path: str) -> str | None:
    """The language a file's name suggests, or None when the name does not say."""
    name = posixpath.basename(path).lower()
    if name in FILENAME_LANGUAGE:
        return FILENAME_LANGUAGE[name]
    if name.startswith("dockerfile."):
        return "dockerfile"
    return EXTENSION_LANGUAGE.get(extension_of(path))
