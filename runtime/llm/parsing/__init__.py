"""Parsing of model outputs: code blocks by language, JSON objects and checklist scores.
Every failure has a reason that a `ParseFailures` counts for the step's report."""
from recipec.runtime.llm.parsing.code_blocks import CodeBlock, extract_code, find_code_blocks, normalise_language
from recipec.runtime.llm.parsing.failures import ParseFailures, Parsed
from recipec.runtime.llm.parsing.json_scores import extract_json_object, parse_scores

__all__ = ["CodeBlock", "ParseFailures", "Parsed", "extract_code", "extract_json_object",
           "find_code_blocks", "normalise_language", "parse_scores"]
