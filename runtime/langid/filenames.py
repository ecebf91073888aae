"""The path layer: exact file names and extensions, in the spirit of GitHub linguist's tables.

An extension maps to one language, or to a tuple of candidates when projects use it for
several (`.h` is C, C++ or Objective-C; `.m` Objective-C, MATLAB or Mathematica; `.pl` Perl or
Prolog). A candidate of None means "also used by a format outside the 92" (`.ts` is also a Qt
translation file, `.v` also Coq). Candidates go to the content layer, which picks among them.
Extensions of well-known formats that are not code of the 92 (`.xml`, `.txt`, `.toml` ...)
decide "not ours" without reading the file.
"""
from __future__ import annotations

from pathlib import PurePosixPath

Candidates = tuple  # tuple[str | None, ...]

FILENAMES: dict[str, str] = {
    "makefile": "makefile", "gnumakefile": "makefile", "bsdmakefile": "makefile",
    "makefile.am": "makefile", "makefile.in": "makefile",
    "dockerfile": "dockerfile", "containerfile": "dockerfile",
    "cmakelists.txt": "cmake",
    "rakefile": "ruby", "gemfile": "ruby", "guardfile": "ruby", "podfile": "ruby",
    "vagrantfile": "ruby", "brewfile": "ruby", "config.ru": "ruby",
    "jenkinsfile": "groovy", "build.gradle": "groovy", "settings.gradle": "groovy",
    "sconstruct": "python", "sconscript": "python",
    ".bashrc": "shell", ".bash_profile": "shell", ".bash_logout": "shell", ".zshrc": "shell",
    ".zprofile": "shell", ".profile": "shell", "pkgbuild": "shell",
    ".cshrc": "tcsh", ".tcshrc": "tcsh", ".login": "tcsh", ".logout": "tcsh",
    ".emacs": "emacs-lisp", "_emacs": "emacs-lisp", ".gnus": "emacs-lisp",
}

# Compound extensions, matched before the last suffix.
COMPOUND: dict[str, str] = {
    ".lagda.md": "literate-agda", ".lagda.tex": "literate-agda", ".lagda.rst": "literate-agda",
    ".d.ts": "typescript", ".coffee.md": "literate-coffeescript", ".cmake.in": "cmake",
}

_SIMPLE: dict[str, str] = {}


def _add(language: str, *extensions: str) -> None:
    for ext in extensions:
        _SIMPLE[ext] = language


_add("ada", "adb", "ads", "ada")
_add("agda", "agda")
_add("alloy", "als")
_add("antlr", "g4")
_add("applescript", "applescript")
_add("assembly", "asm", "s", "nasm", "a51")
_add("augeas", "aug")
_add("awk", "awk", "gawk", "mawk", "nawk")
_add("batchfile", "bat", "cmd")
_add("bluespec", "bsv")
_add("c", "c")
_add("c#", "cs", "csx")
_add("c++", "cc", "cpp", "cxx", "c++", "hpp", "hh", "hxx", "h++", "ipp", "tcc", "inl", "tpp")
_add("clojure", "clj", "cljs", "cljc", "edn", "boot")
_add("cmake", "cmake")
_add("coffeescript", "coffee", "cson", "iced")
_add("common-lisp", "lisp", "lsp", "asd", "ny")
_add("css", "css")
_add("cuda", "cu", "cuh")
_add("dart", "dart")
_add("dockerfile", "dockerfile")
_add("elixir", "ex", "exs")
_add("elm", "elm")
_add("emacs-lisp", "el")
_add("erlang", "erl", "hrl", "escript", "xrl", "yrl")
_add("f#", "fsi", "fsx")
_add("fortran", "f", "for", "f77", "f90", "f95", "f03", "f08", "fpp")
_add("glsl", "glsl", "vert", "frag", "geom", "comp", "tesc", "tese", "vsh", "fsh",
     "rgen", "rchit", "rmiss", "rahit", "rint", "rcall")
_add("go", "go")
_add("groovy", "groovy", "gradle", "gvy", "gy", "gsh")
_add("haskell", "hs", "hs-boot", "hsc")
_add("html", "html", "htm", "xhtml", "shtml")
_add("idris", "idr", "lidr")
_add("isabelle", "thy")
_add("java", "java")
_add("java-server-pages", "jsp", "jspf", "tag")
_add("javascript", "js", "mjs", "cjs", "jsx", "jsm")
_add("json", "json", "jsonc", "json5", "geojson", "webmanifest", "jsonl", "ndjson")
_add("julia", "jl")
_add("jupyter-notebook", "ipynb")
_add("kotlin", "kt", "kts")
_add("lean", "lean")
_add("literate-agda", "lagda")
_add("literate-coffeescript", "litcoffee")
_add("literate-haskell", "lhs")
_add("lua", "lua", "rockspec")
_add("makefile", "mk", "mak", "make")
_add("maple", "mpl", "maple")
_add("markdown", "md", "markdown", "mdown", "mkd", "mkdn")
_add("mathematica", "wl", "wls", "nb", "mt", "wlt")
_add("objectc++", "mm")
_add("ocaml", "ml", "mli", "mll", "eliom")
_add("pascal", "pas", "dpr", "lpr", "dfm")
_add("perl", "pm", "pod", "psgi")
_add("php", "php", "phtml", "php3", "php4", "php5", "phps")
_add("powershell", "ps1", "psm1", "psd1")
_add("prolog", "pro")
_add("protocol-buffer", "proto")
_add("python", "py", "pyw", "pyi", "gyp", "gypi", "bzl")
_add("r", "r", "rprofile")
_add("racket", "rkt", "rktl", "rktd", "scrbl")
_add("restructuredtext", "rst", "rest")
_add("rmarkdown", "rmd")
_add("ruby", "rb", "rake", "gemspec", "ru", "rbw", "podspec", "thor", "jbuilder")
_add("rust", "rs")
_add("sas", "sas")
_add("scala", "scala", "sc", "sbt")
_add("scheme", "scm", "ss", "sld", "sls", "sps")
_add("shell", "sh", "bash", "zsh", "ksh", "bats", "ebuild", "eclass")
_add("solidity", "sol")
_add("sparql", "rq", "sparql")
_add("sql", "sql", "ddl", "psql", "plsql", "pgsql")
_add("stan", "stan")
_add("standard-ml", "sml")
_add("stata", "ado", "doh", "ihlp", "mata", "matah", "sthlp")
_add("swift", "swift")
_add("systemverilog", "sv", "svh")
_add("tcl", "tcl", "tm", "itcl", "exp")
_add("tcsh", "csh", "tcsh")
_add("tex", "tex", "sty", "ltx", "dtx", "ins", "bbx", "cbx", "lbx")
_add("thrift", "thrift")
_add("typescript", "tsx", "mts", "cts")
_add("verilog", "vh", "veo")
_add("vhdl", "vhd", "vhdl", "vho", "vht")
_add("visual-basic", "vb", "vbs", "bas", "frm", "vba")
_add("vue", "vue")
_add("xslt", "xsl", "xslt")
_add("yacc", "y", "yy", "yacc")
_add("yaml", "yml", "yaml")
_add("zig", "zig", "zon")

AMBIGUOUS: dict[str, Candidates] = {
    "h": ("c", "c++", "objectc++"),
    "m": ("objectc++", "matlab", "mathematica"),
    "pl": ("perl", "prolog"),
    "t": ("perl", None),
    "cl": ("common-lisp", "c"),               # also OpenCL kernels, which read as C
    "v": ("verilog", None),                   # also Coq
    "pp": ("pascal", None),                   # also Puppet
    "ts": ("typescript", None),               # also Qt Linguist translations (XML)
    "fs": ("f#", "glsl"),
    "st": ("smalltalk", None),                # also StringTemplate
    "cls": ("tex", "visual-basic", None),     # also Apex
    "do": ("stata", None),
    "g": ("antlr", None),                     # also GAP
    "inc": ("php", "pascal", "assembly", "c", "c++", "sql", None),
}

# Formats that are common in source trees but are not code of the 92 languages.
NOT_OURS: frozenset[str] = frozenset("""
xml svg txt text csv tsv toml ini cfg conf po pot properties log lock xsd dtd rdf wsdl plist
diff patch scss sass less styl tmpl j2 jinja jinja2 erb hbs mustache twig
""".split())


def _lower_name(path: str) -> str:
    return PurePosixPath(path.replace("\\", "/")).name.lower()


def by_filename(path: str) -> str | None:
    name = _lower_name(path)
    if name in FILENAMES:
        return FILENAMES[name]
    if name.startswith(("dockerfile.", "containerfile.")) or name.endswith(".dockerfile"):
        return "dockerfile"
    if name.startswith("makefile.") and not name.endswith((".txt", ".md")):
        return "makefile"
    return None


def by_extension(path: str) -> tuple[str, Candidates] | None:
    """(kind, candidates) for a path's extension: kind is "one", "ambiguous" or "not_ours"."""
    name = _lower_name(path)
    for compound, language in COMPOUND.items():
        if name.endswith(compound):
            return "one", (language,)
    if "." not in name.lstrip("."):
        return None
    ext = name.rsplit(".", 1)[1]
    if ext in _SIMPLE:
        return "one", (_SIMPLE[ext],)
    if ext in AMBIGUOUS:
        return "ambiguous", AMBIGUOUS[ext]
    if ext in NOT_OURS:
        return "not_ours", ()
    return None


EXTENSIONS: dict[str, str] = dict(_SIMPLE)
