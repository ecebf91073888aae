"""Shared fixtures: a small trained tokenizer (seconds to make) used by every training test."""
from __future__ import annotations

import pytest

from tests.runtime.training.helpers import make_tokenizer


@pytest.fixture(scope="session")
def tokenizer_json(tmp_path_factory):
    return make_tokenizer(tmp_path_factory.mktemp("tokenizer"))


@pytest.fixture(scope="session")
def tokenizer_dir(tokenizer_json):
    """A tokenizer step's folder: tokenizer.json and tokenizer_config.json (ChatML template)."""
    import json

    from tokenizers import Tokenizer

    from recipec.runtime.steps.tokenizer import tokenizer_config
    from tests.runtime.training.helpers import CHAT_TEMPLATE

    folder = tokenizer_json.parent
    config = tokenizer_config({"eos": "<|endoftext|>", "chat_template": CHAT_TEMPLATE},
                              Tokenizer.from_file(str(tokenizer_json)))
    (folder / "tokenizer_config.json").write_text(json.dumps(config))
    return folder


@pytest.fixture(scope="session")
def reference_run(tokenizer_json, tmp_path_factory):
    """One uninterrupted single-process run that the resume and two-process tests compare
    against: (plan, folder, metrics records)."""
    from tests.runtime.training.helpers import build, read_metrics, short_plan, step_dir

    folder = tmp_path_factory.mktemp("reference")
    plan = short_plan(tokenizer_json)
    result = build(plan, folder)
    return plan, folder, read_metrics(step_dir(result, "phase.p", folder))
