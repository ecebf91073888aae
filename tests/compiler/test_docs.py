"""The documentation stays true: blocks.md is generated from the schemas, and every recipe
snippet in language.md parses."""
from __future__ import annotations

from recipec.compiler.diagnostics.diagnostic import DiagnosticSink
from recipec.compiler.parse import parse
from recipec.compiler.schema.docs import blocks_markdown
from tests.compiler.helpers import ROOT


def test_blocks_doc_is_generated_from_the_schemas():
    assert (ROOT / "docs" / "blocks.md").read_text() == blocks_markdown(), \
        "regenerate: recipec schema --markdown > docs/blocks.md"


def test_language_doc_snippets_parse():
    snippets, current, language = [], None, None
    for line in (ROOT / "docs" / "language.md").read_text().splitlines():
        if line.startswith("```"):
            if current is None:
                current, language = [], line[3:].strip()
            else:
                if language in ("", "recipe"):
                    snippets.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    assert len(snippets) >= 5
    for snippet in snippets:
        sink = DiagnosticSink()
        assert parse(snippet, "doc", sink) is not None, (snippet, sink.diagnostics)
