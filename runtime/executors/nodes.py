"""Multi-node training: a phase's DeepSpeed processes spread over the executor profile's nodes.

The recipe's `procs` is the phase's world size (it shapes the batches, so it is part of the
plan); the profile's `[training]` section says over how many machines those processes go,
which never changes what is trained. Every node runs DeepSpeed's own runner with the same
hostfile and `--no_ssh --node_rank=<i>`, the runner starts that node's share of processes
through `deepspeed.launcher.launch`, and the processes meet at the first host (MASTER_ADDR).
How the per-node runners are started is the profile's `launch`:

    local   all of them on this machine, as processes of one command (a test, a workstation)
    ssh     DeepSpeed's runner over pdsh to the profile's `hosts` (passwordless ssh)
    slurm   one sbatch job per phase with `--nodes=N`, srun starting one runner per node
    ray     one actor per node of a Ray placement group spread over distinct nodes

`training_command` returns the one command that runs the whole multi-node training to its end
(the phase step's launcher watches it like its single-node launch), or None when the phase
runs on one machine. The hostfile and job scripts go next to the phase's job.json, which every
node must see at the same path (a shared filesystem), like the checkpoints.
"""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

from recipec.runtime.executors.profile import TrainingProfile, training_nodes, venv_setup
from recipec.runtime.steps.base import StepError

WORKER = "recipec.runtime.training.worker"
DEFAULT_PORT = 29500


class NodesError(StepError):
    """A profile that cannot place the phase's processes: the phase step's one-line error."""


def training_command(executor, job_path: Path, procs: int, port: int) -> list[str] | None:
    """The command that trains `job_path` with `procs` processes over the executor profile's
    nodes; None when the phase runs here on one node (the phase's own launcher). A Slurm or
    Ray launch of one node still goes through the scheduler: training belongs on a compute
    node, not on the machine that runs the build."""
    training: TrainingProfile | None = getattr(executor, "training", None)
    if training is None or (training.launch == "local" and training_nodes(training) == 1):
        return None
    nodes = training_nodes(training)
    if procs % nodes:
        raise NodesError(f"the phase's {procs} processes do not divide over {nodes} nodes",
                         "set procs to a multiple of [training] nodes in the profile")
    per_node = procs // nodes
    port = training.master_port or (port if training.launch == "local" else DEFAULT_PORT)
    job_path = Path(job_path).resolve()
    if training.launch == "local":
        return [sys.executable, "-u", "-m", __name__, "local", f"--nodes={nodes}",
                f"--per-node={per_node}", f"--port={port}", str(job_path)]
    if training.launch == "ssh":
        hostfile = write_hostfile(job_path.parent / "hostfile", training.hosts, per_node)
        master = training.master_addr or training.hosts[0]
        return [sys.executable, "-u", "-m", "deepspeed.launcher.runner",
                f"--hostfile={hostfile}", f"--master_addr={master}", f"--master_port={port}",
                "--no_local_rank", "--module", WORKER, str(job_path)]
    if training.launch == "slurm":
        script = job_path.parent / "train.sbatch"
        script.write_text(slurm_script(training, job_path, nodes, per_node, port))
        return [sys.executable, "-u", "-m", __name__, "slurm", str(script)]
    address = getattr(getattr(executor, "profile", None), "address", "auto")
    return [sys.executable, "-u", "-m", __name__, "ray", f"--address={address}",
            f"--nodes={nodes}", f"--per-node={per_node}", f"--port={port}",
            f"--gpus={training.gpus_per_node}", f"--cpus={training.cpus_per_node or per_node}",
            str(job_path)]


def write_hostfile(path: Path, hosts, slots: int) -> Path:
    """DeepSpeed's hostfile: one `<host> slots=<processes>` line per node, node rank order."""
    path.write_text("".join(f"{host} slots={slots}\n" for host in hosts))
    return path


def node_runner(hostfile: Path, node_rank: int | str, master_addr: str, port: int,
                job_path: Path) -> list[str]:
    """One node's share: DeepSpeed's runner without ssh, for this node's rank."""
    return [sys.executable, "-u", "-m", "deepspeed.launcher.runner", f"--hostfile={hostfile}",
            "--no_ssh", f"--node_rank={node_rank}", f"--master_addr={master_addr}",
            f"--master_port={port}", "--no_local_rank", "--module", WORKER, str(job_path)]


def slurm_script(training: TrainingProfile, job_path: Path, nodes: int, per_node: int,
                 port: int) -> str:
    """One job for the whole phase: N nodes, one runner per node (srun), hostfile from the
    allocation, the first node as master."""
    folder = job_path.parent
    lines = ["#!/bin/bash", f"#SBATCH --job-name=recipec-phase-{folder.parent.name[:8]}",
             f"#SBATCH --nodes={nodes}", "#SBATCH --ntasks-per-node=1",
             f"#SBATCH --cpus-per-task={training.cpus_per_node or per_node}",
             f"#SBATCH --time={training.time}", f"#SBATCH --output={folder}/train-slurm-%j.out"]
    if training.partition:
        lines.append(f"#SBATCH --partition={training.partition}")
    if training.gpus_per_node:
        lines.append(f"#SBATCH --gpus-per-node={training.gpus_per_node}")
    runner = " ".join(node_runner(folder / "hostfile", "$SLURM_NODEID", "$MASTER", port,
                                  job_path))
    lines += [*venv_setup(), "set -euo pipefail",
              'scontrol show hostnames "$SLURM_JOB_NODELIST" | '
              f'sed "s/$/ slots={per_node}/" > {folder}/hostfile',
              f"MASTER=$(head -n 1 {folder}/hostfile | cut -d' ' -f1)",
              "export MASTER",
              f"srun --kill-on-bad-exit=1 bash -c '{runner}'", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------------- commands run
def _die_with_parent() -> None:
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_local(nodes: int, per_node: int, port: int, job_path: Path) -> int:
    """Every node's runner on this machine; the first that fails stops the others."""
    hostfile = write_hostfile(job_path.parent / "hostfile",
                              [f"node{i}" for i in range(nodes)], per_node)
    runners = [subprocess.Popen(node_runner(hostfile, rank, "127.0.0.1", port, job_path),
                                preexec_fn=_die_with_parent) for rank in range(nodes)]
    return _wait_all(runners)


def _wait_all(processes: list[subprocess.Popen]) -> int:
    while True:
        codes = [p.poll() for p in processes]
        failed = [c for c in codes if c not in (None, 0)]
        if failed or all(c == 0 for c in codes):
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            return failed[0] if failed else 0
        time.sleep(0.5)


def run_slurm(script: Path) -> int:
    """`sbatch --wait`: the job's exit code is this command's; an interrupted build (SIGTERM,
    SIGINT) cancels the job. A build killed with SIGKILL leaves it running: scancel it."""
    process = subprocess.Popen(["sbatch", "--wait", "--parsable", str(script)],
                               stdout=subprocess.PIPE, text=True)
    job_id = (process.stdout.readline().strip().split(";") or [""])[0]
    print(f"submitted Slurm job {job_id}", flush=True)

    def cancel(signum, frame):
        if job_id:
            subprocess.run(["scancel", job_id], check=False)
        process.kill()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, cancel)
    signal.signal(signal.SIGINT, cancel)
    code = process.wait()
    # The job's own output (every node's runner and worker) joins this command's, so the
    # phase's train.log holds all of it and its last error line.
    output = script.parent / f"train-slurm-{job_id}.out"
    if output.is_file():
        sys.stdout.write(output.read_text(errors="replace"))
        sys.stdout.flush()
    return code


def run_ray(address: str, nodes: int, per_node: int, port: int, gpus: int, cpus: int,
            job_path: Path) -> int:
    """One actor per node, on distinct nodes (STRICT_SPREAD); the first actor's node is the
    master; each actor runs its node's runner and returns its exit code."""
    import ray
    from ray.util.placement_group import placement_group, remove_placement_group
    from ray.util.scheduling_strategies import PlacementGroupSchedulingStrategy

    ray.init(address=address, log_to_driver=True)
    bundle = {"CPU": cpus, **({"GPU": gpus} if gpus else {})}
    group = placement_group([bundle] * nodes, strategy="STRICT_SPREAD")
    ray.get(group.ready())

    @ray.remote
    class NodeRunner:
        def address(self) -> str:
            return ray.util.get_node_ip_address()

        def run(self, command: list[str]) -> int:
            return subprocess.run(command).returncode

    actors = [NodeRunner.options(num_cpus=cpus, num_gpus=gpus, scheduling_strategy=
                                 PlacementGroupSchedulingStrategy(group, bundle_index)).remote()
              for bundle_index in range(nodes)]
    hosts = ray.get([actor.address.remote() for actor in actors])
    # Distinct names even when two Ray nodes share an address (a test cluster on one host).
    hostfile = write_hostfile(job_path.parent / "hostfile",
                              [f"{h}-{i}" for i, h in enumerate(hosts)], per_node)
    codes = ray.get([actor.run.remote(node_runner(hostfile, rank, hosts[0], port, job_path))
                     for rank, actor in enumerate(actors)])
    remove_placement_group(group)
    return next((c for c in codes if c), 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m {__name__}")
    commands = parser.add_subparsers(dest="how", required=True)
    for how in ("local", "ray"):
        sub = commands.add_parser(how)
        sub.add_argument("--nodes", type=int, required=True)
        sub.add_argument("--per-node", type=int, required=True)
        sub.add_argument("--port", type=int, required=True)
        if how == "ray":
            sub.add_argument("--address", default="auto")
            sub.add_argument("--gpus", type=int, default=0)
            sub.add_argument("--cpus", type=int, default=1)
        sub.add_argument("job", type=Path)
    commands.add_parser("slurm").add_argument("script", type=Path)
    args = parser.parse_args(argv)
    _die_with_parent()
    if args.how == "local":
        return run_local(args.nodes, args.per_node, args.port, args.job)
    if args.how == "ray":
        return run_ray(args.address, args.nodes, args.per_node, args.port, args.gpus, args.cpus,
                       args.job)
    return run_slurm(args.script)


if __name__ == "__main__":
    sys.exit(main())
