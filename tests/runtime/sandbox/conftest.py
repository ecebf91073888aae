"""Fixtures for the sandbox tests: one compile cache for the session, and a check that no test
leaves a sandboxed process, cgroup or temporary folder behind."""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from sandbox_test_support import HostSnapshot


@pytest.fixture(scope="session")
def cache_dir():
    # Under /tmp (mode 1777) rather than pytest's 0700 tmp_path: the sandbox uid must reach it.
    folder = tempfile.mkdtemp(prefix="recipec-sandbox-test-cache-")
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def box(cache_dir):
    from recipec.runtime.sandbox import Sandbox

    sandbox = Sandbox(cache_dir=cache_dir)
    yield sandbox
    sandbox.close()


@pytest.fixture
def host_unchanged():
    """Yields a snapshot; after the test, asserts that the host looks as it did before."""
    before = HostSnapshot.take()
    yield before
    after = HostSnapshot.take()
    before.assert_same(after)
