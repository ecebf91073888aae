"""Starts a phase's training through DeepSpeed's launcher and watches it.

The launcher runs in a child process that dies with the build (a parent-death signal): a
`kill -9` of `recipec build` stops the training too, and the next build resumes from the newest
checkpoint. While it runs, the last line of `metrics.jsonl` feeds the progress bar (loss,
tokens/s, ETA); its output goes to `logs/train.log`.
"""
from __future__ import annotations

import base64
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from recipec.runtime.training.metrics import tail_jsonl

POLL_S = 1.0
WORKER = "recipec.runtime.training.worker"


class TrainingFailed(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launcher_command(job_path: Path, procs: int, port: int) -> list[str]:
    """DeepSpeed's per-node launcher (`deepspeed.launcher.launch`), which spawns one worker per
    process with RANK/LOCAL_RANK/WORLD_SIZE set and kills them all if one fails. For one node it
    is what the `deepspeed` command ends up running; calling it directly saves that command's
    import of DeepSpeed (seconds). Multi-node runs go through `deepspeed --hostfile` instead."""
    world = base64.urlsafe_b64encode(json.dumps({"localhost": list(range(procs))}).encode())
    return [sys.executable, "-u", "-m", "deepspeed.launcher.launch",
            f"--world_info={world.decode()}", "--master_addr=127.0.0.1",
            f"--master_port={port}", "--no_local_rank", "--module", WORKER, str(job_path)]


def worker_env(procs: int) -> dict:
    env = dict(os.environ)
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    # CPU processes share the cores instead of each taking all of them.
    env.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // procs)))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _die_with_parent() -> None:
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def speed_text(records: list[dict], speeds: list[dict], total: int) -> str:
    """"loss 2.315 · 12,345 tok/s · ETA 3m05s" from the last steps' metrics and timings."""
    if not records:
        return "starting"
    text = f"loss {records[-1]['loss']:.3f}"
    recent = speeds[-10:]
    if recent:
        rate = sum(s["tokens_per_s"] for s in recent) / len(recent)
        per_step = sum(s["seconds"] for s in recent) / len(recent)
        text += f" · {rate:,.0f} tok/s · ETA {_duration(per_step * (total - records[-1]['step']))}"
    return text


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


def training_launch(executor, job_path: Path, procs: int) -> list[str]:
    """The command that runs the job: over the executor profile's nodes when it names several
    (or a scheduler), else DeepSpeed's launcher on this machine."""
    from recipec.runtime.executors.nodes import training_command

    port = free_port()
    return training_command(executor, job_path, procs, port) or launcher_command(job_path, procs,
                                                                                 port)


def run_launcher(job_path: Path, procs: int, total_steps: int, metrics: Path, throughput: Path,
                 log: Path, progress=None, executor=None) -> None:
    """Runs the job to its end; raises TrainingFailed with the log's last error line."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8") as out:
        process = subprocess.Popen(training_launch(executor, job_path, procs), stdout=out,
                                   stderr=subprocess.STDOUT, env=worker_env(procs),
                                   preexec_fn=_die_with_parent)
        try:
            while process.poll() is None:
                time.sleep(POLL_S)
                if progress is not None:
                    records = tail_jsonl(metrics, 1)
                    step = records[-1]["step"] if records else 0
                    progress(step, total_steps,
                             speed_text(records, tail_jsonl(throughput, 10), total_steps))
        except BaseException:
            process.kill()
            process.wait()
            raise
    if process.returncode != 0:
        raise TrainingFailed(f"training stopped with exit code {process.returncode}: "
                             f"{last_error(log)}", f"the full log is {log}")


def last_error(log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    for line in reversed(lines):
        text = line.split("]: ", 1)[-1].strip()
        if "Error" in text or "error:" in text or text.startswith("SystemExit"):
            return text[:300]
    return lines[-1][:300] if lines else "no output"
