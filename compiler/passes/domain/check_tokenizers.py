"""Special tokens: no text or id twice; ids where the vocabulary is not trained here; `eos`
among them."""
from __future__ import annotations

from recipec.compiler.context import CompileContext
from recipec.compiler.diagnostics.diagnostic import Note


def check_tokenizers(ctx: CompileContext) -> None:
    for block in ctx.blocks_of_kind("tokenizer"):
        tokens = block.values["special"]
        seen_text: dict[str, int] = {}
        seen_id: dict[int, int] = {}
        for index, token in enumerate(tokens):
            span = block.span_of("special", index)
            if token["text"] in seen_text:
                ctx.sink.error("E0612", span, f"special token `{token['text']}` is declared twice",
                               label="again",
                               notes=(Note(block.span_of("special", seen_text[token["text"]]),
                                           "first declared here"),))
            seen_text.setdefault(token["text"], index)
            if token["id"] is None:
                if block.values["train"] is None:
                    ctx.sink.error("E0614", span, f"special token `{token['text']}` has no id",
                                   label="id missing",
                                   help="a tokenizer that is not trained here has fixed ids: "
                                        f"write `token(\"{token['text']}\", <id>)`")
                continue
            if token["id"] in seen_id:
                other = tokens[seen_id[token["id"]]]["text"]
                ctx.sink.error("E0612", span, f"id {token['id']} is given to both "
                               f"`{other}` and `{token['text']}`", label="id used twice",
                               notes=(Note(block.span_of("special", seen_id[token["id"]]),
                                           "first given here"),))
            seen_id.setdefault(token["id"], index)
        for attribute in ("eos",):
            text = block.values[attribute]
            if text is not None and text not in seen_text:
                ctx.sink.error("E0603", block.span_of(attribute),
                               f"`{text}` is not among the special tokens of `{block.id}`",
                               label="not declared", help="declare it in `special`")
