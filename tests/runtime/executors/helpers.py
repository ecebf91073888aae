"""Building the quickstart from a test, and comparing workdirs."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.compiler.helpers import ROOT

CLI = [sys.executable, "-c", "from recipec.runtime.cli.main import main; main()"]


def manifests(folder: Path) -> dict[str, dict]:
    """Step id -> manifest; a manifest lists every output file with its sha256, so equal
    manifests mean equal bytes."""
    return {m["step"]: m for m in (json.loads(p.read_text())
                                   for p in folder.glob("*/manifest.json"))}


def build_quickstart(workdir: Path, *options: str, env=None, timeout: float = 1200):
    return subprocess.run([*CLI, "build", "recipes/quickstart.recipe", "--workdir", str(workdir),
                           "--no-report", *options], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)
