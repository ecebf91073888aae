"""SFT samples: a conversation rendered with the model's chat template, encoded with a loss mask
that is 1 exactly on the assistant's turns (their content and the control token that ends them).

The template is the checkpoint's own (what inference will render), so the trained text is the
text the model will see. Which characters belong to an assistant turn is found by rendering
prefixes of the conversation, not by knowing the template: for assistant message i, the turn
is what `messages[:i+1]` adds to `messages[:i]` rendered with the generation prompt, minus
trailing whitespace (ChatML's newline after `<|im_end|>`). Message contents are encoded as
document text (added-token matching off, so a user cannot forge `<|im_end|>`), the template's
scaffolding with its control tokens as ids (`recipec.runtime.tokenization.encode_parts`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

ROLES = ("system", "user", "assistant")


class ChatError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def check_messages(messages, where: str) -> list[dict]:
    if not isinstance(messages, list) or not messages:
        raise ChatError(f"{where}: `messages` is missing or empty",
                        "each SFT row needs {\"messages\": [{\"role\", \"content\"}, ...]}")
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in ROLES or \
                not isinstance(message.get("content"), str):
            raise ChatError(f"{where}: a message is not {{\"role\": system|user|assistant, "
                            f"\"content\": text}}", "fix the sft_data rows")
    if not any(m["role"] == "assistant" for m in messages):
        raise ChatError(f"{where}: no assistant message to train on", "drop the row")
    return [{"role": m["role"], "content": m["content"]} for m in messages]


class ChatEncoder:
    """Conversations -> (ids, loss mask) with a checkpoint's tokenizer and chat template."""

    def __init__(self, model_dir):
        from tokenizers import Tokenizer
        from transformers import AutoTokenizer

        from recipec.runtime.tokenization import TextEncoder

        self.hf = AutoTokenizer.from_pretrained(str(model_dir))
        if not getattr(self.hf, "chat_template", None):
            raise ChatError(f"the tokenizer of {model_dir} has no chat template",
                            "give the recipe's tokenizer block a `chat_template`")
        self.encoder = TextEncoder(Tokenizer.from_file(str(model_dir / "tokenizer.json")),
                                   threads=1)

    def render(self, messages: list[dict], generation_prompt: bool = False) -> str:
        if not messages:
            return ""
        return self.hf.apply_chat_template(messages, tokenize=False,
                                           add_generation_prompt=generation_prompt)

    def parts(self, messages: list[dict]):
        """The rendered conversation cut into `Part`s: (text, trained?, template?)."""
        from recipec.runtime.tokenization import Part

        full = self.render(messages)
        trained: list[tuple[int, int]] = []
        contents: list[tuple[int, int]] = []
        for i, message in enumerate(messages):
            before = self.render(messages[:i])
            through = self.render(messages[:i + 1])
            if not (full.startswith(before) and full.startswith(through)):
                raise ChatError("the chat template does not render a conversation as the "
                                "concatenation of its turns", "use a ChatML-like template")
            if message["content"]:
                at = through.rfind(message["content"], len(before))
                if at >= 0:
                    contents.append((at, at + len(message["content"])))
            if message["role"] == "assistant":
                prompt = self.render(messages[:i], generation_prompt=True)
                if not full.startswith(prompt) or len(prompt) > len(through):
                    raise ChatError("the chat template's generation prompt is not a prefix of "
                                    "the assistant turn", "use a ChatML-like template")
                trained.append((len(prompt), len(through.rstrip())))
        cuts = sorted({0, len(full), *[p for span in trained + contents for p in span]})
        parts = []
        for start, end in zip(cuts, cuts[1:]):
            train = any(a <= start and end <= b for a, b in trained)
            content = any(a <= start and end <= b for a, b in contents)
            parts.append(Part(full[start:end], train=train, template=not content))
        return parts

    def encode(self, messages: list[dict]) -> tuple[np.ndarray, np.ndarray]:
        from recipec.runtime.tokenization import encode_parts

        return encode_parts(self.encoder, self.parts(messages))


def read_rows(path) -> Iterator[dict]:
    """Rows of an sft_data split: JSON lines or parquet."""
    import json

    if str(path).endswith(".parquet"):
        import pyarrow.parquet as pq

        yield from pq.read_table(str(path)).to_pylist()
        return
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError:
                    raise ChatError(f"{path}:{number}: not a JSON line",
                                    "rebuild the sft_data step") from None


def encode_rows(encoder: ChatEncoder, rows: Iterable[dict], where: str
                ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for number, row in enumerate(rows, 1):
        yield encoder.encode(check_messages(row.get("messages"), f"{where} row {number}"))
