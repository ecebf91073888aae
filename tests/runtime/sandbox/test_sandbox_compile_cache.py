"""The compile cache: keyed by source, toolchain and command; compile errors cached too."""
from __future__ import annotations

import os
import threading

from recipec.runtime.sandbox import Sandbox, Status
from recipec.runtime.sandbox.compile_cache import CompileCache, cache_key

C_PROGRAM = "#include <stdio.h>\nint main(void) { puts(\"%s\"); return 0; }\n"


def test_second_compile_of_the_same_source_is_a_hit(tmp_path_factory, cache_dir):
    box = Sandbox(cache_dir=cache_dir)
    code = C_PROGRAM % f"cache-{os.getpid()}"
    first = box.run(code, "c")
    second = box.run(code, "c")
    assert first.status is second.status is Status.PASSED
    assert first.compile.cached is False and second.compile.cached is True
    changed = box.run(code.replace("cache-", "other-"), "c")
    assert changed.compile.cached is False


def test_compile_errors_are_cached_and_keep_their_diagnostics(cache_dir):
    box = Sandbox(cache_dir=cache_dir)
    code = f"int main(void) {{ return missing_{os.getpid()}; }}\n"
    first, second = box.run(code, "c"), box.run(code, "c")
    assert first.status is second.status is Status.COMPILE_ERROR
    assert second.compile.cached and "missing_" in second.compile.stderr
    assert second.message == first.message


def test_concurrent_identical_compiles_build_once(cache_dir):
    box = Sandbox(cache_dir=cache_dir)
    code = C_PROGRAM % f"concurrent-{os.getpid()}"
    results = []
    threads = [threading.Thread(target=lambda: results.append(box.run(code, "c"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.status is Status.PASSED for r in results)
    assert sum(not r.compile.cached for r in results) == 1


def test_key_changes_with_every_input():
    base = cache_key("c", "gcc:1", ["gcc", "x.c"], {"x.c": b"int main;"})
    assert base != cache_key("c++", "gcc:1", ["gcc", "x.c"], {"x.c": b"int main;"})
    assert base != cache_key("c", "gcc:2", ["gcc", "x.c"], {"x.c": b"int main;"})
    assert base != cache_key("c", "gcc:1", ["gcc", "-O2", "x.c"], {"x.c": b"int main;"})
    assert base != cache_key("c", "gcc:1", ["gcc", "x.c"], {"x.c": b"int main; "})
    assert base != cache_key("c", "gcc:1", ["gcc", "x.c"], {"y.c": b"int main;"})


def test_cached_builds_belong_to_root_and_are_read_only(cache_dir):
    box = Sandbox(cache_dir=cache_dir)
    code = C_PROGRAM % f"owner-{os.getpid()}"
    box.run(code, "c")
    entries = [os.path.join(folder, name) for folder, _, names in
               os.walk(os.path.join(cache_dir, "entries")) for name in names]
    assert entries
    for path in entries:
        info = os.stat(path)
        assert not info.st_mode & 0o022  # nobody but the owner may write
        if os.geteuid() == 0:
            assert info.st_uid == 0
    assert os.listdir(os.path.join(cache_dir, "staging")) == []
    assert CompileCache(cache_dir).root.is_dir()


def test_an_unreachable_cache_folder_is_a_clear_error(tmp_path):
    # pytest's tmp_path lives under a 0700 folder: the sandbox uid cannot enter it.
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    result = Sandbox(cache_dir=private / "cache").run("int main(void) { return 0; }\n", "c")
    if os.geteuid() == 0:
        assert result.status is Status.UNAVAILABLE
        assert "RECIPEC_SANDBOX_CACHE" in result.message
    else:  # the caller's own uid runs the sandbox and can enter its own folders
        assert result.status is Status.PASSED
