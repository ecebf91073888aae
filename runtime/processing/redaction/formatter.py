"""Redaction of e-mail addresses, public IP addresses and secrets, as a datatrove formatter.

Replacements follow StarCoder's: e-mails become `<EMAIL>` and secrets `<KEY>`; an IP address becomes a
synthetic private address of the same family, so that code still parses as an address. The replacement
for an IP address is chosen by a hash of the original, so the same input always gives the same output (a
random choice, as BigCode's script made, would break byte-identical rebuilds).

Counts: datatrove stats `redacted_email`, `redacted_ip_address`, `redacted_secret` (one per occurrence),
`redacted_<detector>` for secrets, and `documents_redacted`; a document that had anything redacted gets
`redactions` metadata ({kind: count}) so that a person can find and check it.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

from recipec.runtime.processing.redaction.emails import find_emails
from recipec.runtime.processing.redaction.ip_addresses import find_ip_addresses
from recipec.runtime.processing.redaction.secrets import find_secrets
from recipec.runtime.processing.redaction.spans import Finding, without_overlaps

# BigCode's synthetic private addresses.
PRIVATE_IPV4 = ("172.16.31.10", "172.16.58.3", "172.16.17.32", "192.168.127.12", "192.168.3.11")
PRIVATE_IPV6 = (
    "fd00:c2b6:b24b:be67:2827:688d:e6a1:6a3b", "fd00:a516:7c1b:17cd:6d81:2137:bd2a:2c5b",
    "fc00:e968:6179::de52:7100", "fc00:db20:35b:7399::5", "fdf8:f53e:61e4::18",
)


def synthetic_ip(value: str) -> str:
    """A private address of the same family as `value`, the same one every time for the same value."""
    pool = PRIVATE_IPV6 if ":" in value else PRIVATE_IPV4
    return pool[int(hashlib.sha256(value.encode()).hexdigest(), 16) % len(pool)]


class PIIRedactor(BaseFormatter):
    """Replaces e-mails, public IP addresses and secrets in each document's text.

    Args:
        emails, ip_addresses, secrets: which kinds to redact.
        email_placeholder, secret_placeholder: what replaces them.
    """

    name = "🕵️ PII redaction"

    def __init__(self, emails: bool = True, ip_addresses: bool = True, secrets: bool = True,
                 email_placeholder: str = "<EMAIL>", secret_placeholder: str = "<KEY>"):
        super().__init__()
        self.detectors = [
            finder for enabled, finder in ((emails, find_emails), (ip_addresses, find_ip_addresses),
                                           (secrets, find_secrets)) if enabled
        ]
        self.email_placeholder = email_placeholder
        self.secret_placeholder = secret_placeholder

    def find(self, text: str) -> list[Finding]:
        """Everything that would be redacted in `text`, in order, without overlaps."""
        return without_overlaps([finding for finder in self.detectors for finding in finder(text)])

    def replacement(self, finding: Finding) -> str:
        if finding.kind == "email":
            return self.email_placeholder
        if finding.kind == "ip_address":
            return synthetic_ip(finding.value)
        return self.secret_placeholder

    def redact(self, text: str) -> tuple[str, list[Finding]]:
        findings = self.find(text)
        if not findings:
            return text, findings
        pieces, position = [], 0
        for finding in findings:
            pieces.append(text[position:finding.start])
            pieces.append(self.replacement(finding))
            position = finding.end
        pieces.append(text[position:])
        return "".join(pieces), findings

    def format(self, text: str) -> str:
        return self.redact(text)[0]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                doc.text, findings = self.redact(doc.text)
            if findings:
                kinds = Counter(finding.kind for finding in findings)
                for kind, count in kinds.items():
                    self.stat_update(f"redacted_{kind}", value=count)
                for detector, count in Counter(f.detector for f in findings if f.kind == "secret").items():
                    self.stat_update(f"redacted_{detector}", value=count)
                self.stat_update("documents_redacted")
                doc.metadata["redactions"] = dict(sorted(kinds.items()))
            yield doc
