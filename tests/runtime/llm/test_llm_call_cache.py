"""The SQLite call cache: keys, persistence, and survival of kill -9."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from recipec.runtime.llm import CallCache, LLMError, Request, SamplingParams
from recipec.runtime.llm.cache_key import batch_prefix, call_keys
from recipec.runtime.llm.call_cache import SCHEMA_VERSION, StoredSample


def sample(text: str, completion_tokens: int | None = 3) -> StoredSample:
    return StoredSample(text, "stop", 10, completion_tokens, 10, 3)

IDENTITY = {"kind": "openai", "model": "m", "revision": None}


def test_n_is_not_part_of_a_sample_key():
    short = call_keys(batch_prefix(IDENTITY, SamplingParams(n=2, seed=1)), Request.text("p"), range(2))
    long = call_keys(batch_prefix(IDENTITY, SamplingParams(n=8, seed=1)), Request.text("p"), range(8))
    assert long[:2] == short
    assert len(set(long)) == 8


@pytest.mark.parametrize("change", [
    {"identity": {**IDENTITY, "model": "other"}},
    {"identity": {**IDENTITY, "kind": "vllm"}},
    {"identity": {**IDENTITY, "revision": "v2"}},
    {"params": SamplingParams(seed=2)},
    {"params": SamplingParams(seed=None)},
    {"params": SamplingParams(seed=1, temperature=0.5)},
    {"params": SamplingParams(seed=1, stop=("x",))},
    {"request": Request.text("q")},
    {"request": Request.chat("p")},
    {"request": Request(messages=Request.chat("p").messages + Request.chat("").messages)},
])
def test_each_part_changes_the_key(change):
    def key(identity=IDENTITY, params=SamplingParams(seed=1), request=Request.text("p")):
        return call_keys(batch_prefix(identity, params), request, range(1))[0]
    assert key(**change) != key()


def test_entries_survive_reopening(tmp_path):
    path = tmp_path / "sub" / "calls.sqlite"
    with CallCache(path) as cache:
        cache.put_many([(b"k1", sample("a")), (b"k2", sample("b", None))])
    with CallCache(path) as cache:
        assert cache.get_many([b"k1", b"k2", b"k3"]) == {b"k1": sample("a"), b"k2": sample("b", None)}
        assert len(cache) == 2


def test_a_cache_of_another_layout_is_refused(tmp_path):
    path = tmp_path / "calls.sqlite"
    CallCache(path).close()
    import sqlite3
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(LLMError, match=f"has layout {SCHEMA_VERSION + 1}, this recipec reads {SCHEMA_VERSION}"):
        CallCache(path)


def test_lookups_beyond_the_sqlite_parameter_limit(tmp_path):
    cache = CallCache(tmp_path / "c.sqlite")
    keys = [i.to_bytes(4, "big") for i in range(2500)]
    cache.put_many((key, sample(str(i))) for i, key in enumerate(keys))
    found = cache.get_many(keys)
    assert len(found) == 2500 and found[keys[2499]].text == "2499"


def test_committed_answers_survive_kill_9(tmp_path):
    """A writer commits batches in a loop and is killed mid-run: every batch it reported as
    committed is readable afterwards, and the store is not corrupt."""
    path = tmp_path / "calls.sqlite"
    progress = tmp_path / "progress"
    writer = textwrap.dedent(f"""
        import os
        from recipec.runtime.llm.call_cache import CallCache, StoredSample
        cache = CallCache({str(path)!r})
        batch = 0
        while True:
            cache.put_many([(f"{{batch}}-{{i}}".encode(), StoredSample(str(batch), "stop", 1, 1, 1, 1))
                            for i in range(50)])
            open({str(progress) + ".part"!r}, "w").write(str(batch))
            os.replace({str(progress) + ".part"!r}, {str(progress)!r})  # never seen half-written
            batch += 1
    """)
    process = subprocess.Popen([sys.executable, "-c", writer])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if progress.exists() and progress.read_text() and int(progress.read_text()) >= 20:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    committed = int(progress.read_text())
    assert committed >= 20
    with CallCache(path) as cache:
        keys = [f"{b}-{i}".encode() for b in range(committed + 1) for i in range(50)]
        assert len(cache.get_many(keys)) == len(keys)
        assert cache._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_unusable_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(LLMError, match="cannot open the LLM call cache") as caught:
        CallCache(blocker / "calls.sqlite")
    assert "\n" not in str(caught.value) and "hint:" in str(caught.value)
