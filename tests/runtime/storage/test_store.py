"""The two atomic operations of a workdir behind a URL, on a local disk and on fsspec's
in-memory store: publishing a file (all or nothing, no temp files left) and creating one
exclusively (one winner among racing writers)."""
from __future__ import annotations

import threading
import uuid

import pytest

from recipec.runtime.storage import StorageError, Store


@pytest.fixture(params=["local", "memory"])
def store(request, tmp_path):
    if request.param == "local":
        return Store(f"file://{tmp_path}/work")
    return Store(f"memory://bucket-{uuid.uuid4().hex}/work")


def test_publish_replaces_the_whole_file_and_leaves_no_temporary(store):
    store.publish("step/manifest.json", b"old")
    store.publish("step/manifest.json", b"new")
    assert store.read_bytes("step/manifest.json") == b"new"
    assert store.find() == ["step/manifest.json"]


def test_a_publish_that_fails_leaves_the_old_file(tmp_path, monkeypatch):
    store = Store(str(tmp_path / "work"))
    store.publish("manifest.json", b"complete old manifest")

    def crash(*args, **kwargs):
        raise OSError("the machine died before the rename")

    monkeypatch.setattr(store.fs, "mv", crash)
    with pytest.raises(OSError):
        store.publish("manifest.json", b"half")
    assert store.read_bytes("manifest.json") == b"complete old manifest"


def test_create_exclusive_has_one_winner_among_racing_writers(store):
    winners, barrier = [], threading.Barrier(8)

    def race(i):
        barrier.wait()
        if store.create_exclusive(".lock", str(i).encode()):
            winners.append(i)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    assert store.read_bytes(".lock") == str(winners[0]).encode()
    assert not store.create_exclusive(".lock", b"late")


def test_a_store_without_conditional_create_refuses_locks(tmp_path):
    store = Store(f"memory://bucket-{uuid.uuid4().hex}")
    store.protocol = "ftp"  # a backend that has no atomic create-if-absent
    with pytest.raises(StorageError, match="no atomic create-if-absent"):
        store.create_exclusive(".lock", b"x")


def test_find_lists_files_relative_to_the_root(store):
    store.put_file(__file__, "a/data/00000.jsonl.gz")
    store.publish("a/manifest.json", b"{}")
    assert store.find("a") == ["a/data/00000.jsonl.gz", "a/manifest.json"]
    assert store.read_bytes("missing.json") is None
