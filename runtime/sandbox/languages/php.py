"""PHP (the CLI). Code without an opening `<?php` tag gets one, or PHP would echo it as text."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted, Program


class Php(Interpreted):
    name = "php"
    extension = ".php"
    tree_sitter = "php"
    tools = {"interpreter": ("php", "php8.2", "php8.1", "php7.4")}
    # PHP's own memory_limit would pre-empt ours with a different message; the sandbox limits rule.
    interpreter_flags = ("-n", "-d", "memory_limit=-1", "-d", "display_errors=stderr")
    oom_markers = ("Allowed memory size", "Out of memory")
    harness = "php"

    def prepare(self, code: str) -> Program:
        return super().prepare(with_open_tag(code))


def with_open_tag(code: str) -> str:
    return code if "<?php" in code or code.lstrip().startswith("<?") else "<?php\n" + code
