"""A two-node Ray cluster on 127.0.0.1, a `recipec build --executor ray` on it, and optionally
one task killed mid-run. Run as a script, so that it can live in its own network namespace:

    unshare -n python tests/runtime/executors/ray_harness.py RECIPE WORKDIR RESULT.json [--kill]

Inside `unshare -n` the loopback interface is the only one there is, so nothing of the
cluster can be reached from, or reach, another machine (Ray's servers bind to every
interface; here there is only one). Without the namespace (no privileges) the nodes still
talk over 127.0.0.1. The cluster is a head and one worker node, one CPU each, started with
`ray start --block` in their own process groups, and stopped by killing those groups: nothing
else on the machine is touched.

--kill: while the build runs, the first time a step's output shard exists but the step has no
manifest yet, every Ray task process running then (the actor and its pool processes) is
killed with SIGKILL, as if its machine had died. The result file says what was killed.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TASK_TITLE = "ray::RankWorker.run_for_rank"


def loopback_up() -> None:
    """`ip link set lo up` without iproute2: a new network namespace starts with lo down."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14s", b"lo", 0, b"\0" * 14)
        flags = struct.unpack("16sH14s", fcntl.ioctl(s, siocgifflags, request))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sH14s", b"lo", flags | iff_up, b"\0" * 14))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalRayCluster:
    """`ray start --head` plus one `ray start --address`, each in its own process group."""

    def __init__(self, temp_dir: Path, cpus_per_node: int = 1):
        self.temp_dir = temp_dir
        # Ray keeps state under ~/.ray (an auth token once a local Ray has run): a home of its
        # own keeps this cluster independent of whatever ran on the machine before.
        self.env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "HOME": str(temp_dir)}
        self.cpus = cpus_per_node
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []

    def _start(self, args: list[str], log: str) -> None:
        ray = str(Path(sys.executable).with_name("ray"))
        out = open(self.temp_dir / log, "w")
        self.processes.append(subprocess.Popen(
            [ray, "start", "--block", "--node-ip-address=127.0.0.1",
             f"--num-cpus={self.cpus}", "--disable-usage-stats", *args],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=self.env))

    def start(self, timeout: float = 120) -> None:
        self._start(["--head", f"--port={self.port}", f"--ray-client-server-port={free_port()}",
                     "--include-dashboard=false", f"--temp-dir={self.temp_dir / 'ray'}"],
                    "head.log")
        self._wait_nodes(1, timeout)
        self._start([f"--address={self.address}"], "worker.log")
        self._wait_nodes(2, timeout)

    def _wait_nodes(self, count: int, timeout: float) -> None:
        ray = str(Path(sys.executable).with_name("ray"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError("a Ray node stopped while starting; see "
                                   f"{self.temp_dir}/head.log and worker.log")
            status = subprocess.run([ray, "status", f"--address={self.address}"],
                                    capture_output=True, text=True, env=self.env)
            active = status.stdout.split("Pending:")[0].count(" node_")
            if status.returncode == 0 and active >= count:
                return
            time.sleep(1)
        raise RuntimeError(f"the Ray cluster did not reach {count} nodes in {timeout:.0f}s: "
                           f"{(status.stdout + status.stderr)[-1000:]}")

    def stop(self) -> None:
        for process in reversed(self.processes):
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=5)
                    time.sleep(0.5)  # let its raylet and workers go with it
                except subprocess.TimeoutExpired:
                    continue
            try:
                os.killpg(process.pid, signal.SIGKILL)  # anything of the group left behind
            except ProcessLookupError:
                pass


def task_processes() -> dict[int, int]:
    """pid -> parent pid of every process titled as a running datatrove Ray task."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if title.startswith(TASK_TITLE):
            found[int(entry.name)] = parent
    return found


def partial_shard(workdir: Path) -> Path | None:
    """An output shard of a step that has no manifest yet: a task is writing it."""
    for shard in workdir.glob("*/data/*.jsonl.gz"):
        if not (shard.parent.parent / "manifest.json").exists():
            return shard
    return None


def kill_one_task(workdir: Path, record: dict, stop: threading.Event) -> None:
    while not stop.is_set():
        shard = partial_shard(workdir)
        processes = task_processes() if shard else {}
        if processes:
            for pid in processes:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            record.update(killed=sorted(processes), while_writing=str(shard.relative_to(workdir)),
                          at=time.time())
            return
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("recipe")
    parser.add_argument("workdir")
    parser.add_argument("result")
    parser.add_argument("--kill", action="store_true")
    parser.add_argument("--netns", action="store_true", help="bring up lo (inside unshare -n)")
    args = parser.parse_args()
    if args.netns:
        loopback_up()
    result: dict = {"netns": args.netns,
                    "interfaces": sorted(name for _, name in socket.if_nameindex())}
    temp = Path(tempfile.mkdtemp(prefix="rt", dir="/tmp"))  # short: Ray's socket paths
    cluster = LocalRayCluster(temp)
    stop = threading.Event()
    try:
        started = time.monotonic()
        cluster.start()
        result["cluster_start_s"] = time.monotonic() - started
        profile = temp / "profile.toml"
        profile.write_text(f'[ray]\naddress = "{cluster.address}"\n')
        killer = None
        if args.kill:
            result["kill"] = {}
            killer = threading.Thread(target=kill_one_task, daemon=True,
                                      args=(Path(args.workdir), result["kill"], stop))
            killer.start()
        started = time.monotonic()
        build = subprocess.run(
            [sys.executable, "-c", "from recipec.runtime.cli.main import main; main()", "build",
             args.recipe, "--workdir", args.workdir, "--executor", "ray", "--profile",
             str(profile), "--no-report"], cwd=ROOT, capture_output=True, text=True,
            env=cluster.env)
        result.update(build_s=time.monotonic() - started, returncode=build.returncode,
                      output=(build.stdout + build.stderr)[-4000:])
    finally:
        stop.set()
        cluster.stop()
        result["leftover"] = [pid for pid in task_processes()]
    Path(args.result).write_text(json.dumps(result, indent=1))
    if result.get("returncode") == 0:  # Ray's logs are kept only when something failed
        shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
