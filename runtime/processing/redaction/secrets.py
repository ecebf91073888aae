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
# Patterns without a literal first character run only on texts where this quick search finds something.
_REQUIRED = {"mailchimp_key": re.compile(r"-us[0-9]")}

# A quoted value after an assignment or a key (`=`, `:`, `:=`, `=>`); the name before it is checked next.
QUOTED_VALUE = re.compile(r"""(=>|:=|=|:)\s*[bru]{0,2}(["'])([^"'\s]{12,200})\2""")
NAME_BEFORE = re.compile(r"""([\w.-]+)["']?\s*$""")
SECRET_NAME = re.compile(
    r"(?i)api[_-]?key|apikey|secret|token|passw(?:or)?d|passwd|access[_-]?key|auth[_-]?key|private[_-]?key|credential"
)
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
    for match in QUOTED_VALUE.finditer(text):
        value = match.group(3)
        if not _looks_random(value):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        name = NAME_BEFORE.search(text[max(line_start, match.start() - 120):match.start()])
        if name and SECRET_NAME.search(name.group(1)):
            findings.append(Finding(match.start(3), match.end(3), "secret", "assigned_secret", value))
    return findings


def find_secrets(text: str) -> list[Finding]:
    findings = []
    for detector, pattern in PROVIDER_PATTERNS.items():
        required = _REQUIRED.get(detector)
        if required and not required.search(text):
            continue
        for match in pattern.finditer(text):
            if not _at_word_start(text, match.start()):
                continue
            group = 1 if pattern.groups else 0  # a pattern with a group marks the secret inside its context
            findings.append(Finding(match.start(group), match.end(group), "secret", detector, match.group(group)))
    return findings + _assigned_secrets(text)
