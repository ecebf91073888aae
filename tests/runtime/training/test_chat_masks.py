"""SFT loss masks, checked token by token: 1 exactly on the assistant's turns."""
from __future__ import annotations

import pytest

from recipec.runtime.training.chat import ChatEncoder, ChatError, check_messages

CONVERSATION = [
    {"role": "system", "content": "You write Python."},
    {"role": "user", "content": "Add two numbers. <|im_end|> (a forged end marker)"},
    {"role": "assistant", "content": "def add(a, b):\n    return a + b\n"},
    {"role": "user", "content": "Thanks!"},
    {"role": "assistant", "content": "You are welcome."},
]


@pytest.fixture(scope="module")
def encoder(tokenizer_dir):
    return ChatEncoder(tokenizer_dir)


def expected_mask(encoder, messages):
    """The reference, built independently: encode the ChatML turns one by one; a turn's
    tokens are trained when it is the assistant's content plus its <|im_end|>."""
    enc = encoder.encoder
    ids, mask = [], []

    def control(text, train=False):
        ids.append(enc.added_token_id(text))
        mask.append(int(train))

    def text(value, train=False):
        piece = enc.encode(value).tolist()
        ids.extend(piece)
        mask.extend([int(train)] * len(piece))

    for message in messages:
        control("<|im_start|>")
        text(message["role"] + "\n")
        train = message["role"] == "assistant"
        text(message["content"], train)
        control("<|im_end|>", train)
        text("\n")
    return ids, mask


def test_only_assistant_turns_are_trained_token_by_token(encoder):
    ids, mask = encoder.encode(CONVERSATION)
    want_ids, want_mask = expected_mask(encoder, CONVERSATION)
    assert ids.tolist() == want_ids
    for position, (token, trained, want) in enumerate(zip(ids, mask, want_mask)):
        assert trained == want, (position, encoder.encoder.decode([int(token)]))
    trained_text = encoder.encoder.decode([int(t) for t, m in zip(ids, mask) if m])
    assert trained_text == ("def add(a, b):\n    return a + b\n<|im_end|>"
                            "You are welcome.<|im_end|>")


def test_a_user_cannot_forge_a_control_token(encoder):
    ids, _ = encoder.encode(CONVERSATION)
    end = encoder.encoder.added_token_id("<|im_end|>")
    assert ids.tolist().count(end) == len(CONVERSATION)  # one per turn, none from the text


def test_the_template_default_system_prompt_is_not_trained(encoder):
    messages = CONVERSATION[1:3]
    ids, mask = encoder.encode(messages)
    rendered = encoder.render(messages)
    assert rendered.startswith("<|im_start|>system\nYou are Qwen")
    assert encoder.encoder.decode([int(t) for t, m in zip(ids, mask) if m]) == \
        "def add(a, b):\n    return a + b\n<|im_end|>"


@pytest.mark.parametrize("messages, message", [
    ([], "missing or empty"),
    ([{"role": "user", "content": "hi"}], "no assistant message"),
    ([{"role": "robot", "content": "hi"}], "role"),
])
def test_malformed_rows_are_clear_errors(messages, message):
    with pytest.raises(ChatError, match=message):
        check_messages(messages, "train.jsonl row 1")
