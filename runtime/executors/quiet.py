"""datatrove logs every rank's start and stats to stderr (it re-adds its own loguru handler for
each rank, in every worker process). A build shows its own progress, so while an executor runs,
file descriptor 2 points at the step's `logs/datatrove.log` — worker processes inherit that.
RECIPEC_DEBUG=1 leaves stderr alone."""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


@contextlib.contextmanager
def stderr_to(log_file: Path):
    if os.environ.get("RECIPEC_DEBUG"):
        yield
        return
    log_file.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log_file, "ab") as target:
        os.dup2(target.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
