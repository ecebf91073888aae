"""Control tokens of the Qwen2.5 tokenizer, as plain strings, for a prompt builder.

A tokenizer must never turn these strings, when they appear in a document's text, into the control
tokens themselves: this file is in the training data on purpose.
"""

END_OF_TEXT = "<|endoftext|>"
FIM_PREFIX = "<|fim_prefix|>"
FIM_MIDDLE = "<|fim_middle|>"
FIM_SUFFIX = "<|fim_suffix|>"
FILE_SEPARATOR = "<|file_sep|>"


def fill_in_the_middle_prompt(prefix: str, suffix: str) -> str:
    """Prompt asking the model for the code between `prefix` and `suffix` (PSM order)."""
    return f"{FIM_PREFIX}{prefix}{FIM_SUFFIX}{suffix}{FIM_MIDDLE}"


def strip_end_of_text(completion: str) -> str:
    """The completion up to its first end-of-text marker."""
    return completion.split(END_OF_TEXT, 1)[0]
