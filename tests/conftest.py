"""Shared test configuration."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Nothing may reach a model or dataset hub from a test: everything is made or shipped locally.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# The compiler's caches (parsed modules, template variables) of this run only: the many
# generated recipes of the tests stay out of the user's ~/.cache, and no test depends on it.
if "RECIPEC_CACHE_DIR" not in os.environ:
    os.environ["RECIPEC_CACHE_DIR"] = tempfile.mkdtemp(prefix="recipec-test-cache-")
    atexit.register(shutil.rmtree, os.environ["RECIPEC_CACHE_DIR"], True)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
