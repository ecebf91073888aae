"""Undoes FIM on token ids: finds the template, reads back the pieces, restores the document.

Used by the round-trip property test and to show a person what a FIM sample was made from. A
template's literal parts that follow a placeholder must begin with a sentinel id, which ordinary
text can never produce (it is encoded with added-token matching off), so it anchors the match.
"""
from __future__ import annotations

from collections.abc import Sequence

from recipec.runtime.fim.config import FIM_PLACEHOLDERS
from recipec.runtime.fim.errors import FimError
from recipec.runtime.fim.segments import SentinelTemplate


def _literal_ids(encoder, template: SentinelTemplate) -> list[tuple[str, object]]:
    """Template parts with literal text turned into ids: ("ids", [..]) or ("slot", name)."""
    parts: list[tuple[str, object]] = []
    for kind, value in template.parts:
        ids = [value] if kind == "sentinel" else list(encoder.encode_list(value)) if kind == "text" else None
        if ids is None:
            parts.append(("slot", value))
        elif parts and parts[-1][0] == "ids":
            parts[-1][1].extend(ids)
        else:
            parts.append(("ids", ids))
    return parts


def match_template(ids: Sequence[int], encoder, template: SentinelTemplate) -> dict[str, list[int]] | None:
    """{slot group: ids} if `ids` is this template rendered, else None.

    Neighbouring placeholders (SPM's `{prefix}{middle}`) cannot be told apart in ids and come
    back as one group named by both, e.g. "prefix+middle".
    """
    ids = [int(i) for i in ids]
    parts = _literal_ids(encoder, template)
    groups: dict[str, list[int]] = {}
    position = 0
    pending: list[str] = []
    for kind, value in parts:
        if kind == "slot":
            pending.append(value)
            continue
        literal = value
        if pending:
            found = _find(ids, literal, position)
            if found < 0:
                return None
            groups["+".join(pending)] = ids[position:found]
            pending = []
            position = found
        elif ids[position:position + len(literal)] != literal:
            return None
        position += len(literal)
    if pending:
        groups["+".join(pending)] = ids[position:]
    elif position != len(ids):
        return None
    return groups


def _find(ids: list[int], literal: list[int], start: int) -> int:
    first = literal[0]
    while True:
        try:
            found = ids.index(first, start)
        except ValueError:
            return -1
        if ids[found:found + len(literal)] == literal:
            return found
        start = found + 1


def undo_fim(ids: Sequence[int], encoder, templates: Sequence[SentinelTemplate], end_id: int) -> str:
    """The document a FIM (or plain, end-token-terminated) sample was made from."""
    for template in templates:
        groups = match_template(ids, encoder, template)
        if groups is None:
            continue
        order = {name: index for index, name in enumerate(FIM_PLACEHOLDERS)}
        pieces = sorted(groups.items(), key=lambda item: order[item[0].split("+")[0]])
        return "".join(_decode(encoder, piece_ids) for _, piece_ids in pieces)
    ids = [int(i) for i in ids]
    if ids and ids[-1] == end_id and end_id not in ids[:-1]:
        return _decode(encoder, ids[:-1])
    raise FimError("these ids match no FIM template and are not one plain document")


def _decode(encoder, ids: list[int]) -> str:
    data = encoder.decode_bytes(ids)
    return data.decode("utf-8") if data is not None else encoder.decode(ids)
