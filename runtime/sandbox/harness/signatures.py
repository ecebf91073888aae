"""Find a function's declaration in C, C++, Java, Rust or Go source with tree-sitter.

Typed harnesses need the declared parameter and return types to write arguments as literals and
to print results; they also need to know whether the function is free-standing or a method
(LeetCode style `class Solution`). Types are returned as source text with whitespace normalised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from recipec.runtime.sandbox.static_check import _parser


@dataclass
class Param:
    name: str
    type: str


@dataclass
class Signature:
    name: str
    params: list[Param] = field(default_factory=list)
    returns: str = ""  # "" when the function returns nothing (void, unit)
    owner: str | None = None  # the class / impl type / receiver type that holds it
    static: bool = True  # callable without an instance
    receiver_pointer: bool = False  # Go: method on *T


def _text(node, source: bytes) -> str:
    return re.sub(r"\s+", " ", source[node.start_byte:node.end_byte].decode("utf-8", "replace")).strip()


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _parse(grammar: str, code: str):
    source = code.encode("utf-8")
    return _parser(grammar).parse(source).root_node, source


# -- C and C++ -------------------------------------------------------------------------------
def _c_declarator(declarator, source: bytes) -> tuple[str, str]:
    """(name, suffix) of a parameter or function declarator: suffix is `*`, `&`, `[]` marks."""
    suffix = ""
    node = declarator
    while node is not None:
        kind = node.type
        if kind == "pointer_declarator":
            suffix += "*"
            node = node.child_by_field_name("declarator")
        elif kind in ("reference_declarator",):
            suffix += "&&" if any(child.type == "&&" for child in node.children) else "&"
            node = next((child for child in node.named_children), None)
        elif kind == "array_declarator":
            suffix += "[]"
            node = node.child_by_field_name("declarator")
        elif kind in ("function_declarator",):
            node = node.child_by_field_name("declarator")
        elif kind in ("identifier", "field_identifier", "qualified_identifier",
                      "destructor_name", "operator_name"):
            return _text(node, source), suffix
        else:
            return "", suffix
    return "", suffix


def _c_type(declaration, source: bytes, suffix: str) -> str:
    qualifiers = [_text(c, source) for c in declaration.children if c.type == "type_qualifier"]
    base = declaration.child_by_field_name("type")
    text = _text(base, source) if base is not None else ""
    return " ".join([*qualifiers, text]).strip() + suffix


def _c_function(node, source: bytes, owner: str | None) -> Signature | None:
    declarator = node.child_by_field_name("declarator")
    function = declarator
    pointer = ""
    while function is not None and function.type in ("pointer_declarator", "reference_declarator"):
        pointer += "*" if function.type == "pointer_declarator" else "&"
        function = function.child_by_field_name("declarator") or next(iter(function.named_children), None)
    if function is None or function.type != "function_declarator":
        return None
    name, _ = _c_declarator(function.child_by_field_name("declarator"), source)
    params = []
    parameter_list = function.child_by_field_name("parameters")
    for parameter in parameter_list.named_children if parameter_list else []:
        if parameter.type not in ("parameter_declaration", "optional_parameter_declaration"):
            continue
        inner = parameter.child_by_field_name("declarator")
        pname, psuffix = _c_declarator(inner, source) if inner is not None else ("", "")
        ptype = _c_type(parameter, source, psuffix)
        if ptype != "void":
            params.append(Param(pname, ptype))
    returns = _c_type(node, source, pointer)
    static = owner is None or any(c.type == "storage_class_specifier" and _text(c, source) == "static"
                                  for c in node.children)
    return Signature(name.split("::")[-1], params, "" if returns == "void" else returns, owner, static)


def find_c_family(code: str, name: str, grammar: str) -> Signature | None:
    root, source = _parse(grammar, code)
    methods: list[Signature] = []
    for node in _walk(root):
        if node.type != "function_definition":
            continue
        owner = None
        parent = node.parent
        if parent is not None and parent.type == "template_declaration":
            parent = parent.parent
        if parent is not None and parent.type == "field_declaration_list":
            holder = parent.parent
            name_node = holder.child_by_field_name("name") if holder is not None else None
            owner = _text(name_node, source) if name_node is not None else None
        signature = _c_function(node, source, owner)
        if signature is None or signature.name != name:
            continue
        if owner is None:
            return signature
        methods.append(signature)
    return _prefer_solution(methods)


def _prefer_solution(methods: list[Signature]) -> Signature | None:
    for signature in methods:
        if signature.owner == "Solution":
            return signature
    return methods[0] if methods else None


# -- Java ------------------------------------------------------------------------------------
def find_java(code: str, name: str, owner: str | None = None) -> Signature | None:
    root, source = _parse("java", code)
    found: list[Signature] = []
    for node in _walk(root):
        if node.type != "method_declaration":
            continue
        name_node = node.child_by_field_name("name")
        if name_node is None or _text(name_node, source) != name:
            continue
        holder = node.parent.parent if node.parent is not None else None
        holder_name = holder.child_by_field_name("name") if holder is not None else None
        cls = _text(holder_name, source) if holder_name is not None else None
        if owner and cls != owner:
            continue
        modifiers = next((c for c in node.children if c.type == "modifiers"), None)
        static = modifiers is not None and "static" in _text(modifiers, source).split()
        params = []
        for parameter in node.child_by_field_name("parameters").named_children:
            if parameter.type not in ("formal_parameter", "spread_parameter"):
                continue
            ptype = parameter.child_by_field_name("type") or next(
                (c for c in parameter.named_children
                 if c.type not in ("modifiers", "variable_declarator")), None)
            type_text = _text(ptype, source) if ptype is not None else ""
            pname = parameter.child_by_field_name("name")
            if parameter.type == "spread_parameter":
                type_text += "[]"  # varargs: the harness passes an array
                declarator = next((c for c in parameter.named_children
                                   if c.type == "variable_declarator"), None)
                pname = declarator.child_by_field_name("name") if declarator else None
            params.append(Param(_text(pname, source) if pname is not None else "", type_text))
        returns = _text(node.child_by_field_name("type"), source)
        found.append(Signature(name, params, "" if returns == "void" else returns, cls, static))
    return _prefer_solution(found)


# -- Rust ------------------------------------------------------------------------------------
def find_rust(code: str, name: str, owner: str | None = None) -> Signature | None:
    root, source = _parse("rust", code)
    found: list[Signature] = []
    for node in _walk(root):
        if node.type != "function_item":
            continue
        name_node = node.child_by_field_name("name")
        if name_node is None or _text(name_node, source) != name:
            continue
        holder = node.parent.parent if node.parent is not None else None
        impl_type = None
        if holder is not None and holder.type == "impl_item":
            impl_type = _text(holder.child_by_field_name("type"), source)
        elif node.parent is not None and node.parent.type != "source_file":
            continue  # a nested fn, or one inside a trait or module: not callable from main
        if owner and impl_type != owner:
            continue
        params, static = [], True
        for parameter in node.child_by_field_name("parameters").named_children:
            if parameter.type == "self_parameter":
                static = False
            elif parameter.type == "parameter":
                params.append(Param(_text(parameter.child_by_field_name("pattern"), source),
                                    _text(parameter.child_by_field_name("type"), source)))
        returns = node.child_by_field_name("return_type")
        found.append(Signature(name, params, _text(returns, source) if returns else "", impl_type,
                               static))
    free = [s for s in found if s.owner is None]
    return free[0] if free and not owner else _prefer_solution(found)


# -- Go --------------------------------------------------------------------------------------
def find_go(code: str, name: str, owner: str | None = None) -> Signature | None:
    root, source = _parse("go", code)
    methods: list[Signature] = []
    for node in root.named_children:
        name_node = node.child_by_field_name("name")
        if name_node is None or _text(name_node, source) != name:
            continue
        if node.type == "function_declaration" and not owner:
            return Signature(name)
        if node.type == "method_declaration":
            receiver = node.child_by_field_name("receiver").named_children[0]
            rtype = receiver.child_by_field_name("type")
            pointer = rtype.type == "pointer_type"
            type_name = _text(rtype, source).lstrip("*").strip()
            if owner and type_name != owner:
                continue
            methods.append(Signature(name, owner=type_name, static=False, receiver_pointer=pointer))
    return _prefer_solution(methods)


# -- renaming `main` -------------------------------------------------------------------------
def rename_main(code: str, grammar: str, new_name: str) -> str:
    """The code with its top-level `main` function renamed, so a harness can bring its own."""
    root, source = _parse(grammar, code)
    kinds = {"go": "function_declaration", "rust": "function_item"}
    for node in root.named_children:
        if node.type == kinds[grammar]:
            name_node = node.child_by_field_name("name")
            if name_node is not None and _text(name_node, source) == "main":
                renamed = source[:name_node.start_byte] + new_name.encode() + source[name_node.end_byte:]
                return renamed.decode("utf-8")
    return code
