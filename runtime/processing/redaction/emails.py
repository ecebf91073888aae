"""E-mail addresses, as BigCode's PII pipeline for The Stack / StarCoder found them: by a regular expression.

Kept as they are (not personal data): the reserved example domains (example.com/org/net, `.example`,
`.test`, `.invalid`, `.localhost`), `git@host` remotes, and `name@2x.png`-style file names, which the
address pattern would otherwise take for an address with a file extension as its top-level domain.
"""
from __future__ import annotations

import re

from recipec.runtime.processing.redaction.spans import Finding

# The search starts at the `@` (a literal first character is fast to scan for; code has few), takes the
# domain after it, then walks back over the local part.
DOMAIN_AFTER_AT = re.compile(
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![\w-]|\.[A-Za-z0-9])"
)
LOCAL_PART_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
MAX_LOCAL_PART = 64

RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
FILE_EXTENSIONS = frozenset({
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js", "mjs", "ts", "css", "py", "json", "html", "md",
})


def _is_personal(address: str) -> bool:
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    if local == "git":
        return False
    if domain in RESERVED_DOMAINS or domain.endswith(tuple("." + d for d in RESERVED_DOMAINS)):
        return False
    if domain.endswith(RESERVED_SUFFIXES):
        return False
    return domain.rsplit(".", 1)[-1] not in FILE_EXTENSIONS


def _local_part_start(text: str, at: int) -> int | None:
    """Where the local part before the `@` at `at` starts, or None when there is no valid one."""
    start = at
    while start > 0 and at - start < MAX_LOCAL_PART and text[start - 1] in LOCAL_PART_CHARS:
        start -= 1
    if start > 0 and (text[start - 1] in LOCAL_PART_CHARS or text[start - 1] == "_" or text[start - 1].isalnum()):
        return None  # longer than an address allows, or glued to a word
    while start < at and not text[start].isalnum():  # an address starts with a letter or digit
        start += 1
    return start if start < at else None


def find_emails(text: str) -> list[Finding]:
    if "@" not in text:  # most files: skip the search entirely
        return []
    findings = []
    for match in DOMAIN_AFTER_AT.finditer(text):
        start = _local_part_start(text, match.start())
        if start is None:
            continue
        address = text[start:match.end(1)]
        if _is_personal(address):
            findings.append(Finding(start, match.end(1), "email", "email", address))
    return findings
