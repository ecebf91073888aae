"""A one-node Slurm cluster inside the test machine: munged, slurmctld and slurmd from Debian's
`munge`, `slurmctld`, `slurmd` and `slurm-client` packages, run in the foreground as this
test's own processes, with a configuration, key, state and ports of their own (nothing under
/etc is used, nothing outside 127.0.0.1 is reachable: SlurmctldHost and NodeAddr are
127.0.0.1). Commands find it through SLURM_CONF, which `env` sets.

Needs root (slurmd starts jobs as their user) and the packages above:
    apt-get install -y slurmd slurmctld slurm-client munge
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BINARIES = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo")
PACKAGES = "slurmd slurmctld slurm-client munge"


def missing_requirements() -> str | None:
    missing = [b for b in BINARIES if shutil.which(b) is None and
               not Path("/usr/sbin", b).exists()]
    if missing:
        return (f"{', '.join(missing)} not installed: `apt-get install -y {PACKAGES}` "
                "(Debian) to run the Slurm tests")
    if os.geteuid() != 0:
        return "the Slurm test cluster needs root (slurmd runs jobs as their user)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _binary(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


def _memory_mb() -> int:
    with open("/proc/meminfo") as f:
        total_kb = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
    return max(1024, total_kb // 1024 - 1024)


CONFIG = """\
ClusterName=recipectest
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={root}/munge/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool
SlurmctldPidFile={root}/slurmctld.pid
SlurmdPidFile={root}/slurmd.pid
SlurmctldLogFile={root}/log/slurmctld.log
SlurmdLogFile={root}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=0,defer_batch=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
PlugStackConfig=/dev/null
MinJobAge=30
NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory} State=UNKNOWN
PartitionName=debug Nodes={host} Default=YES MaxTime=INFINITE State=UP
"""


class LocalSlurmCluster:
    def __init__(self):
        # Short: munge's socket path must fit a sockaddr_un.
        self.root = Path(tempfile.mkdtemp(prefix="sl", dir="/tmp"))
        self.processes: list[subprocess.Popen] = []
        self.host = socket.gethostname().split(".")[0]
        self.env = {**os.environ, "SLURM_CONF": str(self.root / "slurm.conf")}

    def start(self, timeout: float = 60) -> None:
        root = self.root
        for folder in ("munge", "state", "spool", "log"):
            (root / folder).mkdir()
        os.chmod(root, 0o755)
        os.chmod(root / "munge", 0o711)
        key = root / "munge" / "munge.key"
        key.write_bytes(os.urandom(1024))
        os.chmod(key, 0o600)
        (root / "slurm.conf").write_text(CONFIG.format(
            host=self.host, root=root, ctld_port=_free_port(), slurmd_port=_free_port(),
            cpus=os.cpu_count(), memory=_memory_mb()))
        self._spawn([_binary("munged"), "-F", "-f", f"--socket={root}/munge/munge.sock",
                     f"--key-file={key}", f"--log-file={root}/log/munged.log",
                     f"--pid-file={root}/munge/munged.pid", f"--seed-file={root}/munge/seed"])
        self._wait(lambda: (root / "munge" / "munge.sock").exists(), timeout, "munged")
        self._spawn([_binary("slurmctld"), "-D", "-i"])
        self._spawn([_binary("slurmd"), "-D"])
        self._wait(self._idle, timeout, "the Slurm node to become idle")

    def _spawn(self, command: list[str]) -> None:
        log = open(self.root / "log" / (Path(command[0]).name + ".out"), "w")
        self.processes.append(subprocess.Popen(command, env=self.env, stdout=log,
                                               stderr=subprocess.STDOUT))

    def _idle(self) -> bool:
        state = subprocess.run([_binary("sinfo"), "--noheader", "--format=%T"], env=self.env,
                               capture_output=True, text=True)
        return state.returncode == 0 and state.stdout.strip() in ("idle", "mixed")

    def _wait(self, ready, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"a Slurm daemon stopped while waiting for {what}; logs in "
                                   f"{self.root}/log")
            if ready():
                return
            time.sleep(0.5)
        raise RuntimeError(f"timed out waiting for {what}; logs in {self.root}/log")

    def stop(self) -> None:
        subprocess.run([_binary("scancel"), "--full", "--user", "root"], env=self.env,
                       capture_output=True)
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
