"""LLM instruction synthesis: `llm`, `prompt`, `snippets`, `instruction_synthesis`,
`multi_agent`, `unit_tests`."""
from __future__ import annotations

from recipec.compiler.schema.block import BlockSchema
from recipec.compiler.schema.types import (
    Attr, Bool, Count, Duration, Enum, Float, Fraction, Int, Language, ListOf, Object, OneOf,
    Optional, Path, Ref, Str,
)

SAMPLING = Object({
    "temperature": Attr(Float(min=0), 0.7),
    "top_p": Attr(Float(min=0, max=1), 0.95),
    "max_tokens": Attr(Int(min=1), 1024),
    "n": Attr(Int(min=1), 1, doc="completions per prompt"),
    "seed": Attr(Optional(Int(min=0)), None, doc="defaults to the build seed"),
    "stop": Attr(ListOf(Str()), ()),
}, "sampling parameters")
DEFAULT_SAMPLING = {name: attr.default for name, attr in SAMPLING.fields.items()}

# Blocks whose output is rows of (instruction, solution, ...) that later stages consume.
INSTRUCTION_BLOCKS = ("instruction_synthesis", "multi_agent", "unit_tests", "score",
                      "rejection_sampling", "verify")

LLM = BlockSchema(
    "llm", "A model used for generation: vLLM offline, an OpenAI-compatible server, or local "
           "transformers.",
    {
        "backend": Attr(Enum("vllm", "openai", "transformers")),
        "model": Attr(OneOf(Str(), Ref("model", "phase")),
                      doc="hub name or local path (vllm, transformers), or a model or phase of "
                          "this recipe (its checkpoint); the served model's name (openai)"),
        "base_url": Attr(Optional(Str()), None, doc="the server's URL (openai backend)"),
        "api_key_env": Attr(Optional(Str()), None,
                            doc="the environment variable holding the API key; keys never go in "
                                "a recipe"),
        "chat_template": Attr(Optional(Path()), None,
                              doc="a jinja2 chat template for models whose tokenizer has none"),
        "sampling": Attr(SAMPLING, DEFAULT_SAMPLING, doc="default sampling parameters"),
        "max_concurrency": Attr(Int(min=1), 8, doc="requests in flight (openai backend)"),
        "batch_size": Attr(Int(min=1), 8, doc="prompts per forward pass (transformers)"),
        "timeout": Attr(Duration(), 120.0, doc="per request"),
        "retries": Attr(Int(min=0), 3, doc="retries with exponential backoff"),
        "tensor_parallel": Attr(Int(min=1), 1, doc="GPUs per model (vllm)"),
        "price": Attr(Optional(Object({
            "input": Attr(Float(min=0), doc="price per million input tokens"),
            "output": Attr(Float(min=0), doc="price per million output tokens"),
        }, "prices")), None, doc="for the cost column of the report"),
    },
    example='llm judge { backend = openai, model = "qwen2.5-coder-32b-instruct", '
            'base_url = "http://127.0.0.1:8000/v1" }',
)

PROMPT = BlockSchema(
    "prompt", "A jinja2 prompt template, from a file or written inline.",
    {
        "file": Attr(Optional(Path()), None, doc="a .j2 file"),
        "text": Attr(Optional(Str()), None, doc="the template itself"),
        "system": Attr(Optional(Str()), None, doc="a system message sent before it"),
    },
    exactly_one_of=(("file", "text"),),
    example='prompt instruct { file = "prompts/instruction_from_snippet.j2" }',
)

SNIPPETS = BlockSchema(
    "snippets", "Code snippets (functions, classes) cut from code documents with tree-sitter.",
    {
        "input": Attr(Ref("source", "pipeline")),
        "tokenizer": Attr(Ref("tokenizer"), doc="counts snippet tokens"),
        "units": Attr(ListOf(Enum("function", "class", "method"), min_items=1),
                      ("function", "class")),
        "max_tokens": Attr(Int(min=1), 1024, doc="longer snippets are dropped"),
        "min_lines": Attr(Int(min=1), 3),
        "languages": Attr(ListOf(Language()), (), doc="empty: every language with a grammar"),
        "max_snippets": Attr(Optional(Count("samples")), None, doc="a deterministic sample"),
    },
)

INSTRUCTION_SYNTHESIS = BlockSchema(
    "instruction_synthesis",
    "Instructions from snippets, a universal (language-agnostic) code answer, then solutions "
    "per language.",
    {
        "input": Attr(Ref("snippets")),
        "llm": Attr(Ref("llm")),
        "instruction": Attr(Ref("prompt"), doc="snippet -> instruction"),
        "universal_code": Attr(Optional(Ref("prompt")), None,
                               doc="instruction -> pseudocode answer"),
        "solution": Attr(Ref("prompt"), doc="(instruction, universal code, language) -> solution"),
        "languages": Attr(ListOf(Language(), min_items=1), doc="languages to solve in"),
        "order": Attr(Enum("instruction_first", "universal_code_first"), "instruction_first",
                      doc="snippet -> instruction -> universal code, or snippet -> universal "
                          "code -> instruction (the report's second route, for diversity)"),
        "sampling": Attr(Optional(SAMPLING), None, doc="overrides the llm's sampling"),
        "require_code_block": Attr(Bool(), True,
                                   doc="false: an answer without a fenced code block is taken "
                                       "whole as the code (models that answer with bare code)"),
    },
)

MULTI_AGENT = BlockSchema(
    "multi_agent",
    "Multilingual multi-agent generation: one agent per language with a memory of its last "
    "instructions, a shared tag-coverage table, and few-shot examples from other agents.",
    {
        "llm": Attr(Ref("llm")),
        "prompt": Attr(Ref("prompt")),
        "languages": Attr(ListOf(Language(), min_items=1)),
        "seeds": Attr(Ref("source", "pipeline"), doc="seed instruction data per language"),
        "tags": Attr(ListOf(Str(), min_items=1), doc="the concept taxonomy to cover"),
        "memory": Attr(Int(min=0), 32, doc="last N instructions an agent must not repeat"),
        "few_shot": Attr(Int(min=0), 3, doc="accepted samples of other agents shown per prompt"),
        "rounds": Attr(Int(min=1), 10),
        "per_round": Attr(Int(min=1), 4, doc="samples per agent per round"),
        "coverage_target": Attr(Fraction(), 0.9, doc="stop when every language covers this "
                                                     "share of the tags"),
        "budget": Attr(Optional(Count("samples")), None, doc="stop after this many samples"),
        "sampling": Attr(Optional(SAMPLING), None),
    },
)

UNIT_TESTS = BlockSchema(
    "unit_tests", "Unit tests for each solution, generated in the sandbox's JSON test format.",
    {
        "input": Attr(Ref(*INSTRUCTION_BLOCKS)),
        "llm": Attr(Ref("llm")),
        "prompt": Attr(Ref("prompt")),
        "tests": Attr(Int(min=1), 5, doc="test cases asked per solution"),
        "sampling": Attr(Optional(SAMPLING), None),
    },
)

KINDS = (LLM, PROMPT, SNIPPETS, INSTRUCTION_SYNTHESIS, MULTI_AGENT, UNIT_TESTS)
