"""A build's lock in a store: exclusive, refreshed by a heartbeat, taken over when stale,
and noticed as lost when another build took it."""
from __future__ import annotations

import json
import time
import uuid

import pytest

from recipec.runtime.storage import Store, StoreLock, StoreLocked


@pytest.fixture
def store():
    return Store(f"memory://bucket-{uuid.uuid4().hex}/work")


def test_a_second_build_is_refused_while_the_first_holds_the_lock(store):
    with StoreLock(store):
        with pytest.raises(StoreLocked, match="another build is using memory://"):
            StoreLock(store).acquire()
    assert store.read_bytes(".lock") is None  # released
    StoreLock(store).acquire().release()


def test_a_stale_lock_is_taken_over(store):
    dead = {"token": "gone", "host": "node-7", "pid": 1, "heartbeat": time.time() - 3600}
    store.publish(".lock", json.dumps(dead).encode())
    lock = StoreLock(store, lease_s=60).acquire()
    assert json.loads(store.read_bytes(".lock"))["token"] == lock.token
    lock.release()


def test_the_heartbeat_refreshes_the_lock(store):
    lock = StoreLock(store, lease_s=1.0, heartbeat_s=0.1).acquire()
    first = json.loads(store.read_bytes(".lock"))["heartbeat"]
    time.sleep(0.5)
    assert json.loads(store.read_bytes(".lock"))["heartbeat"] > first
    # Alive, so a second build still waits even though more than a lease has passed since
    # the lock was first created.
    time.sleep(0.8)
    with pytest.raises(StoreLocked):
        StoreLock(store, lease_s=1.0).acquire()
    lock.release()


def test_a_lock_taken_by_another_build_is_noticed(store):
    lock = StoreLock(store, heartbeat_s=0.1).acquire()
    other = {"token": "other", "host": "elsewhere", "pid": 2, "heartbeat": time.time()}
    store.publish(".lock", json.dumps(other).encode())
    assert lock.lost.wait(2.0)
    lock.release()
    assert json.loads(store.read_bytes(".lock"))["token"] == "other"  # not ours to delete
