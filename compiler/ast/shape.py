"""The shape of a syntax tree: everything but positions and layout, for comparing trees."""
from __future__ import annotations

import dataclasses

LAYOUT_FIELDS = frozenset({"span", "name_span", "path_span", "header_span", "multiline",
                           "comments", "source", "file", "text"})  # Quantity.text: as written


def shape(node):
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__,) + tuple(
            (f.name, shape(getattr(node, f.name))) for f in dataclasses.fields(node)
            if f.name not in LAYOUT_FIELDS)
    if isinstance(node, (list, tuple)):
        return tuple(shape(n) for n in node)
    return node
