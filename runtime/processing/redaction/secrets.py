"""Secrets (API keys, tokens, private keys, passwords) in source code.

BigCode ran Yelp's `detect-secrets` for The Stack / StarCoder with its provider plugins (AWS, GitHub,
Slack, Stripe, Twilio, SendGrid, npm, Mailchimp, Discord, JWT, ...) plus its high-entropy-string plugins
filtered by a gibberish model. To stay dependency-light this module carries the same provider formats as
regular expressions (`PROVIDER_PATTERNS`; the formats are the providers' published token prefixes and
lengths) and replaces the model-filtered entropy plugins with a narrower rule: a quoted value assigned to a
name that says it is secret (`api_key = "..."`, `"password": "..."`) whose characters look random
(Shannon entropy) and which is not a placeholder or a template. PEM private-key blocks are redacted whole.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from recipec.runtime.processing.redaction.spans import Finding

# No pattern starts with `\b` or a case-insensitive part: a literal first character lets the regex
# engine skip ahead (~100x faster here). Word boundaries are checked in `_at_word_start` instead.
PROVIDER_PATTERNS: dict[str, re.Pattern] = {
    "private_key": re.compile(
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
    ),
    "aws_access_key_id": re.compile(r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b"),
    # a 40-character key in quotes shortly after a mention of AWS and secret/key (detect-secrets' rule)
    "aws_secret_access_key": re.compile(
        r"(?:aws|AWS|Aws).{0,20}?(?:secret|key|SECRET|KEY|Secret|Key).{0,40}?[\"']([A-Za-z0-9/+]{40})[\"']"
    ),
    "github_token": re.compile(r"(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b"),
    "gitlab_token": re.compile(r"glpat-[A-Za-z0-9_-]{20,}\b"),
    "slack_token": re.compile(r"xox[abposr]-[A-Za-z0-9-]{10,}\b"),
    "slack_webhook": re.compile(r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+"),
    "stripe_key": re.compile(r"(?:sk|rk)_live_[0-9a-zA-Z]{24,}\b"),
    "google_api_key": re.compile(r"AIza[0-9A-Za-z_-]{35}\b"),
    "sendgrid_key": re.compile(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b"),
    "twilio_key": re.compile(r"(?:AC|SK)[0-9a-f]{32}\b"),
    "npm_token": re.compile(r"npm_[A-Za-z0-9]{36}\b"),
    "huggingface_token": re.compile(r"hf_[A-Za-z0-9]{34}\b"),
    "openai_key": re.compile(r"sk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b"),
    "mailchimp_key": re.compile(r"[0-9a-f]{32}-us[0-9]{1,2}\b"),
    "discord_bot_token": re.compile(r"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27}\b"),
    "jwt": re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
}
# Patterns whose first character is common run only where a quick literal search finds something:
# a substring the text must contain, or a pattern that must match there (a cheap necessary condition).
_LOWER_HEX_TABLE = bytes(ord("h") if chr(byte) in "0123456789abcdef" else ord(".") for byte in range(256))


def _has_32_lower_hex_digits(text: str) -> bool:
    """One C-speed pass: map the bytes to h/. and look for 32 h in a row."""
    return b"h" * 32 in text.encode("utf-8", errors="surrogatepass").translate(_LOWER_HEX_TABLE)


_GATES: dict[str, object] = {
    "aws_secret_access_key": ("aws", "AWS", "Aws"),
    "stripe_key": ("_live_",),
    "twilio_key": _has_32_lower_hex_digits,
    "discord_bot_token": re.compile(r"\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27}"),
}
# A pattern that starts with 32 hex digits is tried only where its literal tail `-usN` stands 32 characters on.
_ANCHORED = {"mailchimp_key": (re.compile(r"-us[0-9]"), 32)}

# A quoted value after an assignment or a key (`=`, `:`, `:=`, `=>`); the name before it is checked next.
QUOTED_VALUE = re.compile(r"""(=>|:=|=|:)\s*[bru]{0,2}(["'])([^"'\s]{12,200})\2""")
NAME_BEFORE = re.compile(r"""([\w.-]+)["']?\s*$""")
SECRET_NAME = re.compile(
    r"(?i)api[_-]?key|apikey|secret|token|passw(?:or)?d|passwd|access[_-]?key|auth[_-]?key|private[_-]?key|credential"
)
# Gate: every name SECRET_NAME accepts contains one of these (lower-cased); files without any skip the scan.
_SECRET_NAME_PARTS = (b"key", b"secret", b"token", b"passw", b"credential")
# A value made of these is a placeholder or a template, not a secret.
_PLACEHOLDER = re.compile(
    r"(?i)^(?:x+|\*+|\.+|<.*>|\{.*\}|\$\{.*\}|%\(?\w*\)?s|.*(?:your|example|changeme|placeholder|dummy|"
    r"redacted|here|todo|fixme|secret|password|token|test|sample|fake).*)$"
)
MIN_ENTROPY_BITS = 3.0  # per character; English words score ~2.5-3, random base64 ~5, random hex ~4


def shannon_entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _looks_random(value: str) -> bool:
    if len(value) < 12 or _PLACEHOLDER.match(value):
        return False
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    return shannon_entropy(value) >= MIN_ENTROPY_BITS


def _at_word_start(text: str, position: int) -> bool:
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")


def _assigned_secrets(text: str) -> list[Finding]:
    findings = []
    lowered = text.encode("utf-8", errors="surrogatepass").lower()  # ASCII-only lowering: enough here
    if not any(part in lowered for part in _SECRET_NAME_PARTS):
        return findings
    for match in QUOTED_VALUE.finditer(text):
        value = match.group(3)
        if not _looks_random(value):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        name = NAME_BEFORE.search(text[max(line_start, match.start() - 120):match.start()])
        if name and SECRET_NAME.search(name.group(1)):
            findings.append(Finding(match.start(3), match.end(3), "secret", "assigned_secret", value))
    return findings


def _gate_open(detector: str, text: str) -> bool:
    gate = _GATES.get(detector)
    if gate is None:
        return True
    if isinstance(gate, tuple):
        return any(literal in text for literal in gate)
    if isinstance(gate, re.Pattern):
        return gate.search(text) is not None
    return gate(text)


def _matches(detector: str, pattern: re.Pattern, text: str):
    if detector in _ANCHORED:
        anchor, offset = _ANCHORED[detector]
        for hit in anchor.finditer(text):
            if hit.start() >= offset and (match := pattern.match(text, hit.start() - offset)):
                yield match
        return
    if _gate_open(detector, text):
        yield from pattern.finditer(text)


def find_secrets(text: str) -> list[Finding]:
    # One scan per pattern: joined into one alternation they lose their literal-prefix search and the
    # whole runs ~20x slower.
    findings = []
    for detector, pattern in PROVIDER_PATTERNS.items():
        group = 1 if pattern.groups else 0  # a pattern with a group marks the secret inside its context
        for match in _matches(detector, pattern, text):
            if _at_word_start(text, match.start()):
                findings.append(Finding(match.start(group), match.end(group), "secret", detector, match.group(group)))
    return findings + _assigned_secrets(text)
