"""AST-level FIM spans: a whole expression, statement or function as the middle (tree-sitter).

Grammars come from `tree-sitter-language-pack` 0.13, which bundles them (1.x downloads them at
run time, which fails offline). Candidate nodes are the named, visible node kinds of each
grammar whose name ends in statement, expression, declaration, definition, function, method,
lambda, closure, call, item, block, assignment or operator (and Lisp lists and shell commands):
one rule that reads the same way in
every grammar, so no per-language table of node kinds is needed. One candidate is drawn
uniformly. Languages without a grammar, and files where no candidate is found, are reported to
the caller, which falls back to a character span and counts why.
"""
from __future__ import annotations

import random
import re

# Recipe language names (qwen25-coder-92-languages.txt) -> grammar names of the language pack.
GRAMMARS: dict[str, str] = {
    "ada": "ada", "agda": "agda", "assembly": "asm", "c": "c", "c#": "csharp", "c++": "cpp",
    "clojure": "clojure", "cmake": "cmake", "common-lisp": "commonlisp", "css": "css", "cuda": "cuda",
    "dart": "dart", "dockerfile": "dockerfile", "elixir": "elixir", "elm": "elm", "emacs-lisp": "elisp",
    "erlang": "erlang", "f#": "fsharp", "fortran": "fortran", "glsl": "glsl", "go": "go", "groovy": "groovy",
    "haskell": "haskell", "html": "html", "java": "java", "javascript": "javascript", "json": "json",
    "julia": "julia", "kotlin": "kotlin", "lua": "lua", "makefile": "make", "markdown": "markdown",
    "matlab": "matlab", "objectc++": "objc", "ocaml": "ocaml", "pascal": "pascal", "perl": "perl",
    "php": "php", "powershell": "powershell", "protocol-buffer": "proto", "python": "python", "r": "r",
    "racket": "racket", "restructuredtext": "rst", "ruby": "ruby", "rust": "rust", "scala": "scala",
    "scheme": "scheme", "shell": "bash", "solidity": "solidity", "sparql": "sparql", "sql": "sql",
    "swift": "swift", "systemverilog": "verilog", "tcl": "tcl", "tex": "latex", "thrift": "thrift",
    "typescript": "typescript", "verilog": "verilog", "vhdl": "vhdl", "vue": "vue", "xslt": "xml",
    "yaml": "yaml", "zig": "zig",
}

CANDIDATE_KIND = re.compile(
    r"(^|_)(statement|expression|declaration|definition|function|method|lambda|closure|call|item|block"
    r"|assignment|operator)$"
    r"|^(list|list_lit|sexp|command|pipeline)$")  # Lisp forms and shell commands

NO_GRAMMAR = "no_grammar"
NO_NODE = "no_node"
NOT_UTF8 = "not_utf8"


class AstSpanPicker:
    """Draws one AST node's character span per document; parsers and queries are cached."""

    def __init__(self) -> None:
        self._queries: dict[str, object] = {}
        self._parsers: dict[str, object] = {}

    def has_grammar(self, language: str | None) -> bool:
        return language is not None and language.lower() in GRAMMARS

    def pick(self, text: str, language: str | None, rng: random.Random) -> tuple[tuple[int, int] | None, str]:
        """((start, end) in code points, "ok"), or (None, reason) to fall back to a character span."""
        if not self.has_grammar(language):
            return None, NO_GRAMMAR
        grammar = GRAMMARS[language.lower()]
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None, NOT_UTF8
        parser, query = self._load(grammar)
        if query is None:
            return None, NO_NODE
        from tree_sitter import QueryCursor

        tree = parser.parse(data)
        nodes = [node for nodes in QueryCursor(query).captures(tree.root_node).values() for node in nodes
                 if node.end_byte > node.start_byte and (node.start_byte, node.end_byte) != (0, len(data))]
        if not nodes:
            return None, NO_NODE
        # Captures come back in document order; sort anyway so the draw never depends on it.
        nodes.sort(key=lambda node: (node.start_byte, -node.end_byte))
        node = nodes[rng.randrange(len(nodes))]
        if len(data) == len(text):  # ASCII: bytes are code points
            return (node.start_byte, node.end_byte), "ok"
        start = len(data[:node.start_byte].decode("utf-8"))
        return (start, start + len(data[node.start_byte:node.end_byte].decode("utf-8"))), "ok"

    def _load(self, grammar: str):
        if grammar not in self._parsers:
            from tree_sitter import Query
            from tree_sitter_language_pack import get_language, get_parser

            language = get_language(grammar)
            kinds = sorted({language.node_kind_for_id(i) for i in range(language.node_kind_count)
                            if language.node_kind_is_named(i) and language.node_kind_is_visible(i)
                            and CANDIDATE_KIND.search(language.node_kind_for_id(i) or "")})
            source = "[" + " ".join(f"({kind})" for kind in kinds) + "] @node" if kinds else None
            self._parsers[grammar] = get_parser(grammar)
            self._queries[grammar] = Query(language, source) if source else None
        return self._parsers[grammar], self._queries[grammar]
