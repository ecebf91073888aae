"""The hostile-program suite (issue 4): each attack in Python, C and JavaScript, the cheap ones
in every core language; the sandbox must hold, report the right status, and leave the host as
it found it. Network attacks only ever target 127.0.0.1, with bounded loops."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from recipec.runtime.sandbox import Limits, Sandbox, Status
from recipec.runtime.sandbox.languages import CORE

from sandbox_test_support import wait_for_sandboxed

# Small limits keep a runaway program cheap on a 2-core CI machine.
TIGHT = Limits(timeout=3.0, memory=128 << 20, processes=32, output=64 << 10,
               file_size=4 << 20, work_size=16 << 20)


def run(box: Sandbox, language: str, code: str, **kwargs):
    return box.run(code, language, limits=kwargs.pop("limits", TIGHT), **kwargs)


# -- fork bomb --------------------------------------------------------------------------------
FORK_BOMBS = {
    "python": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
    "c": "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n",
    "javascript": ("const { spawn } = require('child_process');\n"
                   "for (;;) { try { spawn(process.execPath, [__filename], { stdio: 'ignore' }); }"
                   " catch (e) {} }\n"),
}


@pytest.mark.parametrize("cgroups", [True, False], ids=["with-cgroups", "rlimits-only"])
@pytest.mark.parametrize("language", sorted(FORK_BOMBS))
def test_fork_bomb_is_contained(language, cgroups, cache_dir, host_unchanged):
    box = Sandbox(cache_dir=cache_dir, use_cgroups=cgroups)
    start = time.monotonic()
    result = run(box, language, FORK_BOMBS[language])
    assert result.status in (Status.TIMEOUT, Status.RUNTIME_ERROR, Status.MEMORY_LIMIT)
    assert time.monotonic() - start < TIGHT.timeout + 20
    # The host can still fork: a fresh run after the bomb works.
    assert box.run("print('alive')", "python").stdout == "alive\n"


# -- memory bomb ------------------------------------------------------------------------------
MEMORY_BOMBS = {
    "python": "chunks = []\nwhile True:\n    chunks.append(bytearray(1 << 20))\n",
    "c": ("#include <stdlib.h>\n#include <string.h>\n"
          "int main(void) { for (;;) { char *p = malloc(1 << 20); memset(p, 1, 1 << 20); } }\n"),
    "javascript": "const keep = [];\nfor (;;) keep.push(Buffer.alloc(1 << 20, 1));\n",
    "java": ("import java.util.*;\npublic class Main { public static void main(String[] a) {\n"
             "  List<byte[]> keep = new ArrayList<>();\n"
             "  for (;;) keep.add(new byte[1 << 20]);\n} }\n"),
}


@pytest.mark.parametrize("cgroups", [True, False], ids=["with-cgroups", "rlimits-only"])
@pytest.mark.parametrize("language", sorted(MEMORY_BOMBS))
def test_memory_bomb_reports_memory_limit(language, cgroups, cache_dir, host_unchanged):
    box = Sandbox(cache_dir=cache_dir, use_cgroups=cgroups)
    result = run(box, language, MEMORY_BOMBS[language], limits=TIGHT.replace(timeout=10.0))
    assert result.status is Status.MEMORY_LIMIT, result.message + result.stderr[-500:]


NULL_DEREFERENCE = "#include <stddef.h>\nint main(void) { int *p = NULL; return *p; }\n"


def test_statuses_do_not_depend_on_the_callers_size(cache_dir):
    """The sandbox is started by vfork + exec, and exec keeps the caller's high-water RSS in the
    child's accounting: from a 600 MiB caller, a plain crash must still be a runtime error
    (not "memory limit"), and a memory bomb under rlimits alone still a memory limit."""
    script = f"""
import sys
from recipec.runtime.sandbox import Limits, Sandbox
ballast = bytearray(600 << 20)
for offset in range(0, len(ballast), 4096):
    ballast[offset] = 1
limits = Limits(timeout=10.0, memory=128 << 20, processes=32, output=64 << 10)
for cgroups in (True, False):
    box = Sandbox(cache_dir={cache_dir!r}, use_cgroups=cgroups)
    for name, code in (("crash", {NULL_DEREFERENCE!r}), ("bomb", {MEMORY_BOMBS["c"]!r})):
        print(cgroups, name, box.run(code, "c", limits=limits).status.value)
    box.close()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:4] == [
        "True crash runtime_error", "True bomb memory_limit",
        "False crash runtime_error", "False bomb memory_limit"]


# -- CPU spin and SIGTERM-proof sleep ---------------------------------------------------------
SPINS = {
    "python": "while True:\n    pass\n",
    "javascript": "for (;;) {}\n",
    "typescript": "let n: number = 0;\nfor (;;) { n++; }\n",
    "c": "int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n",
    "c++": "int main() { volatile unsigned long n = 0; for (;;) n++; }\n",
    "java": "public class Main { public static void main(String[] a) { long n = 0; for (;;) n++; } }\n",
    "go": "package main\nfunc main() {\n\tn := 0\n\tfor {\n\t\tn++\n\t}\n}\n",
    # (no std::hint::black_box: Debian's rustc 1.63 predates it; an LCG the optimiser cannot
    # solve, and a print it cannot drop, keep the loop)
    "rust": ("fn main() { let mut n: u64 = 1; loop { n = n.wrapping_mul(6364136223846793005)"
             ".wrapping_add(1442695040888963407); if n == 12345 { println!(\"{}\", n); } } }\n"),
    "shell": "while :; do :; done\n",
    "ruby": "loop { }\n",
    "php": "<?php\nwhile (true) {}\n",
    "perl": "1 while 1;\n",
    "lua": "while true do end\n",
}


def test_every_core_language_has_the_cheap_attacks():
    assert set(SPINS) == set(CORE) == set(INFINITE_OUTPUT) == set(READ_SHADOW)


@pytest.mark.parametrize("language", sorted(SPINS))
def test_cpu_spin_times_out(language, box, host_unchanged):
    limits = TIGHT.replace(timeout=1.5)
    start = time.monotonic()
    result = run(box, language, SPINS[language], limits=limits)
    assert result.status is Status.TIMEOUT, result.message
    assert result.run.wall_time < limits.timeout + 1.0
    assert time.monotonic() - start < 120  # compile included


SIGTERM_PROOF = {
    "python": ("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
               "signal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(60)\n"),
    "c": ("#include <signal.h>\n#include <unistd.h>\n"
          "int main(void) { signal(SIGTERM, SIG_IGN); signal(SIGINT, SIG_IGN); sleep(60); }\n"),
    "javascript": "process.on('SIGTERM', () => {});\nsetTimeout(() => {}, 60000);\n",
}


@pytest.mark.parametrize("language", sorted(SIGTERM_PROOF))
def test_sleeping_past_the_timeout_ignoring_sigterm(language, box, host_unchanged):
    start = time.monotonic()
    result = run(box, language, SIGTERM_PROOF[language], limits=TIGHT.replace(timeout=1.0))
    assert result.status is Status.TIMEOUT
    assert result.run.wall_time < 2.5
    assert time.monotonic() - start < 60


# -- infinite output --------------------------------------------------------------------------
INFINITE_OUTPUT = {
    "python": "while True:\n    print('x' * 100)\n",
    # Synchronous writes: node's async stdout would only buffer in memory in a loop that never
    # yields (and end as memory_limit, which would be right too, but not this test).
    "javascript": "const fs = require('fs');\nfor (;;) fs.writeSync(1, 'x'.repeat(100) + '\\n');\n",
    "typescript": "const fs = require('fs');\nfor (;;) { fs.writeSync(1, 'x'.repeat(100) + '\\n'); }\n",
    "c": "#include <stdio.h>\nint main(void) { for (;;) puts(\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"); }\n",
    "c++": "#include <iostream>\nint main() { for (;;) std::cout << \"xxxxxxxxxxxxxxxxxxxxxxxxx\\n\"; }\n",
    "java": ("public class Main { public static void main(String[] a) {\n"
             "  for (;;) System.out.println(\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"); } }\n"),
    "go": "package main\nimport \"fmt\"\nfunc main() {\n\tfor {\n\t\tfmt.Println(\"xxxxxxxxxxxxxxxxxxxx\")\n\t}\n}\n",
    "rust": "fn main() { loop { println!(\"xxxxxxxxxxxxxxxxxxxxxxxxx\"); } }\n",
    "shell": "while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done\n",
    "ruby": "loop { puts 'x' * 100 }\n",
    "php": "<?php\nwhile (true) { echo str_repeat('x', 100), \"\\n\"; }\n",
    "perl": "print 'x' x 100, \"\\n\" while 1;\n",
    "lua": "while true do print(string.rep('x', 100)) end\n",
}


@pytest.mark.parametrize("language", sorted(INFINITE_OUTPUT))
def test_infinite_output_is_capped(language, box, host_unchanged):
    result = run(box, language, INFINITE_OUTPUT[language])
    assert result.status is Status.OUTPUT_LIMIT, result.message
    assert result.run.stdout_truncated
    assert len(result.run.stdout.encode()) <= TIGHT.output


def test_infinite_stderr_is_capped_too(box, host_unchanged):
    result = run(box, "python", "import sys\nwhile True:\n    sys.stderr.write('e' * 100 + '\\n')\n")
    assert result.status is Status.OUTPUT_LIMIT
    assert result.run.stderr_truncated and len(result.run.stderr.encode()) <= TIGHT.output


# -- disk fill --------------------------------------------------------------------------------
DISK_FILL_ONE_FILE = {
    "python": "with open('fill.bin', 'wb') as f:\n    while True:\n        f.write(b'\\0' * (1 << 20))\n",
    "c": ("#include <stdio.h>\n#include <string.h>\nint main(void) { static char b[1 << 20];"
          " FILE *f = fopen(\"fill.bin\", \"wb\"); for (;;) fwrite(b, 1, sizeof b, f); }\n"),
    "javascript": ("const fs = require('fs');\nconst fd = fs.openSync('fill.bin', 'w');\n"
                   "const b = Buffer.alloc(1 << 20);\nfor (;;) fs.writeSync(fd, b);\n"),
}


@pytest.mark.parametrize("language", sorted(DISK_FILL_ONE_FILE))
def test_one_growing_file_hits_the_file_size_limit(language, box, host_unchanged):
    free_before = shutil.disk_usage("/").free
    result = run(box, language, DISK_FILL_ONE_FILE[language])
    assert result.status is Status.OUTPUT_LIMIT, result.message + result.stderr[-300:]
    assert "file size" in result.message
    assert abs(shutil.disk_usage("/").free - free_before) < 64 << 20


DISK_FILL_MANY_FILES = {
    "python": ("n = 0\nwhile True:\n    with open(f'fill{n}.bin', 'wb') as f:\n"
               "        f.write(b'\\0' * (1 << 20))\n    n += 1\n"),
    "c": ("#include <stdio.h>\n#include <stdlib.h>\nint main(void) { static char b[1 << 20];"
          " char name[32]; for (int n = 0;; n++) { sprintf(name, \"fill%d.bin\", n);"
          " FILE *f = fopen(name, \"wb\"); if (!f || fwrite(b, 1, sizeof b, f) != sizeof b"
          " || fclose(f) != 0) { perror(\"write\"); return 1; } } }\n"),
    "javascript": ("const fs = require('fs');\nconst b = Buffer.alloc(1 << 20);\n"
                   "for (let n = 0;; n++) fs.writeFileSync('fill' + n + '.bin', b);\n"),
}


@pytest.mark.parametrize("language", sorted(DISK_FILL_MANY_FILES))
def test_filling_the_work_folder_fails_inside_it(language, box, host_unchanged):
    free_before = shutil.disk_usage("/").free
    result = run(box, language, DISK_FILL_MANY_FILES[language])
    assert result.status is Status.RUNTIME_ERROR, result.message
    assert "No space left" in result.stderr or "ENOSPC" in result.stderr
    assert abs(shutil.disk_usage("/").free - free_before) < 64 << 20


# -- writing outside the work folder ----------------------------------------------------------
def test_writes_outside_the_work_folder_do_not_reach_the_host(box, host_unchanged, tmp_path):
    marker = f"recipec-escape-{os.getpid()}"
    targets = ["/usr/" + marker, "/etc/" + marker, "/" + marker, "/tmp/" + marker,
               "/var/tmp/" + marker, str(tmp_path / marker), "/dev/shm/" + marker]
    code = ("import json\nresults = {}\n"
            f"for path in {targets!r}:\n"
            "    try:\n        open(path, 'w').write('x')\n        results[path] = 'written'\n"
            "    except OSError as e:\n        results[path] = e.strerror\n"
            "print(json.dumps(results))\n")
    result = run(box, "python", code)
    assert result.status is Status.PASSED
    for path in targets:
        assert not os.path.exists(path), f"{path} appeared on the host"
    # Only the sandbox's private /tmp and /dev/shm tmpfs accept a file; nothing else does.
    import json
    outcome = json.loads(result.stdout)
    assert {p for p, v in outcome.items() if v == "written"} <= {"/tmp/" + marker, "/dev/shm/" + marker}


WRITE_OUTSIDE_C = r"""
#include <stdio.h>
int main(void) {
    const char *paths[] = {"/usr/recipec-c-escape", "/etc/recipec-c-escape", "/recipec-c-escape"};
    int written = 0;
    for (int i = 0; i < 3; i++) { FILE *f = fopen(paths[i], "w"); if (f) { written++; fclose(f); } }
    printf("%d\n", written);
    return 0;
}
"""
WRITE_OUTSIDE_JS = """
const fs = require('fs');
let written = 0;
for (const p of ['/usr/recipec-js-escape', '/etc/recipec-js-escape', '/recipec-js-escape']) {
  try { fs.writeFileSync(p, 'x'); written++; } catch (e) {}
}
console.log(written);
"""


@pytest.mark.parametrize("language,code", [("c", WRITE_OUTSIDE_C), ("javascript", WRITE_OUTSIDE_JS)])
def test_writes_outside_in_c_and_javascript(language, code, box, host_unchanged):
    result = run(box, language, code)
    assert result.status is Status.PASSED and result.stdout.strip() == "0"
    for name in ("recipec-c-escape", "recipec-js-escape"):
        assert not any(os.path.exists(p + name) for p in ("/usr/", "/etc/", "/"))


# -- reading host files -----------------------------------------------------------------------
READ_SHADOW = {
    "python": "print(open('/etc/shadow').read())\n",
    "javascript": "console.log(require('fs').readFileSync('/etc/shadow', 'utf8'));\n",
    "typescript": "console.log(require('fs').readFileSync('/etc/shadow', 'utf8'));\n",
    "c": ("#include <stdio.h>\nint main(void) { FILE *f = fopen(\"/etc/shadow\", \"r\");"
          " if (!f) { perror(\"/etc/shadow\"); return 1; } int c; while ((c = fgetc(f)) != EOF)"
          " putchar(c); return 0; }\n"),
    "c++": ("#include <fstream>\n#include <iostream>\nint main() { std::ifstream f(\"/etc/shadow\");"
            " if (!f) { std::cerr << \"cannot open\\n\"; return 1; } std::cout << f.rdbuf(); }\n"),
    "java": ("import java.nio.file.*;\npublic class Main { public static void main(String[] a)"
             " throws Exception { System.out.println(Files.readString(Path.of(\"/etc/shadow\"))); } }\n"),
    "go": ("package main\nimport (\"fmt\"; \"os\")\nfunc main() {\n\tb, err := os.ReadFile(\"/etc/shadow\")\n"
           "\tif err != nil {\n\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}\n\tfmt.Print(string(b))\n}\n"),
    "rust": "fn main() { print!(\"{}\", std::fs::read_to_string(\"/etc/shadow\").unwrap()); }\n",
    "shell": "cat /etc/shadow\n",
    "ruby": "puts File.read('/etc/shadow')\n",
    "php": "<?php\n$t = file_get_contents('/etc/shadow');\nif ($t === false) exit(1);\necho $t;\n",
    "perl": "open(my $f, '<', '/etc/shadow') or die \"cannot open: $!\";\nprint <$f>;\n",
    "lua": "local f = assert(io.open('/etc/shadow'))\nprint(f:read('a'))\n",
}


@pytest.mark.parametrize("language", sorted(READ_SHADOW))
def test_etc_shadow_is_unreadable(language, box, host_unchanged):
    result = run(box, language, READ_SHADOW[language])
    assert result.status is Status.RUNTIME_ERROR, result.message
    assert "root:" not in result.stdout


def test_project_files_and_homes_are_not_visible(box, host_unchanged):
    project_file = str(Path(__file__).resolve())
    code = ("import os, json\nfound = {}\n"
            f"for path in [{project_file!r}, '/root', '/home', '/var/cache/recipec', '/run',"
            " '/sys/fs/cgroup', '/opt', '/mnt', '/srv']:\n"
            "    found[path] = os.path.exists(path)\nprint(json.dumps(found))\n")
    result = run(box, "python", code)
    import json
    found = json.loads(result.stdout)
    assert not any(found.values()), found


def test_a_run_cannot_see_another_runs_folder(box, host_unchanged):
    secret = f"secret-{os.getpid()}-{time.time_ns()}"
    writer = ("import time\nopen('secret.txt', 'w').write(" + repr(secret) + ")\n"
              "open('/tmp/secret.txt', 'w').write(" + repr(secret) + ")\ntime.sleep(4)\n")
    # The reader spells the secret backwards in its own source, which is in its work folder too.
    reader = ("import os, glob\nhits = []\nsecret = " + repr(secret[::-1]) + "[::-1]\n"
              "for pattern in ['/work/*', '/tmp/*', '/proc/*/cwd/*', '/proc/*/root/work/*']:\n"
              "    for path in glob.glob(pattern):\n"
              "        try:\n            if secret in open(path).read():\n"
              "                hits.append(path)\n        except OSError:\n            pass\n"
              "print(hits)\n")
    background = threading.Thread(target=run, args=(box, "python", writer))
    background.start()
    wait_for_sandboxed("python3")  # the writer is alive, its files are there
    time.sleep(0.3)
    result = run(box, "python", reader)
    background.join()
    assert result.status is Status.PASSED and result.stdout.strip() == "[]"


def test_c_and_javascript_cannot_read_project_files(box, host_unchanged):
    target = str(Path(__file__).resolve())
    c_code = (f'#include <stdio.h>\nint main(void) {{ return fopen("{target}", "r") ? 0 : 1; }}\n')
    js_code = f"require('fs').readFileSync({target!r});\n"
    assert run(box, "c", c_code).status is Status.RUNTIME_ERROR
    assert run(box, "javascript", js_code).status is Status.RUNTIME_ERROR


# -- environment secrets ----------------------------------------------------------------------
@pytest.mark.parametrize("language,code", [
    ("python", "import os\nprint(sorted(os.environ.items()))\n"),
    ("c", "#include <stdio.h>\nextern char **environ;\nint main(void) { for (char **e = environ; *e; e++) puts(*e); }\n"),
    ("javascript", "console.log(JSON.stringify(process.env));\n"),
    ("shell", "env; cat /proc/1/environ\n"),
])
def test_parent_environment_secrets_do_not_leak(language, code, box, host_unchanged, monkeypatch):
    secret = f"hunter2-{time.time_ns()}"
    monkeypatch.setenv("RECIPEC_TEST_SECRET_TOKEN", secret)
    result = run(box, language, code)
    assert result.status is Status.PASSED
    assert secret not in result.stdout and "RECIPEC_TEST_SECRET_TOKEN" not in result.stdout


# -- network ----------------------------------------------------------------------------------
class LoopbackServer:
    """A TCP server on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.accepted = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.accepted += 1
            connection.close()

    def close(self):
        self.stop.set()
        self.thread.join()
        self.socket.close()


NETWORK = {
    "python": ("import socket\nfor attempt in range(3):\n    try:\n"
               "        socket.create_connection(('127.0.0.1', {port}), timeout=1)\n"
               "        print('connected')\n    except OSError as e:\n        print('refused', e.errno)\n"),
    "c": ("#include <arpa/inet.h>\n#include <stdio.h>\n#include <sys/socket.h>\n#include <unistd.h>\n"
          "int main(void) {{ for (int i = 0; i < 3; i++) {{ int s = socket(AF_INET, SOCK_STREAM, 0);"
          " struct sockaddr_in a = {{0}}; a.sin_family = AF_INET; a.sin_port = htons({port});"
          " a.sin_addr.s_addr = htonl(0x7f000001);"
          " puts(connect(s, (struct sockaddr *) &a, sizeof a) == 0 ? \"connected\" : \"refused\");"
          " close(s); }} return 0; }}\n"),
    "javascript": ("const net = require('net');\nlet left = 3;\nconst attempt = () => {{\n"
                   "  const s = net.connect({port}, '127.0.0.1', () => {{ console.log('connected'); s.destroy(); }});\n"
                   "  s.on('error', () => {{ console.log('refused'); if (--left > 0) attempt(); }});\n}};\nattempt();\n"),
}


@pytest.mark.parametrize("language", sorted(NETWORK))
def test_no_connection_reaches_a_server_on_the_host_loopback(language, box, host_unchanged):
    server = LoopbackServer()
    try:
        # The server is reachable from the host itself: the test can fail.
        with socket.create_connection(("127.0.0.1", server.port), timeout=2):
            pass
        deadline = time.monotonic() + 2
        while server.accepted < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        before = server.accepted
        assert before == 1
        result = run(box, language, NETWORK[language].format(port=server.port))
        assert "connected" not in result.stdout
        assert "refused" in result.stdout
        time.sleep(0.3)
        assert server.accepted == before
    finally:
        server.close()


def test_no_network_interface_but_an_isolated_loopback(box, host_unchanged):
    code = "import socket\nprint(sorted(name for _, name in socket.if_nameindex()))\n"
    result = run(box, "python", code)
    assert result.stdout.strip() == "['lo']"


# -- killing the parent or other runs ---------------------------------------------------------
def test_killing_everything_it_can_see_harms_no_one_else(box, host_unchanged):
    parent = os.getpid()
    killer = (f"import os, signal\nfor pid in (-1, 1, {parent}, os.getppid()):\n"
              "    try:\n        os.kill(pid, signal.SIGKILL)\n        print('sent', pid)\n"
              "    except OSError as e:\n        print('no', pid, e.errno)\n"
              "for entry in os.listdir('/proc'):\n    if entry.isdigit() and int(entry) != os.getpid():\n"
              "        try:\n            os.kill(int(entry), signal.SIGKILL)\n        except OSError:\n"
              "            pass\n")
    victim_result = {}

    def victim():
        victim_result["result"] = run(box, "python", "import time\ntime.sleep(3)\nprint('survived')\n",
                                      limits=TIGHT.replace(timeout=20))

    thread = threading.Thread(target=victim)
    thread.start()
    wait_for_sandboxed("python3")  # the victim is running when the killer strikes
    run(box, "python", killer)
    thread.join()
    assert victim_result["result"].stdout == "survived\n"
    assert os.getpid() == parent  # we are still here


C_KILLER = f"""
#include <signal.h>
#include <stdio.h>
int main(void) {{
    printf("%d %d %d\\n", kill(-1, SIGKILL) == 0, kill({os.getpid()}, SIGKILL) == 0, kill(1, SIGKILL) == 0);
    return 0;
}}
"""


@pytest.mark.parametrize("language,code", [
    ("c", C_KILLER),
    ("javascript", f"for (const pid of [{os.getpid()}, 1]) {{ try {{ process.kill(pid, 'SIGKILL'); }} catch (e) {{}} }}\n"
                   "console.log('done');\n"),
])
def test_kill_attempts_in_c_and_javascript(language, code, box, host_unchanged):
    run(box, language, code)
    assert box.run("print('still fine')", "python").stdout == "still fine\n"


# -- background processes ---------------------------------------------------------------------
BACKGROUND = {
    "python": ("import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
               "        time.sleep(120)\n    os._exit(0)\nprint('parent exits')\n"),
    "c": ("#include <stdio.h>\n#include <unistd.h>\nint main(void) { if (fork() == 0) { setsid();"
          " if (fork() == 0) { sleep(120); } _exit(0); } puts(\"parent exits\"); return 0; }\n"),
    "javascript": ("const { spawn } = require('child_process');\n"
                   "spawn('/bin/sleep', ['120'], { detached: true, stdio: 'ignore' }).unref();\n"
                   "console.log('parent exits');\n"),
    "shell": "nohup sleep 120 >/dev/null 2>&1 &\nsetsid sleep 120 >/dev/null 2>&1 < /dev/null &\necho parent exits\n",
}


@pytest.mark.parametrize("language", sorted(BACKGROUND))
def test_background_processes_do_not_outlive_the_run(language, box, host_unchanged):
    start = time.monotonic()
    result = run(box, language, BACKGROUND[language])
    assert result.status is Status.PASSED and "parent exits" in result.stdout
    assert time.monotonic() - start < 60  # the run ended with its main process
    # host_unchanged asserts that no sandboxed process is left running
