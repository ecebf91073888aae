"""Ground-truth labels for the evaluation set: a file's language from its path in its package.

These rules are the benchmark's own, written apart from the library's tables: an extension that
means different languages in different projects (`.h`, `.m`, `.pl`, `.cl`, `.pp`, `.g`, `.t`,
`.ts`) is labelled from what else the package holds, the way a person reading the package
would, or left out. Files whose format is not one of the 92 languages get the label `unknown`
(negatives: XML, TOML, INI, CSV, gettext catalogues, plain text); they are scored apart.
"""
from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

# Extension (lower case, without the dot) -> label, where the extension means one thing.
EXTENSIONS = {
    "adb": "ada", "ads": "ada",
    "agda": "agda", "lagda": "literate-agda",
    "g4": "antlr",
    "applescript": "applescript",
    "asm": "assembly", "s": "assembly", "nasm": "assembly",
    "aug": "augeas",
    "awk": "awk",
    "bat": "batchfile", "cmd": "batchfile",
    "c": "c",
    "cs": "c#",
    "cc": "c++", "cpp": "c++", "cxx": "c++", "hpp": "c++", "hh": "c++", "hxx": "c++", "c++": "c++",
    "ipp": "c++", "tcc": "c++", "inl": "c++",
    "clj": "clojure", "cljs": "clojure", "cljc": "clojure",
    "cmake": "cmake",
    "coffee": "coffeescript", "litcoffee": "literate-coffeescript",
    "lisp": "common-lisp", "lsp": "common-lisp", "asd": "common-lisp",
    "css": "css",
    "cu": "cuda", "cuh": "cuda",
    "dart": "dart",
    "dockerfile": "dockerfile",
    "ex": "elixir", "exs": "elixir",
    "elm": "elm",
    "el": "emacs-lisp",
    "erl": "erlang", "hrl": "erlang",
    "fsx": "f#",
    "f": "fortran", "f77": "fortran", "f90": "fortran", "f95": "fortran", "f03": "fortran",
    "f08": "fortran", "for": "fortran",
    "glsl": "glsl", "vert": "glsl", "frag": "glsl", "geom": "glsl", "comp": "glsl",
    "tesc": "glsl", "tese": "glsl", "rgen": "glsl", "rchit": "glsl", "rmiss": "glsl",
    "go": "go",
    "groovy": "groovy", "gradle": "groovy",
    "hs": "haskell", "lhs": "literate-haskell",
    "html": "html", "htm": "html", "xhtml": "html",
    "idr": "idris",
    "thy": "isabelle",
    "java": "java",
    "jsp": "java-server-pages", "jspf": "java-server-pages",
    "js": "javascript", "mjs": "javascript", "cjs": "javascript",
    "json": "json",
    "jl": "julia",
    "ipynb": "jupyter-notebook",
    "kt": "kotlin", "kts": "kotlin",
    "lean": "lean",
    "lua": "lua",
    "mk": "makefile", "mak": "makefile",
    "mpl": "maple",
    "md": "markdown", "markdown": "markdown",
    "wl": "mathematica", "nb": "mathematica",
    "mm": "objectc++",
    "ml": "ocaml", "mli": "ocaml",
    "pas": "pascal", "lpr": "pascal", "dpr": "pascal",
    "php": "php",
    "pm": "perl",
    "ps1": "powershell", "psm1": "powershell", "psd1": "powershell",
    "proto": "protocol-buffer",
    "py": "python",
    "r": "r",
    "rkt": "racket",
    "rst": "restructuredtext",
    "rmd": "rmarkdown",
    "rb": "ruby", "rake": "ruby", "gemspec": "ruby",
    "rs": "rust",
    "sas": "sas",
    "scala": "scala",
    "scm": "scheme", "ss": "scheme", "sld": "scheme",
    "sh": "shell", "bash": "shell", "zsh": "shell", "ksh": "shell",
    "sol": "solidity",
    "rq": "sparql", "sparql": "sparql",
    "sql": "sql",
    "stan": "stan",
    "sml": "standard-ml",
    "ado": "stata",
    "swift": "swift",
    "sv": "systemverilog", "svh": "systemverilog",
    "tcl": "tcl", "tm": "tcl",
    "csh": "tcsh", "tcsh": "tcsh",
    "tex": "tex", "sty": "tex", "ltx": "tex", "dtx": "tex",
    "thrift": "thrift",
    "tsx": "typescript",
    "v": "verilog", "vh": "verilog",
    "vhd": "vhdl", "vhdl": "vhdl",
    "vb": "visual-basic", "vbs": "visual-basic",
    "vue": "vue",
    "xsl": "xslt", "xslt": "xslt",
    "y": "yacc", "yy": "yacc",
    "yml": "yaml", "yaml": "yaml",
    "zig": "zig",
    # Negatives: common in packages, not one of the 92.
    "xml": "unknown", "toml": "unknown", "ini": "unknown", "cfg": "unknown", "csv": "unknown",
    "po": "unknown", "txt": "unknown", "svg": "unknown", "properties": "unknown",
}

FILENAMES = {
    "makefile": "makefile", "gnumakefile": "makefile", "makefile.am": "makefile",
    "cmakelists.txt": "cmake",
    "dockerfile": "dockerfile", "containerfile": "dockerfile",
    "rakefile": "ruby", "gemfile": "ruby",
    "build.gradle": "groovy",
}

# Extensions whose meaning depends on the project: label from the package's other files.
_C_FAMILY = {"c": "c", "c++": "c++", "objectc++": "objectc++", "cuda": "c++"}


def _package_languages(paths: list[str]) -> Counter:
    counts: Counter = Counter()
    for path in paths:
        label = EXTENSIONS.get(_extension(path))
        if label:
            counts[label] += 1
    return counts


def _extension(path: str) -> str:
    name = PurePosixPath(path).name.lower()
    return name.rsplit(".", 1)[1] if "." in name else ""


def contextual_labeller(package: str, kind: str, paths: list[str]):
    """Return a function path -> label (or None to leave the file out) for one package."""
    langs = _package_languages(paths)
    has_objc = any(_extension(p) == "m" for p in paths) and langs["objectc++"] + langs["c"] > 0 \
        and not package.startswith("octave")

    def header_label() -> str | None:
        # A header belongs to the project's only C-family language; mixed projects are left out.
        present = {_C_FAMILY[k] for k in _C_FAMILY if langs[k]}
        if has_objc:
            present.add("objectc++")
        return present.pop() if len(present) == 1 else None

    def label(path: str) -> str | None:
        name = PurePosixPath(path).name.lower()
        ext = _extension(path)
        if name in FILENAMES:
            return FILENAMES[name]
        if name.startswith("makefile.") and ext not in ("txt", "md"):
            return "makefile"         # Makefile.sas, Makefile.msc ...: makefiles for other tools
        if name.endswith(".lagda.md") or name.endswith(".lagda.tex") or name.endswith(".lagda.rst"):
            return "literate-agda"
        if name.endswith(".d.ts"):
            return "typescript"
        if ext == "h":
            return header_label()
        if ext == "m":
            if package.startswith(("octave", "swig")):
                return "matlab"
            return "objectc++" if has_objc else None
        if ext == "ts":
            # Qt translation files share `.ts`; only the npm packages here hold TypeScript.
            return "typescript" if kind == "npm" else None
        if ext in ("pl", "pro"):
            if package == "swi-prolog":
                return "prolog" if ext == "pl" else None
            return "perl" if ext == "pl" else None
        if ext == "t":
            return "perl" if package.endswith("-perl") else None
        if ext == "cl":
            return "common-lisp" if package.startswith("cl-") else None
        if ext == "pp":
            return "pascal" if langs["pascal"] else None
        if ext == "g":
            return "antlr" if package.startswith("antlr") else None
        if ext == "ml" and langs["standard-ml"]:
            return "standard-ml"      # Poly/ML's `.ML` files are Standard ML
        if ext in ("ss", "scm") and package == "racket":
            return "racket"           # PLT Scheme modules, the language that became Racket
        if ext in ("sig", "fun"):
            return "standard-ml" if langs["standard-ml"] else None
        if ext == "inc":
            return None
        return EXTENSIONS.get(ext)

    return label
