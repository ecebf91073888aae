"""Executor profiles: TOML files of cluster settings, checked strictly (a typo is an error with
a suggestion, never a silent default), and the build's one-line errors for them."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from recipec.runtime.cli.main import cli
from recipec.runtime.executors import make_executor
from recipec.runtime.executors.profile import ProfileError, load_profile, profile_from_dict
from tests.compiler.helpers import ROOT

FULL = """
[ray]
address = "10.0.0.1:6379"
cpus_per_task = 2
mem_per_cpu_gb = 1.5
env = { HF_HOME = "/shared/hf" }

[slurm]
partition = "cpu"
time = "02:00:00"
setup = ["module load python/3.11"]
sbatch_args = { account = "code-llm" }
srun = false

[training]
hosts = ["gpu-01", "gpu-02"]
launch = "ssh"
gpus_per_node = 8

[cluster]
nodes = 32
cores_per_node = 64
gpus_per_node = 8
"""


def test_a_full_profile_loads(tmp_path):
    path = tmp_path / "cluster.toml"
    path.write_text(FULL)
    profile = load_profile(path)
    assert profile.ray.address == "10.0.0.1:6379" and profile.ray.mem_per_cpu_gb == 1.5
    assert profile.ray.env == {"HF_HOME": "/shared/hf"}
    assert profile.slurm.setup == ("module load python/3.11",) and profile.slurm.srun is False
    assert profile.training.hosts == ("gpu-01", "gpu-02")
    assert profile.cluster.cores == 2048 and profile.cluster.gpus == 256


def test_no_profile_means_the_defaults():
    profile = load_profile(None)
    assert profile.ray.address == "auto" and profile.slurm.partition == ""
    assert profile.training.nodes == 1


@pytest.mark.parametrize("data, message", [
    ({"slurm": {"partiton": "cpu"}}, "[slurm] has no setting `partiton` (did you mean "
                                     "`partition`?)"),
    ({"rya": {}}, "unknown section [rya] (did you mean `ray`?)"),
    ({"ray": {"cpus_per_task": "two"}}, "[ray] cpus_per_task must be a whole number"),
    ({"slurm": {"setup": "module load x"}}, "[slurm] setup must be a list of strings"),
    ({"training": {"launch": "mpi"}}, "launch = 'mpi' is not one of local, ssh, slurm, ray"),
    ({"training": {"launch": "ssh"}}, "launch = \"ssh\" needs `hosts`"),
    ({"training": {"nodes": 3, "hosts": ["a", "b"]}}, "nodes = 3 but 2 hosts are listed"),
])
def test_mistakes_are_one_line_with_a_hint(data, message):
    with pytest.raises(ProfileError) as error:
        profile_from_dict(data, "cluster.toml")
    assert message in str(error.value)
    assert str(error.value).startswith("cluster.toml: ")


def test_the_profile_reaches_the_executor():
    profile = profile_from_dict({"slurm": {"partition": "gpu"}, "training": {"nodes": 2}})
    executor = make_executor("slurm", 4, profile)
    assert executor.profile.partition == "gpu" and executor.training.nodes == 2


def test_build_reports_a_bad_profile_in_one_line(tmp_path):
    bad = tmp_path / "cluster.toml"
    bad.write_text("[slurm]\ntime = 4\n")
    result = CliRunner().invoke(cli, ["build", str(ROOT / "recipes" / "quickstart.recipe"),
                                      "--workdir", str(tmp_path / "w"), "--profile", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[0] == \
        f"error: {bad}: [slurm] time must be a string, not 4"
    assert "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["build", str(ROOT / "recipes" / "quickstart.recipe"),
                                       "--profile", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 1 and "cannot read the profile" in missing.output
