"""The quickstart built by the local executor once, for the cluster executors to match."""
from __future__ import annotations

import pytest

from tests.runtime.executors.helpers import build_quickstart


@pytest.fixture(scope="session")
def local_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    result = build_quickstart(folder)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder
