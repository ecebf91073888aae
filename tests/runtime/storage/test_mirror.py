"""A workdir in a store (fsspec's in-memory filesystem standing in for s3://): `recipec build
--workdir memory://...` runs in a staging folder, publishes each finished step (files, then
its manifest), and a build from another machine (an empty staging folder) finds everything
cached; its bytes are those of a build on a local disk."""
from __future__ import annotations

import json
import uuid

import pytest
from click.testing import CliRunner

from recipec.runtime.cli.main import cli
from recipec.runtime.storage import Store
from tests.runtime.build.helpers import code_rows, write_jsonl_gz

RECIPE = """
build { tasks = 2 }
source code { kind = code, path = "code.jsonl.gz", metadata = ["path"] }
pipeline clean { input = source.code, steps = [max_line_length(1000), dedup.exact()] }
"""


@pytest.fixture
def recipe(tmp_path):
    write_jsonl_gz(tmp_path / "code.jsonl.gz", code_rows(30))
    (tmp_path / "r.recipe").write_text(RECIPE)
    return tmp_path / "r.recipe"


def build(recipe, workdir: str, staging, *options):
    result = CliRunner().invoke(cli, ["build", str(recipe), "--workdir", workdir, "--no-report",
                                      *options], env={"RECIPEC_STAGING": str(staging)})
    assert result.exit_code == 0, result.output
    return result.output


def store_manifests(store: Store) -> dict[str, dict]:
    return {m["step"]: m for m in (json.loads(store.read_bytes(p))
                                   for p in store.find() if p.endswith("/manifest.json"))}


def test_a_store_workdir_is_cached_across_machines_and_matches_a_local_build(recipe, tmp_path):
    url = f"memory://bucket-{uuid.uuid4().hex}/work"
    first = build(recipe, url, tmp_path / "machine-a")
    assert "3 ran, 0 cached" in first
    store = Store(url)
    published = store_manifests(store)
    assert set(published) == {"source.code", "pipeline.clean/max_line_length",
                              "pipeline.clean/dedup.exact"}
    # Every file a manifest lists is in the store, with the bytes it names.
    for manifest in published.values():
        for name in manifest["files"]:
            assert store.exists(f"{manifest['run_key']}/{name}")
    assert store.exists("_index/steps/source.code.json") and store.read_bytes(".lock") is None

    # Another machine: nothing staged yet, everything cached, no data fetched.
    second = build(recipe, url, tmp_path / "machine-b")
    assert "nothing to do: all 3 steps are cached" in second
    assert not list((tmp_path / "machine-b").glob("*/data"))

    # Forcing the last step on machine b fetches only its input's outputs.
    build(recipe, url, tmp_path / "machine-b", "--force", "pipeline.clean/dedup.exact")
    fetched = {p.parent.name for p in (tmp_path / "machine-b").glob("*/data")}
    assert fetched == {published["pipeline.clean/max_line_length"]["run_key"],
                       published["pipeline.clean/dedup.exact"]["run_key"]}

    build(recipe, str(tmp_path / "local"), tmp_path / "unused")
    local = {m["step"]: m for m in (json.loads(p.read_text())
                                    for p in (tmp_path / "local").glob("*/manifest.json"))}
    assert local == store_manifests(store)


def test_an_interrupted_upload_publishes_no_manifest(recipe, tmp_path, monkeypatch):
    url = f"memory://bucket-{uuid.uuid4().hex}/work"
    store = Store(url)
    original = Store.put_file

    calls = {"n": 0}

    def fail_third_step(self, local, relative):
        if relative.endswith("/data/00000.jsonl.gz"):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError("connection reset while uploading")
        return original(self, local, relative)

    monkeypatch.setattr(Store, "put_file", fail_third_step)
    result = CliRunner().invoke(cli, ["build", str(recipe), "--workdir", url, "--no-report"],
                                env={"RECIPEC_STAGING": str(tmp_path / "a")})
    assert result.exit_code == 1
    assert "failed: connection reset while uploading" in result.output
    assert "the next build runs the step again" in result.output
    assert set(store_manifests(store)) == {"source.code", "pipeline.clean/max_line_length"}
    assert store.read_bytes(".lock") is None  # released even so
    monkeypatch.setattr(Store, "put_file", original)
    again = build(recipe, url, tmp_path / "b")
    assert "1 ran, 2 cached" in again
    assert len(store_manifests(store)) == 3
