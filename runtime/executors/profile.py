"""Executor profiles: where a build runs, kept out of the recipe.

A recipe says what to build; a profile says on which machines. The same plan (same run keys,
same outputs) builds on a laptop, a Ray cluster or a Slurm cluster, so cluster settings never
enter a recipe or a cache key. A profile is a TOML file given with `recipec build --profile`:

    [ray]
    address = "10.0.0.1:6379"        # "auto": the cluster this machine belongs to
    cpus_per_task = 1
    mem_per_cpu_gb = 2
    env = { HF_HOME = "/shared/hf" }

    [slurm]
    partition = "cpu"
    time = "04:00:00"                # per task
    cpus_per_task = 1
    mem_per_cpu_gb = 2
    job_name_prefix = "recipec-"
    setup = ["module load python/3.11", "source /shared/venv/bin/activate"]
    sbatch_args = { account = "code-llm" }

    [training]                       # how a phase's processes spread over machines
    nodes = 2                        # or hosts = ["gpu-01", "gpu-02"]
    launch = "slurm"                 # local | ssh | slurm | ray
    gpus_per_node = 8

    [cluster]                        # the shape `recipec plan --estimate` sizes for
    nodes = 16
    cores_per_node = 64
    gpus_per_node = 8

Every section is optional; unknown settings are errors with a suggestion, so a typo never
silently falls back to a default.
"""
from __future__ import annotations

import difflib
import os
import sys
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path


class ProfileError(Exception):
    """A mistake in a profile file, told in one line with a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class RayProfile:
    address: str = "auto"
    cpus_per_task: int = 1
    mem_per_cpu_gb: float = 2.0
    # Tasks of one stage in flight at once; 0: all of them (the cluster's CPUs are the limit).
    max_concurrent: int = 0
    env: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SlurmProfile:
    partition: str = ""
    time: str = "04:00:00"
    cpus_per_task: int = 1
    mem_per_cpu_gb: float = 2.0
    job_name_prefix: str = "recipec-"
    # Shell lines run before each task (modules, a virtualenv); empty: this Python's venv.
    setup: tuple[str, ...] = ()
    qos: str = ""
    sbatch_args: dict = field(default_factory=dict)
    max_array_size: int = 1001
    # Array tasks of one stage running at once; 0: no limit.
    max_concurrent: int = 0
    # Run each task through `srun` inside its sbatch script (datatrove's default).
    srun: bool = True
    poll_seconds: float = 10.0


LAUNCHES = ("local", "ssh", "slurm", "ray")


@dataclass(frozen=True)
class TrainingProfile:
    nodes: int = 1
    hosts: tuple[str, ...] = ()
    # local: every node's launcher on this machine (tests, a workstation); ssh: DeepSpeed's
    # runner over pdsh; slurm: one sbatch job per phase; ray: one actor per Ray node.
    launch: str = "local"
    gpus_per_node: int = 0
    cpus_per_node: int = 0
    master_addr: str = ""
    master_port: int = 0            # 0: a free port (local), else 29500
    time: str = "7-00:00:00"        # Slurm time limit of a phase's job
    partition: str = ""             # Slurm partition of training jobs (default: [slurm]'s)


@dataclass(frozen=True)
class ClusterShape:
    """What `recipec plan --estimate` assumes about the machines (never what runs)."""

    nodes: int = 1
    cores_per_node: int = 0         # 0: this machine's core count
    gpus_per_node: int = 0
    gpu: str = "h100"               # a GPU named in the estimate's throughput table
    mfu: float = 0.4                # model FLOPs utilisation assumed for training

    @property
    def cores(self) -> int:
        return self.nodes * (self.cores_per_node or os.cpu_count() or 1)

    @property
    def gpus(self) -> int:
        return self.nodes * self.gpus_per_node


@dataclass(frozen=True)
class Profile:
    ray: RayProfile = RayProfile()
    slurm: SlurmProfile = SlurmProfile()
    training: TrainingProfile = TrainingProfile()
    cluster: ClusterShape = ClusterShape()
    source: str = ""                # the file it came from, for messages


SECTIONS = {"ray": RayProfile, "slurm": SlurmProfile, "training": TrainingProfile,
            "cluster": ClusterShape}


def load_profile(path: str | os.PathLike | None) -> Profile:
    """The profile in a TOML file; the defaults when `path` is None."""
    if path is None:
        return Profile()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(f"cannot read the profile {path}: {error.strerror}",
                           "give --profile the path of a TOML file") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path}: not valid TOML ({error})",
                           "see docs/executors.md for a profile's shape") from None
    return profile_from_dict(data, str(path))


def profile_from_dict(data: dict, source: str = "<profile>") -> Profile:
    sections = {}
    for name, value in data.items():
        if name not in SECTIONS:
            raise ProfileError(f"{source}: unknown section [{name}]{_suggest(name, SECTIONS)}",
                               f"sections: {', '.join(f'[{s}]' for s in SECTIONS)}")
        if not isinstance(value, dict):
            raise ProfileError(f"{source}: `{name}` must be a section ([{name}])")
        sections[name] = _section(SECTIONS[name], name, value, source)
    profile = Profile(**sections, source=source)
    _check(profile)
    return profile


def _section(cls, name: str, values: dict, source: str):
    known = {f.name: f for f in fields(cls)}
    converted = {}
    for key, value in values.items():
        if key not in known:
            raise ProfileError(f"{source}: [{name}] has no setting `{key}`"
                               f"{_suggest(key, known)}",
                               f"[{name}] settings: {', '.join(known)}")
        converted[key] = _convert(value, known[key], f"{source}: [{name}] {key}")
    return cls(**converted)


def _convert(value, spec, where: str):
    expected = spec.type if isinstance(spec.type, str) else spec.type.__name__
    if "tuple" in expected:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProfileError(f"{where} must be a list of strings")
        return tuple(value)
    if "dict" in expected:
        if not isinstance(value, dict):
            raise ProfileError(f"{where} must be a table, e.g. {{ KEY = \"value\" }}")
        return {str(k): str(v) for k, v in value.items()}
    if expected == "bool":
        if not isinstance(value, bool):
            raise ProfileError(f"{where} must be true or false")
        return value
    if expected == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ProfileError(f"{where} must be a whole number >= 0, not {value!r}")
        return value
    if expected == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ProfileError(f"{where} must be a number >= 0, not {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ProfileError(f"{where} must be a string, not {value!r}")
    return value


def _check(profile: Profile) -> None:
    training = profile.training
    where = f"{profile.source}: [training]"
    if training.launch not in LAUNCHES:
        raise ProfileError(f"{where} launch = {training.launch!r} is not one of "
                           f"{', '.join(LAUNCHES)}{_suggest(training.launch, LAUNCHES)}")
    if training.hosts and training.nodes not in (1, len(training.hosts)):
        raise ProfileError(f"{where} nodes = {training.nodes} but {len(training.hosts)} hosts "
                           "are listed", "give one of them, or make them agree")
    if training.launch == "ssh" and not training.hosts:
        raise ProfileError(f"{where} launch = \"ssh\" needs `hosts`",
                           "list the machines DeepSpeed's runner reaches by ssh")
    if profile.ray.cpus_per_task < 1 or profile.slurm.cpus_per_task < 1:
        raise ProfileError(f"{profile.source}: cpus_per_task must be at least 1")


def training_nodes(training: TrainingProfile) -> int:
    return len(training.hosts) if training.hosts else max(1, training.nodes)


def venv_setup() -> tuple[str, ...]:
    """The shell line that activates the Python environment running this build, so a Slurm
    task imports the same recipec and libraries (an empty tuple outside a virtualenv)."""
    activate = Path(sys.prefix) / "bin" / "activate"
    return (f"source {activate}",) if sys.prefix != sys.base_prefix and activate.is_file() else ()


def _suggest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""
