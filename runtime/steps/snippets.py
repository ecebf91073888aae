"""`snippets`: functions, classes and methods cut from code documents with tree-sitter.

Each snippet is counted in tokens with the recipe's tokenizer (the tokenizer step's
`tokenizer.json`, loaded with HF `tokenizers`); snippets longer than `max_tokens` or shorter than
`min_lines` are dropped and counted. With `max_snippets`, the snippets kept are those with the
smallest hash of (seed, snippet id): the same sample whatever the order or sharding of the input.

A function defined inside a class is a `method`; other functions are `function`s. A unit is cut
whole, with the decorators and the comment lines right above it, and dedented.
"""
from __future__ import annotations

import hashlib
import heapq
import textwrap
from pathlib import Path

from recipec.runtime.steps.base import StepContext, StepError, StepKind, register
from recipec.runtime.steps.llm_steps import Outputs, read_rows

# Node kinds per grammar of tree-sitter-language-pack. Explicit for the languages the
# instruction stages target; grammars not listed here yield nothing (counted).
FUNCTIONS: dict[str, frozenset[str]] = {g: frozenset(k) for g, k in {
    "python": ("function_definition",),
    "javascript": ("function_declaration", "generator_function_declaration", "method_definition"),
    "typescript": ("function_declaration", "generator_function_declaration", "method_definition"),
    "java": ("method_declaration", "constructor_declaration"),
    "c": ("function_definition",), "cpp": ("function_definition",),
    "go": ("function_declaration", "method_declaration"),
    "rust": ("function_item",),
    "ruby": ("method", "singleton_method"),
    "php": ("function_definition", "method_declaration"),
    "csharp": ("method_declaration", "constructor_declaration", "local_function_statement"),
    "kotlin": ("function_declaration",), "swift": ("function_declaration",),
    "scala": ("function_definition",), "lua": ("function_declaration",),
    "bash": ("function_definition",), "perl": ("subroutine_declaration_statement",),
    "julia": ("function_definition",), "haskell": ("function",),
}.items()}
CLASSES: dict[str, frozenset[str]] = {g: frozenset(k) for g, k in {
    "python": ("class_definition",),
    "javascript": ("class_declaration",),
    "typescript": ("class_declaration", "abstract_class_declaration", "interface_declaration"),
    "java": ("class_declaration", "interface_declaration", "enum_declaration",
             "record_declaration"),
    "c": ("struct_specifier",), "cpp": ("class_specifier", "struct_specifier"),
    "go": ("type_declaration",),
    "rust": ("struct_item", "enum_item", "trait_item", "impl_item"),
    "ruby": ("class", "module"),
    "php": ("class_declaration", "interface_declaration", "trait_declaration"),
    "csharp": ("class_declaration", "struct_declaration", "interface_declaration",
               "record_declaration"),
    "kotlin": ("class_declaration", "object_declaration"),
    "swift": ("class_declaration", "protocol_declaration"),
    "scala": ("class_definition", "object_definition", "trait_definition"),
    "julia": ("struct_definition",), "dart": ("class_definition",),
}.items()}
# C-family specifiers also name a type without defining it (`struct point p;`): only a body counts.
NEED_BODY = frozenset({"struct_specifier", "class_specifier"})
WRAPPERS = frozenset({"decorated_definition"})  # the unit with its decorators


def grammar_of(language: str) -> str | None:
    from recipec.runtime.fim.ast_spans import GRAMMARS

    grammar = GRAMMARS.get(language)
    return grammar if grammar in FUNCTIONS or grammar in CLASSES else None


def language_of(doc: dict) -> str | None:
    """The document's recipe language: its metadata, else its path's extension when that is
    unambiguous."""
    metadata = doc.get("metadata", {})
    if metadata.get("language"):
        return str(metadata["language"]).lower()
    from recipec.runtime.langid.filenames import by_extension

    found = by_extension(str(metadata.get("path") or doc.get("id") or ""))
    return found[1][0] if found and found[0] == "one" else None


class UnitCutter:
    """Cuts the units of one document; parsers are made once per grammar."""

    def __init__(self, units: set[str]):
        self.units = units
        self._parsers: dict[str, object] = {}

    def cut(self, text: str, grammar: str) -> list[dict]:
        parser = self._parsers.get(grammar)
        if parser is None:
            from tree_sitter_language_pack import get_parser

            parser = self._parsers[grammar] = get_parser(grammar)
        data = text.encode("utf-8", errors="replace")
        found: list[dict] = []
        self._walk(parser.parse(data).root_node, data, grammar, False, found)
        return found

    def _walk(self, node, data: bytes, grammar: str, in_class: bool, found: list) -> None:
        for child in node.named_children:
            kind = child.type
            if kind in CLASSES.get(grammar, ()) and (kind not in NEED_BODY or
                                                      child.child_by_field_name("body")):
                if "class" in self.units:
                    found.append(_unit(child, data, "class"))
                if "method" in self.units:
                    self._walk(child, data, grammar, True, found)
            elif kind in FUNCTIONS.get(grammar, ()):
                unit = "method" if in_class else "function"
                if unit in self.units:
                    found.append(_unit(child, data, unit))
            else:
                self._walk(child, data, grammar, in_class, found)


def _unit(node, data: bytes, unit: str) -> dict:
    name_node = _name_node(node)
    name = data[name_node.start_byte:name_node.end_byte].decode("utf-8", "replace") \
        if name_node is not None else ""
    outer = node.parent if node.parent is not None and node.parent.type in WRAPPERS else node
    start = outer
    previous = start.prev_named_sibling
    while previous is not None and "comment" in previous.type and \
            previous.end_point[0] >= start.start_point[0] - 1:
        start, previous = previous, previous.prev_named_sibling
    line_start = data.rfind(b"\n", 0, start.start_byte) + 1
    if data[line_start:start.start_byte].strip():  # code before it on its line: cut from it
        line_start = start.start_byte
    code = textwrap.dedent(data[line_start:outer.end_byte].decode("utf-8", "replace"))
    return {"unit": unit, "name": name, "code": code.rstrip() + "\n",
            "lines": [start.start_point[0] + 1, outer.end_point[0] + 1]}


def _name_node(node):
    """The unit's name: its `name` field; in C and C++ the end of its declarator chain; a Rust
    impl's `type`; Go's `type S struct` names its type_spec."""
    if node.child_by_field_name("name") is not None:
        return node.child_by_field_name("name")
    declarator = node.child_by_field_name("declarator")
    while declarator is not None:
        if declarator.type.endswith(("identifier", "_name")):
            return declarator
        if declarator.child_by_field_name("name") is not None:
            return declarator.child_by_field_name("name")
        declarator = declarator.child_by_field_name("declarator")
    if node.child_by_field_name("type") is not None:
        return node.child_by_field_name("type")
    return next((c.child_by_field_name("name") for c in node.named_children
                 if c.child_by_field_name("name") is not None), None)


def sample_key(seed: int, snippet_id: str) -> bytes:
    return hashlib.sha256(f"{seed}\0{snippet_id}".encode()).digest()


def load_tokenizer(folder: Path):
    from tokenizers import Tokenizer

    path = folder / "tokenizer.json"
    if not path.is_file():
        raise StepError(f"the tokenizer step wrote no tokenizer.json in {folder}",
                        "rebuild the tokenizer step with --force")
    return Tokenizer.from_file(str(path))


@register
class Snippets(StepKind):
    kind = "snippets"
    libraries = ("tree-sitter", "tree-sitter-language-pack", "tokenizers")

    def run(self, ctx: StepContext) -> dict:
        params = ctx.params
        tokenizer = load_tokenizer(ctx.inputs[params["tokenizer"]])
        wanted = {str(lang).lower() for lang in params["languages"]}
        cutter = UnitCutter(set(params["units"]))
        out = Outputs(ctx)
        limit = params["max_snippets"]
        heap: list = []  # (negated sample key, order, snippet): the `limit` smallest keys
        order = 0
        skipped: dict[str, int] = {}
        by_language: dict[str, int] = {}
        documents = (doc for step_id in ctx.step.inputs if step_id != params["tokenizer"]
                     for doc in read_rows(ctx.inputs[step_id]))
        for doc in documents:
            out.docs_in += 1
            language = language_of(doc)
            grammar = grammar_of(language) if language else None
            if wanted and language not in wanted:
                skipped["skipped_language"] = skipped.get("skipped_language", 0) + 1
                continue
            if grammar is None:
                skipped["skipped_no_grammar"] = skipped.get("skipped_no_grammar", 0) + 1
                continue
            found = cutter.cut(doc.get("text") or "", grammar)
            tokens = [len(e.ids) for e in tokenizer.encode_batch(
                [u["code"] for u in found], add_special_tokens=False)] if found else []
            for unit, count in zip(found, tokens):
                snippet = self._snippet(doc, language, unit, count)
                reason = ("too_long" if count > params["max_tokens"] else
                          "too_short" if unit["code"].count("\n") < params["min_lines"] else None)
                if reason:
                    out.reasons[f"dropped_{reason}"] = out.reasons.get(f"dropped_{reason}", 0) + 1
                    continue
                if limit is None:
                    out.keep(snippet)
                    by_language[language] = by_language.get(language, 0) + 1
                    continue
                entry = (_negate(sample_key(ctx.seed, snippet["id"])), order, snippet)
                order += 1
                if len(heap) < limit:
                    heapq.heappush(heap, entry)
                else:
                    heapq.heappushpop(heap, entry)
        if limit is not None:
            out.reasons["dropped_not_sampled"] = max(0, order - len(heap))
            for _, _, snippet in sorted(heap, key=lambda e: e[1]):  # input order
                out.keep(snippet)
                language = snippet["metadata"]["language"]
                by_language[language] = by_language.get(language, 0) + 1
        counts = out.close()
        counts["reasons"] = dict(sorted({**counts["reasons"], **skipped}.items()))
        counts["languages"] = dict(sorted(by_language.items()))
        return counts

    @staticmethod
    def _snippet(doc: dict, language: str, unit: dict, tokens: int) -> dict:
        source_id = str(doc.get("id") or "")
        first, last = unit["lines"]
        metadata = {"language": language, "unit": unit["unit"], "name": unit["name"],
                    "source_id": source_id, "lines": unit["lines"], "tokens": tokens}
        if doc["metadata"].get("path"):
            metadata["path"] = doc["metadata"]["path"]
        return {"text": unit["code"], "id": f"{source_id}#L{first}-L{last}",
                "metadata": metadata}


def _negate(key: bytes) -> bytes:
    """A max-heap on keys out of heapq's min-heap: keep the smallest keys by popping the largest."""
    return bytes(255 - b for b in key)
