"""The text set: code-related prose (READMEs and documentation of the bundled packages), in sections.

Each document is one section of a Markdown / reStructuredText / plain-text document: a run of blocks that
starts at a heading, at least `MIN_CHARS` long (short sections are merged with the next) and at most
`MAX_CHARS` (long ones are cut at paragraph breaks). Each keeps its origin and license in metadata.
"""
from __future__ import annotations

import re

MIN_CHARS = 400
MAX_CHARS = 4000

_MARKDOWN_HEADING = re.compile(r"^#{1,6} ")
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")


def _is_heading(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _MARKDOWN_HEADING.match(line):
        return True
    # reStructuredText: a title line followed by an underline at least as long
    return (index + 1 < len(lines) and line.strip() != "" and bool(_RST_UNDERLINE.match(lines[index + 1]))
            and len(lines[index + 1].rstrip()) >= len(line.rstrip()))


def _blocks(text: str) -> list[str]:
    lines = text.splitlines()
    blocks, current = [], []
    for index in range(len(lines)):
        if _is_heading(lines, index) and current:
            blocks.append("\n".join(current).strip())
            current = []
        current.append(lines[index])
    if current:
        blocks.append("\n".join(current).strip())
    return [block for block in blocks if block]


def _cut(block: str) -> list[str]:
    """`block` in pieces of at most MAX_CHARS, cut at paragraph breaks where possible."""
    if len(block) <= MAX_CHARS:
        return [block]
    pieces, current = [], ""
    for paragraph in block.split("\n\n"):
        if current and len(current) + len(paragraph) + 2 > MAX_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        pieces.append(current)
    return [piece[i:i + MAX_CHARS] for piece in pieces for i in range(0, len(piece), MAX_CHARS)]


def sections(text: str) -> list[str]:
    merged, current = [], ""
    for block in _blocks(text):
        current = f"{current}\n\n{block}" if current else block
        if len(current) >= MIN_CHARS:
            merged.extend(_cut(current))
            current = ""
    if current:  # a short tail joins the previous section when it fits
        if merged and len(merged[-1]) + len(current) + 2 <= MAX_CHARS:
            merged[-1] = f"{merged[-1]}\n\n{current}"
        else:
            merged.append(current)
    return merged


def text_documents(entry: dict, doc_files: dict[str, bytes]) -> list[dict]:
    """The text-set rows for one package's prose files."""
    rows = []
    for path, content in doc_files.items():
        text = content.decode("utf-8", errors="replace")
        for number, section in enumerate(sections(text)):
            rows.append({
                "id": f"{entry['repo']}/{path}#{number}",
                "text": section,
                "source": f"{entry['origin']}:{entry['package']}=={entry['version']}",
                "path": path,
                "license": entry["license"],
            })
    return rows
