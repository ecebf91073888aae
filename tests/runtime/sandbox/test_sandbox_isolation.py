"""The isolation layers, each on by default and each shown to be in force; the refusal to run
untrusted code without them, and the explicit opt-out."""
from __future__ import annotations

import json
import os
import threading
from dataclasses import replace

import pytest

from recipec.runtime.sandbox import Limits, Sandbox, Status, capabilities
from recipec.runtime.sandbox.isolation import identity, probe

from sandbox_test_support import sandbox_processes, wait_for_sandboxed

PROBE = """
import json, os, resource, socket
limits = {name: resource.getrlimit(getattr(resource, name)) for name in
          ("RLIMIT_NPROC", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CORE", "RLIMIT_AS")}
namespaces = {name: os.readlink(f"/proc/self/ns/{name}") for name in ("user", "pid", "net", "ipc", "uts", "mnt")}
print(json.dumps({
    "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(), "pid": os.getpid(),
    "cwd": os.getcwd(), "hostname": socket.gethostname(), "env": dict(os.environ),
    "limits": limits, "namespaces": namespaces, "root": sorted(os.listdir("/")),
    "status": open("/proc/self/status").read(), "uid_map": open("/proc/self/uid_map").read(),
}))
"""


@pytest.fixture(scope="module")
def inside(box):
    limits = Limits(timeout=5, memory=256 << 20, processes=40, file_size=8 << 20, open_files=128)
    result = box.run(PROBE, "python", limits=limits)
    assert result.status is Status.PASSED, result.message
    return json.loads(result.stdout), result


def test_this_machine_provides_every_mandatory_layer():
    caps = capabilities()
    assert caps.isolated, caps.missing
    names = {layer.name for layer in caps.layers}
    assert {"namespaces", "unprivileged uid", "rlimits", "cgroup memory", "cgroup pids"} <= names


def test_fresh_namespaces_of_every_kind(inside):
    seen, _ = inside
    mine = {name: os.readlink(f"/proc/self/ns/{name}") for name in seen["namespaces"]}
    for name, value in seen["namespaces"].items():
        assert value != mine[name], f"the {name} namespace is shared with the host"


def test_runs_as_an_unprivileged_uid_with_no_capabilities(inside):
    seen, _ = inside
    assert seen["uid"] == 1000 and seen["gid"] == 1000 and seen["groups"] == []
    status = dict(line.split(":\t", 1) for line in seen["status"].splitlines() if ":\t" in line)
    for field in ("CapEff", "CapPrm", "CapInh", "CapAmb"):
        assert int(status[field], 16) == 0
    assert status["NoNewPrivs"].strip() == "1"


def test_host_sees_the_program_under_an_unprivileged_uid(box):
    thread = threading.Thread(target=box.run, args=("import time\ntime.sleep(3)\n", "python"))
    thread.start()
    pid = wait_for_sandboxed("python3")
    uid = next(u for p, u, _ in sandbox_processes() if p == pid)
    thread.join()
    assert uid != 0
    if os.geteuid() == 0:
        assert identity.UID_BASE <= uid < identity.UID_BASE + identity.UID_COUNT


def test_program_is_not_pid_one_and_sees_only_its_namespace(inside):
    seen, _ = inside
    assert seen["pid"] > 1
    assert seen["pid"] < 10


def test_minimal_environment_and_private_work_folder(inside):
    seen, _ = inside
    assert seen["cwd"] == "/work" and seen["hostname"] == "sandbox"
    assert set(seen["env"]) <= {"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PYTHONIOENCODING",
                                "PYTHONHASHSEED", "PWD"}
    assert seen["env"]["HOME"] == "/work"
    assert set(seen["root"]) <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc",
                                 "proc", "dev", "tmp", "work"}


def test_rlimits_are_in_force(inside):
    seen, _ = inside
    limits = seen["limits"]
    assert limits["RLIMIT_NPROC"] == [40, 40]
    assert limits["RLIMIT_CPU"][0] == 6  # the 5 s timeout, plus one
    assert limits["RLIMIT_FSIZE"] == [8 << 20, 8 << 20]
    assert limits["RLIMIT_NOFILE"] == [128, 128]
    assert limits["RLIMIT_CORE"] == [0, 0]
    assert limits["RLIMIT_AS"][0] >= 256 << 20  # the limit, or twice it behind a memory cgroup


def test_results_carry_the_layers_in_force(inside):
    _, result = inside
    assert result.isolation["isolated"] is True
    assert result.isolation["layers"]["namespaces"] is True
    assert result.run.cpu_time is not None and result.run.peak_memory > 1 << 20


def test_cgroups_are_optional(cache_dir):
    box = Sandbox(cache_dir=cache_dir, use_cgroups=False)
    result = box.run("print('ok')", "python")
    assert result.status is Status.PASSED
    assert result.isolation["layers"]["cgroup memory"] is False


@pytest.fixture
def without_namespaces(monkeypatch):
    real = capabilities()
    layers = tuple(replace(layer, available=False) if layer.name == "namespaces" else layer
                   for layer in real.layers)
    broken = replace(real, layers=layers)
    monkeypatch.setattr("recipec.runtime.sandbox.runner.capabilities", lambda: broken)
    return broken


def test_untrusted_code_is_refused_without_a_mandatory_layer(without_namespaces, cache_dir):
    result = Sandbox(cache_dir=cache_dir).run("print('hi')", "python")
    assert result.status is Status.UNAVAILABLE
    assert "namespaces" in result.message and "unisolated" in result.message
    assert result.run is None


def test_the_explicit_opt_out_runs_unisolated(without_namespaces, cache_dir, host_unchanged):
    box = Sandbox(cache_dir=cache_dir, allow_unisolated=True)
    result = box.run("import os\nprint(os.getuid() != 0, os.path.basename(os.getcwd())[:19])", "python")
    assert result.status is Status.PASSED, result.message
    assert result.stdout.split()[0] == "True"
    assert result.stdout.split()[1] == "recipec-unisolated-"
    assert result.isolation["isolated"] is False
    timeout = box.run("import time\ntime.sleep(30)", "python", limits=Limits(timeout=1))
    assert timeout.status is Status.TIMEOUT


def test_unisolated_mode_still_compiles_and_runs_tests(without_namespaces, cache_dir, host_unchanged):
    box = Sandbox(cache_dir=cache_dir, allow_unisolated=True)
    result = box.run("int add(int a, int b) { return a + b; }\n", "c",
                     tests=[{"function": "add", "args": [1, 2], "expected": 3}])
    assert result.status is Status.PASSED, result.message


def test_probe_reports_a_missing_bwrap(monkeypatch):
    probe.capabilities.cache_clear()
    monkeypatch.setattr(probe, "_which", lambda name: None if name == "bwrap" else f"/usr/bin/{name}")
    try:
        caps = probe.capabilities()
        assert not caps.isolated and "namespaces" in caps.missing
        assert "bubblewrap" in next(l.detail for l in caps.layers if l.name == "namespaces")
    finally:
        probe.capabilities.cache_clear()


def test_unknown_language_and_missing_toolchain_are_unavailable(box, monkeypatch):
    result = box.run("x", "cobol")
    assert result.status is Status.UNAVAILABLE and "unknown language `cobol`" in result.message
    result = box.run("x", "pyhton")
    assert "did you mean `python`" in result.message
    from recipec.runtime.sandbox.languages import LANGUAGES
    from recipec.runtime.sandbox.toolchains import Toolchain
    monkeypatch.setitem(LANGUAGES["lua"].__dict__, "toolchain",
                        Toolchain(missing="lua5.4 or lua not found (install it)"))
    result = box.run("print(1)", "lua")
    assert result.status is Status.UNAVAILABLE and "lua is unavailable" in result.message


def test_timeout_kills_the_whole_tree_quickly(box, host_unchanged):
    code = "import os, time\nfor _ in range(5):\n    os.fork()\ntime.sleep(60)\n"
    result = box.run(code, "python", limits=Limits(timeout=1))
    assert result.status is Status.TIMEOUT and result.run.wall_time < 2.5
    assert result.run.cpu_time is not None


def test_cpu_limit_stops_a_spinner_before_the_wall_clock(box):
    result = box.run("while True:\n    pass\n", "python", limits=Limits(timeout=120, cpu=1))
    assert result.status is Status.TIMEOUT
    assert not result.run.timed_out and result.run.signal == 24  # SIGXCPU, not the wall clock
    assert "CPU time" in result.message
